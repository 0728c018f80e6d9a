package vault

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"filippo.io/age"

	"custodia/consent"
)

// TestAccessPackageArt15Items: the package has the consultation log from
// the audit trail (who by name and role, when, what; no user ids), the
// source, the automated-decision statement and the patient's own
// recipients; a portability request gets the Art. 20 subset under its own
// title with lowerCamelCase keys only.
func TestAccessPackageArt15Items(t *testing.T) {
	f := newDSRFixture(t)
	f.grantStudy(t, "ev-1")
	clin := userSession(t, f.v, f.admin, "dr-synthetic", RoleClinician)
	_, err := clin.GetPatient(f.p.ID)
	must(t, err)
	r := f.request(t, f.admin, consent.ReqAccess, true)
	id, err := age.GenerateX25519Identity()
	must(t, err)
	pages := readerPages()
	var buf bytes.Buffer
	must(t, f.admin.AccessPackage(f.p.ID, r.ID, &buf, AccessRecipient{X25519: id.Recipient().String(), Pages: pages}))
	files := openPackage(t, buf.Bytes(), id)
	var report consent.AccessReport
	must(t, json.Unmarshal(files[AccessFileJSON], &report))
	checkKeyStyle(t, files[AccessFileJSON])
	found := false
	for _, c := range report.Consultations {
		if c.By == clin.User().ID || c.By == f.admin.User().ID {
			t.Errorf("consultation names a user id: %+v", c)
		}
		if c.By == "dr-synthetic" && c.Role == "clinician" && c.Action == "viewed the record" && !c.At.IsZero() {
			found = true
		}
	}
	if !found {
		t.Errorf("the clinician's read is not in the consultation log: %+v", report.Consultations)
	}
	if report.AutomatedDecisionMaking == "" || len(report.Sources) == 0 || report.Title != "Information about your data (GDPR Art. 15)" {
		t.Errorf("Art. 15 items: %q %v %q", report.AutomatedDecisionMaking, report.Sources, report.Title)
	}
	for _, p := range report.Purposes {
		if p.PurposeID == dsrStudy.ID && (len(p.RecipientIDs) != 1 || p.RecipientIDs[0] != "institute") {
			t.Errorf("study recipients %v", p.RecipientIDs)
		}
	}
	page := string(files[AccessFileHTML])
	for _, want := range []string{"dr-synthetic", pages.Loc.T("accesspdf.sources"), pages.Loc.T("accesspdf.automated"), pages.Loc.T("accesspdf.transfers")} {
		if !strings.Contains(page, html.EscapeString(want)) {
			t.Errorf("page lacks %q", want)
		}
	}

	pr := f.request(t, f.admin, consent.ReqPortability, true)
	buf.Reset()
	must(t, f.admin.AccessPackage(f.p.ID, pr.ID, &buf, AccessRecipient{X25519: id.Recipient().String(), Pages: pages}))
	files = openPackage(t, buf.Bytes(), id)
	if _, ok := files[AccessFileJSON]; ok || len(files) != 3 {
		t.Fatalf("portability package files: %d", len(files))
	}
	var data consent.PortableData
	must(t, json.Unmarshal(files[PortabilityFileJSON], &data))
	heading := func(id string) string { return "<h1>" + html.EscapeString(pages.Loc.T(id)) + "</h1>" }
	if data.Title != "Your data in a portable format (GDPR Art. 20)" || !strings.Contains(string(files[PortabilityFileHTML]), heading("accesspdf.title.portability")) ||
		strings.Contains(string(files[PortabilityFileHTML]), heading("accesspdf.title")) {
		t.Errorf("portability title %q", data.Title)
	}
	if len(data.Consents) != 1 || !sectionValues([]consent.RecordSection{{Rows: rowsOf(data)}})[f.p.FamilyName] ||
		sectionValues([]consent.RecordSection{{Rows: rowsOf(data)}})[f.p.Diagnosis] {
		t.Errorf("portable data: %d consents, %d fields", len(data.Consents), len(data.Record))
	}
	checkKeyStyle(t, files[PortabilityFileJSON])
}

func rowsOf(d consent.PortableData) [][2]string {
	var out [][2]string
	for _, f := range d.Record {
		out = append(out, [2]string{f.Field, f.Value})
	}
	return out
}

var camel = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)

// checkKeyStyle walks the JSON and fails on any key that is not lowerCamelCase.
func checkKeyStyle(t *testing.T, data []byte) {
	t.Helper()
	var v any
	must(t, json.Unmarshal(data, &v))
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if !camel.MatchString(k) {
					t.Errorf("key %s.%s is not lowerCamelCase", path, k)
				}
				walk(path+"."+k, x)
			}
		case []any:
			for _, x := range v {
				walk(path+"[]", x)
			}
		}
	}
	walk("$", v)
}
