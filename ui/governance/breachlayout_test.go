package governance

import (
	"strings"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2"
)

// breachDescription is a synthetic description as long as people write
// them: far wider than a table column.
const breachDescription = "A laptop of the front desk was stolen from the car park; the disk was encrypted but the vault passphrase was written on a note in the bag, so the synthetic test patients' records may have been read."

// breachLog is the breach log of a DPO in lang over breaches of each
// risk, every nature, counts known and unknown, one notified.
func breachLog(t *testing.T, lang string) *BreachView {
	t.Helper()
	u := vault.User{ID: "u-dpo", Name: "dpo", Role: vault.RoleDPO}
	base := uitest.NewSession(u)
	base.Patients = uitest.NewPatients(u, 3)
	cs := uitest.NewConsentSession(base, consent.Controller{Name: "Synthetic Practice (test)", Country: "DE"})
	env := uitest.Env(t, cs)
	env.Loc = i18n.MustLoad().Localizer(lang)
	uc := usecase.New(cs, usecase.Options{Now: func() time.Time { return retentionNow }})
	for i, risk := range []string{consent.RiskUnlikely, consent.RiskRisk, consent.RiskHigh} {
		b := consent.Breach{ID: consent.NewID(), AwareAt: retentionNow.Add(-time.Duration(30*i+2) * time.Hour), RecordedBy: u.ID,
			Nature: []string{"confidentiality", "integrity", "availability"}[:i+1], Description: breachDescription,
			Consequences: consent.ConsequencesUnknown, Measures: "Passphrase changed.", Risk: risk, SubjectsApprox: consent.ApproxOf(1200 * i),
			DecisionReason: "The records were encrypted at rest."}
		if risk == consent.RiskHigh {
			b.AuthorityNotifiedAt = b.AwareAt.Add(70 * time.Hour)
			b.SubjectsDecision = consent.SubjNotify
		}
		if _, err := uc.SaveBreach(b); err != nil {
			t.Fatal(err)
		}
	}
	return newBreachView(env, uc)
}

// TestLayoutBreachLogFits renders the breach log at the app's default
// window and the screen sizes of issue 10, in English and German: its
// columns fit the pane (issue 10), and the selected breach's description
// reads whole under the table.
func TestLayoutBreachLogFits(t *testing.T) {
	uitest.ForEachScreen(t, func(t *testing.T, lang string, size fyne.Size) {
		v := breachLog(t, lang)
		uitest.ShowInShell(v.env, size, v.content)
		v.Activate()
		if v.Rows() != 3 {
			t.Fatalf("%d breaches shown", v.Rows())
		}
		uitest.AssertTablesFit(t, v.env.Win, "breach log")
		v.SelectRow(0)
		uitest.AssertFits(t, v.env.Win, "breach log, a breach selected")
		if !strings.Contains(v.details.Text, breachDescription) {
			t.Errorf("the selected breach's description is not shown whole: %q", v.details.Text)
		}
		if strings.Contains(v.details.Text, "..") {
			t.Errorf("a free text's full stop doubled: %q", v.details.Text)
		}
		if lang == "de" && strings.Contains(v.details.Text, consent.ConsequencesUnknown) {
			t.Errorf("unknown consequences read as the stored code: %q", v.details.Text)
		}
	})
}
