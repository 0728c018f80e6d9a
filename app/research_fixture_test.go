package app_test

import (
	"archive/tar"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"custodia/app"
	"custodia/consent"
	"custodia/deid"
	"custodia/research"
	"custodia/vault"
)

// Consent scenarios of a research fixture's patients.
const (
	scNone = iota
	scGranted
	scWithdrawn
	scDenyLab   // deny exception for an exported category
	scDenyOther // deny exception for a category the study does not export
	scObjection
	scRestricted
	scErased
	scenarioCount
)

// scenarioReason is the oracle's exclusion reason (erased patients are not
// in the extract at all).
var scenarioReason = map[int]string{scNone: "no-consent", scWithdrawn: "withdrawn", scDenyLab: "deny-exception",
	scObjection: "objection", scRestricted: "restriction"}

func includedScenario(sc int) bool { return sc == scGranted || sc == scDenyOther }

// rfix is a vault with synthetic patients (two encounters each, an HbA1c
// value unique to the patient as a marker) and a research consent ledger.
type rfix struct {
	t        *testing.T
	v        *vault.Vault
	s        *app.Session
	vs       app.VaultSession
	clock    *time.Time
	ids      []string
	marker   map[string]string
	scenario map[string]int
	dates    map[string][]string // patient → encounter dates
	id       *age.X25519Identity
	dir      string
}

const purposeRegistry = "research:registry"

// newResearchFixture creates n patients; scenario picks each one's consent
// story (nil: all granted).
func newResearchFixture(t *testing.T, n int, scenario func(i int) int) *rfix {
	t.Helper()
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	v, s, vs := newVaultAt(t, now)
	id, _ := age.GenerateX25519Identity()
	f := &rfix{t: t, v: v, s: s, vs: vs, clock: &clock, marker: map[string]string{}, scenario: map[string]int{},
		dates: map[string][]string{}, id: id, dir: t.TempDir()}
	f.addPatients(n)
	for i, pid := range f.ids {
		sc := scGranted
		if scenario != nil {
			sc = scenario(i)
		}
		f.scenario[pid] = sc
		f.applyScenario(pid, sc)
	}
	return f
}

func (f *rfix) addPatients(n int) {
	r := rand.New(rand.NewPCG(uint64(n), 77))
	var recs []vault.PatientRecord
	for i := range n {
		d1 := time.Date(2024, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		d2 := d1.AddDate(0, 2+r.IntN(6), r.IntN(20))
		marker := fmt.Sprintf("%d.%03d7", 5+r.IntN(4), i)
		recs = append(recs, vault.PatientRecord{
			Patient: vault.Patient{GivenName: "Synthia", FamilyName: fmt.Sprintf("Testperson%03d", i),
				BirthDate: time.Date(1940+r.IntN(60), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC),
				Sex:       []string{"female", "male"}[r.IntN(2)], Postcode: fmt.Sprintf("1%d1%02d", r.IntN(3), r.IntN(40))},
			Encounters: []vault.Encounter{{Date: d1, Kind: vault.EncounterVisit, Diagnoses: []vault.Diagnosis{{Code: "E11.9"}}},
				{Date: d2, Kind: vault.EncounterTelephone, Diagnoses: []vault.Diagnosis{{Code: []string{"E11.9", "I10", "J45.0"}[r.IntN(3)]}}}},
			Observations: []vault.Observation{{EncounterID: "#0", Date: d1, Code: "4548-4", Value: marker, Unit: "%"}},
		})
	}
	stored, err := f.vs.AddPatientRecords(recs)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, rec := range stored {
		pid := rec.Patient.ID
		f.ids = append(f.ids, pid)
		f.marker[pid] = rec.Observations[0].Value
		for _, e := range rec.Encounters {
			f.dates[pid] = append(f.dates[pid], e.Date.Format(time.DateOnly))
		}
	}
}

func (f *rfix) applyScenario(pid string, sc int) {
	t := f.t
	grant := func(deny ...string) {
		e := consent.Event{PatientID: pid, PurposeID: purposeRegistry, Method: consent.MethodPaper, Time: f.s.Now().AddDate(0, 0, -30)}
		if len(deny) > 0 {
			e.Deny = []consent.Deny{{Categories: deny}}
		}
		if _, err := f.s.GrantConsent(app.Grant{Language: "en", Event: e}); err != nil {
			t.Fatal(err)
		}
	}
	switch sc {
	case scNone:
	case scGranted, scObjection, scRestricted, scErased:
		grant()
	case scWithdrawn:
		grant()
		f.withdraw(pid)
	case scDenyLab:
		grant(consent.CatLabResults)
	case scDenyOther:
		grant(consent.CatGenetics)
	}
	switch sc {
	case scObjection:
		f.request(pid, consent.ReqObjection)
	case scRestricted:
		f.request(pid, consent.ReqRestriction)
	case scErased:
		f.erase(pid)
	}
}

func (f *rfix) withdraw(pid string) {
	if _, err := f.s.WithdrawConsent(pid, purposeRegistry, "", consent.MethodVerbal); err != nil {
		f.t.Fatal(err)
	}
}

// request opens, verifies and completes a request; it returns the
// recipients to notify (Art. 19).
func (f *rfix) request(pid string, typ consent.RequestType) []consent.Notification {
	r := f.openRequest(pid, typ)
	_, notify, err := f.s.CompleteRequest(r, app.Work{})
	if err != nil {
		f.t.Fatal(err)
	}
	return notify
}

func (f *rfix) openRequest(pid string, typ consent.RequestType) consent.Request {
	in := consent.Intake{SubjectID: pid, Type: typ, Channel: consent.ChannelLetter, ReceivedAt: f.s.Now().AddDate(0, 0, -1),
		Requester: "the patient", RequesterRelation: consent.RelSelf}
	if typ == consent.ReqObjection {
		in.PurposeID = purposeRegistry
	}
	r, err := f.s.OpenRequest(in)
	if err != nil {
		f.t.Fatal(err)
	}
	if r, err = f.s.VerifyIdentity(r, consent.VerifyIDDocument, true); err != nil {
		f.t.Fatal(err)
	}
	return r
}

func (f *rfix) erase(pid string) []consent.Notification {
	r := f.openRequest(pid, consent.ReqErasure)
	plan, err := f.s.PlanErasure(r, time.Time{})
	if err != nil {
		f.t.Fatal(err)
	}
	_, notify, err := f.s.ExecuteErasure(r, plan.ErasurePlan)
	if err != nil {
		f.t.Fatal(err)
	}
	return notify
}

// study is an encounter-level study of the fixture, addressed to its age
// identity.
func (f *rfix) study(id string) research.Study {
	return research.Study{ID: id, Name: "Diabetes course " + id, Purpose: purposeRegistry,
		Recipient: research.Recipient{Org: "University research institute", Contact: "study office", ID: "university-institute",
			AgeRecipient: f.id.Recipient().String()},
		Level: research.LevelEncounter, ReferenceDate: "2026-01-01",
		Columns: []research.Column{{Name: research.SrcPatient, Role: research.RoleIdentifying, Treatment: research.IdentPseudonymise},
			{Name: research.SrcAge, Role: research.RoleQuasi}, {Name: research.SrcSex, Role: research.RoleQuasi},
			{Name: research.SrcDiagnosis, Role: research.RoleInsensitive}, {Name: research.SrcDate, Role: research.RoleInsensitive},
			{Name: "obs:4548-4", Role: research.RoleInsensitive}},
		Privacy: research.Privacy{K: 2, Suppression: 1}, Metric: "loss", Algorithm: research.AlgorithmOptimal}
}

func (f *rfix) save(st research.Study) research.Study {
	rec, err := f.s.SaveStudy(st)
	if err != nil {
		f.t.Fatal(err)
	}
	return rec.Study
}

func (f *rfix) run(studyID, name string) (app.ExportRecord, string) {
	out := filepath.Join(f.dir, name)
	rec, err := f.s.RunExport(f.t.Context(), studyID, out, app.ExportOptions{})
	if err != nil {
		f.t.Fatal(err)
	}
	return rec, out
}

// pseudonyms maps the pseudonym of every fixture patient under the
// study's key to the patient.
func (f *rfix) pseudonyms(studyID string) map[string]string {
	key, err := f.vs.StudyKey(studyID)
	if err != nil {
		f.t.Fatal(err)
	}
	ps, err := deid.NewPseudonymizer(key, "P-", 0)
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]string{}
	for _, id := range f.ids {
		out[ps.Pseudonym(id)] = id
	}
	return out
}

// decrypt returns the package's files (name → bytes), decrypted with the
// fixture's identity, without any of research's reading code.
func (f *rfix) decrypt(path string) map[string][]byte {
	fh, err := os.Open(path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer fh.Close()
	r, err := age.Decrypt(fh, f.id)
	if err != nil {
		f.t.Fatal(err)
	}
	return untarAll(f.t, r)
}

func untarAll(t *testing.T, r io.Reader) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out[h.Name] = b
	}
}

// readData parses data.csv into a header index and rows.
func readData(t *testing.T, b []byte) (map[string]int, [][]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("data.csv: %v", err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	return col, recs[1:]
}

// unneutralise undoes the CSV formula guard of one cell.
func unneutralise(v string) string { return strings.TrimPrefix(v, "'") }
