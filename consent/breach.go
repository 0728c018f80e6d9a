package consent

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// NotifyWindow is the Art. 33(1) time limit from awareness to notifying the
// supervisory authority.
const NotifyWindow = 72 * time.Hour

// BreachAmber: the breach clock turns amber when this much time or less is left.
const BreachAmber = 24 * time.Hour

// Breach risk levels (Art. 33(1), 34(1)).
const (
	RiskUnlikely = "unlikely" // no notification to the authority needed
	RiskRisk     = "risk"     // notify the authority
	RiskHigh     = "high"     // notify the authority and the data subjects
)

// Subject-notification decisions (Art. 34).
const (
	SubjNotify         = "notify"
	SubjNotRequired    = "not-required"
	SubjExemptCrypto   = "exempt-34-3-a" // data unintelligible (encrypted)
	SubjExemptMeasures = "exempt-34-3-b" // high risk no longer likely
	SubjExemptEffort   = "exempt-34-3-c" // disproportionate effort: public communication
)

var natures = []string{"confidentiality", "integrity", "availability"}

// ConsequencesUnknown is what Breach.Consequences holds when the likely
// consequences are not known yet.
const ConsequencesUnknown = "unknown"

// Breach is one entry of the breach log (Art. 33(5)). Description,
// consequences and measures describe the incident, never individual patients.
type Breach struct {
	ID             string    `json:"id"`
	AwareAt        time.Time `json:"awareAt"`
	OccurredAt     time.Time `json:"occurredAt,omitzero"`
	RecordedBy     string    `json:"recordedBy"`
	Nature         []string  `json:"nature"` // confidentiality, integrity, availability
	Description    string    `json:"description"`
	DataCategories []string  `json:"dataCategories"`
	SubjectsApprox Approx    `json:"subjectsApprox,omitzero"` // zero value: unknown
	RecordsApprox  Approx    `json:"recordsApprox,omitzero"`
	// Consequences are required; ConsequencesUnknown says they are not
	// known yet (Art. 33(4)).
	Consequences string `json:"consequences"`
	Measures     string `json:"measures"`
	Risk         string `json:"risk"`
	// AuthorityNotifiedAt is when the supervisory authority was notified.
	AuthorityNotifiedAt time.Time `json:"authorityNotifiedAt,omitzero"`
	// AuthorityReference is the case reference the authority gave; later
	// notices (Art. 33(4)) and letters quote it.
	AuthorityReference string `json:"authorityReference,omitempty"`
	// DelayReason is required when the authority was notified after 72 hours.
	DelayReason        string    `json:"delayReason,omitempty"`
	SubjectsDecision   string    `json:"subjectsDecision,omitempty"`
	SubjectsNotifiedAt time.Time `json:"subjectsNotifiedAt,omitzero"`
	// DecisionReason explains the notification decisions (always recorded, Art. 33(5)).
	DecisionReason string `json:"decisionReason,omitempty"`
	Version        int64  `json:"version"`
}

// Deadline is when the authority must have been notified: awareness + 72 h.
func (b Breach) Deadline() time.Time { return b.AwareAt.Add(NotifyWindow) }

// Remaining is the time left to notify the authority (negative when late).
func (b Breach) Remaining(now time.Time) time.Duration { return b.Deadline().Sub(now) }

// AuthorityNotificationRequired: unless the breach is unlikely to result in
// a risk, the authority is notified (Art. 33(1)).
func (b Breach) AuthorityNotificationRequired() bool { return b.Risk != RiskUnlikely }

// SubjectsNotificationRequired: a high risk requires telling the subjects
// unless an Art. 34(3) exemption is recorded.
func (b Breach) SubjectsNotificationRequired() bool {
	return b.Risk == RiskHigh && !strings.HasPrefix(b.SubjectsDecision, "exempt-")
}

// Clock is closed once the authority part is settled (notified, or not
// required with a recorded reason); otherwise red after 72 hours, amber in
// the last 24 hours, green before.
func (b Breach) Clock(now time.Time) Clock {
	settled := !b.AuthorityNotifiedAt.IsZero() || (b.Risk == RiskUnlikely && b.DecisionReason != "")
	switch left := b.Remaining(now); {
	case settled:
		return ClockClosed
	case left <= 0:
		return ClockRed
	case left <= BreachAmber:
		return ClockAmber
	}
	return ClockGreen
}

// Validate checks a breach entry, including the notification rules.
func (b Breach) Validate() error {
	var v fields
	if !ValidID(b.ID) {
		v.rule("id", RuleNotAnID)
	}
	if b.AwareAt.IsZero() {
		v.rule("awareAt", RuleAwareNeeded)
	}
	if !b.OccurredAt.IsZero() && b.OccurredAt.After(b.AwareAt) {
		v.rule("occurredAt", RuleAfterAware)
	}
	if !ValidID(b.RecordedBy) {
		v.rule("recordedBy", RuleNotAnID)
	}
	if len(b.Nature) == 0 {
		v.rule("nature", RuleNatureNeeded)
	}
	for i, n := range b.Nature {
		if !slices.Contains(natures, n) {
			v.ruleAllowed(fmt.Sprintf("nature[%d]", i), natures)
		}
	}
	if strings.TrimSpace(b.Description) == "" {
		v.rule("description", RuleRequired)
	}
	for i, c := range b.DataCategories {
		if !KnownCategory(c) {
			v.rule(fmt.Sprintf("dataCategories[%d]", i), RuleUnknownCode, c)
		}
	}
	if b.SubjectsApprox.N() < 0 {
		v.rule("subjectsApprox", RuleNotNegative)
	}
	if b.RecordsApprox.N() < 0 {
		v.rule("recordsApprox", RuleNotNegative)
	}
	if strings.TrimSpace(b.Consequences) == "" {
		v.rule("consequences", RuleConsequences, ConsequencesUnknown)
	}
	b.validateDecisions(&v)
	return v.err()
}

func (b Breach) validateDecisions(v *fields) {
	if !slices.Contains([]string{RiskUnlikely, RiskRisk, RiskHigh}, b.Risk) {
		v.ruleAllowed("risk", []string{RiskUnlikely, RiskRisk, RiskHigh})
	}
	if b.Risk == RiskUnlikely && strings.TrimSpace(b.DecisionReason) == "" {
		v.rule("decisionReason", RuleDecisionReason)
	}
	if !b.AuthorityNotifiedAt.IsZero() {
		if b.AuthorityNotifiedAt.Before(b.AwareAt) {
			v.rule("authorityNotifiedAt", RuleBeforeAware)
		}
		if b.AuthorityNotifiedAt.After(b.Deadline()) && strings.TrimSpace(b.DelayReason) == "" {
			v.rule("delayReason", RuleDelayReason)
		}
	}
	allowed := []string{"", SubjNotify, SubjNotRequired, SubjExemptCrypto, SubjExemptMeasures, SubjExemptEffort}
	if !slices.Contains(allowed, b.SubjectsDecision) {
		v.ruleAllowed("subjectsDecision", allowed[1:])
	}
	if b.Risk == RiskHigh && b.SubjectsDecision == SubjNotRequired {
		v.rule("subjectsDecision", RuleHighRiskDecision)
	}
	if !b.SubjectsNotifiedAt.IsZero() && b.SubjectsDecision != SubjNotify {
		v.rule("subjectsNotifiedAt", RuleNotifiedNoNotice)
	}
}

// SubjectNoticeAllowed reports whether the letter to the patients (Art.
// 34) may be written: only once the decision to tell them is recorded.
// The error (ErrNotDecided) says what is missing, in plain words; callers
// check it before writing anything.
func (b Breach) SubjectNoticeAllowed() error {
	switch b.SubjectsDecision {
	case SubjNotify:
		return nil
	case "":
		return stepError(StepArt34Undecided, "", "", "breach %s: the decision whether to tell the patients (Art. 34) is not recorded yet; record it first", b.ID)
	}
	err := stepError(StepArt34NoNotice, "", "", "breach %s: the recorded decision is not to tell the patients (%s); no letter is written",
		b.ID, SubjectsDecisionText(b.SubjectsDecision))
	err.(*StepError).Decision = b.SubjectsDecision
	return err
}

// SubjectsDecisionText names an Art. 34 decision for people.
func SubjectsDecisionText(d string) string {
	switch d {
	case SubjNotify:
		return "tell the patients"
	case SubjNotRequired:
		return "not required: no high risk"
	case SubjExemptCrypto:
		return "exempt: the data were unintelligible, e.g. encrypted (Art. 34(3)(a))"
	case SubjExemptMeasures:
		return "exempt: measures taken make a high risk unlikely (Art. 34(3)(b))"
	case SubjExemptEffort:
		return "exempt: public communication instead (Art. 34(3)(c))"
	case "":
		return "not decided yet"
	}
	return d
}
