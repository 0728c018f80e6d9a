package consent

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"
)

// ReceiptVersion is the Kantara Consent Receipt specification version written.
const ReceiptVersion = "KI-CR-v1.1.0"

// ReceiptAddress is the postal address of a PII controller.
type ReceiptAddress struct {
	StreetAddress  string `json:"streetAddress"`
	AddressCountry string `json:"addressCountry"`
}

// PIIController is a controller entry of a receipt.
type PIIController struct {
	PIIController    string         `json:"piiController"`
	OnBehalf         bool           `json:"onBehalf"`
	Contact          string         `json:"contact"`
	Address          ReceiptAddress `json:"address"`
	Email            string         `json:"email"`
	Phone            string         `json:"phone"`
	PIIControllerURL string         `json:"piiControllerUrl,omitempty"`
}

// ReceiptPurpose is one purpose of a receipt service.
type ReceiptPurpose struct {
	Purpose              string   `json:"purpose"`
	PurposeCategory      []string `json:"purposeCategory"`
	ConsentType          string   `json:"consentType"`
	PIICategory          []string `json:"piiCategory"`
	PrimaryPurpose       bool     `json:"primaryPurpose"`
	Termination          string   `json:"termination"`
	ThirdPartyDisclosure bool     `json:"thirdPartyDisclosure"`
	ThirdPartyName       string   `json:"thirdPartyName,omitempty"`
}

// ReceiptService groups purposes under the service the patient uses.
type ReceiptService struct {
	Service  string           `json:"service"`
	Purposes []ReceiptPurpose `json:"purposes"`
}

// Receipt is a Kantara Initiative Consent Receipt v1.1.
type Receipt struct {
	Version          string           `json:"version"`
	Jurisdiction     string           `json:"jurisdiction"`
	ConsentTimestamp int64            `json:"consentTimestamp"`
	CollectionMethod string           `json:"collectionMethod"`
	ConsentReceiptID string           `json:"consentReceiptID"`
	PublicKey        string           `json:"publicKey,omitempty"`
	Language         string           `json:"language"`
	PIIPrincipalID   string           `json:"piiPrincipalId"`
	PIIControllers   []PIIController  `json:"piiControllers"`
	PolicyURL        string           `json:"policyUrl"`
	Services         []ReceiptService `json:"services"`
	Sensitive        bool             `json:"sensitive"`
	SPICat           []string         `json:"spiCat"`

	// evidence and shares are shown on the printable page, not in the JSON.
	evidence []receiptEvidence
	shares   []receiptShare
}

type receiptEvidence struct {
	EventID, Purpose, TextRef, TextSHA256, Representative string
}

// ReceiptInput is what a receipt is made from: the grants (or renewals)
// one patient gave at one sitting.
type ReceiptInput struct {
	Controller   Controller
	Jurisdiction string // e.g. "DE"
	PolicyURL    string
	Language     string // language of the receipt (the consent texts')
	Service      string // e.g. "Care at Synthetic Practice"
	Events       []Event
	PublicKey    string // optional signing key
	// Ledger is the patient's whole ledger (optional but expected): no
	// receipt is issued for an erased patient (*ErasedError).
	Ledger []Event
}

var collectionMethods = map[Method]string{
	MethodPaper:    "signed paper form at the practice",
	MethodScreen:   "on screen at the practice",
	MethodVerbal:   "verbally, recorded by practice staff",
	MethodImported: "imported from another system",
}

// NewReceipt builds the receipt. The PII principal is the patient id (the
// receipt carries no name). It returns ErrInvalid unless every event is a
// grant or renewal of the same patient known to the catalogue.
func NewReceipt(cat *Catalogue, in ReceiptInput) (Receipt, error) {
	if err := in.validate(cat); err != nil {
		return Receipt{}, err
	}
	first := in.Events[0]
	if err := CheckNotErased(in.Ledger, first.PatientID); err != nil {
		return Receipt{}, err
	}
	r := Receipt{Version: ReceiptVersion, Jurisdiction: in.Jurisdiction, CollectionMethod: collectionMethods[first.Method],
		ConsentReceiptID: NewID(), PublicKey: in.PublicKey, Language: in.Language, PIIPrincipalID: first.PatientID,
		PolicyURL: in.PolicyURL, SPICat: []string{}}
	c := in.Controller
	r.PIIControllers = []PIIController{{PIIController: c.Name, Contact: c.DPOContact, Email: c.Email, Phone: c.Phone,
		PIIControllerURL: c.URL, Address: ReceiptAddress{StreetAddress: c.Address, AddressCountry: c.Country}}}
	svc := ReceiptService{Service: in.Service}
	latest := first.Time
	for _, e := range in.Events {
		p, _ := cat.Purpose(e.PurposeID)
		rp, shares := receiptPurpose(e, p)
		svc.Purposes = append(svc.Purposes, rp)
		r.shares = append(r.shares, shares...)
		r.addSensitive(rp.PIICategory)
		r.evidence = append(r.evidence, evidenceOf(e, p))
		if e.Time.After(latest) {
			latest = e.Time
		}
	}
	r.ConsentTimestamp = latest.Unix()
	r.Services = []ReceiptService{svc}
	slices.Sort(r.SPICat)
	return r, nil
}

func (in ReceiptInput) validate(cat *Catalogue) error {
	var v fields
	if len(in.Events) == 0 {
		v.add("events", "at least one grant")
	}
	for i, e := range in.Events {
		f := fmt.Sprintf("events[%d]", i)
		if e.Type != Granted && e.Type != Renewed {
			v.add(f+".type", "receipts are issued for grants and renewals")
		}
		if e.PatientID != in.Events[0].PatientID {
			v.add(f+".patientId", "one receipt covers one patient")
		}
		if _, ok := cat.Purpose(e.PurposeID); !ok {
			v.add(f+".purposeId", "unknown purpose %q", e.PurposeID)
		}
	}
	if strings.TrimSpace(in.Controller.Name) == "" {
		v.rule("controller.name", RuleRequired)
	}
	if !langPattern.MatchString(in.Language) {
		v.rule("language", RuleLanguageTag)
	}
	if in.Jurisdiction == "" {
		v.rule("jurisdiction", RuleRequired)
	}
	if in.PolicyURL == "" {
		v.rule("policyUrl", RuleRequired)
	}
	return v.err()
}

// receiptPurpose lists what the grant really covers (ScopeOf): the
// categories the practice may use (deny exceptions for everyone removed)
// and the recipients that may receive at least one category.
func receiptPurpose(e Event, p Purpose) (ReceiptPurpose, []receiptShare) {
	sc := ScopeOf(e, p)
	rp := ReceiptPurpose{Purpose: p.Name, PurposeCategory: []string{string(p.Kind)}, ConsentType: "EXPLICIT",
		PIICategory: slices.Clone(sc.Categories), PrimaryPurpose: p.Kind == KindTreatment, Termination: termination(e, p)}
	if rp.PIICategory == nil {
		rp.PIICategory = []string{}
	}
	var names []string
	var shares []receiptShare
	for _, id := range sc.Recipients(p) {
		r, _ := p.Recipient(id)
		names = append(names, r.Name)
		shares = append(shares, receiptShare{Purpose: p.Name, Recipient: r.Name, Country: r.Country, Safeguard: transferSafeguard(r),
			Categories: CategoryLabels(sc.Shared[id]), share: shareCodes(p, r, sc.Shared[id])})
	}
	rp.ThirdPartyDisclosure, rp.ThirdPartyName = len(names) > 0, strings.Join(names, ", ")
	return rp, shares
}

// receiptShare is one recipient on the printable page: what it may receive.
type receiptShare struct {
	Purpose, Recipient, Country, Safeguard string
	Categories                             []string
	share                                  ReceiptShare
}

// transferSafeguard describes a third-country transfer, "" inside the EEA.
func transferSafeguard(r Recipient) string {
	if !r.ThirdCountry() {
		return ""
	}
	return "transfer to " + r.Country + " (outside the EEA) under " + r.Safeguard
}

func termination(e Event, p Purpose) string {
	until := e.ValidUntil
	if until.IsZero() && p.ValidityMonths > 0 {
		until = AddMonthsClamped(e.Time, p.ValidityMonths)
	}
	if until.IsZero() {
		return "until withdrawn; withdrawal is possible at any time with effect for the future"
	}
	return "until " + until.Format(time.DateOnly) + " or earlier withdrawal, possible at any time with effect for the future"
}

// addSensitive adds the special categories the purpose really covers.
func (r *Receipt) addSensitive(cats []string) {
	for _, c := range cats {
		if SpecialCategory(c) && !slices.Contains(r.SPICat, c) {
			r.SPICat = append(r.SPICat, c)
			r.Sensitive = true
		}
	}
}

func evidenceOf(e Event, p Purpose) receiptEvidence {
	ev := receiptEvidence{EventID: e.ID, Purpose: p.Name, TextSHA256: e.TextSHA256}
	if e.TextVersion > 0 {
		ev.TextRef = fmt.Sprintf("%s, %s, version %d", p.ID, e.TextLanguage, e.TextVersion)
	}
	if e.Representative != nil {
		ev.Representative = e.Representative.Relation
	}
	return ev
}

// WriteHTML renders the receipt as a printable page (html/template: every
// value is escaped).
func (r Receipt) WriteHTML(w io.Writer) error {
	return receiptTmpl.Execute(w, struct {
		R        Receipt
		Time     string
		Evidence []receiptEvidence
		Shares   []receiptShare
	}{r, time.Unix(r.ConsentTimestamp, 0).UTC().Format("2006-01-02 15:04 UTC"), r.evidence, r.shares})
}

var receiptTmpl = template.Must(template.New("receipt").Funcs(template.FuncMap{"join": strings.Join, "labels": CategoryLabels}).Parse(`<!DOCTYPE html>
<html lang="{{.R.Language}}"><head><meta charset="utf-8"><title>Consent receipt {{.R.ConsentReceiptID}}</title>
<style>` + printCSS + `</style></head><body>
<h1>Consent receipt</h1>
<table class="meta">
<tr><th>Receipt</th><td>{{.R.ConsentReceiptID}}</td></tr>
<tr><th>Given</th><td>{{.Time}}, {{.R.CollectionMethod}}</td></tr>
<tr><th>Patient id</th><td>{{.R.PIIPrincipalID}}</td></tr>
{{range .R.PIIControllers}}<tr><th>Controller</th><td>{{.PIIController}}, {{.Address.StreetAddress}}, {{.Address.AddressCountry}}<br>{{.Email}} · {{.Phone}}<br>Data protection officer: {{.Contact}}</td></tr>{{end}}
<tr><th>Jurisdiction</th><td>{{.R.Jurisdiction}}</td></tr>
<tr><th>Privacy policy</th><td>{{.R.PolicyURL}}</td></tr>
</table>
{{range .R.Services}}<h2>{{.Service}}</h2>
<table><thead><tr><th>Purpose</th><th>Data</th><th>Shared with</th><th>Valid</th></tr></thead><tbody>
{{range .Purposes}}<tr><td>{{.Purpose}}</td><td>{{join (labels .PIICategory) ", "}}</td><td>{{if .ThirdPartyDisclosure}}{{.ThirdPartyName}}{{else}}nobody outside the practice{{end}}</td><td>{{.Termination}}</td></tr>
{{end}}</tbody></table>{{end}}
{{if .Shares}}<h2>What each recipient may receive</h2>
<table><thead><tr><th>Purpose</th><th>Recipient</th><th>Data shared</th><th>Transfer</th></tr></thead><tbody>
{{range .Shares}}<tr><td>{{.Purpose}}</td><td>{{.Recipient}}</td><td>{{join .Categories ", "}}</td><td>{{if .Safeguard}}{{.Safeguard}}{{else}}within the EEA{{end}}</td></tr>
{{end}}</tbody></table>{{end}}
{{if .R.Sensitive}}<p>This consent covers health data (GDPR Art. 9): {{join (labels .R.SPICat) ", "}}.</p>{{end}}
<h2>Evidence</h2>
<table><thead><tr><th>Record</th><th>Purpose</th><th>Text shown</th><th>Text SHA-256</th><th>Given by</th></tr></thead><tbody>
{{range .Evidence}}<tr><td>{{.EventID}}</td><td>{{.Purpose}}</td><td>{{.TextRef}}</td><td class="seal"><code>{{.TextSHA256}}</code></td><td>{{if .Representative}}representative ({{.Representative}}){{else}}the patient{{end}}</td></tr>
{{end}}</tbody></table>
<p>You can withdraw any of these consents at any time, at the front desk, by letter or by e-mail, as easily as you gave it. Withdrawal does not affect your treatment or the lawfulness of processing before it.</p>
</body></html>
`))
