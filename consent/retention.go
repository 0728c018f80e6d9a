package consent

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RecordCategory is a class of stored records with its own retention and
// erasure rules.
type RecordCategory string

// Record categories.
const (
	RecIdentity    RecordCategory = "identity"    // names, birth date, identifiers
	RecContact     RecordCategory = "contact"     // address, phone, e-mail
	RecClinical    RecordCategory = "clinical"    // notes, diagnoses, results
	RecBilling     RecordCategory = "billing"     // invoices and claims
	RecConsents    RecordCategory = "consents"    // consent ledger and scans
	RecRequests    RecordCategory = "requests"    // data-subject requests
	RecDisclosures RecordCategory = "disclosures" // disclosure log
	RecAudit       RecordCategory = "audit"       // audit trail entries
	// RecKept is what an erasure kept under Art. 17(3) until a fixed date;
	// no rule applies to it (its RetentionItem carries KeepUntil).
	RecKept RecordCategory = "kept"
)

// RecordCategories lists every record category.
func RecordCategories() []RecordCategory {
	return []RecordCategory{RecIdentity, RecContact, RecClinical, RecBilling, RecConsents, RecRequests, RecDisclosures, RecAudit}
}

// Trigger is the event a retention period counts from.
type Trigger string

// Retention triggers.
const (
	TriggerLastTreatment Trigger = "last-treatment"
	TriggerCreated       Trigger = "created"
	TriggerClosed        Trigger = "closed" // request closed, consent ended
	// TriggerYearEnd counts from the end of the year of the record's date
	// (the same as YearEnd with the last treatment, for older schedules).
	TriggerYearEnd Trigger = "year-end"
)

var triggers = []Trigger{TriggerLastTreatment, TriggerCreated, TriggerClosed, TriggerYearEnd}

// Erasure actions.
type Action string

// Actions on records.
const (
	ActErase     Action = "erase"
	ActKeep      Action = "keep"
	ActAnonymise Action = "anonymise"
)

// RetentionRule says how long records of a category are kept and why.
type RetentionRule struct {
	ID       string         `json:"id"`
	Category RecordCategory `json:"category"`
	Years    int            `json:"years"`
	Months   int            `json:"months,omitempty"`
	Trigger  Trigger        `json:"trigger"`
	// YearEnd makes the period start at the end of the year in which the
	// trigger happened (§ 199(1) BGB, § 132 BAO, art. 7:454 BW).
	YearEnd     bool   `json:"yearEnd,omitempty"`
	LegalSource string `json:"legalSource"` // e.g. "§ 630f(3) BGB: 10 years after treatment"
	// Country is the jurisdiction whose schedule the rule belongs to (ISO
	// 3166-1 alpha-2); empty for a rule of the practice's own, kept when
	// the practice's country changes.
	Country string `json:"country,omitempty"`
	// Exception is the GDPR Art. 17(3) point that keeps the records against
	// an erasure request during the period ("b", "c", "d", "e"), or "" when an
	// erasure request erases them at once.
	Exception string `json:"exception,omitempty"`
	// OnExpiry is what happens at the end of the period: erase or anonymise.
	OnExpiry Action `json:"onExpiry"`
	Version  int64  `json:"version"`
}

// Validate checks a rule.
func (r RetentionRule) Validate() error {
	var v fields
	if !ValidID(r.ID) {
		v.rule("id", RuleNotAnID)
	}
	if !slices.Contains(RecordCategories(), r.Category) {
		v.rule("category", RuleUnknownCode, r.Category)
	}
	if r.Years < 0 || r.Months < 0 || r.Years*12+r.Months == 0 || r.Years > 100 {
		v.rule("years", RuleRetentionPeriod)
	}
	if !slices.Contains(triggers, r.Trigger) {
		v.rule("trigger", RuleUnknownCode, r.Trigger)
	}
	if strings.TrimSpace(r.LegalSource) == "" {
		v.rule("legalSource", RuleLegalSourceNeeded)
	}
	if !slices.Contains([]string{"", "b", "c", "d", "e"}, r.Exception) {
		v.rule("exception", RuleArt17Exception)
	}
	if r.OnExpiry != ActErase && r.OnExpiry != ActAnonymise {
		v.rule("onExpiry", RuleOnExpiry)
	}
	if r.Country != "" && !validCountry(r.Country) {
		v.rule("country", RuleCountryOrEmpty)
	}
	return v.err()
}

// CountsFromYearEnd reports whether the period starts at the end of the
// trigger's year.
func (r RetentionRule) CountsFromYearEnd() bool { return r.YearEnd || r.Trigger == TriggerYearEnd }

// KeepUntil is the day the retention period of a record whose trigger
// happened at t has run out: the record is due for deletion from that day
// on. A period counted from the year-end starts on 1 January after t's
// year (§ 199(1) BGB: a claim arising in 2023 is time-barred after 31
// December 2026, so a 3-year period gives 1 January 2027).
func (r RetentionRule) KeepUntil(t time.Time) time.Time {
	if r.CountsFromYearEnd() {
		t = time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, t.Location())
	}
	return AddMonthsClamped(dateOf(t), r.Years*12+r.Months)
}

// ExceptionText renders the Art. 17(3) point, e.g. "GDPR Art. 17(3)(b)".
func (r RetentionRule) ExceptionText() string {
	if r.Exception == "" {
		return ""
	}
	return "GDPR Art. 17(3)(" + r.Exception + ")"
}

// RuleFor returns the rule for a record category (the longest when several).
func RuleFor(rules []RetentionRule, c RecordCategory) (RetentionRule, bool) {
	var best RetentionRule
	found := false
	for _, r := range rules {
		if r.Category == c && (!found || r.Years*12+r.Months > best.Years*12+best.Months) {
			best, found = r, true
		}
	}
	return best, found
}

// RetentionItem is one stored record (or group of records) the vault reports
// for the retention run.
type RetentionItem struct {
	RecordID  string         `json:"recordId"`
	SubjectID string         `json:"subjectId,omitempty"`
	Category  RecordCategory `json:"category"`
	// TriggerAt is when the rule's trigger happened for this record.
	TriggerAt time.Time `json:"triggerAt"`
	// Hold blocks deletion (litigation hold, open request).
	Hold bool `json:"hold,omitempty"`
	// KeepUntil, when set, is a date fixed when the record was kept (what
	// an erasure kept under Art. 17(3)): the record is due from that day,
	// whatever the rules say.
	KeepUntil time.Time `json:"keepUntil,omitzero"`
}

// DueItem is a record whose retention period has ended.
type DueItem struct {
	Item        RetentionItem `json:"item"`
	RuleID      string        `json:"ruleId"`
	Action      Action        `json:"action"`
	DueSince    time.Time     `json:"dueSince"`
	LegalSource string        `json:"legalSource"`
}

// DueForDeletion lists records whose retention ended on or before now and
// that are not on hold, oldest first. Records of a category without a rule
// are not listed (keep until a rule exists).
func DueForDeletion(items []RetentionItem, rules []RetentionRule, now time.Time) []DueItem {
	var out []DueItem
	for _, it := range items {
		if !it.KeepUntil.IsZero() {
			if !it.Hold && !it.KeepUntil.After(now) {
				out = append(out, keptDue(it))
			}
			continue
		}
		r, ok := RuleFor(rules, it.Category)
		if !ok || it.Hold {
			continue
		}
		if until := r.KeepUntil(it.TriggerAt); !until.After(now) {
			out = append(out, DueItem{Item: it, RuleID: r.ID, Action: r.OnExpiry, DueSince: until, LegalSource: r.LegalSource})
		}
	}
	slices.SortFunc(out, func(a, b DueItem) int {
		return cmp.Or(a.DueSince.Compare(b.DueSince), cmp.Compare(a.Item.RecordID, b.Item.RecordID))
	})
	return out
}

// keptDue is the due entry of a record kept until a fixed date.
func keptDue(it RetentionItem) DueItem {
	return DueItem{Item: it, Action: ActErase, DueSince: it.KeepUntil,
		LegalSource: "kept under GDPR Art. 17(3) after an erasure until " + it.KeepUntil.Format(time.DateOnly)}
}

// DeletionBatch is a set of due records waiting for the DPO's approval.
// The vault deletes only approved batches.
type DeletionBatch struct {
	ID         string    `json:"id"`
	Items      []DueItem `json:"items"`
	CreatedAt  time.Time `json:"createdAt"`
	CreatedBy  string    `json:"createdBy"`
	ApprovedBy string    `json:"approvedBy,omitempty"`
	ApprovedAt time.Time `json:"approvedAt,omitzero"`
}

// NewDeletionBatch proposes a batch; governance roles only.
func NewDeletionBatch(due []DueItem, a Actor, now time.Time) (DeletionBatch, error) {
	if err := a.need(PermGovernance); err != nil {
		return DeletionBatch{}, err
	}
	if len(due) == 0 {
		return DeletionBatch{}, fmt.Errorf("empty deletion batch: %w", ErrInvalid)
	}
	return DeletionBatch{ID: NewID(), Items: slices.Clone(due), CreatedAt: now, CreatedBy: a.UserID}, nil
}

// Approve records the DPO's approval. Only the DPO approves, and not twice.
func (b DeletionBatch) Approve(a Actor, at time.Time) (DeletionBatch, error) {
	if err := a.need(PermApproveDeletion); err != nil {
		return b, err
	}
	if b.ApprovedBy != "" {
		return b, stepError(StepAlreadyApproved, "", "", "batch %s already approved", b.ID)
	}
	b.ApprovedBy, b.ApprovedAt = a.UserID, at
	return b, nil
}

// DefaultRetentionRules is the German schedule as shipped in assets
// retention-schedules.json (a test keeps the two equal): the starting
// schedule when none is loaded.
func DefaultRetentionRules() []RetentionRule {
	return []RetentionRule{
		{ID: "clinical-10y", Category: RecClinical, Years: 10, Trigger: TriggerLastTreatment, Exception: "b", OnExpiry: ActErase, Country: "DE",
			LegalSource: "§ 630f(3) BGB, § 10(3) MBO-Ä: medical records 10 years after the end of treatment"},
		{ID: "identity-10y", Category: RecIdentity, Years: 10, Trigger: TriggerLastTreatment, Exception: "b", OnExpiry: ActErase, Country: "DE",
			LegalSource: "§ 630f(3) BGB: identity needed to keep medical records attributable"},
		{ID: "billing-10y", Category: RecBilling, Years: 10, Trigger: TriggerYearEnd, Exception: "b", OnExpiry: ActErase, Country: "DE",
			LegalSource: "§ 147 AO, § 257 HGB: accounting records 10 years from the end of the calendar year"},
		{ID: "consents-3y", Category: RecConsents, Years: 3, Trigger: TriggerClosed, YearEnd: true, Exception: "e", OnExpiry: ActErase, Country: "DE",
			LegalSource: "GDPR Art. 7(1) proof of consent; §§ 195, 199(1) BGB: limitation period of 3 years from the end of the year"},
		{ID: "requests-3y", Category: RecRequests, Years: 3, Trigger: TriggerClosed, YearEnd: true, Exception: "e", OnExpiry: ActErase, Country: "DE",
			LegalSource: "GDPR Art. 5(2) accountability; §§ 195, 199(1) BGB: limitation period of 3 years from the end of the year"},
		{ID: "disclosures-3y", Category: RecDisclosures, Years: 3, Trigger: TriggerCreated, Exception: "e", OnExpiry: ActErase, Country: "DE",
			LegalSource: "GDPR Art. 5(2), 19 accountability for disclosures"},
		{ID: "audit-6y", Category: RecAudit, Years: 6, Trigger: TriggerCreated, Exception: "e", OnExpiry: ActAnonymise, Country: "DE",
			LegalSource: "GDPR Art. 5(2) accountability; audit trail kept pseudonymous"},
		{ID: "contact-1y", Category: RecContact, Years: 1, Trigger: TriggerLastTreatment, OnExpiry: ActErase, Country: "DE",
			LegalSource: "GDPR Art. 5(1)(e) storage limitation: contact details needed for follow-up only"},
	}
}
