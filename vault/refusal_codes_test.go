package vault

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// permCode is how a permission is spelled: dotted lower-case words, so
// front ends can look its label up and audit rows stay machine-readable.
var permCode = regexp.MustCompile(`^[a-z]+(\.[a-z]+)*$`)

// TestEveryPermissionIsACode: the role matrix's permissions and the
// DPO's own rights are codes, never English phrases.
func TestEveryPermissionIsACode(t *testing.T) {
	all := append(Permissions(), DPOPermissions()...)
	for _, p := range all {
		if !permCode.MatchString(string(p)) {
			t.Errorf("permission %q is not a code", p)
		}
	}
	for _, p := range DPOPermissions() {
		if slices.Contains(Permissions(), p) {
			t.Errorf("%q is in the role matrix too: every administrator would hold it", p)
		}
	}
}

// TestReidentifyRefusalNamesItsCode: an administrator refused
// re-identification gets a *PermissionError naming the DPO's right by its
// code, and the audit row records that code.
func TestReidentifyRefusalNamesItsCode(t *testing.T) {
	_, admin, dpo, _, ps := studyStaff(t)
	if _, _, err := dpo.SaveStudy(draft("s-code", "a", "")); err != nil {
		t.Fatal(err)
	}
	match := func(key []byte, ids []string) (string, error) { return ps[0].ID, nil }
	_, err := admin.Reidentify("s-code", "curious", match)
	var pe *PermissionError
	if !errors.As(err, &pe) || pe.Perm != PermResearchReidentify || pe.Role != RoleAdmin {
		t.Fatalf("reidentify as admin: %v", err)
	}
	es := auditActions(t, dpo)
	i := slices.IndexFunc(es, func(e AuditEntry) bool { return e.Action == "permission.denied" && e.Object == "study:s-code" })
	if i < 0 {
		t.Fatal("no permission.denied entry for the study")
	}
	if d := es[i].Detail; !strings.Contains(d, "perm=research.reidentify role=admin") {
		t.Errorf("denial detail %q", d)
	}
}
