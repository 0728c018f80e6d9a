package verify

import (
	"strings"
	"testing"
)

// The typed fields of a check say what its English name and detail say:
// a small file whose classes are counted by hand.
func TestChecksCarryTheirClaimTyped(t *testing.T) {
	// Classes by (age, zip): (30,101) patients p1,p2 rows 3, values a,b;
	// (40,102) patient p3 rows 1, value a; a suppressed row.
	csv := "age,zip,pid,dx\n30,101,p1,a\n30,101,p1,b\n30,101,p2,a\n40,102,p3,a\n*,*,p4,c\n"
	rep, err := Verify(strings.NewReader(csv), Spec{QuasiIdentifiers: []string{"age", "zip"}, Entity: "pid",
		K: 2, Sensitive: "dx", DistinctL: 2, T: 0.9, Ordered: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []Check{
		{Claim: ClaimK, Value: 2, ByEntity: true, Classes: 2, Failing: 1, Worst: 1},
		{Claim: ClaimDistinctL, Value: 2, Classes: 2, Failing: 1, Worst: 1},
		{Claim: ClaimT, Value: 0.9, Ordered: true, Classes: 2},
	}
	if len(rep.Checks) != len(want) {
		t.Fatalf("%d checks, want %d: %+v", len(rep.Checks), len(want), rep.Checks)
	}
	for i, w := range want {
		c := rep.Checks[i]
		if c.Claim != w.Claim || c.Value != w.Value || c.ByEntity != w.ByEntity || c.Ordered != w.Ordered ||
			c.Classes != w.Classes || c.Failing != w.Failing || (w.Claim != ClaimT && c.Worst != w.Worst) {
			t.Errorf("check %d (%s): %+v, want %+v", i, c.Name, c, w)
		}
		if c.Passed != (c.Failing == 0) {
			t.Errorf("check %d (%s): passed %v with %d failing classes", i, c.Name, c.Passed, c.Failing)
		}
	}
	rows, err := Verify(strings.NewReader(csv), Spec{QuasiIdentifiers: []string{"age", "zip"}, K: 3, Sensitive: "dx", EntropyL: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	if k := rows.Checks[0]; k.Claim != ClaimK || k.ByEntity || k.Worst != 1 || k.Failing != 1 {
		t.Errorf("k by rows: %+v", k)
	}
	if e := rows.Checks[1]; e.Claim != ClaimEntropyL || e.Value != 1.5 || e.Failing != 1 || e.Worst != 1 {
		t.Errorf("entropy l: %+v", e)
	}
}
