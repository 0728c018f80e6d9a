package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"custodia/consent"
	"custodia/vault"
)

// The demo's purposes: treatment, and a research registry that needs
// consent. Treatment's name is the shipped catalogue's (shown translated
// in every language); the registry's name, description and recipient are
// the demo's own words, in the language the demo is made in
// (registryPurposeIn; the German ones here).
var (
	treatmentPurpose = consent.Purpose{ID: "treatment", Kind: consent.KindTreatment, Name: "Medical treatment", Art6: "b", Art9: "h",
		DataCategories: []string{consent.CatIdentity, consent.CatContact, consent.CatDiagnoses, consent.CatLabResults}}
	registryPurpose = consent.Purpose{ID: "research:registry", Kind: consent.KindResearch, Name: "Forschung: Chronikerregister",
		Description: "Synthetische Demo-Studie: Verlauf chronischer Erkrankungen in der Hausarztpraxis.", Art6: "a", Art9: "a",
		ConsentRequired: true, ValidityMonths: 60, DataCategories: []string{consent.CatDemographics, consent.CatDiagnoses, consent.CatLabResults},
		Recipients: []consent.Recipient{{ID: "university", Name: "Universitäres Forschungsinstitut (Demo)", Category: "research institute", Country: "DE"}}}
)

// Shares of the consent ledger (per mille of patients).
const (
	grantPerMille    = 600 // research consent given
	withdrawPerMille = 80  // of the grants: withdrawn later
	denyPerMille     = 100 // of the grants: lab results excluded
)

// governance records the demo's consents and governance data.
type governance struct {
	t   Texts
	s   *vault.Session
	cs  *vault.ConsentStore
	a   consent.Actor
	now time.Time
	rng *rand.Rand
	ctx context.Context
}

// addGovernance records research consents for about 60 % of the patients
// (some withdrawn, some with a deny exception for lab results), one
// data-subject request in every workflow state, three restricted patients,
// one breach, and the default retention rules (under which the contact
// details of patients not seen for a year and the records of former
// patients are due).
func addGovernance(s *vault.Session, recs []vault.PatientRecord, now time.Time, t Texts) error {
	g := &governance{t: t, s: s, cs: s.ConsentStore(), a: s.ConsentActor(), now: now, rng: rand.New(rand.NewPCG(Seed, 0x676f76)), ctx: context.Background()}
	en := consent.NewText(registryPurpose.ID, "en", 1, "Synthetic demo consent: I agree that my diagnoses, age group and lab results "+
		"are used, in de-identified form, by the demo chronic disease registry. I may withdraw at any time.", true, now.AddDate(-6, 0, 0))
	de := consent.NewText(registryPurpose.ID, "de", 1, "Synthetische Demo-Einwilligung: Ich bin einverstanden, dass meine Diagnosen, "+
		"meine Altersgruppe und meine Laborwerte in de-identifizierter Form vom Demo-Register chronischer Erkrankungen genutzt werden. "+
		"Ich kann diese Einwilligung jederzeit widerrufen.", true, now.AddDate(-6, 0, 0))
	// The consents were given on the text in the demo's language.
	text := de
	if t.Lang == "en" {
		text = en
	}
	for _, step := range []func() error{
		func() error { return g.cs.PutPurpose(g.ctx, treatmentPurpose) },
		func() error { return g.cs.PutPurpose(g.ctx, registryPurposeIn(t)) },
		func() error { return g.cs.PutText(g.ctx, en) },
		func() error { return g.cs.PutText(g.ctx, de) },
		func() error { return g.consents(recs, text) },
		func() error { return g.requests(recs) },
		g.breach,
		g.retention,
	} {
		if err := step(); err != nil {
			return fmt.Errorf("demo: governance: %w", err)
		}
	}
	return nil
}

func (g *governance) consents(recs []vault.PatientRecord, text consent.Text) error {
	var batch []consent.Event
	for i, r := range recs {
		if g.rng.IntN(1000) >= grantPerMille {
			continue
		}
		grant := consent.Event{ID: fmt.Sprintf("demo-grant-%06d", i+1), Type: consent.Granted, PatientID: r.Patient.ID,
			PurposeID: registryPurpose.ID, Time: g.now.AddDate(0, 0, -30-g.rng.IntN(4*365)), RecordedBy: g.a.UserID,
			Method: consent.MethodPaper, TextLanguage: text.Language, TextVersion: text.Version, TextSHA256: text.SHA256}
		if g.rng.IntN(1000) < denyPerMille {
			grant.Deny = []consent.Deny{{Categories: []string{consent.CatLabResults}}}
		}
		batch = append(batch, grant)
		if g.rng.IntN(1000) < withdrawPerMille {
			batch = append(batch, consent.Event{ID: fmt.Sprintf("demo-withdraw-%06d", i+1), Type: consent.Withdrawn, PatientID: r.Patient.ID,
				PurposeID: registryPurpose.ID, RefersTo: grant.ID, Time: grant.Time.AddDate(0, 0, 1+g.rng.IntN(20)), RecordedBy: g.a.UserID,
				Method: consent.MethodVerbal})
		}
		if len(batch) >= 500 {
			if err := g.cs.AppendEvents(g.ctx, batch...); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if len(batch) == 0 {
		return nil
	}
	return g.cs.AppendEvents(g.ctx, batch...)
}

// requests opens one request per workflow state and restricts three patients.
func (g *governance) requests(recs []vault.PatientRecord) error {
	plan := []struct {
		typ   consent.RequestType
		path  []consent.State
		grond string
	}{
		{consent.ReqErasure, nil, ""},
		{consent.ReqRectification, []consent.State{consent.StateVerifying}, ""},
		{consent.ReqAccess, []consent.State{consent.StateVerifying, consent.StateInProgress}, ""},
		{consent.ReqPortability, []consent.State{consent.StateVerifying, consent.StateInProgress, consent.StateCompleted}, ""},
		{consent.ReqObjection, []consent.State{consent.StateVerifying, consent.StateInProgress, consent.StateDenied}, "gdpr-21-not-applicable"},
		{consent.ReqAccess, []consent.State{consent.StateWithdrawn}, ""},
	}
	for i, p := range plan {
		if i >= len(recs) {
			return nil
		}
		if _, err := g.request(recs[i].Patient.ID, p.typ, p.path, p.grond, i); err != nil {
			return err
		}
	}
	for i := len(plan); i < len(plan)+3 && i < len(recs); i++ {
		id := recs[i].Patient.ID
		r, err := g.request(id, consent.ReqRestriction, []consent.State{consent.StateVerifying, consent.StateInProgress}, "", i)
		if err != nil {
			return err
		}
		if err := g.s.SetRestricted(id, true, r.ID); err != nil {
			return err
		}
	}
	return nil
}

func (g *governance) request(subject string, typ consent.RequestType, path []consent.State, ground string, i int) (consent.Request, error) {
	at := g.now.AddDate(0, 0, -3-i)
	in := consent.Intake{SubjectID: subject, Type: typ, Channel: consent.ChannelLetter, ReceivedAt: at,
		Requester: g.t.Requester, RequesterRelation: consent.RelSelf, Description: g.t.RequestNote}
	if typ == consent.ReqObjection {
		in.PurposeID = registryPurpose.ID
	}
	r, err := consent.NewRequest(in, nil, g.a, at)

	if err != nil {
		return r, err
	}
	if r, err = g.cs.CreateRequest(g.ctx, r, consent.Created(r, g.a, at)); err != nil {
		return r, err
	}
	for _, to := range path {
		var tr consent.Transition
		if to == consent.StateVerifying {
			r, tr, err = consent.Verify(r, consent.Verification{Method: consent.VerifyIDDocument, At: at, Verified: true}, g.a)
		} else {
			r, tr, err = consent.Advance(r, to, g.a, at, ground)
		}
		if err == nil {
			r, err = g.cs.UpdateRequest(g.ctx, r, tr)
		}
		if err != nil {
			return r, err
		}
	}
	return r, nil
}

func (g *governance) breach() error {
	aware := g.now.AddDate(0, 0, -9)
	_, err := g.cs.PutBreach(g.ctx, consent.Breach{ID: "demo-breach-1", AwareAt: aware, OccurredAt: aware.AddDate(0, 0, -1), RecordedBy: g.a.UserID,
		Nature: []string{"confidentiality"}, Description: g.t.BreachDescription,
		DataCategories: []string{consent.CatLabResults, consent.CatContact}, SubjectsApprox: consent.ApproxOf(1), RecordsApprox: consent.ApproxOf(1),
		Consequences: g.t.BreachConsequences, Measures: g.t.BreachMeasures,
		Risk: consent.RiskRisk, AuthorityNotifiedAt: aware.Add(30 * time.Hour), AuthorityReference: "DEMO-DPA-0001",
		SubjectsDecision: consent.SubjNotify, SubjectsNotifiedAt: aware.Add(48 * time.Hour),
		DecisionReason: g.t.BreachReason})
	return err
}

func (g *governance) retention() error {
	for _, r := range consent.DefaultRetentionRules() {
		if _, err := g.cs.PutRetentionRule(g.ctx, r); err != nil {
			return err
		}
	}
	return nil
}
