package app

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"custodia/deid"
	"custodia/i18n"
)

// readDeidReport reads one of the engine's golden JSON reports: the
// machine format the words are made from.
func readDeidReport(t *testing.T, name string) *deid.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "deid", name))
	if err != nil {
		t.Fatal(err)
	}
	var r deid.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	r.Output = &deid.ReportOutput{File: "out.csv", Format: deid.FormatCSV, Records: r.Released}
	return &r
}

// The text summary speaks the reader's language: German labels and
// numbers in German format, recomputed here from the report's fields,
// and none of the English row labels.
func TestDeidReportTextGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	for _, name := range []string{"report_optimal.json", "report_mondrian.json"} {
		rep := readDeidReport(t, name)
		rep.Records, rep.Released, rep.Suppressed, rep.SuppressedPct = 30162, 30140, 22, 100*22.0/30162
		rep.Output.Records = rep.Released
		got := DeidReportText(de, rep, nil, "/tmp/out.csv")
		for _, want := range []string{
			"Anonymisierungsbericht (", "Datensätze:", "30.162 eingelesen, 30.140 freigegeben, 22 unterdrückt (0,07 %, Grenze " + de.Percent(rep.Configuration.SuppressionLimit, 2) + ")",
			"Risiko vorher:", "Prosecutor-Risiko höchstens " + de.Float(rep.Risk.Before.ProsecutorMax, 4),
			"Ausgabe:", "/tmp/out.csv (30.140 Datensätze, CSV)", "Präzision " + de.Float(rep.Metrics.Precision, 4),
		} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: German summary lacks %q:\n%s", name, want, got)
			}
		}
		for _, english := range []string{"records:", "in,", "released", "risk before", "prosecutor", "output:", "metrics:", "loss domain", "⟦"} {
			if strings.Contains(got, english) {
				t.Errorf("%s: German summary holds %q:\n%s", name, english, got)
			}
		}
		if e := DeidReportText(en, rep, nil, ""); !strings.HasPrefix(e, "De-identification report (") || !strings.Contains(e, "30,162 in, 30,140 released, 22 suppressed (0.07 %") {
			t.Errorf("English summary:\n%s", e)
		}
	}
}

// Every line after the title is "label: value" with the values aligned,
// in both languages.
func TestDeidReportTextAligned(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range i18n.Languages() {
		lines := strings.Split(strings.TrimSuffix(DeidReportText(cat.Localizer(lang), readDeidReport(t, "report_optimal.json"), nil, ""), "\n"), "\n")
		col := -1
		for _, l := range lines[1:] {
			label, value, ok := strings.Cut(l, ": ")
			if !ok {
				t.Fatalf("%s: line %q has no label", lang, l)
			}
			at := len([]rune(label)) + 2 + len([]rune(value)) - len([]rune(strings.TrimLeft(value, " ")))
			if col >= 0 && at != col {
				t.Errorf("%s: %q starts its value at %d, others at %d", lang, l, at, col)
			}
			col = at
		}
	}
}

// The typed models are worded; a report without models says it is still
// personal data.
func TestDeidModelsText(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	models := []deid.Model{deid.KAnonymity{K: 5}, deid.DistinctLDiversity{Attribute: "dx", L: 2},
		deid.EntropyLDiversity{Attribute: "dx", L: 1.5}, deid.RecursiveCLDiversity{Attribute: "dx", C: 3, L: 2},
		deid.TCloseness{Attribute: "dx", T: 0.2, Distance: deid.OrderedDistance}, deid.AverageRisk{Threshold: 0.05}}
	rep := &deid.Report{}
	for _, m := range models {
		rep.Models = append(rep.Models, m.String())
	}
	got := DeidModelsText(de, rep, models)
	want := "5-Anonymität, distinkte 2-Diversität von dx, Entropie-1,5-Diversität von dx, rekursive (3; 2)-Diversität von dx, " +
		"0,2-Closeness von dx (geordnete Abstände), mittleres Re-Identifikationsrisiko höchstens 0,05"
	if got != want {
		t.Errorf("models:\n got %q\nwant %q", got, want)
	}
	if got := DeidModelsText(de, rep, nil); got != strings.Join(rep.Models, ", ") {
		t.Errorf("without typed models: %q", got)
	}
	if got := DeidModelsText(de, &deid.Report{}, nil); !strings.Contains(got, "personenbezogene Daten") {
		t.Errorf("no models: %q", got)
	}
}

// The page is in the reader's language, escapes every value and shows no
// missing message.
func TestDeidReportHTML(t *testing.T) {
	cat := i18n.MustLoad()
	rep := readDeidReport(t, "report_mondrian.json")
	rep.Configuration.QuasiIdentifiers = append(rep.Configuration.QuasiIdentifiers, "<script>alert(1)</script>")
	for lang, want := range map[string][]string{
		"de": {`<html lang="de">`, "Anonymisierungsbericht", "Re-Identifikationsrisiko", "Lokale Rekodierung", ">" + cat.Localizer("de").Int(rep.Records) + "<"},
		"en": {`<html lang="en">`, "De-identification report", "Re-identification risk", "Local recoding"},
	} {
		var b bytes.Buffer
		if err := WriteDeidReportHTML(cat.Localizer(lang), &b, rep, nil); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: page lacks %q", lang, w)
			}
		}
		if strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;") || strings.Contains(page, "⟦") {
			t.Errorf("%s: page not escaped or with a missing message", lang)
		}
		if lang == "de" && (strings.Contains(page, "Re-identification") || strings.Contains(page, "Suppressed")) {
			t.Errorf("German page holds English headings")
		}
	}
}

var updateDeidGolden = flag.Bool("update-deid", false, "rewrite the worded report goldens in testdata/deid")

// The worded reports of the engine's golden runs, in both languages, are
// kept as goldens (testdata/deid/report_*.{en,de}.{txt,html}): a change
// of words or number format shows as a diff to review (go test ./app/
// -run TestDeidReportGoldens -update-deid).
func TestDeidReportGoldens(t *testing.T) {
	cat := i18n.MustLoad()
	for _, name := range []string{"optimal", "mondrian"} {
		rep := readDeidReport(t, "report_"+name+".json")
		models := []deid.Model{deid.KAnonymity{K: 3}, deid.DistinctLDiversity{Attribute: "diagnosis", L: 2}}
		for _, lang := range i18n.Languages() {
			loc := cat.Localizer(lang)
			var page bytes.Buffer
			if err := WriteDeidReportHTML(loc, &page, rep, models); err != nil {
				t.Fatal(err)
			}
			for ext, got := range map[string][]byte{"txt": []byte(DeidReportText(loc, rep, models, "")), "html": page.Bytes()} {
				path := filepath.Join("..", "testdata", "deid", "report_"+name+"."+lang+"."+ext)
				if *updateDeidGolden {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test ./app/ -run TestDeidReportGoldens -update-deid)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from its golden:\n%s", filepath.Base(path), got)
				}
			}
		}
	}
}
