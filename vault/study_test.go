package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"custodia/consent"
)

const dpoStudyPass = "dpo-passphrase-1"

// studyStaff is staffVault with a DPO and the researcher's id.
func studyStaff(t *testing.T) (v *Vault, admin, dpo, researcher *Session, ps []Patient) {
	t.Helper()
	v, admin, ps = staffVault(t)
	if _, err := admin.AddUser("dpo", RoleDPO, []byte(dpoStudyPass)); err != nil {
		t.Fatal(err)
	}
	var err error
	if dpo, err = v.Unlock("dpo", []byte(dpoStudyPass)); err != nil {
		t.Fatal(err)
	}
	if researcher, err = v.Unlock("research", []byte(researchPass)); err != nil {
		t.Fatal(err)
	}
	return v, admin, dpo, researcher, ps
}

func draft(id, def, user string) StudyDraft {
	return StudyDraft{ID: id, DefinitionSHA256: strings.Repeat("0", 63) + fmt.Sprint(len(def)%10), RecipientUser: user,
		Build: func(v int) ([]byte, error) {
			return fmt.Appendf(nil, `{"id":%q,"version":%d,"def":%q}`, id, v, def), nil
		}}
}

// TestStudyVersions: an unchanged definition stores nothing; a changed one
// is the next version; history is oldest first; only admin and DPO save.
func TestStudyVersions(t *testing.T) {
	_, admin, dpo, researcher, _ := studyStaff(t)
	v1, created, err := dpo.SaveStudy(draft("dm-2026", "a", ""))
	if err != nil || !created || v1.Version != 1 || v1.SavedByName != "dpo" {
		t.Fatalf("first save: %+v %v %v", v1, created, err)
	}
	again, created, err := admin.SaveStudy(draft("dm-2026", "a", ""))
	if err != nil || created || again.Version != 1 {
		t.Fatalf("unchanged save: %+v %v %v", again, created, err)
	}
	v2, created, err := admin.SaveStudy(draft("dm-2026", "bb", ""))
	if err != nil || !created || v2.Version != 2 || !bytes.Contains(v2.Definition, []byte(`"version":2`)) {
		t.Fatalf("changed save: %+v %v %v", v2, created, err)
	}
	hist, err := dpo.StudyVersions("dm-2026")
	if err != nil || len(hist) != 2 || hist[0].Version != 1 || hist[1].Version != 2 || !bytes.Contains(hist[0].Definition, []byte(`"def":"a"`)) {
		t.Fatalf("history: %+v %v", hist, err)
	}
	if _, _, err := researcher.SaveStudy(draft("other", "a", "")); !errors.Is(err, ErrPermission) {
		t.Fatalf("researcher saves: %v", err)
	}
	if _, _, err := dpo.SaveStudy(draft("Bad ID", "a", "")); !errors.Is(err, ErrValidation) {
		t.Fatalf("bad id: %v", err)
	}
}

// TestResearcherSeesOwnStudies: a researcher lists only studies (and
// exports) addressed to their account; a study cannot be addressed to a
// non-researcher.
func TestResearcherSeesOwnStudies(t *testing.T) {
	_, admin, dpo, researcher, _ := studyStaff(t)
	rid := researcher.User().ID
	if _, _, err := dpo.SaveStudy(draft("mine", "a", rid)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := dpo.SaveStudy(draft("theirs", "a", "")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := dpo.SaveStudy(draft("wrong", "a", admin.User().ID)); !errors.Is(err, ErrValidation) {
		t.Fatalf("addressed to an administrator: %v", err)
	}
	got, err := researcher.Studies()
	if err != nil || len(got) != 1 || got[0].ID != "mine" {
		t.Fatalf("researcher's studies: %+v %v", got, err)
	}
	if _, err := researcher.StudyVersions("theirs"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("researcher reads another study: %v", err)
	}
	all, err := dpo.Studies()
	if err != nil || len(all) != 2 {
		t.Fatalf("DPO's studies: %d %v", len(all), err)
	}
	for _, id := range []string{"mine", "theirs"} {
		recordTestExport(t, dpo, id, 1, nil)
	}
	ex, err := researcher.Exports("")
	if err != nil || len(ex) != 1 || ex[0].StudyID != "mine" {
		t.Fatalf("researcher's exports: %+v %v", ex, err)
	}
	if _, err := researcher.StudyKey("mine"); !errors.Is(err, ErrPermission) {
		t.Fatalf("researcher gets the study key: %v", err)
	}
}

func recordTestExport(t *testing.T, s *Session, study string, version int, patients []string) string {
	t.Helper()
	id, err := s.NextExportID(study, version)
	if err != nil {
		t.Fatal(err)
	}
	var ds []consent.Disclosure
	for i, p := range patients {
		ds = append(ds, consent.Disclosure{ID: fmt.Sprintf("%s-%06d", id, i+1), PatientID: p, Recipient: "research:" + study,
			PurposeID: "research:registry", Categories: []string{consent.CatDemographics}, At: time.Now(), ExportID: id, RecordedBy: s.User().ID})
	}
	if err := s.RecordExport(ExportEntry{ID: id, StudyID: study, Version: version, At: time.Now(), Record: []byte(`{"n":1}`)}, ds); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestStudyKeyStoredAndDestroyed: the key is random per study, the same
// for every call, kept across a rotation; DestroyStudyKey ends it for
// everybody (re-identification, exports), stores the reason sealed and
// audits; nothing of the old key is left in the file.
func TestStudyKeyStoredAndDestroyed(t *testing.T) {
	v, admin, dpo, _, ps := studyStaff(t)
	for _, id := range []string{"s-one", "s-two"} {
		if _, _, err := dpo.SaveStudy(draft(id, "a", "")); err != nil {
			t.Fatal(err)
		}
	}
	a, err := dpo.StudyKey("s-one")
	if err != nil || len(a) != 32 {
		t.Fatalf("key: %v", err)
	}
	b, _ := admin.StudyKey("s-one")
	c, _ := admin.StudyKey("s-two")
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Fatal("keys not stable per study or shared between studies")
	}
	if _, err := admin.Rotate(); err != nil {
		t.Fatal(err)
	}
	dpo, err = v.Unlock("dpo", []byte(dpoStudyPass))
	if err != nil {
		t.Fatal(err)
	}
	if k, err := dpo.StudyKey("s-one"); err != nil || !bytes.Equal(k, a) {
		t.Fatalf("study key changed by the rotation: %v", err)
	}
	if _, err := dpo.StudyKey("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown study: %v", err)
	}
	match := func(key []byte, ids []string) (string, error) { return ps[2].ID, nil }
	got, err := dpo.Reidentify("s-one", "lab safety finding", match)
	if err != nil || got.ID != ps[2].ID {
		t.Fatalf("reidentify: %+v %v", got, err)
	}
	if _, err := admin.Reidentify("s-one", "curious", match); !errors.Is(err, ErrPermission) {
		t.Fatalf("administrator re-identifies: %v", err)
	}
	if err := dpo.DestroyStudyKey("s-one", ""); !errors.Is(err, ErrValidation) {
		t.Fatalf("destroy without reason: %v", err)
	}
	const reason = "study closed, ethics approval ended"
	if err := dpo.DestroyStudyKey("s-one", reason); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		func() error { _, err := dpo.StudyKey("s-one"); return err }(),
		func() error { _, err := dpo.Reidentify("s-one", "again", match); return err }(),
		dpo.DestroyStudyKey("s-one", reason),
		dpo.RecordExport(ExportEntry{ID: "s-one-v1-0001", StudyID: "s-one", Version: 1, At: time.Now(), Record: []byte("{}")}, nil),
	} {
		if !errors.Is(err, ErrKeyDestroyed) {
			t.Fatalf("after destroy: %v, want ErrKeyDestroyed", err)
		}
	}
	if k, err := dpo.StudyKey("s-two"); err != nil || !bytes.Equal(k, c) {
		t.Fatalf("the other study's key went too: %v", err)
	}
	st, _ := dpo.StudyVersions("s-one")
	if len(st) != 1 || !st[0].KeyDestroyed {
		t.Fatalf("study does not say its key is gone: %+v", st)
	}
	if err := checkpoint(v.db); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(v.Path())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(reason)) {
		t.Fatal("the reason is in the file in plaintext")
	}
	entries := studyAuditActions(t, admin)
	for _, want := range []string{"research.study-key-destroy", "research.reidentify", "permission.denied"} {
		if !slices.Contains(entries, want) {
			t.Errorf("audit lacks %s", want)
		}
	}
}

func studyAuditActions(t *testing.T, s *Session) []string {
	t.Helper()
	es, err := s.AuditEntries(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

// TestRecordExportAtomic: the history entry and the disclosures are
// written together; a failure (taken export id) leaves neither.
func TestRecordExportAtomic(t *testing.T) {
	_, _, dpo, _, ps := studyStaff(t)
	if _, _, err := dpo.SaveStudy(draft("atom", "a", "")); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	id := recordTestExport(t, dpo, "atom", 1, ids)
	ds, err := dpo.ConsentStore().ListDisclosures(t.Context(), "")
	if err != nil || len(ds) != len(ps) || ds[0].ExportID != id {
		t.Fatalf("disclosures: %d %v", len(ds), err)
	}
	// the export id is taken: nothing of the second try is stored
	err = dpo.RecordExport(ExportEntry{ID: id, StudyID: "atom", Version: 1, At: time.Now(), Record: []byte("{}")}, []consent.Disclosure{{
		ID: id + "-x", PatientID: ps[0].ID, Recipient: "research:atom", PurposeID: "research:registry",
		Categories: []string{consent.CatDemographics}, At: time.Now(), ExportID: id, RecordedBy: dpo.User().ID}})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("taken export id: %v", err)
	}
	after, _ := dpo.ConsentStore().ListDisclosures(t.Context(), "")
	ex, _ := dpo.Exports("atom")
	if len(after) != len(ps) || len(ex) != 1 {
		t.Fatalf("a failed export left %d disclosures, %d history entries", len(after), len(ex))
	}
	if ex[0].ByName != "dpo" || string(ex[0].Record) != `{"n":1}` {
		t.Fatalf("history entry: %+v", ex[0])
	}
}

// TestPackageIdentity: a package encrypted to a researcher's recipient
// opens with that researcher's session identity, not another user's, and
// not after Lock.
func TestPackageIdentity(t *testing.T) {
	v, admin, dpo, researcher, _ := studyStaff(t)
	rcpt, err := dpo.ResearcherRecipient(researcher.User().ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dpo.ResearcherRecipient(admin.User().ID); !errors.Is(err, ErrValidation) {
		t.Fatalf("an administrator as recipient: %v", err)
	}
	r, err := age.ParseX25519Recipient(rcpt)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("synthetic package"))
	w.Close()
	sealed := buf.Bytes()
	id, err := researcher.PackageIdentity()
	if err != nil {
		t.Fatal(err)
	}
	out, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		t.Fatalf("researcher cannot open: %v", err)
	}
	if b, _ := readAll(out); string(b) != "synthetic package" {
		t.Fatal("wrong plaintext")
	}
	other, _ := dpo.PackageIdentity()
	if _, err := age.Decrypt(bytes.NewReader(sealed), other); err == nil {
		t.Fatal("the DPO opened a package addressed to the researcher")
	}
	researcher.Lock()
	if _, err := age.Decrypt(bytes.NewReader(sealed), id); err == nil {
		t.Fatal("opened after Lock")
	}
	_ = v
}

func readAll(r interface{ Read([]byte) (int, error) }) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}
