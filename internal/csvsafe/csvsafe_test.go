package csvsafe

import "testing"

func TestCell(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+4": "'+4", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "'x": "''x", "a-b": "a-b", "": "", "10115": "10115"} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
	// One to one: distinct inputs stay distinct.
	seen := map[string]string{}
	for _, in := range []string{"x", "'x", "''x", "=x", "'=x", "-1", "'-1"} {
		out := Cell(in)
		if prev, ok := seen[out]; ok {
			t.Fatalf("%q and %q both give %q", prev, in, out)
		}
		seen[out] = in
	}
}
