package consent

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Disclosure records that a patient's data went to a recipient: a referral,
// a claim, a research export. Art. 19 notifications are computed from it.
type Disclosure struct {
	ID         string    `json:"id"`
	PatientID  string    `json:"patientId"`
	Recipient  string    `json:"recipient"` // recipient id, or "research:<study>" for exports
	PurposeID  string    `json:"purposeId"`
	Categories []string  `json:"categories"`
	At         time.Time `json:"at"`
	// ExportID links a research export (its report) when the disclosure is one.
	ExportID   string `json:"exportId,omitempty"`
	RecordedBy string `json:"recordedBy"`
}

// Validate checks a disclosure's fields.
func (d Disclosure) Validate() error {
	var v fields
	if !ValidID(d.ID) {
		v.rule("id", RuleNotAnID)
	}
	if !ValidID(d.PatientID) {
		v.rule("patientId", RuleNotAnID)
	}
	if !purposeIDPattern.MatchString(d.Recipient) && !codePattern.MatchString(d.Recipient) {
		v.rule("recipient", RuleCode)
	}
	if !purposeIDPattern.MatchString(d.PurposeID) {
		v.rule("purposeId", RuleNotAnID)
	}
	if len(d.Categories) == 0 {
		v.rule("categories", RuleCategoryNeeded)
	}
	for i, c := range d.Categories {
		if !KnownCategory(c) {
			v.rule(fmt.Sprintf("categories[%d]", i), RuleUnknownCode, c)
		}
	}
	if d.At.IsZero() {
		v.rule("at", RuleRequired)
	}
	if !ValidID(d.RecordedBy) {
		v.rule("recordedBy", RuleNotAnID)
	}
	return v.err()
}

// Notification is one recipient to tell about a rectification, erasure or
// restriction (GDPR Art. 19).
type Notification struct {
	Recipient string
	// Name is the recipient as people read it, when the caller knows it
	// (a research study's organisation and contact); "" shows Recipient.
	Name           string
	Categories     []string // categories disclosed to it that the request concerns
	FirstDisclosed time.Time
	LastDisclosed  time.Time
	DisclosureIDs  []string
}

// RecipientsToNotify lists, per recipient, the disclosures of the request's
// subject made before the request was closed (or at any time while it is
// open) that overlap its categories (all when the request names none).
// Research exports count as disclosures. It returns ErrInvalid for request
// types Art. 19 does not cover.
func RecipientsToNotify(r Request, ds []Disclosure) ([]Notification, error) {
	if r.Type != ReqRectification && r.Type != ReqErasure && r.Type != ReqRestriction {
		return nil, fmt.Errorf("request %s: Art. 19 covers rectification, erasure and restriction, not %s: %w", r.ID, r.Type, ErrInvalid)
	}
	byRecipient := map[string]*Notification{}
	for _, d := range ds {
		if d.PatientID != r.SubjectID || (!r.ClosedAt.IsZero() && d.At.After(r.ClosedAt)) {
			continue
		}
		cats := overlap(d.Categories, r.Categories)
		if len(cats) == 0 {
			continue
		}
		n := byRecipient[d.Recipient]
		if n == nil {
			n = &Notification{Recipient: d.Recipient, FirstDisclosed: d.At, LastDisclosed: d.At}
			byRecipient[d.Recipient] = n
		}
		n.add(d, cats)
	}
	out := make([]Notification, 0, len(byRecipient))
	for _, n := range byRecipient {
		slices.Sort(n.Categories)
		out = append(out, *n)
	}
	slices.SortFunc(out, func(a, b Notification) int { return cmp.Compare(a.Recipient, b.Recipient) })
	return out, nil
}

func (n *Notification) add(d Disclosure, cats []string) {
	for _, c := range cats {
		if !slices.Contains(n.Categories, c) {
			n.Categories = append(n.Categories, c)
		}
	}
	if d.At.Before(n.FirstDisclosed) {
		n.FirstDisclosed = d.At
	}
	if d.At.After(n.LastDisclosed) {
		n.LastDisclosed = d.At
	}
	n.DisclosureIDs = append(n.DisclosureIDs, d.ID)
}

// overlap returns the categories of have that want names (all of have when want is empty).
func overlap(have, want []string) []string {
	if len(want) == 0 {
		return have
	}
	var out []string
	for _, c := range have {
		if slices.Contains(want, c) {
			out = append(out, c)
		}
	}
	return out
}

// String renders a notification line without personal data.
func (n Notification) String() string {
	who := n.Recipient
	if n.Name != "" {
		who = n.Name
	}
	return fmt.Sprintf("%s: %s (%d disclosure(s), last %s)", who, strings.Join(n.Categories, ", "),
		len(n.DisclosureIDs), n.LastDisclosed.Format(time.DateOnly))
}
