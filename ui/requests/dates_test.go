package requests

import (
	"errors"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// TestDateFieldsInTheUsersLanguage: the intake's received date shows the
// day as the lists write it in the user's language and reads it back that
// way, in its short form or as ISO; a day that does not exist, or another
// language's form, is refused naming the field.
func TestDateFieldsInTheUsersLanguage(t *testing.T) {
	day := time.Date(consentNow.Year(), consentNow.Month(), consentNow.Day(), 0, 0, 0, 0, time.Local)
	for _, c := range []struct {
		lang, shown string
		typed       []string // each is the 14th of March
		refused     []string
	}{
		{"en", "16 Mar 2026", []string{"14 Mar 2026", "14 March 2026", "2026-03-14"}, []string{"14.03.2026", "31 Feb 2026", "3/14/2026"}},
		{"de", "16.03.2026", []string{"14.03.2026", "14.3.2026", "2026-03-14"}, []string{"14 Mar 2026", "31.02.2026", "2026-02-30"}},
	} {
		f, _ := newTestQueue(t, vault.RoleFrontDesk)
		f.env.Loc = i18n.MustLoad().Localizer(c.lang)
		v := New(f.env, i18n.MustLoad(), f.uc())
		v.OpenIntake()
		in := v.Intake
		if in.received.Text != c.shown {
			t.Errorf("%s: received shows %q, want %q", c.lang, in.received.Text, c.shown)
		}
		in.SetIntake("p000006", consent.ReqAccess, consent.ChannelDesk, in.received.Text) // a person picked
		if got, err := in.Intake(); err != nil || !got.ReceivedAt.Equal(day) {
			t.Errorf("%s: the shown day reads back as %v (%v), want %v", c.lang, got.ReceivedAt, err, day)
		}
		for _, s := range c.typed {
			in.SetIntake("p000006", consent.ReqAccess, consent.ChannelDesk, s)
			got, err := in.Intake()
			if want := day.AddDate(0, 0, -2); err != nil || !got.ReceivedAt.Equal(want) {
				t.Errorf("%s: %q read as %v (%v), want %v", c.lang, s, got.ReceivedAt, err, want)
			}
		}
		for _, s := range c.refused {
			in.SetIntake("p000006", consent.ReqAccess, consent.ChannelDesk, s)
			var ve *consent.ValidationError
			if _, err := in.Intake(); !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != f.env.Loc.T("requests.intake.received") {
				t.Errorf("%s: %q not refused as the received date: %v", c.lang, s, err)
			}
		}
	}
}

// TestErasureLastTreatmentInGerman: the last treatment the vault knows is
// prefilled as German users write a day, and a German day typed in plans.
func TestErasureLastTreatmentInGerman(t *testing.T) {
	f, _ := newTestQueue(t, vault.RoleDPO)
	f.env.Loc = i18n.MustLoad().Localizer("de")
	v := New(f.env, i18n.MustLoad(), f.uc())
	last := time.Date(2024, 5, 2, 0, 0, 0, 0, time.Local)
	f.cs.Facts = consent.ErasureFacts{Present: []consent.RecordCategory{consent.RecIdentity, consent.RecClinical},
		Triggers: map[consent.Trigger]time.Time{consent.TriggerCreated: last.AddDate(-3, 0, 0), consent.TriggerLastTreatment: last}}
	r := f.addRequest(t, "p000008", consent.ReqErasure, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	v.Detail.Complete()
	e := v.Detail.Erasure
	if e == nil {
		t.Fatal("no erasure dialog")
	}
	if e.lastTreatment.Text != "02.05.2024" || e.Problem() != "" {
		t.Fatalf("last treatment shows %q, problem %q", e.lastTreatment.Text, e.Problem())
	}
	e.SetLastTreatment("3.5.2024")
	e.Plan()
	if e.Problem() != "" || len(e.Items()) == 0 {
		t.Errorf("a German day was not planned: problem %q, %d items", e.Problem(), len(e.Items()))
	}
	e.SetLastTreatment("31.02.2024")
	e.Plan()
	if e.Problem() == "" {
		t.Error("31.02.2024 was planned")
	}
}
