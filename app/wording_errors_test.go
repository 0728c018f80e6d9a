package app

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// Every use-case sentinel declared in errors.go is worded in both
// languages (the German text not the English one).
func TestErrorKindsWorded(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for _, id := range vs.Names {
				if strings.HasPrefix(id.Name, "Err") {
					declared = append(declared, id.Name)
				}
			}
		}
		return true
	})
	if len(declared) != len(WordedKinds()) {
		t.Errorf("errors.go declares %d kinds %v, %d are worded", len(declared), declared, len(WordedKinds()))
	}
	ids := map[string]string{}
	for _, k := range WordedKinds() {
		ids[k.Error()] = KindMessageID(k)
	}
	wordedInBoth(t, "use-case error", ids)
}

// ErrorMessage words each kind in German with its value, without the
// English text, never names a patient's, request's or rule's id (no front
// end shows one: the desktop names people, the command line words these
// kinds itself), and adds the fields of a validation cause.
func TestErrorMessageInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	id := consent.NewID()
	for _, k := range WordedKinds() {
		err := errorf(k, nil, "synthetic %s", id)
		msg, ok := ErrorMessage(de, err)
		if !ok || msg == "" || strings.Contains(msg, "<no value>") {
			t.Errorf("%v: %q", k, msg)
		}
		english, _ := ErrorMessage(en, err)
		if english == msg || strings.Contains(msg, "synthetic") {
			t.Errorf("%v: German %q, English %q", k, msg, english)
		}
		hasValue := slices.Contains([]error{ErrUnknownPurpose, ErrNotRecipient, ErrUnknownUser, ErrUserExists, ErrBadAuditFormat}, k)
		if strings.Contains(msg, id) != hasValue {
			t.Errorf("%v: value shown %v: %q", k, !hasValue, msg)
		}
	}
	cause := (consent.RetentionRule{}).Validate()
	msg, _ := ErrorMessage(de, errorf(ErrBadMapping, cause, "mapping: %v", cause))
	if !strings.Contains(msg, "Jahre: die Frist muss") {
		t.Errorf("mapping with a validation cause: %q", msg)
	}
	if _, ok := ErrorMessage(de, consent.ErrInvalid); ok {
		t.Error("a domain sentinel is worded as a use-case error")
	}
}

// Every reason a workflow step is refused is worded in both languages;
// German messages name the states by their German labels.
func TestStepMessages(t *testing.T) {
	ids := map[string]string{}
	for _, r := range consent.StepReasons() {
		ids[string(r)] = StepMessageID(r)
	}
	wordedInBoth(t, "refused step", ids)
	de := i18n.MustLoad().Localizer("de")
	dpo := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	r := consent.Request{ID: consent.NewID(), SubjectID: consent.NewID(), Type: consent.ReqAccess, State: consent.StateVerifying}
	_, _, notVerified := consent.Advance(r, consent.StateInProgress, dpo, at, "")
	if msg, _ := StepMessage(de, notVerified); !strings.Contains(msg, "Identität") {
		t.Errorf("not verified: %q", msg)
	}
	r.State = consent.StateCompleted
	_, _, closed := consent.Advance(r, consent.StateInProgress, dpo, at, "")
	for name, err := range map[string]error{"not verified": notVerified, "closed": closed} {
		msg, ok := StepMessage(de, err)
		if !ok || strings.Contains(msg, "<no value>") || strings.Contains(msg, r.ID) {
			t.Errorf("%s: %q (%v)", name, msg, err)
		}
		if !errors.Is(err, consent.ErrTransition) {
			t.Errorf("%s: %v is not ErrTransition", name, err)
		}
	}
	if msg, _ := StepMessage(de, closed); !strings.Contains(msg, de.Label("state", string(consent.StateCompleted), "")) &&
		!strings.Contains(msg, de.Label("state", string(consent.StateClosed), "")) {
		t.Errorf("closed: %q names no state", msg)
	}
}
