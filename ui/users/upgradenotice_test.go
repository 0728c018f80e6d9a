package users

import (
	"strings"
	"testing"

	"custodia/ui/internal/uitest"
	"custodia/vault"
)

func TestPendingKeysTextNamesAccounts(t *testing.T) {
	need := vault.PendingKeys{Users: []vault.User{{Name: "clinician"}, {Name: "frontdesk"}}, RecoveryCode: true}
	text := pendingKeysText(uitest.Loc(), &vault.UpgradeReport{AuditEntries: 161, Patients: 49}, need)
	for _, want := range []string{"clinician, frontdesk", "Reset passphrase", "no recovery code", "161 entries", "49 patient records"} {
		if !strings.Contains(text, want) {
			t.Errorf("notice lacks %q: %s", want, text)
		}
	}
	if text := pendingKeysText(uitest.Loc(), nil, vault.PendingKeys{Users: need.Users}); strings.Contains(text, "recovery") || strings.Contains(text, "brought up to date") {
		t.Errorf("notice without upgrade or recovery need: %s", text)
	}
}
