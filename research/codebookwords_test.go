package research

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"custodia/deid"
	"custodia/i18n"
)

// pagePair is one study's package made in English and in German.
type pagePair struct {
	en, de *packaged
}

func makePagePair(t *testing.T, s func() *Study) pagePair {
	t.Helper()
	return pagePair{en: writeAndOpenIn(t, s(), 7, testKey(3), "en"), de: writeAndOpenIn(t, s(), 7, testKey(3), "de")}
}

var (
	cellTags  = regexp.MustCompile(`</?t[dh][^>]*>`)
	otherTags = regexp.MustCompile(`(?s)<style>.*?</style>|<[^>]*>`)
)

// pageText is a page's visible text with its table cells between bars:
// "| Alter (age) | 4 | 4 |".
func pageText(pk *packaged, name string) string {
	s := cellTags.ReplaceAllString(string(pk.files[name]), " | ")
	return html.UnescapeString(otherTags.ReplaceAllString(s, "\n"))
}

// The codebook and the report of a German package speak German: every
// column is named, explained and given its role in the catalogue's
// German words, sex and encounter kinds are labelled with their code
// beside, measurements carry a decimal comma, the report names the
// generalised columns and the attack models by the report's own terms,
// and no English phrase of the English package's pages appears. The
// machine files (data, codebook.json, report.json's codes) are the same
// bytes in both languages.
func TestCodebookAndReportInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	for name, s := range map[string]func() *Study{"encounters": encounterStudy, "t-closeness": tclosenessStudy, "mondrian": mondrianStudy} {
		t.Run(name, func(t *testing.T) {
			p := makePagePair(t, s)
			for _, f := range []string{FileData, FileCodebook} {
				if !bytes.Equal(p.en.files[f], p.de.files[f]) {
					t.Errorf("%s differs between the English and the German package", f)
				}
			}
			var cb Codebook
			if err := json.Unmarshal(p.de.files[FileCodebook], &cb); err != nil {
				t.Fatal(err)
			}
			codebook, report := pageText(p.de, FileCodebookHTML), pageText(p.de, FileReportHTML)
			checkGermanCodebook(t, de, &cb, codebook)
			checkDescriptions(t, en, &cb)
			checkGermanReport(t, de, p.de.open.Report, report)
			names := studyNames(p.de, en, de)
			for file, pages := range map[string][2]string{
				FileCodebookHTML: {pageText(p.en, FileCodebookHTML), codebook},
				FileReportHTML:   {pageText(p.en, FileReportHTML), report},
			} {
				phrases := englishPhrases(pages[0], names)
				if len(phrases) < 20 {
					t.Fatalf("only %d English phrases in %s", len(phrases), file)
				}
				for _, phrase := range phrases {
					if strings.Contains(pages[1], phrase) {
						t.Errorf("German %s shows the English %q", file, phrase)
					}
				}
			}
		})
	}
}

func checkGermanCodebook(t *testing.T, de *i18n.Localizer, cb *Codebook, page string) {
	t.Helper()
	notes := []string{de.T("researchwords.cb.codesNote"), de.T("researchwords.cb.decimalNote")}
	if slices.ContainsFunc(cb.Columns, func(c CodebookColumn) bool { return c.Name == SrcDate }) {
		notes = append(notes, de.T("researchwords.cb.dateNote"))
	}
	for _, want := range notes {
		if !strings.Contains(page, want) {
			t.Errorf("codebook.html lacks %q", want)
		}
	}
	for _, c := range cb.Columns {
		for _, want := range []string{ColumnText(de, c.Name), MeaningText(de, cb.Level, c), RoleText(de, c), CategoryText(de, c.Category)} {
			if want == "" || want == c.Name || !strings.Contains(page, want) {
				t.Errorf("codebook.html lacks the German words %q of column %s", want, c.Name)
			}
		}
		if c.Level != nil && !strings.Contains(page, LevelsText(de, *c.Level, c.Height)) {
			t.Errorf("codebook.html lacks the generalisation of %s", c.Name)
		}
		for _, v := range c.Values {
			checkGermanValue(t, de, c.Name, v.Value, page)
		}
		checkNumericOrder(t, c, page)
	}
}

// checkNumericOrder: a measurement's values are listed by value, not as
// text ("-9.1" before "-5.2", "10.0" after "9.5").
func checkNumericOrder(t *testing.T, c CodebookColumn, page string) {
	t.Helper()
	if !strings.HasPrefix(c.Name, SrcObsPrefix) || c.Level != nil {
		return // generalised: ranges, checked by checkGermanValue
	}
	var nums []float64
	for _, v := range c.Values {
		if decimal.MatchString(v.Value) {
			f, _ := strconv.ParseFloat(v.Value, 64)
			nums = append(nums, f)
		}
	}
	sort.Float64s(nums)
	section := page[strings.Index(page, "\n"+c.Name+"\n"):] // the column's <code>
	last := -1
	for _, f := range nums {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if _, frac, _ := strings.Cut(s, "."); len(frac) < 4 {
			s += strings.Repeat("0", 4-len(frac)) // the synthetic values have four decimals
		}
		at := strings.Index(section, "| "+strings.Replace(s, ".", ",", 1)+" |")
		if at <= last {
			t.Errorf("%s lists %s out of numeric order (at %d, previous at %d)", c.Name, s, at, last)
		}
		last = at
	}
	if len(nums) < 5 {
		t.Errorf("%s has only %d numeric values", c.Name, len(nums))
	}
}

// checkDescriptions: codebook.json's English meanings are the English
// catalogue's sentences (an observation's name aside), so the machine
// file and the English page say the same.
func checkDescriptions(t *testing.T, en *i18n.Localizer, cb *Codebook) {
	t.Helper()
	for _, c := range cb.Columns {
		want := MeaningText(en, cb.Level, c)
		if strings.HasPrefix(c.Name, SrcObsPrefix) {
			_, want, _ = strings.Cut(want, ":")
			_, got, _ := strings.Cut(c.Description, ":")
			if got != want || want == "" {
				t.Errorf("codebook.json explains %s as %q, codebook.html as %q", c.Name, got, want)
			}
			continue
		}
		if c.Description != want {
			t.Errorf("codebook.json explains %s as %q, codebook.html as %q", c.Name, c.Description, want)
		}
	}
}

var decimal = regexp.MustCompile(`^-?[0-9]{1,3}\.[0-9]+$`)

// checkGermanValue: a value of the codebook is shown in German words,
// recomputed here independently of ValueText for the kinds of values the
// synthetic packages hold.
func checkGermanValue(t *testing.T, de *i18n.Localizer, column, v, page string) {
	t.Helper()
	want := v
	switch {
	case v == "":
		want = de.T("researchwords.value.empty")
	case v == "*":
		want = de.T("researchwords.value.any")
	case column == SrcSex:
		want = de.T("labels.sex."+v) + " (" + v + ")"
	case column == SrcKind:
		want = de.T("labels.encounter."+v) + " (" + v + ")"
	case column == SrcDate:
		want = germanDates(v)
	case strings.HasPrefix(column, SrcObsPrefix) && decimal.MatchString(v):
		want = strings.Replace(v, ".", ",", 1)
	case strings.HasPrefix(column, SrcObsPrefix) && strings.Contains(v, ".."):
		from, to, _ := strings.Cut(v, "..")
		want = strings.Replace(from, ".", ",", 1) + " bis " + strings.Replace(to, ".", ",", 1)
	case strings.HasPrefix(column, SrcObsPrefix) && v == "none":
		want = "kein Wert (none)"
	}
	if !strings.Contains(page, "| "+want+" |") {
		t.Errorf("codebook.html shows %s value %q not as %q", column, v, want)
	}
}

var isoDay = regexp.MustCompile(`(\d{4})-(\d{2})-(\d{2})`)

// germanDates rewrites a value's days as Germans write them (a year
// stays); a Mondrian set's members are separated by semicolons.
func germanDates(v string) string {
	out := isoDay.ReplaceAllString(v, "$3.$2.$1")
	if strings.HasPrefix(v, "{") {
		out = strings.ReplaceAll(out, ",", "; ")
	}
	return out
}

func checkGermanReport(t *testing.T, de *i18n.Localizer, r *Report, page string) {
	t.Helper()
	for _, id := range []string{"research2.html.prosecutorMax", "research2.html.prosecutorAvg", "research2.html.journalistMax", "research2.html.marketer"} {
		if !strings.Contains(page, "| "+de.T(id)+" |") {
			t.Errorf("report.html lacks the risk row %q", de.T(id))
		}
	}
	for _, q := range r.Transformation {
		label := ColumnText(de, q.Column)
		if code, ok := strings.CutPrefix(q.Column, SrcObsPrefix); ok {
			label = de.T("research.loinc." + code)
		}
		if !strings.Contains(page, "| "+label+" ("+q.Column+") |") {
			t.Errorf("report.html does not name column %s as %q", q.Column, label+" ("+q.Column+")")
		}
	}
}

// studyNames are what a study's author typed (names, not the catalogue's
// words), the codes of its columns and the column names that are the
// same in both languages ("HbA1c (LOINC 4548-4)"): left out of the
// comparison.
func studyNames(pk *packaged, en, de *i18n.Localizer) []string {
	s := pk.res.Study
	names := []string{s.Name, s.Recipient.Org, s.Recipient.Contact, s.ID}
	for _, c := range s.Columns {
		if ColumnText(en, c.Name) == ColumnText(de, c.Name) {
			names = append(names, ColumnText(en, c.Name))
		}
		names = append(names, c.Name)
	}
	return names
}

var (
	letters  = regexp.MustCompile(`\pL{3,}`)
	segments = regexp.MustCompile(`\s*\|\s*|\n`)
)

// englishPhrases are the English page's texts longer than 12 characters
// with at least two words, cut at table cells and around names and codes.
func englishPhrases(page string, names []string) []string {
	for _, n := range names {
		if n != "" {
			page = wholeWord(n).ReplaceAllString(page, "\n")
		}
	}
	var out []string
	for _, seg := range segments.Split(page, -1) {
		seg = strings.TrimSpace(seg)
		if len(seg) > 12 && len(letters.FindAllString(seg, -1)) >= 2 {
			out = append(out, seg)
		}
	}
	return out
}

// wholeWord matches n where it is not part of a longer word ("age", not
// "page").
func wholeWord(n string) *regexp.Regexp {
	word := regexp.MustCompile(`^\w|\w$`)
	re := regexp.QuoteMeta(n)
	if word.MatchString(n[:1]) {
		re = `\b` + re
	}
	if word.MatchString(n[len(n)-1:]) {
		re += `\b`
	}
	return regexp.MustCompile(re)
}

// The attack models keep the names the re-identification literature uses
// in German too (Prosecutor, Journalist, Marketer; ARX's German documents
// alike): the report's rows, the desktop's result line, the charts and
// the command line's summary say them the same way, anonymize --html's
// risk rows read like the research report's, and no research, deid or
// command-line message translates them ("Ankläger").
func TestRiskTermsOneWording(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"en", "de"} {
		loc := cat.Localizer(lang)
		highest, average := loc.T("research2.html.prosecutorMax"), loc.T("research2.html.prosecutorAvg")
		if got := loc.T("research.result.risk"); got != highest {
			t.Errorf("%s: the desktop says %q, the report %q", lang, got, highest)
		}
		for _, id := range []string{"export.sum.risk", "researchwords.cli.riskEncounter"} {
			cli := strings.ToLower(loc.T(id, "Before", "1", "After", "2", "AvgBefore", "3", "AvgAfter", "4", "AfterRows", "5", "AvgAfterRows", "6"))
			for _, row := range []string{highest, average} {
				if !strings.Contains(cli, strings.ToLower(row)) {
					t.Errorf("%s: export run's risk line %q does not say the report's %q", lang, cli, row)
				}
			}
		}
		for deidID, researchID := range map[string]string{
			"deid.html.prosecutorMax": "research2.html.prosecutorMax", "deid.html.prosecutorAvg": "research2.html.prosecutorAvg",
			"deid.html.journalist": "research2.html.journalistMax", "deid.html.marketer": "research2.html.marketer",
		} {
			if got, want := loc.T(deidID), loc.T(researchID); got != want {
				t.Errorf("%s: anonymize --html's row %s = %q, the research report's %q", lang, deidID, got, want)
			}
		}
		for model, ids := range map[string][]string{
			"Prosecutor": {"research2.html.prosecutorMax", "research2.html.prosecutorAvg", "research.chart.prosecutorMax", "research.chart.prosecutorAvg", "research.result.risk", "deid.html.prosecutorMax", "deid.html.prosecutorAvg"},
			"Journalist": {"research2.html.journalistMax", "research.chart.journalistMax", "deid.html.journalist"},
			"Marketer":   {"research2.html.marketer", "research.chart.marketer", "deid.html.marketer"},
		} {
			for _, id := range ids {
				if !strings.HasPrefix(loc.T(id), model) {
					t.Errorf("%s: %s = %q does not start with the model's name %s", lang, id, loc.T(id), model)
				}
			}
		}
	}
	de := cat.Localizer("de")
	for _, id := range cat.IDs("de") {
		if !strings.HasPrefix(id, "research") && !strings.HasPrefix(id, "cli") && !strings.HasPrefix(id, "export.") && !strings.HasPrefix(id, "deid.") {
			continue
		}
		if m := strings.ToLower(de.T(id)); strings.Contains(m, "ankläger") || strings.Contains(m, "staatsanwalt") || strings.Contains(m, "vermarkter") {
			t.Errorf("%s translates an attack model: %q", id, de.T(id))
		}
	}
}

// Age groups, postcodes and bins read in number order, text after them;
// each list, rotated and reversed in part, sorts back to the same order.
func TestReadingOrder(t *testing.T) {
	for _, want := range [][]string{
		{"0-4", "5-9", "10-14", "95-99", "100-104", "*"},
		{"-9.0182..5.0118", "5.0290..7.0018", "7.0110..9.0376", "none"},
		{"01185", "02111", "10100", "*"},
		{"2", "10", "100", "", "*"},
	} {
		for i := range want {
			got := slices.Clone(want)
			got[0], got[i] = got[i], got[0]
			slices.Reverse(got[1:])
			slices.SortStableFunc(got, compareReading)
			if !slices.Equal(got, want) {
				t.Errorf("sorted %q, want %q", got, want)
			}
		}
	}
}

// ValueText words codes and numbers and leaves everything else as the
// data file has it.
func TestValueText(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	for _, c := range []struct {
		loc                 *i18n.Localizer
		column, value, want string
	}{
		{de, SrcSex, "female", de.T("labels.sex.female") + " (female)"},
		{en, SrcSex, "other", en.T("labels.sex.other") + " (other)"},
		{de, SrcSex, "x-new-code", "x-new-code"},
		{de, SrcSex, "{female,male}", "{" + de.T("labels.sex.female") + " (female); " + de.T("labels.sex.male") + " (male)}"},
		{de, SrcKind, "home-visit", de.T("labels.encounter.home-visit") + " (home-visit)"},
		{de, SrcAge, "{26,35,40}", "{26,35,40}"},
		{de, SrcAge, "25-29", "25-29"},
		{de, SrcDiagnosis, "E11.9", "E11.9"},
		{de, SrcPostcode, "10***", "10***"},
		{de, "obs:4548-4", "6.2", "6,2"},
		{en, "obs:4548-4", "6.2", "6.2"},
		{de, "obs:4548-4", "1234.5", "1.234,5"},
		{de, "obs:4548-4", "120", "120"},
		{de, "obs:4548-4", "-5.0140..7.25", "-5,0140 bis 7,25"},
		{en, "obs:4548-4", "5..7", "5 to 7"},
		{de, "obs:4548-4", "{6.2,7.1}", "{6,2; 7,1}"},
		{de, "obs:4548-4", "positive", "positive"},
		{de, "obs:4548-4", "0x1p-2", "0x1p-2"},
		{de, "obs:4548-4", "none", de.T("researchwords.value.none")},
		{de, SrcAge, "*", de.T("researchwords.value.any")},
		{de, SrcDate, "2023-05-23", "23.05.2023"},
		{en, SrcDate, "2023-05-23", "23 May 2023"},
		{de, SrcDate, "2023-05", "Mai 2023"},
		{en, SrcDate, "2023-12", "Dec 2023"},
		{de, SrcDate, "2023-Q2", "2. Quartal 2023"},
		{en, SrcDate, "2023-Q4", "Q4 2023"},
		{de, SrcDate, "2023-Q5", "2023-Q5"},
		{de, SrcDate, "2023", "2023"},
		{de, SrcDate, "{2023-05-23,2024-01-02}", "{23.05.2023; 02.01.2024}"},
		{de, SrcAge, "", de.T("researchwords.value.empty")},
	} {
		if got := ValueText(c.loc, c.column, c.value); got != c.want {
			t.Errorf("%s %s %q: %q, want %q", c.loc.Lang(), c.column, c.value, got, c.want)
		}
	}
}

// Columns are named in words; the code stands beside the word, once.
func TestColumnText(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	for name, want := range map[string]string{
		SrcAge: "Alter (age)", PseudonymColumn: de.T("researchwords.column.pseudonym") + " (pseudonym)",
		"obs:4548-4": "HbA1c (obs:4548-4)", "obs:99999-9": "Messwert (obs:99999-9)",
		"from_a_newer_version": "from_a_newer_version",
	} {
		if got := ColumnNamed(de, name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

// The desktop's risk line gives each figure once and, at encounter
// level, the risk after per row as well as per patient.
func TestHighestRiskText(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	r := &Report{Risk: ReportRisk{Before: deid.Risk{ProsecutorMax: 1}, After: deid.Risk{ProsecutorMax: 0.125}, AfterPatients: deid.Risk{ProsecutorMax: 0.333}}}
	for level, want := range map[string][]string{
		LevelEncounter: {"100,0 % vorher", "12,5 % " + de.T("research2.html.afterRows"), "33,3 % " + de.T("research2.html.afterPatients")},
		LevelPatient:   {"100,0 % vorher", "33,3 % nachher"},
	} {
		r.Study.Level = level
		got := HighestRiskText(de, r)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", level, got, w)
			}
		}
		if level == LevelPatient && strings.Contains(got, "12,5") {
			t.Errorf("patient level shows the row figure: %q", got)
		}
	}
}

// The desktop words its risk line through HighestRiskText and the
// command line names columns through ColumnNamed: neither words them
// itself.
func TestRiskAndColumnWordingHasOnePlace(t *testing.T) {
	for path, call := range map[string]string{"../ui/research": "HighestRiskText(", "../cmd/custodiactl": "ColumnNamed("} {
		calls := false
		walk(t, path, func(name, src string) {
			if strings.HasSuffix(name, "_test.go") {
				return
			}
			if strings.Contains(src, `"research.result.riskValue"`) {
				t.Errorf("%s words the risk line itself", name)
			}
			calls = calls || strings.Contains(src, call)
		})
		if !calls {
			t.Errorf("%s does not call research.%s", path, call)
		}
	}
}
