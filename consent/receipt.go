package consent

import (
	"fmt"
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
