package app

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

var (
	historyTypes = []consent.RequestType{consent.ReqAccess, consent.ReqRectification, consent.ReqErasure, consent.ReqRestriction,
		consent.ReqPortability, consent.ReqObjection, consent.ReqConsentWithdrawal, consent.ReqHIPAAAccess, consent.ReqHIPAAAmendment}
	historyChannels = []string{consent.ChannelLetter, consent.ChannelEmail, consent.ChannelDesk, consent.ChannelPhone, consent.ChannelPortal}
	historyMethods  = []string{consent.VerifyIDDocument, consent.VerifyKnownToStaff, consent.VerifyCallback,
		consent.VerifySignedLetter, consent.VerifyPortalLogin, consent.VerifyRepresentative}
)

// historyCase is one transition the domain made, with the codes its
// Detail carries and the labels its wording must name.
type historyCase struct {
	t      consent.Transition
	codes  []string
	labels func(loc *i18n.Localizer) []string
}

// historyCases makes every kind of transition that sets a Detail through
// the domain's own functions, so the stored shapes are the real ones.
func historyCases(t *testing.T) []historyCase {
	t.Helper()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	dpo := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	var cs []historyCase
	for _, typ := range historyTypes {
		for _, ch := range historyChannels {
			r := consent.Request{ID: consent.NewID(), Type: typ, Channel: ch, State: consent.StateReceived, ReceivedAt: now}
			cs = append(cs, historyCase{consent.Created(r, dpo, now), []string{string(typ), ch},
				func(loc *i18n.Localizer) []string {
					return []string{loc.Label("request", string(typ), ""), loc.Label("channel", ch, "")}
				}})
		}
	}
	for _, m := range historyMethods {
		for _, ok := range []bool{true, false} {
			r := consent.Request{ID: consent.NewID(), Type: consent.ReqAccess, State: consent.StateReceived, ReceivedAt: now}
			_, tr, err := consent.Verify(r, consent.Verification{Method: m, At: now, Verified: ok}, dpo)
			if err != nil {
				t.Fatal(err)
			}
			cs = append(cs, historyCase{tr, []string{m, "verified", "true", "false"},
				func(loc *i18n.Localizer) []string { return []string{loc.Label("verify", m, "")} }})
		}
	}
	for _, g := range consent.LegalGrounds() {
		typ := consent.ReqAccess
		if len(g.Applies) > 0 {
			typ = g.Applies[0]
		}
		r := consent.Request{ID: consent.NewID(), Type: typ, State: consent.StateInProgress, ReceivedAt: now}
		_, tr, err := consent.Advance(r, consent.StateDenied, dpo, now, g.Code)
		if err != nil {
			t.Fatalf("deny with %s: %v", g.Code, err)
		}
		cs = append(cs, historyCase{tr, []string{g.Code}, func(loc *i18n.Localizer) []string { return []string{loc.T(GroundID(g.Code))} }})
	}
	for _, ch := range historyChannels {
		r := consent.Request{ID: consent.NewID(), Type: consent.ReqAccess, State: consent.StateInProgress, ReceivedAt: now}
		at := now.AddDate(0, 0, 10)
		_, tr, err := consent.Extend(r, consent.ExtensionNotice{Months: 2, Reason: "complex", ToldAt: at, ToldVia: ch}, dpo, at)
		if err != nil {
			t.Fatalf("extend told via %s: %v", ch, err)
		}
		cs = append(cs, historyCase{tr, []string{ch, "due", "requester told via"},
			func(loc *i18n.Localizer) []string { return []string{loc.Label("channel", ch, "")} }})
	}
	r := consent.Request{ID: consent.NewID(), Type: consent.ReqAccess, State: consent.StateInProgress, ReceivedAt: now}
	erasureID := consent.NewID()
	_, tr, err := consent.CloseForErasure(r, erasureID, dpo, now)
	if err != nil {
		t.Fatal(err)
	}
	cs = append(cs, historyCase{tr, []string{erasureID, "subject erased"}, func(*i18n.Localizer) []string { return nil }})
	return cs
}

func containsWord(s, w string) bool {
	return regexp.MustCompile(`(^|[^\p{L}\p{N}-])` + regexp.QuoteMeta(w) + `($|[^\p{L}\p{N}-])`).MatchString(s)
}

// TestTransitionDetailWorded: every stored history detail reads in German
// with no code and no English label left, and in English names the labels.
func TestTransitionDetailWorded(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	for _, c := range historyCases(t) {
		if c.t.Detail == "" {
			t.Fatalf("%s: the domain stored no detail", c.t.Action)
		}
		got := TransitionDetail(de, c.t)
		if got == c.t.Detail {
			t.Errorf("%s %q: German wording is the stored text", c.t.Action, c.t.Detail)
		}
		for _, code := range c.codes {
			if containsWord(got, code) {
				t.Errorf("%s %q: German %q shows code %q", c.t.Action, c.t.Detail, got, code)
			}
		}
		for _, l := range c.labels(en) {
			if strings.Contains(got, l) {
				t.Errorf("%s %q: German %q shows English label %q", c.t.Action, c.t.Detail, got, l)
			}
		}
		for _, l := range c.labels(de) {
			if !strings.Contains(got, l) {
				t.Errorf("%s %q: German %q lacks label %q", c.t.Action, c.t.Detail, got, l)
			}
		}
		gotEN := TransitionDetail(en, c.t)
		for _, l := range c.labels(en) {
			if !strings.Contains(gotEN, l) {
				t.Errorf("%s %q: English %q lacks label %q", c.t.Action, c.t.Detail, gotEN, l)
			}
		}
	}
}

// TestTransitionDetailUnknownStaysRaw: a shape the wording does not know
// is shown as stored.
func TestTransitionDetailUnknownStaysRaw(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	for _, tr := range []consent.Transition{
		{Action: "create", Detail: "bogus via pigeon"},
		{Action: "verify", Detail: "known-to-staff verified=maybe"},
		{Action: "transition", To: consent.StateDenied, Detail: "no-such-ground"},
		{Action: "extend", Detail: "due tomorrow, requester told via email"},
		{Action: "future-step", Detail: "something new"},
	} {
		if got := TransitionDetail(de, tr); got != tr.Detail {
			t.Errorf("%s %q: got %q, want it as stored", tr.Action, tr.Detail, got)
		}
	}
}
