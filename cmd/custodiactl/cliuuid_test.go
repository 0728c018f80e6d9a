package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// uuidInText finds a UUID anywhere in a text meant for people.
var uuidInText = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-`)

// codeSpan is an id printed apart for copy-paste on a page (<code>…</code>).
var codeSpan = regexp.MustCompile(`<code>[^<]*</code>`)

// sentencesOf is a page's text without its markup and the ids it prints
// apart in <code> for copy-paste.
func sentencesOf(page string) string {
	return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(codeSpan.ReplaceAllString(page, ""), " ")
}

// The synthetic patient of addPatient as the German desktop names them:
// in sentences "Durand, Élise (geb. 12.03.1984)", on a page as the PDF
// does, "Durand Élise (geb. 12.03.1984)".
const (
	durandSentence = "Durand, Élise (geb. 12.03.1984)"
	durandPage     = "Durand Élise (geb. 12.03.1984)"
)

// "dsr complete" of an erasure names the patient and the request in
// German sentences, never by UUID; the certificate page names the person
// and the request, and prints the certificate's id only apart for
// copy-paste (issue 10).
func TestErasureMessagesNamePeople(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	rid := openRequest(t, env, id, "erasure", "2026-06-14")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyIDDocument)
	de := with(env, envLang, "de")
	request := i18n.MustLoad().Localizer("de").T("cliuuid.request", "Type", "Löschung", "Date", "14.06.2026")

	dry := mustRun(t, de, "dsr", "complete", rid, "--dry-run")
	if !strings.Contains(dry, "Löschplan für "+durandSentence+" – "+request) {
		t.Errorf("German plan does not name the patient and the request:\n%s", dry)
	}
	cert := filepath.Join(t.TempDir(), "bescheinigung.html")
	out := mustRun(t, de, "dsr", "complete", rid, "--yes", "--certificate", cert)
	for _, want := range []string{durandSentence, request + " für " + durandSentence + " erledigt", "Löschbescheinigung ausgestellt"} {
		if !strings.Contains(out, want) {
			t.Errorf("German output lacks %q:\n%s", want, out)
		}
	}
	for _, text := range []string{dry, out} {
		if m := uuidInText.FindString(text); m != "" {
			t.Errorf("German output names something by UUID (%s…):\n%s", m, text)
		}
	}
	data, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	if text := sentencesOf(page); !strings.Contains(text, durandPage) || !strings.Contains(text, request) || uuidInText.MatchString(text) {
		t.Errorf("certificate page: want %q and %q and no UUID outside <code>:\n%s", durandPage, request, text)
	}
	if strings.Contains(page, id) || strings.Contains(page, rid) {
		t.Errorf("certificate page prints the patient's or the request's id:\n%s", page)
	}
}

// "consent receipt --html" names the patient on the page and in the
// German message; the receipt's number is printed apart for copy-paste.
func TestReceiptNamesThePatient(t *testing.T) {
	env, id := gdprVault(t)
	ev := grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	page := filepath.Join(t.TempDir(), "quittung.html")
	out := mustRun(t, with(env, envLang, "de"), "consent", "receipt", "--event", ev, "--html", page, "--controller", controllerFile(t))
	if !strings.Contains(out, "Einwilligungsquittung für "+durandSentence) || uuidInText.MatchString(out) {
		t.Errorf("German receipt message: want the patient's name and no UUID:\n%s", out)
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	text := sentencesOf(string(data))
	if !strings.Contains(text, durandPage) || uuidInText.MatchString(text) || strings.Contains(string(data), id) {
		t.Errorf("receipt page: want %q, no UUID outside <code>, not the patient id:\n%s", durandPage, text)
	}
	if !codeSpan.MatchString(string(data)) {
		t.Errorf("receipt page lost the receipt number:\n%s", data)
	}
}

// copyID is an id a sentence adds at its end, in parentheses, for
// copy-paste into the next command: "(Antrag …)", "(Ereignis …)".
var copyID = regexp.MustCompile(`\((Antrag|Ereignis) [0-9a-f-]{36}\)$`)

// The German sentences of the consent and request workflow name the
// patient and the request; an id appears at most at the end, in
// parentheses, as the handle the next command takes.
func TestWorkflowMessagesNamePeople(t *testing.T) {
	env, id := gdprVault(t)
	de := with(env, envLang, "de")
	rid := openRequest(t, env, id, "restriction", "2026-06-14")
	request := i18n.MustLoad().Localizer("de").T("cliuuid.request", "Type", "Einschränkung", "Date", "14.06.2026")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"consent", "grant", "--patient", id, "--purpose", "recall", "--method", "paper"}, "Einwilligung von " + durandSentence + " erfasst"},
		{[]string{"consent", "withdraw", "--patient", id, "--purpose", "recall", "--method", "paper"}, "Einwilligung widerrufen: " + durandSentence},
		{[]string{"dsr", "open", "--patient", id, "--type", "access", "--channel", "letter", "--received", "2026-06-15"}, " für " + durandSentence + " angelegt"},
		{[]string{"dsr", "verify", rid, "--method", consent.VerifyIDDocument}, request + " für " + durandSentence + ": "},
		{[]string{"patient", "edit", id, "--notes", "synthetic"}, "Patientenakte von " + durandSentence + " geändert"},
	} {
		out := strings.TrimSpace(mustRun(t, de, tc.args...))
		if !strings.Contains(out, tc.want) {
			t.Errorf("%s: want %q in\n%s", tc.args[:2], tc.want, out)
		}
		if m := uuidInText.FindString(copyID.ReplaceAllString(out, "")); m != "" {
			t.Errorf("%s names something by UUID (%s…) other than the handle at the end:\n%s", tc.args[:2], m, out)
		}
	}
}

// A breach is named by the day the practice became aware of it; its id
// only at the end, for "breach notify" and "breach notice".
func TestBreachMessagesNameTheBreach(t *testing.T) {
	env := with(initVault(t), envNow, testNow, envLang, "de")
	out := strings.TrimSpace(mustRun(t, env, "breach", "add", "--aware", "2026-06-15T08:00", "--description", "synthetic lost laptop",
		"--consequences", "unknown", "--measures", "remote wipe", "--nature", "confidentiality"))
	m := regexp.MustCompile(`\(ID (\S+)\)$`).FindStringSubmatch(out)
	if m == nil || !strings.HasPrefix(out, "Datenpanne vom 15.06.2026 erfasst") || uuidInText.MatchString(strings.TrimSuffix(out, m[0])) {
		t.Fatalf("German breach message: %s", out)
	}
	out = mustRun(t, env, "breach", "notice", m[1], "--authority", filepath.Join(t.TempDir(), "meldung.pdf"), "--controller", controllerFile(t))
	if !strings.HasPrefix(out, "Datenpanne vom 15.06.2026: ") || uuidInText.MatchString(out) {
		t.Errorf("German notice message: %s", out)
	}
}
