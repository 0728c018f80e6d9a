package app

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// oneOfErrors breaks every rule of the domain that lists the values a
// field accepts: a request's channel and requester relation, an identity
// check's method, an extension's channel, a consent's method and
// representative, a breach's nature, risk and subjects decision, a
// holiday calendar's region (consent and practice details), a user's role.
func oneOfErrors(t *testing.T) []error {
	t.Helper()
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	dpo := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	open := consent.Request{ID: consent.NewID(), SubjectID: consent.NewID(), Type: consent.ReqAccess, State: consent.StateReceived,
		Channel: consent.ChannelLetter, ReceivedAt: now.AddDate(0, 0, -2)}
	_, _, verify := consent.Verify(open, consent.Verification{Method: "carrier-pigeon", At: now}, dpo)
	_, _, extend := consent.Extend(open, consent.ExtensionNotice{Months: 1, Reason: "many records", ToldAt: now, ToldVia: "pigeon"}, dpo, now)
	_, role := vault.ParseRole("boss")
	errs := []error{
		consent.Request{Channel: "pigeon", RequesterRelation: "cousin"}.Validate(),
		verify, extend,
		consent.Event{Method: "telepathy", Representative: &consent.Representative{Name: "Synthetic Person", Relation: "cousin"}}.Validate(),
		consent.Breach{Nature: []string{"mood"}, Risk: "medium", SubjectsDecision: "maybe"}.Validate(),
		consent.CheckJurisdiction(consent.Jurisdiction{Country: "DE", Region: "XX"}),
		vault.CheckPractice(consent.Controller{Name: "Praxis", Address: "Weg 1", Country: "CH", Region: "XX", Email: "a@example.org"}),
		role,
	}
	for i, err := range errs {
		if err == nil {
			t.Fatalf("error %d: the domain accepted a value outside its list", i)
		}
	}
	return errs
}

// allowedOf lists the fields of err that name the values they accept.
func allowedOf(err error) map[string][]string {
	out := map[string][]string{}
	var ve *vault.ValidationError
	var ce *consent.ValidationError
	switch {
	case errors.As(err, &ve):
		for _, f := range ve.Fields {
			if len(f.Allowed) > 0 {
				out[f.Field] = f.Allowed
			}
		}
	case errors.As(err, &ce):
		for _, f := range ce.Fields {
			if len(f.Allowed) > 0 {
				out[f.Field] = f.Allowed
			}
		}
	}
	return out
}

// A field's accepted values read as their German labels, never as raw
// codes: on the desk as labels only, on the command line each label with
// the code to type in parentheses after it. The oracle is the error's
// own Allowed list: every code of it is looked for in the message.
func TestOneOfListsLabelsInGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	fields := map[string]bool{}
	for _, err := range oneOfErrors(t) {
		allowed := allowedOf(err)
		if len(allowed) == 0 {
			t.Errorf("%v: no field lists its accepted codes", err)
		}
		desk, _ := FieldProblems(de, err)
		cli, _ := FieldProblemsWithCodes(de, err)
		for i, p := range desk {
			codes := allowed[p.Field]
			if codes == nil {
				continue
			}
			fields[fieldName(p.Field)] = true
			fields[p.Field] = true
			if p.Field == "verification.method" && p.Label != de.T("labels.field.verification.method") {
				t.Errorf("the identity check's method is labelled %q", p.Label)
			}
			words := AllowedWords(de, p.Field, codes, false)
			for j, c := range codes {
				if words[j] == c || bareCode(c).MatchString(p.Problem) || !strings.Contains(p.Problem, words[j]) {
					t.Errorf("desk %s: code %q is not worded: %q", p.Field, c, p.Problem)
				}
				withCode := words[j] + " (" + c + ")"
				rest := strings.ReplaceAll(cli[i].Problem, withCode, "")
				if !strings.Contains(cli[i].Problem, withCode) || bareCode(c).MatchString(rest) {
					t.Errorf("command line %s: code %q not as %q: %q", p.Field, c, withCode, cli[i].Problem)
				}
			}
		}
	}
	if !fields["verification.method"] {
		t.Error("the identity check's method is not named verification.method")
	}
	for _, f := range []string{"channel", "requesterRelation", "method", "toldVia", "relation", "nature", "risk", "subjectsDecision", "region", "role"} {
		if !fields[f] {
			t.Errorf("no error listed the values of %s", f)
		}
	}
}

// bareCode matches a code as a word of its own (not part of a longer
// code or word).
func bareCode(c string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[^\pL\pN_-])` + regexp.QuoteMeta(c) + `($|[^\pL\pN_-])`)
}
