package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
)

// TestDSRErasureIsFinal runs issue 9's erasure scenario through the CLI:
// afterwards every purpose says "erased", nothing is due for renewal, no
// receipt is issued, the other open request is closed, a new objection is
// refused, and the certificate's consent count and keep-until date equal
// the ledger's and what "retention due" lists.
func TestDSRErasureIsFinal(t *testing.T) {
	env, id := gdprVault(t)
	g1 := grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper", "--valid-until", "2026-07-01")
	grant(t, env, "--patient", id, "--purpose", "research:registry", "--method", "screen")
	rect := openRequest(t, env, id, "rectification", "2026-06-14")
	rid := openRequest(t, env, id, "erasure", "2026-06-14")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifySignedLetter)
	cert := filepath.Join(t.TempDir(), "certificate.json")
	mustRun(t, env, "dsr", "complete", rid, "--yes", "--certificate", cert)

	for p, s := range states(t, env, "--patient", id) {
		if s.Allowed || s.Reason != consent.ReasonErased {
			t.Errorf("%s after erasure: %+v", p, s)
		}
	}
	if out := mustRun(t, env, "consent", "due", "--within", "400d", "--json"); strings.Contains(out, id) {
		t.Errorf("erased patient due for renewal: %s", out)
	}
	if msg := mustFail(t, env, exitValidation, "consent", "receipt", "--event", g1, "--controller", controllerFile(t)); !strings.Contains(msg, "erased") {
		t.Errorf("receipt after erasure: %s", msg)
	}
	if r := requests(t, env)[rect]; r.State != consent.StateClosed || !strings.Contains(r.ClosedReason, rid) {
		t.Errorf("open rectification after erasure: %s %q", r.State, r.ClosedReason)
	}
	msg := mustFail(t, env, exitValidation, "dsr", "open", "--patient", id, "--type", "objection", "--purpose", "research:registry",
		"--channel", "letter", "--received", "2026-06-15")
	if !strings.Contains(msg, "erased") || !strings.Contains(msg, app.ShortRef(rid)) || strings.Contains(msg, rid) || strings.Contains(msg, id) {
		t.Errorf("objection after erasure: want the request's and patient's short references, no ids: %s", msg)
	}
	msg = mustFail(t, with(env, envLang, "de"), exitValidation, "dsr", "open", "--patient", id, "--type", "objection", "--purpose", "research:registry",
		"--channel", "letter", "--received", "2026-06-15")
	if !strings.Contains(msg, "gelöscht") || !strings.Contains(msg, "Antragsreferenz "+app.ShortRef(rid)) || uuidInText.MatchString(msg) {
		t.Errorf("German objection after erasure: %s", msg)
	}

	var c consent.Certificate
	data, err := os.ReadFile(cert)
	if err != nil || json.Unmarshal(data, &c) != nil || c.Verify() != nil {
		t.Fatalf("certificate: %v", err)
	}
	if c.ApproverName == "" || c.ApproverName == c.ApprovedBy || c.ApproverRole == "" {
		t.Errorf("approver %q (%q)", c.ApproverName, c.ApproverRole)
	}
	var hist []json.RawMessage
	if err := json.Unmarshal([]byte(mustRun(t, env, "consent", "history", "--patient", id, "--json")), &hist); err != nil {
		t.Fatal(err)
	}
	kept, ok := c.Kept(consent.RecConsents)
	if !ok || kept.Records != len(hist) {
		t.Fatalf("certificate keeps %+v consent records, the ledger holds %d", kept, len(hist))
	}
	// Years later "retention due" lists the consents, due on the certificate's date.
	var due []consent.DueItem
	later := with(env, envNow, kept.KeepUntil.AddDate(0, 0, 1).Format(time.RFC3339))
	if err := json.Unmarshal([]byte(mustRun(t, later, "retention", "due", "--json")), &due); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range due {
		if d.Item.SubjectID == id && d.Item.Category == consent.RecConsents {
			n++
			if !d.DueSince.Equal(kept.KeepUntil) {
				t.Errorf("retention due lists %s until %s, the certificate says %s", d.Item.RecordID, d.DueSince, kept.KeepUntil)
			}
		}
	}
	if n != 2 {
		t.Errorf("retention due lists %d of the patient's 2 grants", n)
	}
}
