package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// TestRefusedStepsInTheRunsLanguage: the workflow refusals that reached
// the CLI as the domain's cleaned English ("not yet", "not allowed") are
// worded from their reason codes: a breach letter after the decision not
// to tell the patients, an extension after the original due date, and an
// erasure request completed directly. German names the decision and the
// date in German, holds none of the English, and keeps exit code 6.
func TestRefusedStepsInTheRunsLanguage(t *testing.T) {
	cat := i18n.MustLoad()
	de := cat.Localizer("de")
	dpo := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	received := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	r, err := consent.NewRequest(consent.Intake{SubjectID: consent.NewID(), Type: consent.ReqAccess, Channel: consent.ChannelLetter,
		ReceivedAt: received, Requester: "Synthetic Requester", RequesterRelation: consent.RelSelf}, nil, dpo, received)
	if err != nil {
		t.Fatal(err)
	}
	late := received.AddDate(0, 3, 0)
	_, _, lateErr := consent.Extend(r, consent.ExtensionNotice{Months: 1, Reason: "many records", ToldAt: late, ToldVia: "letter"}, dpo, late)
	noNotice := consent.Breach{ID: "b-1", SubjectsDecision: consent.SubjNotRequired}.SubjectNoticeAllowed()
	erasure := consent.ErasureClosesByPlan(consent.Request{ID: consent.NewID(), Type: consent.ReqErasure, State: consent.StateInProgress})
	for name, tc := range map[string]struct {
		err      error
		sentinel error
		want     string
	}{
		"late extension": {lateErr, consent.ErrTransition, de.T("domaintext.step.extension-too-late", "Date", de.Date(r.OriginalDue()))},
		"no notice": {noNotice, consent.ErrNotDecided, de.T("domaintext.step.art34-no-notice",
			"Decision", de.Label("subjects", consent.SubjNotRequired, ""))},
		"erasure": {erasure, consent.ErrTransition, de.T("domaintext.step.erasure-by-plan")},
	} {
		if !errors.Is(tc.err, tc.sentinel) {
			t.Errorf("%s: %v is not %v", name, tc.err, tc.sentinel)
		}
		msg, code := describe(de, consentMessage(tc.err))
		if msg != tc.want || code != exitValidation {
			t.Errorf("%s: %q (exit %d), want %q (exit %d)", name, msg, code, tc.want, exitValidation)
		}
		for _, english := range []string{"request ", "breach ", "decision", "not allowed", "extension", "<no value>"} {
			if strings.Contains(msg, english) {
				t.Errorf("%s: German %q holds %q", name, msg, english)
			}
		}
	}
}
