package vault

import (
	"errors"
	"fmt"
	"testing"
)

// TestMayReidentifyIsWhatReidentifyAllows: for every role, the answer the
// front ends use to offer re-identification (MayReidentify) is exactly
// whether the vault lets that role re-identify.
func TestMayReidentifyIsWhatReidentifyAllows(t *testing.T) {
	v, admin, dpo, _, ps := studyStaff(t)
	if _, _, err := dpo.SaveStudy(draft("s-may", "a", "")); err != nil {
		t.Fatal(err)
	}
	match := func(key []byte, ids []string) (string, error) { return ps[0].ID, nil }
	allowed := 0
	for i, role := range Roles() {
		name, pass := fmt.Sprintf("may-%d", i), fmt.Sprintf("may-passphrase-%d-long", i)
		if _, err := admin.AddUser(name, role, []byte(pass)); err != nil {
			t.Fatal(err)
		}
		s, err := v.Unlock(name, []byte(pass))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Reidentify("s-may", "safety finding", match)
		s.Lock()
		if err != nil && !errors.Is(err, ErrPermission) {
			t.Fatalf("%s: %v", role, err)
		}
		if got := err == nil; got != MayReidentify(role) {
			t.Errorf("%s: vault allows %v, MayReidentify says %v", role, got, MayReidentify(role))
		}
		if MayReidentify(role) {
			allowed++
		}
	}
	if allowed == 0 {
		t.Fatal("no role may re-identify")
	}
}
