package vault

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"custodia/consent"
)

var bg = context.Background()

// Synthetic consent catalogue for the DSR tests.
var (
	dsrCare = consent.Purpose{ID: "treatment", Kind: consent.KindTreatment, Name: "Treatment", Art6: "b", Art9: "h",
		DataCategories: []string{consent.CatIdentity, consent.CatDiagnoses}}
	dsrStudy = consent.Purpose{ID: "research:zyx", Kind: consent.KindResearch, Name: "Study zyx", Art6: "a", Art9: "a",
		ConsentRequired: true, ValidityMonths: 24, DataCategories: []string{consent.CatDiagnoses, consent.CatIdentity},
		Recipients: []consent.Recipient{{ID: "institute", Name: "Institute", Category: "research institute", Country: "DE"}}}
)

// Distinctive synthetic strings that must never appear in clear in the file.
const (
	repName       = "Qorvexa Parentzyx"
	requesterName = "Thulkrin Requestzyx"
	requestNote   = "please remove Plixwuz everything"
)

type dsrFixture struct {
	v     *Vault
	admin *Session
	cs    *ConsentStore
	p     Patient
	text  consent.Text
}

func newDSRFixture(t *testing.T) *dsrFixture {
	t.Helper()
	v, admin := NewTestVault(t)
	f := &dsrFixture{v: v, admin: admin, cs: admin.ConsentStore()}
	f.text = consent.NewText(dsrStudy.ID, "en", 1, "Synthetic consent wording for study zyx.", true, time.Now().AddDate(0, 0, -30))
	must(t, f.cs.PutPurpose(bg, dsrCare))
	must(t, f.cs.PutPurpose(bg, dsrStudy))
	must(t, f.cs.PutText(bg, f.text))
	f.p = mustAdd(t, admin, fakePatient(rand.New(rand.NewPCG(7, 7)), 7))
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// grantStudy records a grant given by a representative, with a scan.
func (f *dsrFixture) grantStudy(t *testing.T, id string) consent.Event {
	t.Helper()
	e := consent.Event{ID: id, Type: consent.Granted, PatientID: f.p.ID, PurposeID: dsrStudy.ID, Time: time.Now().Add(-time.Hour),
		RecordedBy: f.admin.User().ID, Method: consent.MethodPaper, TextLanguage: "en", TextVersion: 1, TextSHA256: f.text.SHA256,
		Representative: &consent.Representative{Name: repName, Relation: consent.RelParent},
		Scan:           &consent.Attachment{Ref: "scan-1", ContentType: "application/pdf", SHA256: strings.Repeat("ab", 32)}}
	must(t, f.cs.AppendEvents(bg, e))
	return e
}

// request takes in a request as the session's user and, if verify, records
// the identity check and moves it in progress.
func (f *dsrFixture) request(t *testing.T, s *Session, typ consent.RequestType, verify bool) consent.Request {
	t.Helper()
	cs, a, now := s.ConsentStore(), s.ConsentActor(), time.Now()
	r, err := consent.NewRequest(consent.Intake{SubjectID: f.p.ID, Type: typ, Channel: consent.ChannelLetter, ReceivedAt: now.Add(-time.Hour),
		Requester: requesterName, RequesterRelation: consent.RelSelf, Description: requestNote, AcceptDuplicate: true}, nil, a, now)
	must(t, err)
	r, err = cs.CreateRequest(bg, r, consent.Created(r, a, now))
	must(t, err)
	if !verify {
		return r
	}
	r, tr, err := consent.Verify(r, consent.Verification{Method: consent.VerifyIDDocument, At: now, Verified: true}, a)
	must(t, err)
	r, err = cs.UpdateRequest(bg, r, tr)
	must(t, err)
	r, tr, err = consent.Advance(r, consent.StateInProgress, a, now, "")
	must(t, err)
	r, err = cs.UpdateRequest(bg, r, tr)
	must(t, err)
	return r
}

// complete closes a request as its decider.
func (f *dsrFixture) complete(t *testing.T, r consent.Request) consent.Request {
	t.Helper()
	r, tr, err := consent.Advance(r, consent.StateCompleted, f.admin.ConsentActor(), time.Now(), "")
	must(t, err)
	r, err = f.cs.UpdateRequest(bg, r, tr)
	must(t, err)
	return r
}

func (f *dsrFixture) disclose(t *testing.T, id, recipient string, at time.Time) {
	t.Helper()
	must(t, f.cs.AddDisclosure(bg, consent.Disclosure{ID: id, PatientID: f.p.ID, Recipient: recipient, PurposeID: dsrStudy.ID,
		Categories: []string{consent.CatDiagnoses}, At: at, RecordedBy: f.admin.User().ID}))
}

// userSession adds a user with the role and unlocks a session for it.
func userSession(t *testing.T, v *Vault, admin *Session, name string, role Role) *Session {
	t.Helper()
	pass := []byte(name + "-passphrase")
	if _, err := admin.AddUser(name, role, pass); err != nil {
		t.Fatalf("AddUser %s: %v", name, err)
	}
	s, err := v.Unlock(name, pass)
	if err != nil {
		t.Fatalf("Unlock %s: %v", name, err)
	}
	t.Cleanup(s.Lock)
	return s
}

// deniedAudited reports whether the trail holds a denial of action.
func deniedAudited(t *testing.T, admin *Session, action string) bool {
	t.Helper()
	es, err := admin.AuditEntries(0, 10000)
	must(t, err)
	return slices.ContainsFunc(es, func(e AuditEntry) bool {
		return e.Action == "permission.denied" && strings.Contains(e.Detail, "action="+action)
	})
}

func TestConsentStoreEncryptsPersonalFields(t *testing.T) {
	f := newDSRFixture(t)
	f.grantStudy(t, "ev-1")
	f.request(t, f.admin, consent.ReqAccess, false)
	_, err := f.cs.PutBreach(bg, consent.Breach{ID: "br-1", AwareAt: time.Now(), RecordedBy: "user-dpo", Nature: []string{"confidentiality"},
		Description: "Skavdril laptop left on train", DataCategories: []string{consent.CatContact}, SubjectsApprox: consent.ApproxOf(3), RecordsApprox: consent.ApproxOf(3),
		Consequences: "Oxagref phishing", Measures: "Yumbmab rotation", Risk: consent.RiskUnlikely, DecisionReason: "Jorvplix encrypted disk"})
	must(t, err)
	evs, err := f.cs.ListEvents(bg, consent.EventFilter{PatientID: f.p.ID})
	must(t, err)
	if len(evs) != 1 || evs[0].Representative == nil || evs[0].Representative.Name != repName || evs[0].Scan == nil || evs[0].Scan.Ref != "scan-1" {
		t.Fatalf("event not read back: %+v", evs)
	}
	must(t, f.v.Close())
	scanFiles(t, f.v.Path(), repName, requesterName, requestNote, "Skavdril", "Oxagref", "Yumbmab", "Jorvplix", "scan-1")
}

func TestScans(t *testing.T) {
	f := newDSRFixture(t)
	data := []byte("%PDF-1.4 synthetic scan Drilwuzform")
	att, err := f.cs.PutScan(bg, f.p.ID, "application/pdf", data)
	must(t, err)
	ct, got, err := f.cs.Scan(bg, att.Ref)
	must(t, err)
	if ct != "application/pdf" || !bytes.Equal(got, data) {
		t.Errorf("scan read back: %s, %d bytes", ct, len(got))
	}
	if _, err := f.cs.PutScan(bg, f.p.ID, "not a type", data); !errors.Is(err, consent.ErrInvalid) {
		t.Errorf("bad content type: %v", err)
	}
	if _, _, err := f.cs.Scan(bg, "scan-none"); !errors.Is(err, consent.ErrNotFound) {
		t.Errorf("unknown scan: %v", err)
	}
	e := consent.Event{ID: "ev-scan", Type: consent.Granted, PatientID: f.p.ID, PurposeID: dsrStudy.ID, Time: time.Now().Add(-time.Hour),
		RecordedBy: f.admin.User().ID, Method: consent.MethodPaper, TextLanguage: "en", TextVersion: 1, TextSHA256: f.text.SHA256, Scan: &att}
	forged := e
	forgedAtt := att
	forgedAtt.SHA256 = strings.Repeat("0", 64)
	forged.Scan = &forgedAtt
	if err := f.cs.AppendEvents(bg, forged); !errors.Is(err, consent.ErrInvalid) {
		t.Errorf("event with a mismatched scan hash: %v", err)
	}
	must(t, f.cs.AppendEvents(bg, e))
	researcher := userSession(t, f.v, f.admin, "researcher", RoleResearcher)
	if _, _, err := researcher.ConsentStore().Scan(bg, att.Ref); !errors.Is(err, consent.ErrPermission) {
		t.Errorf("researcher reads a scan: %v", err)
	}
	must(t, f.v.Close())
	scanFiles(t, f.v.Path(), "Drilwuzform")
}

func TestLedgerIsAppendOnlyInTheFile(t *testing.T) {
	f := newDSRFixture(t)
	f.grantStudy(t, "ev-1")
	f.disclose(t, "dis-1", "institute", time.Now())
	f.request(t, f.admin, consent.ReqAccess, false)
	a := f.admin.ConsentActor()
	plan := consent.ErasurePlan{ID: "plan-1", RequestID: "req-1", SubjectID: f.p.ID, ApprovedBy: a.UserID, ApprovedAt: time.Now()}
	cert, err := consent.ErasureCertificate(plan, nil, a, time.Now())
	must(t, err)
	must(t, f.cs.AddCertificate(bg, cert))
	for _, q := range []string{
		"UPDATE consent_events SET purpose_id = 'treatment'", "DELETE FROM consent_events",
		"UPDATE disclosures SET patient_id = 'x'", "DELETE FROM disclosures",
		"UPDATE dsr_transitions SET body = '{}'", "DELETE FROM dsr_transitions",
		"UPDATE certificates SET body = '{}'", "DELETE FROM certificates",
	} {
		if _, err := f.v.db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want an append-only refusal", q, err)
		}
	}
}

func TestConsentStorePermissions(t *testing.T) {
	f := newDSRFixture(t)
	desk := userSession(t, f.v, f.admin, "desk", RoleFrontDesk)
	researcher := userSession(t, f.v, f.admin, "researcher", RoleResearcher)
	clinician := userSession(t, f.v, f.admin, "clinician", RoleClinician)

	err := desk.ConsentStore().PutPurpose(bg, dsrCare)
	if !errors.Is(err, ErrPermission) || !errors.Is(err, consent.ErrPermission) {
		t.Errorf("front desk PutPurpose: %v", err)
	}
	if !deniedAudited(t, f.admin, "purpose.put") {
		t.Error("denied PutPurpose not audited")
	}
	if _, err := researcher.ConsentStore().ListEvents(bg, consent.EventFilter{}); !errors.Is(err, consent.ErrPermission) {
		t.Errorf("researcher ListEvents: %v", err)
	}
	if _, err := clinician.ConsentStore().ListBreaches(bg); !errors.Is(err, consent.ErrPermission) {
		t.Errorf("clinician ListBreaches: %v", err)
	}
	// The front desk takes requests in but cannot complete them.
	r := f.request(t, desk, consent.ReqAccess, true)
	done, tr, err := consent.Advance(r, consent.StateCompleted, f.admin.ConsentActor(), time.Now(), "")
	must(t, err)
	if _, err := desk.ConsentStore().UpdateRequest(bg, done, tr); !errors.Is(err, consent.ErrPermission) {
		t.Errorf("front desk completes a request: %v", err)
	}
	if !deniedAudited(t, f.admin, "request.transition") {
		t.Error("denied completion not audited")
	}
	// A researcher records the disclosures of an export, nothing else.
	d := consent.Disclosure{ID: "dis-r", PatientID: f.p.ID, Recipient: "institute", PurposeID: dsrStudy.ID,
		Categories: []string{consent.CatDiagnoses}, At: time.Now(), RecordedBy: researcher.User().ID, ExportID: "export-1"}
	must(t, researcher.ConsentStore().AddDisclosures(bg, d))
	d.ID, d.ExportID = "dis-r2", ""
	if err := researcher.ConsentStore().AddDisclosure(bg, d); !errors.Is(err, consent.ErrPermission) {
		t.Errorf("researcher records a non-export disclosure: %v", err)
	}
}

func TestConsentActor(t *testing.T) {
	f := newDSRFixture(t)
	desk := userSession(t, f.v, f.admin, "desk", RoleFrontDesk)
	a := desk.ConsentActor()
	if a.UserID != desk.User().ID || a.Role != consent.RoleFrontDesk || !a.Can(consent.PermIntake) || a.Can(consent.PermDecide) {
		t.Errorf("actor %+v", a)
	}
	if f.admin.ConsentActor().Role != consent.RoleAdmin {
		t.Errorf("admin actor %+v", f.admin.ConsentActor())
	}
}

func TestSetRestricted(t *testing.T) {
	f := newDSRFixture(t)
	r := f.request(t, f.admin, consent.ReqRestriction, true)
	access := f.request(t, f.admin, consent.ReqAccess, true)
	if err := f.admin.SetRestricted(f.p.ID, true, access.ID); !errors.Is(err, ErrValidation) {
		t.Errorf("restriction citing an access request: %v", err)
	}
	desk := userSession(t, f.v, f.admin, "desk", RoleFrontDesk)
	if err := desk.SetRestricted(f.p.ID, true, r.ID); !errors.Is(err, ErrPermission) {
		t.Errorf("front desk restricts: %v", err)
	}
	must(t, f.admin.SetRestricted(f.p.ID, true, r.ID))
	got, err := f.admin.GetPatient(f.p.ID)
	must(t, err)
	if !got.Restricted {
		t.Fatal("not restricted")
	}
	got.Phone = "+99 555 0000001"
	if _, err := f.admin.UpdatePatient(got); !errors.Is(err, ErrRestricted) {
		t.Errorf("update of a restricted patient: %v", err)
	}
	ids, err := f.admin.RestrictedPatients()
	must(t, err)
	if !slices.Equal(ids, []string{f.p.ID}) {
		t.Errorf("restricted list %v", ids)
	}
	researcher := userSession(t, f.v, f.admin, "researcher", RoleResearcher)
	if ids, err := researcher.RestrictedPatients(); err != nil || len(ids) != 1 {
		t.Errorf("researcher's exclusion list: %v %v", ids, err)
	}
	must(t, f.admin.SetRestricted(f.p.ID, false, r.ID))
	es, err := f.admin.AuditEntries(0, 10000)
	must(t, err)
	if !slices.ContainsFunc(es, func(e AuditEntry) bool {
		return e.Action == "patient.unrestrict" && e.Object == "patient:"+f.p.ID && e.Detail == "request="+r.ID
	}) {
		t.Error("lifting not audited")
	}
	got, err = f.admin.GetPatient(f.p.ID)
	must(t, err)
	got.Phone = "+99 555 0000001"
	if _, err := f.admin.UpdatePatient(got); err != nil {
		t.Errorf("update after lifting: %v", err)
	}
}

func TestRectificationHistory(t *testing.T) {
	f := newDSRFixture(t)
	r := f.request(t, f.admin, consent.ReqRectification, true)
	old := f.p
	fixed := old
	fixed.FamilyName, fixed.Phone, fixed.Diagnosis = "Correctedzyx", "+99 555 1234567", "E11.9"
	if _, err := f.admin.Rectify(f.p.ID, fixed, "no-such-request"); !errors.Is(err, ErrValidation) {
		t.Errorf("unknown request: %v", err)
	}
	stale := fixed
	stale.Version = 0
	if _, err := f.admin.Rectify(f.p.ID, stale, r.ID); !errors.Is(err, ErrConflict) {
		t.Errorf("stale version: %v", err)
	}
	if _, err := f.admin.Rectify(f.p.ID, old, r.ID); !errors.Is(err, ErrValidation) {
		t.Errorf("no change: %v", err)
	}
	out, err := f.admin.Rectify(f.p.ID, fixed, r.ID)
	must(t, err)
	if out.Version != old.Version+1 {
		t.Errorf("version %d", out.Version)
	}
	got, err := f.admin.GetPatient(f.p.ID)
	must(t, err)
	if got.FamilyName != fixed.FamilyName || got.Phone != fixed.Phone || got.Diagnosis != fixed.Diagnosis || got.GivenName != old.GivenName {
		t.Errorf("stored after rectification: %+v", got)
	}
	found, err := f.admin.FindPatients(Query{Name: "Correctedzyx"})
	must(t, err)
	if len(found) != 1 {
		t.Errorf("index not rebuilt: %d found", len(found))
	}
	hist, err := f.admin.PatientHistory(f.p.ID)
	must(t, err)
	// Oracle: one entry per changed field, each with the old value.
	want := map[string]string{"family_name": old.FamilyName, "phone": old.Phone, "diagnosis": old.Diagnosis}
	if len(hist) != len(want) {
		t.Fatalf("history %d entries, want %d", len(hist), len(want))
	}
	for _, h := range hist {
		if want[h.Field] != h.OldValue || h.RequestID != r.ID || h.By != f.admin.User().ID || h.Category != fieldCategory(h.Field) {
			t.Errorf("history entry %s: request %s by %s category %s", h.Field, h.RequestID, h.By, h.Category)
		}
	}
	desk := userSession(t, f.v, f.admin, "desk", RoleFrontDesk)
	deskHist, err := desk.PatientHistory(f.p.ID)
	must(t, err)
	if len(deskHist) != 2 || slices.ContainsFunc(deskHist, func(h FieldChange) bool { return h.Field == "diagnosis" }) {
		t.Errorf("front desk sees clinical history: %d entries", len(deskHist))
	}
	if _, err := desk.Rectify(f.p.ID, out, r.ID); !errors.Is(err, ErrPermission) {
		t.Errorf("front desk rectifies: %v", err)
	}
	must(t, f.v.Close())
	scanFiles(t, f.v.Path(), old.FamilyName, "Correctedzyx")
}

func TestAccessPackage(t *testing.T) {
	f := newDSRFixture(t)
	f.grantStudy(t, "ev-1")
	f.disclose(t, "dis-1", "institute", time.Now().Add(-time.Minute))
	r := f.request(t, f.admin, consent.ReqAccess, true)
	id, err := age.GenerateX25519Identity()
	must(t, err)
	ctl := consent.Controller{Name: "Synthetic Practice", Address: "1 Test Way", Country: "DE", DPOContact: "dpo@practice.example"}

	pages := readerPages()
	unverified := f.request(t, f.admin, consent.ReqAccess, false)
	if err := f.admin.AccessPackage(f.p.ID, unverified.ID, io.Discard, AccessRecipient{X25519: id.Recipient().String(), Pages: pages}); !errors.Is(err, ErrValidation) {
		t.Errorf("unverified request: %v", err)
	}
	if err := f.admin.AccessPackage(f.p.ID, r.ID, io.Discard, AccessRecipient{Pages: pages}); !errors.Is(err, ErrValidation) {
		t.Errorf("no recipient: %v", err)
	}
	desk := userSession(t, f.v, f.admin, "desk", RoleFrontDesk)
	if err := desk.AccessPackage(f.p.ID, r.ID, io.Discard, AccessRecipient{X25519: id.Recipient().String(), Pages: pages}); !errors.Is(err, ErrPermission) {
		t.Errorf("front desk builds a package: %v", err)
	}

	var buf bytes.Buffer // the package stays in memory: nothing is written to disk
	must(t, f.admin.AccessPackage(f.p.ID, r.ID, &buf, AccessRecipient{X25519: id.Recipient().String(), Controller: ctl, Pages: pages}))
	if bytes.Contains(buf.Bytes(), []byte(f.p.FamilyName)) || bytes.Contains(buf.Bytes(), []byte(repName)) {
		t.Fatal("package is not encrypted")
	}
	files := openPackage(t, buf.Bytes(), id)
	var report consent.AccessReport
	must(t, json.Unmarshal(files[AccessFileJSON], &report))
	if report.SubjectID != f.p.ID || report.RequestID != r.ID || report.Controller.Name != ctl.Name {
		t.Errorf("report header: %+v", report)
	}
	if len(report.Events) != 1 || report.Events[0].Representative == nil || report.Events[0].Representative.Name != repName {
		t.Errorf("consent history: %+v", report.Events)
	}
	if len(report.Consents) != 1 || report.Consents[0].Status != "active" || len(report.Disclosures) != 1 || len(report.Requests) != 2 {
		t.Errorf("consents %+v disclosures %d requests %d", report.Consents, len(report.Disclosures), len(report.Requests))
	}
	record := sectionValues(report.Sections)
	for _, v := range []string{f.p.GivenName, f.p.FamilyName, f.p.Phone, f.p.Email, f.p.MRN, f.p.Diagnosis, f.p.BirthDate.Format(dateLayout)} {
		if !record[v] {
			t.Errorf("record sections lack a stored value (%d sections)", len(report.Sections))
		}
	}
	for _, name := range []string{AccessFileHTML, AccessFileRecordCSV} {
		if !bytes.Contains(files[name], []byte(f.p.FamilyName)) {
			t.Errorf("%s lacks the patient's data", name)
		}
	}
	if !bytes.Contains(files[AccessFileDisclosures], []byte("dis-1,institute")) {
		t.Errorf("disclosures CSV: %q", files[AccessFileDisclosures])
	}

	// A passphrase works too (weak scrypt factor for the test).
	buf.Reset()
	must(t, f.admin.AccessPackage(f.p.ID, r.ID, &buf, AccessRecipient{Passphrase: "synthetic passphrase", ScryptWorkFactor: 10, Pages: pages}))
	sid, err := age.NewScryptIdentity("synthetic passphrase")
	must(t, err)
	if files := openPackage(t, buf.Bytes(), sid); len(files) != 4 {
		t.Errorf("passphrase package: %d files", len(files))
	}
	must(t, f.v.Close())
	scanFiles(t, f.v.Path(), f.p.FamilyName, repName)
}

func sectionValues(secs []consent.RecordSection) map[string]bool {
	out := map[string]bool{}
	for _, s := range secs {
		for _, r := range s.Rows {
			out[r[1]] = true
		}
	}
	return out
}

func openPackage(t *testing.T, data []byte, id age.Identity) map[string][]byte {
	t.Helper()
	plain, err := age.Decrypt(bytes.NewReader(data), id)
	must(t, err)
	tr := tar.NewReader(plain)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		must(t, err)
		b, err := io.ReadAll(tr)
		must(t, err)
		files[h.Name] = b
	}
}

// TestArt19RecipientsAfterRequests checks that research exports and other
// disclosures come back as recipients to notify after a rectification, a
// restriction and an erasure.
func TestArt19RecipientsAfterRequests(t *testing.T) {
	f := newDSRFixture(t)
	f.disclose(t, "dis-1", "institute", time.Now().Add(-2*time.Hour))
	must(t, f.cs.AddDisclosures(bg, consent.Disclosure{ID: "dis-2", PatientID: f.p.ID, Recipient: "research:zyx", PurposeID: dsrStudy.ID,
		Categories: []string{consent.CatDiagnoses}, At: time.Now().Add(-time.Hour), RecordedBy: f.admin.User().ID, ExportID: "export-7"}))

	rect := f.request(t, f.admin, consent.ReqRectification, true)
	fixed := f.p
	fixed.Phone = "+99 555 7654321"
	_, err := f.admin.Rectify(f.p.ID, fixed, rect.ID)
	must(t, err)
	f.complete(t, rect)

	restr := f.request(t, f.admin, consent.ReqRestriction, true)
	must(t, f.admin.SetRestricted(f.p.ID, true, restr.ID))
	f.complete(t, restr)
	must(t, f.admin.SetRestricted(f.p.ID, false, restr.ID))

	erase := f.request(t, f.admin, consent.ReqErasure, true)
	_, err = f.admin.ExecuteErasure(f.approvedPlan(t, erase, nil))
	must(t, err)
	f.complete(t, erase)

	for _, id := range []string{rect.ID, restr.ID, erase.ID} {
		r, err := f.cs.GetRequest(bg, id)
		must(t, err)
		ds, err := f.cs.ListDisclosures(bg, f.p.ID)
		must(t, err)
		ns, err := consent.RecipientsToNotify(r, ds)
		must(t, err)
		var got []string
		for _, n := range ns {
			got = append(got, n.Recipient)
		}
		if !slices.Equal(got, []string{"institute", "research:zyx"}) {
			t.Errorf("%s request %s: recipients %v", r.Type, id, got)
		}
	}
}
