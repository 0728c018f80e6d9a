package consent

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// ErasureFacts is what the vault knows about a subject when planning an
// erasure: which record categories it holds and when each retention
// trigger happened (e.g. the last treatment).
type ErasureFacts struct {
	SubjectID string
	Present   []RecordCategory
	Triggers  map[Trigger]time.Time
}

// PlanItem is the decision for one record category.
type PlanItem struct {
	Category    RecordCategory `json:"category"`
	Action      Action         `json:"action"`
	Basis       string         `json:"basis,omitempty"` // Art. 17(3) point for kept records
	LegalSource string         `json:"legalSource,omitempty"`
	KeepUntil   time.Time      `json:"keepUntil,omitzero"`
	RuleID      string         `json:"ruleId,omitempty"`
}

// ErasurePlan is what the vault executes for an erasure request, after the
// DPO (or an administrator) approved it.
type ErasurePlan struct {
	ID         string     `json:"id"`
	RequestID  string     `json:"requestId"`
	SubjectID  string     `json:"subjectId"`
	CreatedAt  time.Time  `json:"createdAt"`
	CreatedBy  string     `json:"createdBy"`
	Items      []PlanItem `json:"items"`
	ApprovedBy string     `json:"approvedBy,omitempty"`
	ApprovedAt time.Time  `json:"approvedAt,omitzero"`
}

// PlanErasure decides, per record category the subject has, whether to
// erase, keep under an Art. 17(3) exception until the end of its retention
// period, or anonymise (rules whose expiry action is anonymise). Categories
// without a rule are erased. The request must be an erasure request in
// progress (identity verified). A keep rule whose trigger date is unknown
// is an error: the plan never guesses a retention date.
func PlanErasure(r Request, rules []RetentionRule, f ErasureFacts, a Actor, now time.Time) (ErasurePlan, error) {
	if err := a.need(PermDecide); err != nil {
		return ErasurePlan{}, err
	}
	if r.Type != ReqErasure || r.State != StateInProgress {
		return ErasurePlan{}, stepError(StepErasureNotRunning, r.State, "", "request %s: erasure plans are made for erasure requests in progress", r.ID)
	}
	if f.SubjectID != r.SubjectID {
		return ErasurePlan{}, fmt.Errorf("request %s: facts are about another subject: %w", r.ID, ErrInvalid)
	}
	p := ErasurePlan{ID: NewID(), RequestID: r.ID, SubjectID: r.SubjectID, CreatedAt: now, CreatedBy: a.UserID}
	var v fields
	for _, c := range RecordCategories() {
		if !slices.Contains(f.Present, c) {
			continue
		}
		item, err := planItem(c, rules, f, now)
		if err != nil {
			v.addErr(string(c), err)
			continue
		}
		p.Items = append(p.Items, item)
	}
	return p, v.err()
}

func planItem(c RecordCategory, rules []RetentionRule, f ErasureFacts, now time.Time) (PlanItem, error) {
	rule, ok := RuleFor(rules, c)
	if !ok {
		return PlanItem{Category: c, Action: ActErase}, nil
	}
	item := PlanItem{Category: c, Action: ActErase, RuleID: rule.ID, LegalSource: rule.LegalSource}
	if rule.Exception != "" {
		at, ok := f.Triggers[rule.Trigger]
		if !ok {
			return PlanItem{}, &MissingDateError{RuleID: rule.ID, Trigger: rule.Trigger}
		}
		if until := rule.KeepUntil(at); until.After(now) {
			item.Action, item.Basis, item.KeepUntil = ActKeep, rule.ExceptionText(), until
			return item, nil
		}
	}
	if rule.OnExpiry == ActAnonymise {
		item.Action = ActAnonymise
	}
	return item, nil
}

// Approve records the decision of the DPO or an administrator.
func (p ErasurePlan) Approve(a Actor, at time.Time) (ErasurePlan, error) {
	if err := a.need(PermDecide); err != nil {
		return p, err
	}
	if p.ApprovedBy != "" {
		return p, stepError(StepAlreadyApproved, "", "", "plan %s already approved", p.ID)
	}
	p.ApprovedBy, p.ApprovedAt = a.UserID, at
	return p, nil
}

// ExecutionResult is what the vault reports for one category of a plan, or
// one record of a deletion batch (RecordID set).
type ExecutionResult struct {
	Category RecordCategory `json:"category"`
	RecordID string         `json:"recordId,omitempty"`
	Action   Action         `json:"action"`
	Records  int            `json:"records"`
	Note     string         `json:"note,omitempty"`
}

// CertificateItem is one line of a certificate.
type CertificateItem struct {
	Category    RecordCategory `json:"category"`
	RecordID    string         `json:"recordId,omitempty"`
	Action      Action         `json:"action"`
	Records     int            `json:"records"`
	Basis       string         `json:"basis,omitempty"`
	LegalSource string         `json:"legalSource,omitempty"`
	KeepUntil   time.Time      `json:"keepUntil,omitzero"`
	// Note says what remains of records the action leaves in place (e.g.
	// ledger entries kept as pseudonymous ids); codes and words, no personal data.
	Note string `json:"note,omitempty"`
}

// Certificate documents an executed erasure plan or deletion batch: what was
// erased, kept (with basis and keep-until date) and anonymised. It carries
// ids only, no personal data. SHA256 seals the other fields.
type Certificate struct {
	ID         string            `json:"id"`
	Kind       string            `json:"kind"` // "erasure" or "retention"
	RequestID  string            `json:"requestId,omitempty"`
	PlanID     string            `json:"planId,omitempty"`
	BatchID    string            `json:"batchId,omitempty"`
	SubjectID  string            `json:"subjectId,omitempty"`
	ApprovedBy string            `json:"approvedBy"`
	ApprovedAt time.Time         `json:"approvedAt"`
	IssuedBy   string            `json:"issuedBy"`
	IssuedAt   time.Time         `json:"issuedAt"`
	Items      []CertificateItem `json:"items"`
	// ApproverName and ApproverRole name the approver for people (staff
	// names, not patient data; the role by its code, or by an English
	// name in older certificates: RoleCode); IssuerName and IssuerRole the issuer;
	// Controller is the practice. Set by WithDetails; older certificates
	// lack them (their seal still verifies).
	ApproverName string      `json:"approverName,omitempty"`
	ApproverRole string      `json:"approverRole,omitempty"`
	IssuerName   string      `json:"issuerName,omitempty"`
	IssuerRole   string      `json:"issuerRole,omitempty"`
	Controller   *Controller `json:"controller,omitempty"`
	SHA256       string      `json:"sha256"`
}

// ErasureCertificate issues the certificate of an approved plan once the
// vault executed it: every plan item needs exactly one result with the same
// action.
func ErasureCertificate(p ErasurePlan, results []ExecutionResult, a Actor, at time.Time) (Certificate, error) {
	if p.ApprovedBy == "" {
		return Certificate{}, stepError(StepNotApproved, "", "", "plan %s is not approved", p.ID)
	}
	if len(results) != len(p.Items) {
		return Certificate{}, fmt.Errorf("plan %s: %d results for %d items: %w", p.ID, len(results), len(p.Items), ErrInvalid)
	}
	c := Certificate{ID: NewID(), Kind: "erasure", RequestID: p.RequestID, PlanID: p.ID, SubjectID: p.SubjectID,
		ApprovedBy: p.ApprovedBy, ApprovedAt: p.ApprovedAt, IssuedBy: a.UserID, IssuedAt: at}
	for _, it := range p.Items {
		i := slices.IndexFunc(results, func(r ExecutionResult) bool { return r.Category == it.Category })
		if i < 0 || results[i].Action != it.Action || results[i].Records < 0 {
			return Certificate{}, fmt.Errorf("plan %s: no matching %s result for %s: %w", p.ID, it.Action, it.Category, ErrInvalid)
		}
		c.Items = append(c.Items, CertificateItem{Category: it.Category, Action: it.Action, Records: results[i].Records,
			Basis: it.Basis, LegalSource: it.LegalSource, KeepUntil: it.KeepUntil, Note: results[i].Note})
	}
	return c.seal(), nil
}

// RetentionCertificate issues the deletion certificate of an approved batch
// once the vault executed it; results are matched by record id.
func RetentionCertificate(b DeletionBatch, results []ExecutionResult, a Actor, at time.Time) (Certificate, error) {
	if b.ApprovedBy == "" {
		return Certificate{}, stepError(StepNotApproved, "", "", "batch %s is not approved by the DPO", b.ID)
	}
	c := Certificate{ID: NewID(), Kind: "retention", BatchID: b.ID, ApprovedBy: b.ApprovedBy, ApprovedAt: b.ApprovedAt,
		IssuedBy: a.UserID, IssuedAt: at}
	for _, d := range b.Items {
		i := slices.IndexFunc(results, func(r ExecutionResult) bool { return r.RecordID == d.Item.RecordID })
		if i < 0 || results[i].Action != d.Action {
			return Certificate{}, fmt.Errorf("batch %s: no matching %s result for record %s: %w", b.ID, d.Action, d.Item.RecordID, ErrInvalid)
		}
		c.Items = append(c.Items, CertificateItem{Category: d.Item.Category, RecordID: d.Item.RecordID, Action: d.Action,
			Records: results[i].Records, LegalSource: d.LegalSource})
	}
	if len(results) != len(b.Items) {
		return Certificate{}, fmt.Errorf("batch %s: %d results for %d items: %w", b.ID, len(results), len(b.Items), ErrInvalid)
	}
	return c.seal(), nil
}

func (c Certificate) digest() string {
	c.SHA256 = ""
	data, _ := json.Marshal(c) // a Certificate always marshals
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func (c Certificate) seal() Certificate {
	c.SHA256 = c.digest()
	return c
}

// Verify checks the seal: ErrInvalid if any field changed since issue.
func (c Certificate) Verify() error {
	if c.SHA256 != c.digest() {
		return fmt.Errorf("certificate %s: seal does not match: %w", c.ID, ErrInvalid)
	}
	return nil
}

// JSON renders the certificate as indented JSON.
func (c Certificate) JSON() ([]byte, error) { return json.MarshalIndent(c, "", "  ") }

// Count returns how many records the certificate lists with an action.
func (c Certificate) Count(a Action) int {
	n := 0
	for _, it := range c.Items {
		if it.Action == a {
			n += it.Records
		}
	}
	return n
}
