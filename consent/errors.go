package consent

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors. Callers test them with errors.Is; the package wraps them
// with detail (ids, field names, never personal data).
var (
	// ErrNotFound: the purpose, text, event, request, rule or breach does not exist.
	ErrNotFound = errors.New("consent: not found")
	// ErrExists: an object with the same id (or purpose/language/version) already exists.
	ErrExists = errors.New("consent: already exists")
	// ErrConflict: an update was based on a stale version.
	ErrConflict = errors.New("consent: conflict")
	// ErrImmutable: the object is referenced by the ledger (a used consent text)
	// or is append-only (events, transitions, certificates) and cannot change.
	ErrImmutable = errors.New("consent: immutable")
	// ErrInvalid: input failed validation; a *ValidationError lists the fields.
	ErrInvalid = errors.New("consent: invalid")
	// ErrDuplicate: an open request of the same subject and type exists;
	// a *DuplicateError lists the existing request ids.
	ErrDuplicate = errors.New("consent: duplicate request")
	// ErrTransition: the workflow does not allow this step from the current state.
	ErrTransition = errors.New("consent: transition not allowed")
	// ErrPermission: the actor's role may not perform the step.
	ErrPermission = errors.New("consent: permission denied")
	// ErrErased: the data subject was erased (GDPR Art. 17): no new
	// consent, request or receipt; an *ErasedError says when and by which request.
	ErrErased = errors.New("consent: data subject erased")
	// ErrNotDecided: a step needs a decision that is not recorded (the
	// Art. 34 letter before the decision to tell the patients).
	ErrNotDecided = errors.New("consent: decision not recorded")
	// ErrMissingDate: a retention rule counts from a date the facts lack
	// (e.g. the last treatment); a *MissingDateError names rule and trigger.
	ErrMissingDate = errors.New("consent: date missing")
)

// MissingDateError: PlanErasure needs the date a retention rule counts
// from and the facts do not have it. Callers check the trigger with
// errors.As, never the message text.
type MissingDateError struct {
	RuleID  string
	Trigger Trigger
}

func (e *MissingDateError) Error() string {
	return fmt.Sprintf("rule %s needs the %s date", e.RuleID, e.Trigger)
}

// Unwrap makes errors.Is(err, ErrMissingDate) hold.
func (e *MissingDateError) Unwrap() error { return ErrMissingDate }

// ErasedError reports that a data subject's data was erased. It wraps
// ErrErased and names ids only.
type ErasedError struct {
	SubjectID string
	RequestID string // the erasure request, when known
	At        time.Time
}

func (e *ErasedError) Error() string {
	s := "patient " + e.SubjectID + " was erased"
	if !e.At.IsZero() {
		s += " on " + e.At.UTC().Format(time.DateOnly)
	}
	if e.RequestID != "" {
		s += " (erasure request " + e.RequestID + ")"
	}
	return s + ": nothing new can be recorded for this patient"
}

// Unwrap makes errors.Is(err, ErrErased) true.
func (e *ErasedError) Unwrap() error { return ErrErased }

// FieldError names one offending field (a JSON path or a Go field path) and
// what is wrong with it. Messages never quote personal data.
type FieldError struct {
	Field   string
	Message string
	// Rule is the broken rule as a code (FieldRules) where the validator
	// has one; "" for messages not coded yet. People read it worded.
	Rule FieldRule
	// Allowed lists the codes the field accepts where the rule names them.
	Allowed []string
}

func (f FieldError) String() string { return f.Field + ": " + f.Message }

// ValidationError lists every problem found in one input. It wraps
// ErrInvalid and the typed errors behind its fields (e.g. a
// *MissingDateError), so callers test them with errors.Is and errors.As.
type ValidationError struct {
	Fields []FieldError
	causes []error
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.String()
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, ErrInvalid) true, and errors.As find the
// typed causes of its fields.
func (e *ValidationError) Unwrap() []error { return append([]error{ErrInvalid}, e.causes...) }

// DuplicateError reports the open requests a new request duplicates. It wraps ErrDuplicate.
type DuplicateError struct {
	IDs []string
}

func (e *DuplicateError) Error() string {
	return "duplicate of open request(s) " + strings.Join(e.IDs, ", ")
}

// Unwrap makes errors.Is(err, ErrDuplicate) true.
func (e *DuplicateError) Unwrap() error { return ErrDuplicate }

// fields collects validation problems.
type fields struct {
	prefix string
	list   []FieldError
	causes []error
}

// addErr adds a field problem whose cause callers may test; a cause
// with a rule code (FieldRule method) carries it, any other reads as
// RuleInvalid. Every problem has a code: there is no message-only add.
func (v *fields) addErr(field string, err error) {
	rule := RuleInvalid
	var coded interface{ FieldRule() FieldRule }
	if errors.As(err, &coded) {
		rule = coded.FieldRule()
	}
	v.list = append(v.list, FieldError{Field: v.path(field), Message: err.Error(), Rule: rule})
	v.causes = append(v.causes, err)
}

// path prefixes a field name with the collector's prefix.
func (v *fields) path(field string) string {
	switch {
	case v.prefix == "":
		return field
	case field == "":
		return v.prefix
	}
	return v.prefix + "." + field
}

// merge takes the fields of a nested validation error, prefixed.
func (v *fields) merge(prefix string, err error) {
	var ve *ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			f.Field = joinPath(prefix, f.Field)
			v.list = append(v.list, f)
		}
		return
	}
	if err != nil {
		v.addErr(prefix, err)
	}
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case strings.HasPrefix(b, "["):
		return a + b
	}
	return a + "." + b
}

func (v *fields) err() error {
	if len(v.list) == 0 {
		return nil
	}
	return &ValidationError{Fields: v.list, causes: v.causes}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
