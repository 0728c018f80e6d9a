package i18n

import (
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// term is one line of the German glossary (docs/glossary.md): a word
// people must not meet, the term used instead, and the messages that may
// keep the word, each with its reason.
type term struct {
	rejected *regexp.Regexp
	// allowed phrases are removed before rejected is matched: the
	// glossary's own form may contain the rejected word.
	allowed   *regexp.Regexp
	preferred string
	// except maps a message id, or an id prefix ending in ".", to why
	// the message may keep the rejected word.
	except map[string]string
}

// notLetter is a word boundary that knows umlauts (\b does not).
const notLetter = `(?:^|[^\p{L}])`

// legalBreach is why the documents for the authority and the data
// subjects name a breach as Art. 33/34 GDPR do.
const legalBreach = "document for the authority or the data subjects: quotes Art. 33/34 GDPR"

// germanTerms is the glossary's table of rejected German words.
var germanTerms = []term{
	// "ersuchen" inside a compound (Löschersuchen), not in "versuchen".
	{rejected: regexp.MustCompile(`Ersuchen|(?:^|[^vVtT])ersuchen`), preferred: "Antrag"},
	{rejected: regexp.MustCompile(`(?i)anfrag`), preferred: "Antrag"},
	{rejected: regexp.MustCompile(`(?i)antragsteller`), preferred: "antragstellende Person"},
	{rejected: regexp.MustCompile(`(?i)datenschutzverletzung|sicherheitsvorfall|` + notLetter + `Pannen?`), preferred: "Datenpanne"},
	{rejected: regexp.MustCompile(`Verletzung`), preferred: "Datenpanne", except: map[string]string{
		"pdfdocs.breach.":  legalBreach,
		"domaintext.ropa.": "record of processing activities (Art. 30 GDPR), a document for the authority",
	}},
	{rejected: regexp.MustCompile(notLetter + `Behörde`), preferred: "Aufsichtsbehörde", except: map[string]string{
		"governance.breach.col.deadline": "column head „Meldefrist (Behörde)“: the column is narrow",
	}},
	{rejected: regexp.MustCompile(`Patient/innen|Patient\(in\)|Patient:in|Patient\*in|PatientIn|Patient/-innen`), preferred: "Patientinnen und Patienten"},
	{rejected: regexp.MustCompile(`Neue Patientin / neuer Patient`), preferred: "Patient/in anlegen"},
	// The generic masculine: "Patienten" and "Patient" alone, outside the
	// pair forms, "Patient/in" and compounds (Patientenakte, Patienten-ID).
	{
		rejected:  regexp.MustCompile(notLetter + `Patient(?:en)?(?:$|[^\p{L}/-])`),
		allowed:   regexp.MustCompile(`Patientinnen\s+(?:und|oder)\s+Patienten|Patientin\s+oder\s+(?:(?:de[mnrs]|eine[mns]?)\s+)?(?:\p{L}+\s+)?Patient(?:en)?|[Ss]ehr geehrter Patient`),
		preferred: "Patientinnen und Patienten",
		except: map[string]string{
			"menus.section.patients":        "the navigation section's name, one word on a tab",
			"menus.searchpatients":          "menu item „Patienten suchen“, named after the section",
			"menus.keys.search":             "quotes the section „Patienten“",
			"menus.guide.text":              "the guide's heading names the section „Patienten“",
			"cli3.help.patient.import-fhir": "names FHIR resource types (Patient, Encounter …)",
		},
	},
	{rejected: regexp.MustCompile(`(?i)audit-protokoll|auditprotokoll|prüfprotokoll`), preferred: "Protokoll"},
	// "backup" in lower case is the command's name.
	{rejected: regexp.MustCompile(`(?i:datensicherung)|Backup`), preferred: "Sicherung"},
	{rejected: regexp.MustCompile(`(?i)zustimmung`), preferred: "Einwilligung"},
	{rejected: regexp.MustCompile(`(?i)speicherdauer|löschfrist`), preferred: "Aufbewahrungsfrist"},
	{rejected: regexp.MustCompile(`Aufbewahrungsdatum`), preferred: "Aufbewahrungsende"},
	{rejected: regexp.MustCompile(`(?i)vernichtungsbestätigung|löschbestätigung|löschnachweis|löschzertifikat`), preferred: "Löschbescheinigung"},
	{rejected: regexp.MustCompile(`Passwort|Kennwort`), preferred: "Passphrase", except: map[string]string{
		"accesspdf.letter.": "quotes the word a PDF viewer shows when it asks for the passphrase",
	}},
	{rejected: regexp.MustCompile(notLetter + `Vault`), preferred: "Tresor"},
	{rejected: regexp.MustCompile(`Stände|^Stand$`), preferred: "Status"},
	{rejected: regexp.MustCompile(`Pseudonym-Schlüssel|Studienschlüssel`), preferred: "Pseudonymschlüssel"},
	{rejected: regexp.MustCompile(`Staatsanwalt|Vermarkter`), preferred: "Prosecutor-, Journalist-, Marketer-Risiko"},
	{rejected: regexp.MustCompile(`Patientenkennung`), preferred: "Patienten-ID"},
	// The tab and the permission of practice details, retention and
	// breaches (docs/glossary.md).
	{rejected: regexp.MustCompile(`(?i)governance`), preferred: "Datenschutz-Verwaltung"},
	// "Betroffene" as a noun: the data subjects are "betroffene Personen";
	// the adjective before a noun (Betroffene Daten) and compounds
	// (Betroffenenrechte, "Betroffenen- und …") stay.
	{
		rejected:  regexp.MustCompile(notLetter + `[Bb]etroffenen?(?:$|[^\p{L}])`),
		allowed:   regexp.MustCompile(`[Bb]etroffenen?(?:\s+\p{Lu}|-)`),
		preferred: "betroffene Person",
	},
	{rejected: regexp.MustCompile(`(?i)zwei-faktor`), preferred: "zweiter Faktor"},
	// An encounter is a "Kontakt"; "Behandlung" stays the treatment
	// (purpose, "letzte Behandlung"), never counted in the plural.
	{rejected: regexp.MustCompile(notLetter + `Behandlungen`), preferred: "Kontakt"},
}

// germanMessages reads every German catalogue as written: message id →
// its texts (both plural forms), template actions removed so argument
// names ({{.Vault}}) are not words people read.
func germanMessages(t *testing.T) map[string][]string {
	t.Helper()
	names, err := fs.Glob(files, "locales/*.de.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no German catalogues: %v", err)
	}
	action := regexp.MustCompile(`\{\{[^}]*\}\}`)
	msgs := map[string][]string{}
	for _, name := range names {
		raw, err := files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id, v := range m {
			for _, s := range texts(v) {
				msgs[id] = append(msgs[id], action.ReplaceAllString(s, " "))
			}
		}
	}
	return msgs
}

// texts is a message's text, or its plural forms in a stable order.
func texts(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case map[string]any:
		var out []string
		for _, k := range []string{"zero", "one", "two", "few", "many", "other"} {
			if s, ok := v[k].(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// excepted returns the exception key that covers id, or "".
func (tm term) excepted(id string) string {
	for k := range tm.except {
		if id == k || (strings.HasSuffix(k, ".") && strings.HasPrefix(id, k)) {
			return k
		}
	}
	return ""
}

// violations lists the message ids that use tm's rejected word outside
// its exceptions, and the exceptions some message still needs.
func (tm term) violations(msgs map[string][]string) (bad []string, used map[string]bool) {
	used = map[string]bool{}
	for id, ss := range msgs {
		for _, s := range ss {
			if tm.allowed != nil {
				s = tm.allowed.ReplaceAllString(s, " ")
			}
			if !tm.rejected.MatchString(s) {
				continue
			}
			if k := tm.excepted(id); k != "" {
				used[k] = true
				continue
			}
			bad = append(bad, id+": "+around(s, tm.rejected.FindStringIndex(s)))
			break
		}
	}
	sort.Strings(bad)
	return bad, used
}

// around quotes a match with a few words either side, on one line.
func around(s string, at []int) string {
	from, to := max(0, at[0]-30), min(len(s), at[1]+30)
	for from > 0 && !utf8.RuneStart(s[from]) {
		from--
	}
	for to < len(s) && !utf8.RuneStart(s[to]) {
		to++
	}
	line := s[from:at[0]] + "«" + s[at[0]:at[1]] + "»" + s[at[1]:to]
	return "…" + strings.ReplaceAll(line, "\n", " ") + "…"
}

// The German texts use one word for one thing (docs/glossary.md): no
// message uses a rejected alternative outside its documented exceptions.
func TestGermanUsesTheGlossaryTerms(t *testing.T) {
	msgs := germanMessages(t)
	for _, tm := range germanTerms {
		bad, used := tm.violations(msgs)
		for _, b := range bad {
			t.Errorf("%s (docs/glossary.md: say %q)", b, tm.preferred)
		}
		for k := range tm.except {
			if !used[k] {
				t.Errorf("exception %q for %s is not needed any more: remove it", k, tm.rejected)
			}
		}
	}
}

// Every rejected word of the table is explained in the glossary, which
// names the preferred term.
func TestGlossaryDocumentsEveryTerm(t *testing.T) {
	doc, err := os.ReadFile("../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range germanTerms {
		if !strings.Contains(string(doc), tm.preferred) {
			t.Errorf("docs/glossary.md does not name %q (rejects %s)", tm.preferred, tm.rejected)
		}
	}
}

// The check itself finds a rejected word, honours an exception, and
// sees through an allowed phrase.
func TestTermViolations(t *testing.T) {
	tm := term{
		rejected:  regexp.MustCompile(`(?i)ersuchen`),
		allowed:   regexp.MustCompile(`Ersuchen um Amtshilfe`),
		preferred: "Antrag",
		except:    map[string]string{"pdf.": "quotation"},
	}
	msgs := map[string][]string{
		"a.one":   {"Neues Löschersuchen"},
		"a.two":   {"Neuer Antrag"},
		"pdf.law": {"das Ersuchen"},
		"a.three": {"ein Ersuchen um Amtshilfe"},
	}
	bad, used := tm.violations(msgs)
	if len(bad) != 1 || !strings.HasPrefix(bad[0], "a.one:") {
		t.Errorf("violations = %q, want only a.one", bad)
	}
	if !used["pdf."] {
		t.Error("the exception was not used")
	}
}
