package printdoc

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

// englishLeft is the oracle for "this German document has no English
// left in it": it takes the English render of a document and the German
// render of the same document from the same data, and returns every
// passage of the English render longer than 12 characters that the
// German render repeats, and every id (UUID) the German render shows. Passages are the English text cut at line ends
// and at the separators documents put between values (", ", "; ", " · ",
// ": ", brackets), so an English phrase inside a German line is found
// too. What both renders show as given is not English left over and is
// passed in keep (names, addresses, user-entered text, file names, codes
// the document must show); passages with a legal citation (§, Art.) are
// skipped as well. Any document test can use it.
func englishLeft(en, de string, keep ...string) []string {
	haystack := normSpace(de)
	var left []string
	seen := map[string]bool{}
	for _, seg := range segments(en) {
		if len([]rune(seg)) <= 12 || !letter.MatchString(seg) || seen[seg] || citation.MatchString(seg) || kept(seg, keep) {
			continue
		}
		seen[seg] = true
		if strings.Contains(haystack, seg) {
			left = append(left, seg)
		}
	}
	for _, id := range uuid.FindAllString(haystack, -1) {
		if !seen[id] && !kept(id, keep) {
			seen[id] = true
			left = append(left, id)
		}
	}
	return left
}

// uuid matches an internal id, which no reader should see unless the
// document must show it (then it is in keep).
var uuid = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// letter matches a letter: rules ("=====") and numbers are no passages.
var letter = regexp.MustCompile(`\pL`)

// citation matches a legal citation: "§ 630f", "Art. 17".
var citation = regexp.MustCompile(`§|\bArt\.\s*\d`)

// separators cut a line of text into passages.
var separators = regexp.MustCompile(`\s*(?:, |; | · |: |[()„“"]|\s–\s)\s*`)

func segments(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for _, s := range separators.Split(line, -1) {
			if s = normSpace(strings.Trim(s, " .,;:")); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// kept reports whether a passage is (part of) a value both renders show
// as given, or is one once those values are taken out.
func kept(seg string, keep []string) bool {
	rest := seg
	for _, k := range keep {
		k = normSpace(k)
		if k == "" {
			continue
		}
		if strings.Contains(k, seg) {
			return true
		}
		rest = strings.ReplaceAll(rest, k, "")
	}
	return len([]rune(strings.Trim(rest, " .,;:()–-"))) <= 12
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// placedText is the text a page placed, one wrapped line per line.
func placedText(p *page) string {
	var b strings.Builder
	for _, l := range p.lines {
		b.WriteString(l.text)
		b.WriteString("\n")
	}
	return b.String()
}

var tag = regexp.MustCompile(`(?s)<style.*?</style>|<[^>]+>`)

// htmlText is the text of an HTML page, one line per element.
func htmlText(page string) string {
	return html.UnescapeString(tag.ReplaceAllString(page, "\n"))
}

// The oracle finds an English sentence left in a German text, wherever it
// sits in a line, and passes what both renders show as given (names,
// citations, kept values) and short words.
func TestEnglishLeftOracle(t *testing.T) {
	en := "To: Jürgen Öskar Müller-Lüdenscheidt (born 5 Mar 1961)\nGiven: 4 Dec 2026, signed paper form at the practice\nLegal source: § 630f Abs. 3 BGB (keep records ten years)\nPraxis Dr. Weiß · Hauptstraße 12, 10115 Berlin\nReceipt 3486e8a7-50be-4d84-b2a4-38e8800c2df0\nNote: Billing"
	de := "An: Jürgen Öskar Müller-Lüdenscheidt (geb. 05.03.1961)\nErteilt: 04.12.2026, signed paper form at the practice\nRechtsquelle: § 630f Abs. 3 BGB (Akten zehn Jahre aufbewahren)\nPraxis Dr. Weiß · Hauptstraße 12, 10115 Berlin\nQuittung 3486e8a7-50be-4d84-b2a4-38e8800c2df0\nHinweis: Billing"
	got := englishLeft(en, de, patient.Salutation(), ctrl.Name, ctrl.Address)
	want := []string{"signed paper form at the practice", "3486e8a7-50be-4d84-b2a4-38e8800c2df0"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("englishLeft = %q, want %q", got, want)
	}
	if got := englishLeft(en, de, patient.Salutation(), ctrl.Name, ctrl.Address, "signed paper form at the practice", "3486e8a7-50be-4d84-b2a4-38e8800c2df0"); len(got) != 0 {
		t.Errorf("kept values reported: %q", got)
	}
	if got := englishLeft(en, strings.ReplaceAll(de, "signed paper form at the practice", "auf Papier"), patient.Salutation(), ctrl.Name, ctrl.Address, "3486e8a7-50be-4d84-b2a4-38e8800c2df0"); len(got) != 0 {
		t.Errorf("a German text reported: %q", got)
	}
}
