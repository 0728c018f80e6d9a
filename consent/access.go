package consent

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"custodia/internal/csvsafe"
)

// AccessPurpose is one purpose in an access report (Art. 15(1)(a)-(d)).
type AccessPurpose struct {
	PurposeID  string   `json:"purposeId"`
	Name       string   `json:"name"`
	Basis      string   `json:"basis"`
	Categories []string `json:"categories"`
	Recipients []string `json:"recipients"`
	Retention  []string `json:"retention"`
	// Consent is the patient's consent state for consent-based purposes:
	// "active", "withdrawn", "expired", "superseded", "refused" or "none".
	Consent string `json:"consent,omitempty"`
}

// RecordSection is a titled block of the patient's record the vault adds
// (identity, clinical notes...). It is personal data.
type RecordSection struct {
	Title string      `json:"title"`
	Rows  [][2]string `json:"rows"`
}

// AccessRequestSummary lists a request in the report.
type AccessRequestSummary struct {
	ID         string      `json:"id"`
	Type       RequestType `json:"type"`
	State      State       `json:"state"`
	ReceivedAt time.Time   `json:"receivedAt"`
	ClosedAt   time.Time   `json:"closedAt,omitzero"`
}

// AccessReport answers an access (Art. 15) or portability (Art. 20)
// request: the purposes, bases, recipients and retention periods, the
// consent history, the disclosures, the requests, the rights, and the
// record sections the vault supplies. The whole report is personal data;
// the vault encrypts it for delivery.
type AccessReport struct {
	SubjectID   string                 `json:"subjectId"`
	RequestID   string                 `json:"requestId"`
	GeneratedAt time.Time              `json:"generatedAt"`
	Controller  Controller             `json:"controller"`
	Purposes    []AccessPurpose        `json:"purposes"`
	Consents    []GrantStatus          `json:"consents"`
	Events      []Event                `json:"consentEvents"`
	Disclosures []Disclosure           `json:"disclosures"`
	Requests    []AccessRequestSummary `json:"requests"`
	Rights      []string               `json:"rights"`
	Sections    []RecordSection        `json:"sections,omitempty"`
}

// AccessInput is what BuildAccessReport reads.
type AccessInput struct {
	Request     Request
	Controller  Controller
	Index       *Index
	Events      []Event // the subject's ledger (others are ignored)
	Disclosures []Disclosure
	Requests    []Request
	Rules       []RetentionRule
	Sections    []RecordSection
}

// BuildAccessReport assembles the report for an access, portability or
// HIPAA access request at now. It returns ErrInvalid for other request types.
func BuildAccessReport(in AccessInput, now time.Time) (AccessReport, error) {
	r := in.Request
	if r.Type != ReqAccess && r.Type != ReqPortability && r.Type != ReqHIPAAAccess {
		return AccessReport{}, fmt.Errorf("request %s is %s, not an access request: %w", r.ID, r.Type, ErrInvalid)
	}
	a := AccessReport{SubjectID: r.SubjectID, RequestID: r.ID, GeneratedAt: now, Controller: in.Controller,
		Consents: in.Index.Status(r.SubjectID, now), Rights: rights(), Sections: in.Sections}
	for _, e := range in.Events {
		if e.PatientID == r.SubjectID {
			a.Events = append(a.Events, e)
		}
	}
	for _, d := range in.Disclosures {
		if d.PatientID == r.SubjectID {
			a.Disclosures = append(a.Disclosures, d)
		}
	}
	for _, q := range in.Requests {
		if q.SubjectID == r.SubjectID {
			a.Requests = append(a.Requests, AccessRequestSummary{ID: q.ID, Type: q.Type, State: q.State, ReceivedAt: q.ReceivedAt, ClosedAt: q.ClosedAt})
		}
	}
	for _, p := range in.Index.cat.Purposes() {
		a.Purposes = append(a.Purposes, accessPurpose(p, in.Rules, a.Consents, a.Events))
	}
	return a, nil
}

func accessPurpose(p Purpose, rules []RetentionRule, consents []GrantStatus, events []Event) AccessPurpose {
	row := ropaRow(p, rules)
	ap := AccessPurpose{PurposeID: p.ID, Name: p.Name, Basis: p.Basis(), Categories: p.DataCategories,
		Recipients: row.Recipients, Retention: row.Retention}
	if !p.ConsentRequired {
		return ap
	}
	ap.Consent = "none"
	for _, c := range consents {
		if c.PurposeID == p.ID {
			ap.Consent = c.Status // the latest grant wins (Status is oldest first)
		}
	}
	if ap.Consent == "none" && slices.ContainsFunc(events, func(e Event) bool { return e.PurposeID == p.ID && e.Type == Refused }) {
		ap.Consent = "refused"
	}
	return ap
}

func rights() []string {
	return []string{
		"rectification of inaccurate data (GDPR Art. 16)",
		"erasure, within the limits of Art. 17(3) (GDPR Art. 17)",
		"restriction of processing (GDPR Art. 18)",
		"data portability (GDPR Art. 20)",
		"objection to processing (GDPR Art. 21)",
		"withdrawal of consent at any time, with effect for the future (GDPR Art. 7(3))",
		"complaint to a supervisory authority (GDPR Art. 77)",
	}
}

// JSON renders the machine-readable report.
func (a AccessReport) JSON() ([]byte, error) { return json.MarshalIndent(a, "", "  ") }

// WriteDisclosuresCSV writes the disclosures as CSV (recipient, purpose,
// categories, time).
func (a AccessReport) WriteDisclosuresCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"disclosure_id", "recipient", "purpose_id", "categories", "at"}); err != nil {
		return err
	}
	for _, d := range a.Disclosures {
		if err := cw.Write(csvsafe.Row([]string{d.ID, d.Recipient, d.PurposeID, strings.Join(d.Categories, "; "), d.At.UTC().Format(time.RFC3339)})); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteHTML renders the human-readable report (escaped, printable).
func (a AccessReport) WriteHTML(w io.Writer) error { return accessTmpl.Execute(w, a) }

var accessTmpl = template.Must(template.New("access").Funcs(template.FuncMap{
	"join": strings.Join,
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	},
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Your data at {{.Controller.Name}}</title>
<style>` + printCSS + `</style></head><body>
<h1>Information about your data (GDPR Art. 15)</h1>
<table class="meta">
<tr><th>Controller</th><td>{{.Controller.Name}}, {{.Controller.Address}}</td></tr>
<tr><th>Data protection officer</th><td>{{.Controller.DPOContact}}</td></tr>
<tr><th>Patient id</th><td>{{.SubjectID}}</td></tr>
<tr><th>Request</th><td>{{.RequestID}}, answered {{date .GeneratedAt}}</td></tr>
</table>
<h2>Why we process your data</h2>
<table><thead><tr><th>Purpose</th><th>Lawful basis</th><th>Data</th><th>Recipients</th><th>Kept for</th><th>Your consent</th></tr></thead><tbody>
{{range .Purposes}}<tr><td>{{.Name}}</td><td>{{.Basis}}</td><td>{{join .Categories ", "}}</td><td>{{join .Recipients "; "}}</td><td>{{join .Retention "; "}}</td><td>{{if .Consent}}{{.Consent}}{{else}}not needed{{end}}</td></tr>
{{end}}</tbody></table>
<h2>Your consents</h2>
<table><thead><tr><th>Record</th><th>Purpose</th><th>Since</th><th>Valid until</th><th>State</th></tr></thead><tbody>
{{range .Consents}}<tr><td>{{.GrantID}}</td><td>{{.PurposeID}}</td><td>{{date .Since}}</td><td>{{date .ValidUntil}}</td><td>{{.Status}}</td></tr>
{{else}}<tr><td colspan="5">none recorded</td></tr>{{end}}</tbody></table>
<h2>Who received your data</h2>
<table><thead><tr><th>Recipient</th><th>Purpose</th><th>Data</th><th>When</th></tr></thead><tbody>
{{range .Disclosures}}<tr><td>{{.Recipient}}</td><td>{{.PurposeID}}</td><td>{{join .Categories ", "}}</td><td>{{date .At}}</td></tr>
{{else}}<tr><td colspan="4">no disclosures recorded</td></tr>{{end}}</tbody></table>
<h2>Your requests</h2>
<ul>{{range .Requests}}<li>{{.Type}} received {{date .ReceivedAt}}: {{.State}}{{if not .ClosedAt.IsZero}} ({{date .ClosedAt}}){{end}}</li>{{end}}</ul>
{{range .Sections}}<h2>{{.Title}}</h2><table><tbody>{{range .Rows}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}</tbody></table>{{end}}
<h2>Your rights</h2>
<ul>{{range .Rights}}<li>{{.}}</li>{{end}}</ul>
</body></html>
`))
