package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"custodia/consent"
	"custodia/i18n"
)

var requestIDRE = regexp.MustCompile(` opened, due .*\(request (\S+)\)`)

func openRequest(t *testing.T, env map[string]string, patient, typ, received string, extra ...string) string {
	t.Helper()
	args := append([]string{"dsr", "open", "--patient", patient, "--type", typ, "--channel", "letter", "--received", received}, extra...)
	out := mustRun(t, env, args...)
	m := requestIDRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("dsr open printed no id: %s", out)
	}
	return m[1]
}

func requests(t *testing.T, env map[string]string, args ...string) map[string]requestJSON {
	t.Helper()
	var list []requestJSON
	out := mustRun(t, env, append([]string{"dsr", "list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("dsr list --json: %v\n%s", err, out)
	}
	m := map[string]requestJSON{}
	for _, r := range list {
		m[r.ID] = r
	}
	return m
}

func controllerFile(t *testing.T) string {
	t.Helper()
	return writeFile(t, `{"name":"Synthetic Practice","address":"1 Example Street","country":"DE","email":"dpo@example.org","phone":"+49 30 0000","url":"https://example.org/privacy","dpoContact":"dpo@example.org"}`)
}

func TestDSRAccessPackage(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	rid := openRequest(t, env, id, "access", "2026-06-10", "--channel", "email")
	r := requests(t, env)[rid]
	// One calendar month from receipt; the oracle is the domain's own rule.
	received := time.Date(2026, 6, 10, 0, 0, 0, 0, time.Local)
	if want := consent.AddMonthsClamped(received, 1).Format(dateLayout); r.Due != want || r.Clock != consent.ClockGreen || r.State != consent.StateReceived {
		t.Fatalf("new request: due %s (want %s), clock %s, state %s", r.Due, want, r.Clock, r.State)
	}
	// Completing before the identity check is refused.
	msg := mustFail(t, env, exitValidation, "dsr", "complete", rid, "--out", filepath.Join(t.TempDir(), "x.age"), "--recipient", "age1x", "--controller", controllerFile(t))
	if !strings.Contains(msg, "identity is not verified") {
		t.Fatalf("complete unverified: %s", msg)
	}
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyIDDocument)

	ident, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(t.TempDir(), "package.age")
	out := mustRun(t, env, "dsr", "complete", rid, "--out", pkg, "--recipient", ident.Recipient().String(), "--controller", controllerFile(t))
	if !strings.Contains(out, "completed") {
		t.Fatalf("complete: %s", out)
	}
	files := openAgeTar(t, pkg, ident)
	var report struct {
		SubjectID     string `json:"subjectId"`
		RequestID     string `json:"requestId"`
		ConsentEvents []struct {
			PurposeID string `json:"purposeId"`
		} `json:"consentEvents"`
	}
	if err := json.Unmarshal(files["access/report.json"], &report); err != nil {
		t.Fatalf("report.json: %v (files %d)", err, len(files))
	}
	if report.SubjectID != id || report.RequestID != rid || len(report.ConsentEvents) != 1 || report.ConsentEvents[0].PurposeID != "recall" {
		t.Fatalf("report: %+v", report)
	}
	if !bytes.Contains(files["access/index.html"], []byte("Synthetic Practice")) {
		t.Fatalf("package page lacks the controller")
	}
	// The package file is no plaintext: neither the name nor the id shows.
	raw, _ := os.ReadFile(pkg)
	if bytes.Contains(raw, []byte("Durand")) || bytes.Contains(raw, []byte(id)) {
		t.Fatalf("package holds plaintext")
	}
	show := mustRun(t, env, "dsr", "show", rid)
	en := i18n.MustLoad().Localizer("en")
	for _, want := range []string{en.Label("state", "completed", ""), en.Label("step", "verify", ""), en.Label("step", "create", ""),
		en.Label("state", "in-progress", "")} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
	if r := requests(t, env)[rid]; r.Clock != consent.ClockClosed {
		t.Fatalf("completed request clock %s", r.Clock)
	}
}

func openAgeTar(t *testing.T, name string, id age.Identity) map[string][]byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	plain, err := age.Decrypt(f, id)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(plain)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name] = b
	}
}

func TestDSRFrontDeskCannotComplete(t *testing.T) {
	env, id := gdprVault(t)
	addUser(t, env, "fiona", "frontdesk", "frontdesk-pass-1")
	fd := with(env, envUser, "fiona", envPassphrase, "frontdesk-pass-1")
	rid := openRequest(t, fd, id, "restriction", "2026-06-12", "--channel", "desk")
	mustRun(t, fd, "dsr", "verify", rid, "--method", consent.VerifyKnownToStaff)
	msg := mustFail(t, fd, exitPermission, "dsr", "complete", rid)
	if !strings.Contains(msg, "permission denied") {
		t.Fatalf("front desk complete: %s", msg)
	}
	mustFail(t, fd, exitPermission, "dsr", "deny", rid, "--ground", "gdpr-18-1-not-met")
	mustFail(t, fd, exitPermission, "dsr", "extend", rid, "--months", "1", "--reason", "complex request", "--told-via", "letter")
	// Nothing moved: the request is still waiting for a decision.
	if r := requests(t, env)[rid]; r.State != consent.StateVerifying {
		t.Fatalf("state after refused steps: %s", r.State)
	}
	// Each refusal is in the audit trail, recorded by the vault.
	for _, action := range []string{"request.complete", "request.deny", "request.extend"} {
		if !deniedInAudit(t, env, "request:"+rid, action) {
			t.Errorf("no audited denial of %s on request %s", action, rid)
		}
	}
	// The DPO completes it: the record becomes read-only and stops processing.
	mustRun(t, with(env, envNewPassphrase, "dpo-pass-0001"), "user", "add", "dora", "--role", "dpo")
	dpo := with(env, envUser, "dora", envPassphrase, "dpo-pass-0001")
	mustRun(t, dpo, "dsr", "complete", rid)
	if out := mustRun(t, env, "patient", "show", id); !regexp.MustCompile(`Restricted:\s+yes`).MatchString(out) {
		t.Fatalf("patient not restricted:\n%s", out)
	}
	if s := states(t, env, "--patient", id)["treatment"]; s.Allowed || !strings.Contains(s.Reason, "Art. 18") {
		t.Fatalf("restricted patient still processed: %+v", s)
	}
}

func TestDSRErasure(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	rid := openRequest(t, env, id, "erasure", "2026-06-14")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifySignedLetter)
	// Without --last-treatment the plan counts from the vault's last clinical update.
	clinical, _ := consent.RuleFor(consent.DefaultRetentionRules(), consent.RecClinical)
	keep := clinical.KeepUntil(lastClinical(t, env, id))
	out := mustRun(t, env, "dsr", "complete", rid, "--dry-run")
	if !planRow(consent.RecClinical, consent.ActKeep, enDate(keep)+`\s+GDPR Art. 17\(3\)\(b\)`).MatchString(out) {
		t.Fatalf("dry run plan from the vault's last treatment (clinical kept until %s):\n%s", keep.Format(dateLayout), out)
	}
	// --last-treatment overrides it.
	out = mustRun(t, env, "dsr", "complete", rid, "--dry-run", "--last-treatment", "2026-05-01")
	if !planRow(consent.RecClinical, consent.ActKeep, `1 May 2036\s+GDPR Art. 17\(3\)\(b\)`).MatchString(out) ||
		!planRow(consent.RecContact, consent.ActErase, "").MatchString(out) || !strings.Contains(out, "nothing was changed") {
		t.Fatalf("dry run plan:\n%s", out)
	}
	if r := requests(t, env)[rid]; r.State != consent.StateVerifying {
		t.Fatalf("dry run changed the request: %s", r.State)
	}
	mustFail(t, env, exitUsage, "dsr", "complete", rid, "--last-treatment", "2026-05-01")
	if out := mustRun(t, env, "patient", "find", "--name", "durand", "--json"); !strings.Contains(out, id) {
		t.Fatalf("patient erased without --yes: %s", out)
	}

	cert := filepath.Join(t.TempDir(), "certificate.json")
	out = mustRun(t, env, "dsr", "complete", rid, "--yes", "--certificate", cert)
	if !strings.Contains(out, "completed") {
		t.Fatalf("erasure: %s", out)
	}
	if out := mustRun(t, env, "patient", "find", "--name", "durand", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("patient still found after erasure: %s", out)
	}
	if out := mustRun(t, env, "audit", "verify"); !strings.HasPrefix(out, "audit trail intact") {
		t.Fatalf("audit after erasure: %s", out)
	}
	var c consent.Certificate
	data, err := os.ReadFile(cert)
	if err != nil || json.Unmarshal(data, &c) != nil {
		t.Fatalf("certificate: %v", err)
	}
	if err := c.Verify(); err != nil || c.SubjectID != id || c.RequestID != rid || c.Kind != "erasure" {
		t.Fatalf("certificate %+v: %v", c, err)
	}
	if i := slices.IndexFunc(c.Items, func(it consent.CertificateItem) bool { return it.Category == consent.RecClinical }); i < 0 ||
		c.Items[i].Action != consent.ActKeep || !c.Items[i].KeepUntil.Equal(keep) {
		t.Fatalf("certificate without --last-treatment: clinical %+v, want kept until %s", c.Items, keep)
	}
	// The certificate's counts are the ones printed.
	m := regexp.MustCompile(`(\d+) record\(s\) erased, (\d+) kept, (\d+) anonymised`).FindStringSubmatch(out)
	if m == nil || m[1] != strconv.Itoa(c.Count(consent.ActErase)) || m[2] != strconv.Itoa(c.Count(consent.ActKeep)) || m[3] != strconv.Itoa(c.Count(consent.ActAnonymise)) {
		t.Fatalf("printed counts %v, certificate %+v", m, c.Items)
	}
	if bytes.Contains(data, []byte("Durand")) {
		t.Fatalf("certificate holds a name")
	}
	// The erased patient may still ask what was kept; no new consent is taken.
	openRequest(t, with(env, envNow, "2026-06-16T10:00:00Z"), id, "access", "2026-06-16")
	msg := mustFail(t, env, exitValidation, "consent", "grant", "--patient", id, "--purpose", "recall", "--method", "paper")
	if !strings.Contains(msg, "erased") {
		t.Fatalf("grant for an erased patient: %s", msg)
	}
}

func TestDSRRectification(t *testing.T) {
	env, id := gdprVault(t)
	rid := openRequest(t, env, id, "rectification", "2026-06-14", "--description", "family name misspelt")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyIDDocument)
	mustFail(t, env, exitUsage, "dsr", "complete", rid)
	mustFail(t, env, exitUsage, "dsr", "complete", rid, "--field", "shoe=42")
	mustRun(t, env, "dsr", "complete", rid, "--field", "family=Durand-Martin", "--field", "postcode=75011")
	out := mustRun(t, env, "patient", "show", id)
	if !strings.Contains(out, "Durand-Martin") || !strings.Contains(out, "75011") {
		t.Fatalf("rectified patient:\n%s", out)
	}
}

func TestDSRWorkflowRules(t *testing.T) {
	env, id := gdprVault(t)
	old := openRequest(t, env, id, "access", "2026-05-01")
	// Duplicate of an open request of the same type.
	msg := mustFail(t, env, exitValidation, "dsr", "open", "--patient", id, "--type", "access", "--channel", "phone", "--received", "2026-06-14")
	if !strings.Contains(msg, old) || !strings.Contains(msg, "--force") {
		t.Fatalf("duplicate: %s", msg)
	}
	fresh := openRequest(t, env, id, "access", "2026-06-14", "--force")
	// Extension after the original due date is refused, with the reason.
	msg = mustFail(t, env, exitValidation, "dsr", "extend", old, "--months", "2", "--reason", "many records", "--told-via", "letter")
	due := consent.Request{Type: consent.ReqAccess, ReceivedAt: time.Date(2026, 5, 1, 0, 0, 0, 0, time.Local)}.OriginalDue()
	if !strings.Contains(msg, enText("domaintext.step.extension-too-late", "Date", i18n.MustLoad().Localizer("en").Date(due))) {
		t.Fatalf("late extension: %s", msg)
	}
	mustFail(t, env, exitUsage, "dsr", "extend", fresh, "--months", "2", "--reason", "many records") // how was the requester told?
	mustRun(t, env, "dsr", "extend", fresh, "--months", "2", "--reason", "many records", "--told-via", "email")
	if out := mustRun(t, env, "dsr", "show", fresh); !strings.Contains(out, "requester told by E-mail on") {
		t.Errorf("dsr show does not say the requester was told:\n%s", out)
	}
	rs := requests(t, env)
	if want := consent.AddMonthsClamped(time.Date(2026, 6, 14, 0, 0, 0, 0, time.Local), 3).Format(dateLayout); rs[fresh].Due != want {
		t.Fatalf("extended due %s, want %s", rs[fresh].Due, want)
	}
	if rs[old].Clock != consent.ClockRed || rs[fresh].Clock != consent.ClockGreen {
		t.Fatalf("clocks: old %s, fresh %s", rs[old].Clock, rs[fresh].Clock)
	}
	mustFail(t, env, exitValidation, "dsr", "extend", fresh, "--months", "1", "--reason", "again", "--told-via", "letter")
	// The overdue list holds exactly the red one.
	var overdue []requestJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "dsr", "overdue", "--json")), &overdue); err != nil || len(overdue) != 1 || overdue[0].ID != old {
		t.Fatalf("overdue: %v %+v", err, overdue)
	}
	// Denial needs a legal ground that applies to the type.
	msg = mustFail(t, env, exitUsage, "dsr", "deny", old)
	if !strings.Contains(msg, "--ground") {
		t.Fatalf("deny without ground: %s", msg)
	}
	mustFail(t, env, exitUsage, "dsr", "deny", old, "--ground", "because")
	msg = mustFail(t, env, exitValidation, "dsr", "deny", old, "--ground", "gdpr-16-accurate")
	if !strings.Contains(msg, "does not apply") {
		t.Fatalf("inapplicable ground: %s", msg)
	}
	mustRun(t, env, "dsr", "deny", old, "--ground", "gdpr-12-5-excessive")
	if r := requests(t, env)[old]; r.State != consent.StateDenied || r.DenialGround != "gdpr-12-5-excessive" {
		t.Fatalf("denied request: %+v", r.Request)
	}
	if open := requests(t, env, "--open"); len(open) != 1 {
		t.Fatalf("open requests: %d", len(open))
	}
	mustFail(t, env, exitUsage, "dsr", "open", "--patient", id, "--type", "gossip", "--channel", "letter", "--received", "2026-06-14")
	mustFail(t, env, exitValidation, "dsr", "open", "--patient", id, "--type", "erasure", "--channel", "pigeon", "--received", "2026-06-14")
	mustFail(t, env, exitValidation, "dsr", "open", "--patient", id, "--type", "erasure", "--channel", "letter", "--received", "2026-07-01")
	mustFail(t, env, exitNotFound, "dsr", "show", "00000000-0000-4000-8000-000000000000")
	msg = mustFail(t, env, exitNotFound, "dsr", "open", "--patient", "00000000-0000-4000-8000-000000000000", "--type", "access", "--channel", "letter", "--received", "2026-06-14")
	if !strings.Contains(msg, enText("cli4.app.unknownPatient")) {
		t.Fatalf("request for an unknown patient: %s", msg)
	}
}

func TestDSRObjectionAndWithdrawal(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "research:registry", "--method", "paper")
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	mustFail(t, env, exitValidation, "dsr", "open", "--patient", id, "--type", "objection", "--channel", "letter", "--received", "2026-06-14")
	obj := openRequest(t, env, id, "objection", "2026-06-14", "--purpose", "research:registry")
	wd := openRequest(t, env, id, "withdrawal", "2026-06-14", "--purpose", "recall", "--channel", "portal")
	for _, rid := range []string{obj, wd} {
		mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyPortalLogin)
		mustRun(t, env, "dsr", "complete", rid)
	}
	later := with(env, envNow, "2026-06-15T11:00:00Z")
	st := states(t, later, "--patient", id)
	if s := st["research:registry"]; s.Allowed || !strings.Contains(s.Reason, "Art. 21") || s.EventID != obj {
		t.Fatalf("research after objection: %+v", s)
	}
	if s := st["recall"]; s.Allowed || s.State != "withdrawn" {
		t.Fatalf("recall after withdrawal request: %+v", s)
	}
	if !st["treatment"].Allowed {
		t.Fatalf("care stopped by a research objection")
	}
}

func TestDSRPortabilityPassphrase(t *testing.T) {
	env, id := gdprVault(t)
	rid := openRequest(t, env, id, "portability", "2026-06-14", "--requester", "Synthetic Lawyer", "--relation", "lawyer")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyRepresentative)
	pkg := filepath.Join(t.TempDir(), "p.age")
	mustFail(t, env, exitUsage, "dsr", "complete", rid, "--out", pkg, "--controller", controllerFile(t))
	mustFail(t, env, exitUsage, "dsr", "complete", rid, "--out", pkg, "--recipient", "not-a-key", "--controller", controllerFile(t))
	mustRun(t, env, "dsr", "complete", rid, "--out", pkg, "--package-passphrase-file", writeFile(t, "delivery-passphrase-42\n"), "--controller", controllerFile(t))
	data, err := os.ReadFile(pkg)
	if err != nil || !bytes.HasPrefix(data, []byte("age-encryption.org/v1\n-> scrypt ")) {
		t.Fatalf("package is not an age scrypt file: %v", err)
	}
	if r := requests(t, env)[rid]; r.State != consent.StateCompleted || r.RequesterRelation != consent.RelLegalRepresentative {
		t.Fatalf("portability request: %+v", r.Request)
	}
}

// deniedInAudit reports whether the audit trail holds a denial of action on
// object.
func deniedInAudit(t *testing.T, env map[string]string, object, action string) bool {
	t.Helper()
	var entries []auditJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "audit", "list", "--json", "--limit", "10000")), &entries); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Outcome == "denied" && e.Object == object && strings.Contains(e.Detail, "action="+action) {
			return true
		}
	}
	return false
}

// planRow matches a row of an erasure plan as the English catalogue words
// its category and action, followed by rest.
func planRow(cat consent.RecordCategory, act consent.Action, rest string) *regexp.Regexp {
	en := i18n.MustLoad().Localizer("en")
	return regexp.MustCompile(regexp.QuoteMeta(en.Label("record", string(cat), "")) + `\s+` +
		regexp.QuoteMeta(en.Label("action", string(act), "")) + `\s+` + rest)
}
