package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
)

// testNow is the fixed clock of the GDPR command tests: after the shipped
// consent texts took effect (2026-01-01), before the material change of the
// research:registry text (2026-09-01).
const testNow = "2026-06-15T10:00:00Z"

// gdprVault is a fresh vault with one patient and a fixed clock.
func gdprVault(t *testing.T) (map[string]string, string) {
	t.Helper()
	env := with(initVault(t), envNow, testNow)
	return env, addPatient(t, env)
}

var eventIDRE = regexp.MustCompile(`consent of .* recorded: .* \(event (\S+)\)`)

func grant(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	out := mustRun(t, env, append([]string{"consent", "grant"}, args...)...)
	m := eventIDRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("grant printed no event id: %s", out)
	}
	return m[1]
}

func states(t *testing.T, env map[string]string, args ...string) map[string]consentState {
	t.Helper()
	var list []consentState
	out := mustRun(t, env, append([]string{"consent", "list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("consent list --json: %v\n%s", err, out)
	}
	m := map[string]consentState{}
	for _, s := range list {
		m[s.PurposeID] = s
	}
	return m
}

func TestConsentGrantWithdraw(t *testing.T) {
	env, id := gdprVault(t)
	before := states(t, env, "--patient", id)
	if s := before["recall"]; s.Allowed || s.State != "none" {
		t.Fatalf("recall before any grant: %+v", s)
	}
	if s := before["treatment"]; !s.Allowed || s.ConsentRequired {
		t.Fatalf("treatment runs on Art. 9(2)(h) without consent: %+v", s)
	}
	ev := grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	s := states(t, env, "--patient", id)["recall"]
	if !s.Allowed || s.State != "active" || s.EventID != ev || s.TextVersion != 1 {
		t.Fatalf("recall after grant: %+v", s)
	}
	// The table names the purpose and its state.
	if out := mustRun(t, env, "consent", "list", "--patient", id); !regexp.MustCompile(`recall\s+active\s+yes`).MatchString(out) {
		t.Fatalf("consent list table:\n%s", out)
	}

	withdrawAt := "2026-06-20T09:30:00Z"
	out := mustRun(t, with(env, envNow, withdrawAt), "consent", "withdraw", "--patient", id, "--purpose", "recall")
	if !strings.Contains(out, "consent withdrawn") {
		t.Fatalf("withdraw: %s", out)
	}
	after := with(env, envNow, "2026-07-01T00:00:00Z")
	s = states(t, after, "--patient", id)["recall"]
	if s.Allowed || s.State != "withdrawn" || !strings.Contains(s.Reason, "withdrawn") {
		t.Fatalf("recall after withdrawal: %+v", s)
	}
	// Allowed is a function of time: a second before the withdrawal the
	// consent counted, at the withdrawal time it no longer does.
	for _, tc := range []struct {
		at   string
		want bool
	}{
		{"2026-06-15T09:59:59Z", false}, // before the grant
		{testNow, true},
		{"2026-06-20T09:29:59Z", true},
		{withdrawAt, false},
		{"2026-12-01T00:00:00Z", false},
	} {
		if got := states(t, after, "--patient", id, "--at", tc.at)["recall"].Allowed; got != tc.want {
			t.Errorf("allowed at %s = %v, want %v", tc.at, got, tc.want)
		}
	}
	// Withdrawing research never touches care.
	if !states(t, after, "--patient", id)["treatment"].Allowed {
		t.Fatalf("treatment stopped by a recall withdrawal")
	}
	msg := mustFail(t, after, exitNotFound, "consent", "withdraw", "--patient", id, "--purpose", "recall")
	if !strings.Contains(msg, enText("cli4.app.noActiveConsent")) {
		t.Fatalf("second withdrawal: %s", msg)
	}
	var events []struct{ Type, ID string }
	if err := json.Unmarshal([]byte(mustRun(t, after, "consent", "history", "--patient", id, "--json")), &events); err != nil || len(events) != 2 ||
		events[0].Type != "granted" || events[1].Type != "withdrawn" {
		t.Fatalf("history: %v %+v", err, events)
	}
}

func TestConsentScopeAndRecipient(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "research:registry", "--method", "screen",
		"--deny", "genetics", "--representative", "Synthetic Parent", "--relation", "parent")
	st := states(t, env, "--patient", id, "--category", "genetics")["research:registry"]
	if st.Allowed || !strings.Contains(st.Reason, "deny exception") {
		t.Fatalf("denied category: %+v", st)
	}
	if st := states(t, env, "--patient", id, "--category", "diagnoses")["research:registry"]; !st.Allowed {
		t.Fatalf("covered category: %+v", st)
	}
	// Re-consent is due when the material text change of 2026-09-01 nears.
	var due []struct{ PurposeID, Reason string }
	if err := json.Unmarshal([]byte(mustRun(t, env, "consent", "due", "--within", "90d", "--json")), &due); err != nil ||
		len(due) != 1 || due[0].PurposeID != "research:registry" || due[0].Reason != "material text change" {
		t.Fatalf("due: %v %+v", err, due)
	}
	if out := mustRun(t, env, "consent", "due", "--within", "30d", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("due within 30 days: %s", out)
	}

	// Withdrawal for one recipient keeps the others.
	grant(t, env, "--patient", id, "--purpose", "sharing:specialist-network", "--method", "paper")
	later := with(env, envNow, "2026-06-16T10:00:00Z")
	st0 := states(t, later, "--patient", id)["sharing:specialist-network"]
	if !st0.Allowed {
		t.Fatalf("sharing after grant: %+v", st0)
	}
	recipients := sharingRecipients(t)
	mustRun(t, later, "consent", "withdraw", "--patient", id, "--purpose", "sharing:specialist-network", "--recipient", recipients[0])
	at := with(env, envNow, "2026-06-17T10:00:00Z")
	if st := states(t, at, "--patient", id, "--recipient", recipients[0])["sharing:specialist-network"]; st.Allowed {
		t.Fatalf("withdrawn recipient still allowed: %+v", st)
	}
	if len(recipients) > 1 {
		if st := states(t, at, "--patient", id, "--recipient", recipients[1])["sharing:specialist-network"]; !st.Allowed {
			t.Fatalf("other recipient lost access: %+v", st)
		}
	}
}

// sharingRecipients reads the recipients of the shipped sharing purpose.
func sharingRecipients(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../assets/purposes.json")
	if err != nil {
		t.Fatal(err)
	}
	var ps []struct {
		ID         string
		Recipients []struct{ ID string }
	}
	if err := json.Unmarshal(data, &ps); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.ID == "sharing:specialist-network" {
			var ids []string
			for _, r := range p.Recipients {
				ids = append(ids, r.ID)
			}
			return ids
		}
	}
	t.Fatal("no sharing purpose in assets")
	return nil
}

func TestConsentScanStoredEncrypted(t *testing.T) {
	env, id := gdprVault(t)
	marker := "SYNTHETIC-SIGNATURE-MARKER-4711"
	scan := writeFile(t, "%PDF-1.4\n% "+marker+"\n%%EOF\n")
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper", "--scan", scan)
	var events []struct {
		Scan *struct{ Ref, ContentType, SHA256 string }
	}
	if err := json.Unmarshal([]byte(mustRun(t, env, "consent", "history", "--patient", id, "--json")), &events); err != nil ||
		len(events) != 1 || events[0].Scan == nil || events[0].Scan.ContentType != "application/pdf" || len(events[0].Scan.SHA256) != 64 {
		t.Fatalf("history: %v %+v", err, events)
	}
	files, _ := filepath.Glob(env[envVault] + "*") // the vault and any journal beside it
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), marker) {
			t.Fatalf("the scan is stored in plaintext in %s", filepath.Base(f))
		}
	}
	if len(files) == 0 {
		t.Fatal("no vault file")
	}
	msg := mustFail(t, env, exitValidation, "consent", "grant", "--patient", id, "--purpose", "recall", "--method", "paper", "--scan", writeFile(t, "plain text"))
	if !strings.Contains(msg, "PDF, PNG or JPEG") {
		t.Fatalf("text file as scan: %s", msg)
	}
}

func TestConsentGrantErrors(t *testing.T) {
	env, id := gdprVault(t)
	mustFail(t, env, exitUsage, "consent", "grant", "--patient", id, "--purpose", "recall")
	mustFail(t, env, exitUsage, "consent", "grant", "--patient", id, "--purpose", "recall", "--method", "paper", "--representative", "X")
	msg := mustFail(t, env, exitNotFound, "consent", "grant", "--patient", id, "--purpose", "astrology", "--method", "paper")
	if !strings.Contains(msg, enText("cli4.app.unknownPurpose")) {
		t.Errorf("unknown purpose: %s", msg)
	}
	msg = mustFail(t, env, exitValidation, "consent", "grant", "--patient", id, "--purpose", "recall", "--method", "telepathy")
	if !strings.Contains(msg, "method") {
		t.Errorf("bad method: %s", msg)
	}
	msg = mustFail(t, env, exitValidation, "consent", "grant", "--patient", id, "--purpose", "recall", "--method", "paper", "--categories", "genetics")
	if !strings.Contains(msg, "categories[0]") {
		t.Errorf("category outside the purpose: %s", msg)
	}
	msg = mustFail(t, env, exitNotFound, "consent", "grant", "--patient", id, "--purpose", "recall", "--method", "paper", "--lang", "fr")
	if !strings.Contains(msg, "no consent text") {
		t.Errorf("no text in French: %s", msg)
	}
	mustFail(t, env, exitNotFound, "consent", "grant", "--patient", "00000000-0000-4000-8000-000000000000", "--purpose", "recall", "--method", "paper")
	if out := mustRun(t, env, "consent", "history", "--patient", id, "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("refused grants were stored: %s", out)
	}
}

func TestConsentFHIRRoundTrip(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	grant(t, env, "--patient", id, "--purpose", "research:registry", "--method", "screen", "--deny", "genetics")
	mustRun(t, with(env, envNow, "2026-06-16T10:00:00Z"), "consent", "withdraw", "--patient", id, "--purpose", "recall")
	file := filepath.Join(t.TempDir(), "consents.json")
	out := mustRun(t, env, "consent", "export-fhir", "--patient", id, "--out", file)
	if !strings.Contains(out, "exported 3 consent events") {
		t.Fatalf("export: %s", out)
	}
	var bundle struct {
		ResourceType string
		Entry        []struct {
			Resource struct{ ResourceType, Status string }
		}
	}
	data, err := os.ReadFile(file)
	if err != nil || json.Unmarshal(data, &bundle) != nil || bundle.ResourceType != "Bundle" || len(bundle.Entry) != 3 {
		t.Fatalf("exported bundle: %v %s", err, data)
	}

	// Into a second vault, under that vault's patient.
	env2 := with(initVault(t), envNow, "2026-06-17T10:00:00Z")
	id2 := addPatient(t, env2)
	if out := mustRun(t, env2, "consent", "import-fhir", file, "--patient", id2, "--dry-run"); !strings.Contains(out, "3 consent events") {
		t.Fatalf("dry run: %s", out)
	}
	if out := mustRun(t, env2, "consent", "history", "--patient", id2, "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("dry run stored events: %s", out)
	}
	// Without --patient the events name a patient this vault does not have.
	msg := mustFail(t, env2, exitValidation, "consent", "import-fhir", file)
	if !strings.Contains(msg, enText("cli4.fhir.unknownPatient")) {
		t.Fatalf("import for an unknown patient: %s", msg)
	}
	mustRun(t, env2, "consent", "import-fhir", file, "--patient", id2)
	want := states(t, with(env, envNow, "2026-06-17T10:00:00Z"), "--patient", id)
	got := states(t, env2, "--patient", id2)
	for p, w := range want {
		g := got[p]
		if g.State != w.State || g.Allowed != w.Allowed || g.EventID != w.EventID {
			t.Errorf("%s after round trip: %+v, want %+v", p, g, w)
		}
	}
	// The same file again: every event is already there, nothing is added.
	msg = mustFail(t, env2, exitValidation, "consent", "import-fhir", file, "--patient", id2)
	if !strings.Contains(msg, "nothing was imported") || !strings.Contains(msg, "already") {
		t.Fatalf("second import: %s", msg)
	}
	var hist []json.RawMessage
	if err := json.Unmarshal([]byte(mustRun(t, env2, "consent", "history", "--patient", id2, "--json")), &hist); err != nil || len(hist) != 3 {
		t.Fatalf("history after refused re-import: %v %d", err, len(hist))
	}
}

func TestConsentFHIREncrypted(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper", "--representative", "Synthetic Guardian", "--relation", "legal-guardian")
	ident, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plainFile, sealed := filepath.Join(dir, "plain.json"), filepath.Join(dir, "consents.json.age")
	_, errOut, code := runCLI(t, env, "", "consent", "export-fhir", "--patient", id, "--out", plainFile)
	if code != exitOK || !strings.Contains(errOut, "unencrypted") {
		t.Fatalf("plaintext export with a representative: exit %d, stderr %q", code, errOut)
	}
	mustRun(t, env, "consent", "export-fhir", "--patient", id, "--out", sealed, "--recipient", ident.Recipient().String())
	data, err := os.ReadFile(sealed)
	if err != nil || strings.Contains(string(data), "Synthetic Guardian") || !strings.HasPrefix(string(data), "age-encryption.org/v1") {
		t.Fatalf("encrypted export: %v", err)
	}
	env2 := with(initVault(t), envNow, testNow)
	id2 := addPatient(t, env2)
	mustFail(t, env2, exitValidation, "consent", "import-fhir", sealed, "--patient", id2)
	idFile := writeFile(t, ident.String()+"\n")
	mustRun(t, env2, "consent", "import-fhir", sealed, "--patient", id2, "--identity", idFile)
	var events []struct {
		Representative *struct{ Name, Relation string }
	}
	if err := json.Unmarshal([]byte(mustRun(t, env2, "consent", "history", "--patient", id2, "--json")), &events); err != nil ||
		len(events) != 1 || events[0].Representative == nil || events[0].Representative.Name != "Synthetic Guardian" {
		t.Fatalf("imported representative: %v %+v", err, events)
	}
}

func TestConsentFHIRMalformed(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	good := filepath.Join(t.TempDir(), "good.json")
	mustRun(t, env, "consent", "export-fhir", "--patient", id, "--out", good)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	env2 := with(initVault(t), envNow, testNow)
	id2 := addPatient(t, env2)
	for _, tc := range []struct {
		name, body, path string
	}{
		{"wrong type", strings.Replace(string(data), `"dateTime": "`, `"dateTime": 17, "x": "`, 1), "entry[0].resource.dateTime: must be a text in quotes"},
		{"bad patient", strings.Replace(string(data), `"reference": "Patient/`, `"reference": "Practitioner/`, 1), "entry[0].resource.patient.reference"},
		{"unknown purpose", strings.ReplaceAll(string(data), `"recall"`, `"astrology"`), "entry[0].resource.provision.purpose[0].code"},
		{"not json", `{"resourceType": "Bundle", "entry": [`, "line 1, column"},
	} {
		file := writeFile(t, tc.body)
		msg := mustFail(t, env2, exitValidation, "consent", "import-fhir", file, "--patient", id2)
		if !strings.Contains(msg, "nothing was imported") || !strings.Contains(msg, tc.path) {
			t.Errorf("%s: %s", tc.name, msg)
		}
	}
	if out := mustRun(t, env2, "consent", "history", "--patient", id2, "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("malformed files stored events: %s", out)
	}
}

func TestConsentReceipt(t *testing.T) {
	env, id := gdprVault(t)
	ev := grant(t, env, "--patient", id, "--purpose", "research:registry", "--method", "paper")
	ctrl := writeFile(t, `{"name":"Synthetic Practice","address":"1 Example Street","country":"DE","email":"dpo@example.org","phone":"+49 30 0000","url":"https://example.org/privacy","dpoContact":"dpo@example.org"}`)
	dir := t.TempDir()
	htmlFile, jsonFile := filepath.Join(dir, "r.html"), filepath.Join(dir, "r.json")
	mustRun(t, env, "consent", "receipt", "--event", ev, "--controller", ctrl, "--html", htmlFile, "--json", jsonFile)
	var rc struct {
		Version        string
		PIIPrincipalID string `json:"piiPrincipalId"`
		Sensitive      bool
		Services       []struct{ Purposes []struct{ Purpose string } }
	}
	data, err := os.ReadFile(jsonFile)
	if err != nil || json.Unmarshal(data, &rc) != nil {
		t.Fatalf("receipt json: %v %s", err, data)
	}
	if rc.Version != "KI-CR-v1.1.0" || rc.PIIPrincipalID != id || !rc.Sensitive || len(rc.Services) != 1 {
		t.Fatalf("receipt: %+v", rc)
	}
	page, err := os.ReadFile(htmlFile)
	// The page is in the command line's language (English here) and names
	// the patient the receipt is for by name, not by id (issue 10).
	if err != nil || !strings.Contains(string(page), `<html lang="en"`) || !strings.Contains(string(page), "Durand Élise (born") || strings.Contains(string(page), id) {
		t.Fatalf("receipt page: %v", err)
	}
	mustFail(t, env, exitUsage, "consent", "receipt", "--event", ev)
	mustFail(t, env, exitNotFound, "consent", "receipt", "--event", "no-such-event", "--controller", ctrl)
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]time.Duration{"30d": 30 * 24 * time.Hour, "2w": 14 * 24 * time.Hour, "72h": 72 * time.Hour, "0d": 0} {
		if got, err := parsePeriod(in); err != nil || got != want {
			t.Errorf("parsePeriod(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "d", "-3d", "soon", "3y"} {
		if _, err := parsePeriod(in); err == nil {
			t.Errorf("parsePeriod(%q) accepted", in)
		}
	}
}
