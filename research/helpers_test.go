package research

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"custodia/consent"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Consent scenarios of synthetic patients, decided by construction.
const (
	scNone = iota
	scGranted
	scWithdrawn
	scDenyExported
	scDenyOther
	scObjection
	scRestriction
	scErased
	scFlagRestricted // the record's own Art. 18 flag
	scenarios
)

var scenarioReason = map[int]string{
	scNone: ExclNoConsent, scWithdrawn: ExclWithdrawn, scDenyExported: ExclDeny,
	scObjection: ExclObjection, scRestriction: ExclRestriction, scErased: ExclErased, scFlagRestricted: ExclRestriction,
}

var icdPool = []string{"E11.9", "E11.65", "E10.1", "I10", "J45.0", "K21.0", "M54.5", "F32.1", "E78.0", "C50.4"}

// synthetic builds n synthetic patients (ids only, no names exist) with a
// scenario each, and the consent index of their ledger.
type synthetic struct {
	patients []*Patient
	scenario map[string]int
	marker   map[string]string // patient id -> their unique HbA1c value
	index    *consent.Index
}

func makeSynthetic(t testing.TB, cat *consent.Catalogue, seed uint64, n int) *synthetic {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, seed^0x9e37))
	sy := &synthetic{scenario: map[string]int{}, marker: map[string]string{}}
	var events []consent.Event
	var blocks []consent.Block
	granted := day(2026, 2, 1)
	for i := range n {
		id := fmt.Sprintf("pat-%05d", i)
		p := &Patient{ID: id, BirthDate: day(1940+r.IntN(60), time.Month(1+r.IntN(12)), 1+r.IntN(28)),
			Sex: []string{"female", "male"}[r.IntN(2)], Postcode: fmt.Sprintf("%d%d1%02d", 1+r.IntN(2), r.IntN(3), r.IntN(4))}
		for e := range 1 + r.IntN(4) {
			enc := Encounter{ID: fmt.Sprintf("%s-e%d", id, e), Date: day(2023+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28)),
				Kind: []string{"visit", "telephone"}[r.IntN(2)], Codes: []string{icdPool[r.IntN(len(icdPool))]}}
			p.Encounters = append(p.Encounters, enc)
		}
		sy.marker[id] = fmt.Sprintf("%d.%04d", 5+r.IntN(5), i)
		if i%7 == 0 { // a value a spreadsheet would read as a formula
			sy.marker[id] = "-" + sy.marker[id]
		}
		p.Observations = []Observation{{EncounterID: p.Encounters[0].ID, Date: p.Encounters[0].Date, Code: "4548-4", Value: sy.marker[id], Unit: "%"}}
		sc := r.IntN(scenarios)
		sy.scenario[id] = sc
		sy.patients = append(sy.patients, p)
		if sc == scNone {
			continue
		}
		g := grantEvent(cat, fmt.Sprintf("g-%d", i), id, granted)
		switch sc {
		case scDenyExported:
			g.Deny = []consent.Deny{{Categories: []string{consent.CatDiagnoses}}}
		case scDenyOther:
			g.Deny = []consent.Deny{{Categories: []string{consent.CatGenetics}}}
		}
		events = append(events, g)
		switch sc {
		case scWithdrawn:
			events = append(events, consent.Event{ID: fmt.Sprintf("w-%d", i), Type: consent.Withdrawn, PatientID: id,
				PurposeID: "research:registry", RefersTo: g.ID, Time: granted.AddDate(0, 1, 0), RecordedBy: "user-1", Method: consent.MethodScreen})
		case scObjection:
			blocks = append(blocks, consent.Block{Kind: consent.BlockObjection, PatientID: id, PurposeID: "research:registry", From: granted, RequestID: fmt.Sprintf("r-%d", i)})
		case scRestriction:
			blocks = append(blocks, consent.Block{Kind: consent.BlockRestriction, PatientID: id, From: granted, RequestID: fmt.Sprintf("r-%d", i)})
		case scErased:
			p.Erased = true
		case scFlagRestricted:
			p.Restricted = true
		}
	}
	ix, err := consent.BuildIndex(cat, events, blocks)
	if err != nil {
		t.Fatalf("BuildIndex: %v", err)
	}
	sy.index = ix
	return sy
}

func grantEvent(cat *consent.Catalogue, id, patient string, at time.Time) consent.Event {
	e := consent.Event{ID: id, Type: consent.Granted, PatientID: patient, PurposeID: "research:registry", Time: at,
		RecordedBy: "user-1", Method: consent.MethodScreen}
	if txt, ok := cat.LatestText("research:registry", "en", at); ok {
		e.TextLanguage, e.TextVersion, e.TextSHA256 = txt.Language, txt.Version, txt.SHA256
	}
	return e
}

func testKey(b byte) []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = b + byte(i)
	}
	return k
}

func encounterStudy() *Study {
	s := sampleStudy()
	s.Level = LevelEncounter
	s.Cohort = Cohort{ICDPrefix: "E1", From: "2023-06-01", To: "2025-12-31"}
	s.Columns = []Column{
		{Name: SrcPatient, Role: RoleIdentifying, Treatment: IdentPseudonymise},
		{Name: SrcAge, Role: RoleQuasi}, {Name: SrcSex, Role: RoleQuasi},
		{Name: SrcDate, Role: RoleQuasi}, {Name: SrcDiagnosis, Role: RoleSensitive},
		{Name: "obs:4548-4", Role: RoleInsensitive},
	}
	s.DateShiftDays = 30
	s.Privacy = Privacy{K: 3, L: 2, Suppression: 0.2}
	return s
}
