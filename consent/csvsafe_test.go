package consent

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// CSV the consent package writes neutralises formula-like cells.
func TestCSVCellsNeutralised(t *testing.T) {
	r := ROPA{Controller: Controller{Name: "=HYPERLINK(\"x\")", DPOContact: "@dpo"},
		Rows: []ROPARow{{PurposeID: "care", Purpose: "+Care", Basis: "-b"}}}
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"'=HYPERLINK(""x"")"`, "'@dpo", "'+Care", "'-b"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("ROPA CSV lacks %s", want)
		}
	}
	a := AccessReport{Disclosures: []Disclosure{{ID: "d1", Recipient: "-r", PurposeID: "care", At: time.Unix(0, 0)}}}
	b.Reset()
	if err := a.WriteDisclosuresCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ",'-r,") {
		t.Errorf("disclosures CSV not neutralised: %q", b.String())
	}
}
