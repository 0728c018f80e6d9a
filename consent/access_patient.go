package consent

import (
	"slices"
	"time"
)

// Transfer is a third-country transfer of the patient's data (GDPR Art.
// 15(2), Art. 44-46): a recipient outside the EEA the patient consented
// to or whose data was disclosed to, with its safeguard.
type Transfer struct {
	RecipientID string `json:"recipientId"`
	Recipient   string `json:"recipient"`
	Country     string `json:"country"`
	Safeguard   string `json:"safeguard"`
	PurposeID   string `json:"purposeId"`
}

// Consultation is one look at or change of the patient's record from the
// audit trail (CJEU C-579/21): who (name and role), when, what. The vault
// supplies them; staff names are not the patient's personal data but the
// patient has a right to them.
type Consultation struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`   // staff name
	Role   string    `json:"role"` // people-facing role, e.g. "clinician"
	Action string    `json:"action"`
	// ActionCode and RoleCode are the audit action and the role as codes,
	// for documents worded in the reader's language.
	ActionCode string `json:"actionCode,omitempty"`
	RoleCode   string `json:"roleCode,omitempty"`
}

// NoAutomatedDecisions is the Art. 15(1)(h) statement: Custodia makes no
// automated decisions and does no profiling.
const NoAutomatedDecisions = "No automated decision-making, including profiling (GDPR Art. 22(1) and (4)), is used: every decision about you is taken by practice staff."

// scopeAcc collects what a purpose covers for the patient.
type scopeAcc struct {
	cats   []string
	recips []string
}

func (a *scopeAcc) addCats(cs []string) {
	for _, c := range cs {
		if !slices.Contains(a.cats, c) {
			a.cats = append(a.cats, c)
		}
	}
}

func (a *scopeAcc) addRecip(r string) {
	if r != "" && !slices.Contains(a.recips, r) {
		a.recips = append(a.recips, r)
	}
}

// patientScope is what purpose p covers for the subject: for a purpose
// needing consent, the scope (ScopeOf) of the grants that count at now, plus
// what was disclosed; for a purpose on another basis, its categories plus
// what was disclosed (the recipients it may disclose to are listed apart,
// see AccessPurpose.MayReceive). A consent-based purpose the patient
// never had a ledger entry or disclosure for is not processed (ok false).
func patientScope(p Purpose, ix *Index, events []Event, ds []Disclosure, now time.Time) (scopeAcc, bool) {
	var acc scopeAcc
	touched := false
	if !p.ConsentRequired {
		acc.addCats(p.DataCategories)
		touched = true
	}
	counting := map[string]bool{}
	for _, s := range ix.Status(subjectOf(events), now) {
		if s.PurposeID == p.ID && (s.Status == "active" || s.Status == "pending") {
			counting[s.GrantID] = true
		}
	}
	for _, e := range events {
		if e.PurposeID != p.ID {
			continue
		}
		touched = true
		if e.Type == Granted && counting[e.ID] {
			sc := ScopeOf(e, p)
			acc.addCats(sc.Categories)
			for _, r := range sc.Recipients(p) {
				acc.addCats(sc.Shared[r])
				acc.addRecip(r)
			}
		}
	}
	for _, d := range ds {
		if d.PurposeID == p.ID {
			touched = true
			acc.addCats(d.Categories)
			acc.addRecip(d.Recipient)
		}
	}
	acc.cats = inOrder(acc.cats, p.DataCategories)
	return acc, touched
}

func subjectOf(events []Event) string {
	if len(events) == 0 {
		return ""
	}
	return events[0].PatientID
}

// inOrder sorts cs by the purpose's category order (unknown ones last).
func inOrder(cs, order []string) []string {
	slices.SortStableFunc(cs, func(a, b string) int {
		ia, ib := slices.Index(order, a), slices.Index(order, b)
		if ia < 0 {
			ia = len(order)
		}
		if ib < 0 {
			ib = len(order)
		}
		return ia - ib
	})
	return cs
}

// recipientRef is a recipient of the purpose by code, name and category.
func recipientRef(p Purpose, id string) RecipientRef {
	if r, ok := p.Recipient(id); ok {
		return RecipientRef{ID: id, Name: r.Name, Category: r.Category}
	}
	return RecipientRef{ID: id, Name: id} // a research export ("research:<study>") or a recipient the catalogue no longer names
}

// patientRetention says, per record category the purpose's data falls
// under, until when the patient's records are kept: a date where the
// trigger is known (triggers, or the end of the patient's consent for the
// consent record), else the period and what it counts from.
func patientRetention(p Purpose, cats []string, rules []RetentionRule, triggers map[Trigger]time.Time, consentEnd time.Time, consentActive bool) []RetentionTerm {
	var out []RetentionTerm
	seen := map[RecordCategory]bool{}
	for _, c := range cats {
		rc := recordCategoryOf(c)
		if seen[rc] {
			continue
		}
		seen[rc] = true
		out = append(out, retentionTerm(rc, rules, triggers[triggerOf(rules, rc)]))
	}
	if p.ConsentRequired {
		out = append(out, consentRecordTerm(rules, consentEnd, consentActive))
	}
	return out
}

func triggerOf(rules []RetentionRule, rc RecordCategory) Trigger {
	if r, ok := RuleFor(rules, rc); ok {
		return r.Trigger
	}
	return ""
}

// consentEnd returns when the patient's last grant of the purpose stopped
// counting and whether one still counts.
func consentEnd(statuses []GrantStatus, events []Event, purposeID string) (time.Time, bool) {
	var end time.Time
	active := false
	for _, s := range statuses {
		if s.PurposeID != purposeID {
			continue
		}
		switch {
		case s.Status == "active" || s.Status == "pending":
			active = true
		case s.EndedBy != "":
			if i := slices.IndexFunc(events, func(e Event) bool { return e.ID == s.EndedBy }); i >= 0 && events[i].Time.After(end) {
				end = events[i].Time
			}
		case !s.ValidUntil.IsZero() && s.ValidUntil.After(end):
			end = s.ValidUntil
		}
	}
	return end, active
}

// transfersOf lists the third-country recipients among those listed.
func transfersOf(p Purpose, recips []string) []Transfer {
	var out []Transfer
	for _, id := range recips {
		if r, ok := p.Recipient(id); ok && r.ThirdCountry() {
			out = append(out, Transfer{RecipientID: r.ID, Recipient: r.Name, Country: r.Country, Safeguard: r.Safeguard, PurposeID: p.ID})
		}
	}
	return out
}

// sourcesOf states where the data came from (GDPR Art. 15(1)(g)): the
// vault's record sources, then what the ledger shows (representatives,
// imports from other systems).
func sourcesOf(record []Source, events []Event) []Source {
	out := slices.Clone(record)
	if len(out) == 0 {
		out = []Source{{Code: SourcePatient}}
	}
	add := func(s Source) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, e := range events {
		if e.Representative != nil {
			add(Source{Code: SourceRepresentative, Relation: e.Representative.Relation})
		}
		if e.Method == MethodImported && e.Type == Granted {
			add(Source{Code: SourceImport})
		}
	}
	return out
}
