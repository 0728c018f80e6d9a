package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
	"custodia/research"
	"custodia/vault"
)

// TestExportGateOracle: on random consent ledgers (grants, withdrawals,
// deny exceptions, objections, restrictions, erasures) the export through
// the app includes exactly the patients the oracle allows, counts the
// others by reason, and no excluded patient's pseudonym or marker value
// is in any file of the package; the written data file is k-anonymous per
// patient (re-checked here from the CSV), and the disclosures are exactly
// the patients in the data file.
func TestExportGateOracle(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		r := newRandScenario(seed)
		f := newResearchFixture(t, 48, r)
		st := f.save(f.study("gate-study"))
		rec, path := f.run(st.ID, "gate.age")
		wantIn, wantEx := 0, map[string]int{}
		for _, pid := range f.ids {
			sc := f.scenario[pid]
			switch {
			case includedScenario(sc):
				wantIn++
			case sc != scErased:
				wantEx[scenarioReason[sc]]++
			}
		}
		if rec.Report.Cohort.Included != wantIn || !maps.Equal(rec.Excluded, wantEx) {
			t.Fatalf("seed %d: included %d excluded %v; oracle %d %v", seed, rec.Report.Cohort.Included, rec.Excluded, wantIn, wantEx)
		}
		files := f.decrypt(path)
		pseudo := f.pseudonyms(st.ID)
		for pn, pid := range pseudo {
			if includedScenario(f.scenario[pid]) {
				continue
			}
			for name, b := range files {
				if bytes.Contains(b, []byte(pn)) || bytes.Contains(b, []byte(f.marker[pid])) {
					t.Fatalf("seed %d: %s holds data of an excluded patient (scenario %d)", seed, name, f.scenario[pid])
				}
			}
		}
		col, rows := readData(t, files[research.FileData])
		inData := map[string]bool{}
		classes := map[string]map[string]bool{}
		for _, row := range rows {
			pn := unneutralise(row[col[research.PseudonymColumn]])
			pid, ok := pseudo[pn]
			if !ok || !includedScenario(f.scenario[pid]) {
				t.Fatalf("seed %d: a row whose pseudonym is no included patient's", seed)
			}
			inData[pid] = true
			key := row[col["age"]] + "|" + row[col["sex"]]
			if classes[key] == nil {
				classes[key] = map[string]bool{}
			}
			classes[key][pn] = true
		}
		for key, members := range classes {
			if len(members) < st.Privacy.K {
				t.Fatalf("seed %d: class %s has %d patients (k=%d)", seed, key, len(members), st.Privacy.K)
			}
		}
		ds, err := f.s.Store().ListDisclosures(t.Context(), "")
		if err != nil {
			t.Fatal(err)
		}
		disclosed := map[string]bool{}
		for _, d := range ds {
			if d.ExportID != rec.ExportID || d.Recipient != app.DisclosureRecipient(st.ID) {
				t.Fatalf("seed %d: disclosure %s of another export or recipient", seed, d.ID)
			}
			disclosed[d.PatientID] = true
		}
		if !maps.Equal(disclosed, inData) || rec.Included != len(inData) {
			t.Fatalf("seed %d: %d disclosures (record says %d) for %d patients in the data file", seed, len(disclosed), rec.Included, len(inData))
		}
		t.Logf("seed %d: %d included, %d in the data file, exclusions %v", seed, wantIn, len(inData), wantEx)
	}
}

func newRandScenario(seed uint64) func(int) int {
	perm := []int{}
	for i := range 48 {
		perm = append(perm, (i*7+int(seed)*3)%scenarioCount)
	}
	return func(i int) int { return perm[i] }
}

// TestPseudonymsAndDateShifts: reruns of a study give the same data file;
// another study gives other pseudonyms; every patient's dates move by one
// consistent, non-zero shift within the bound.
func TestPseudonymsAndDateShifts(t *testing.T) {
	f := newResearchFixture(t, 16, nil)
	a := f.study("shift-a")
	a.DateShiftDays = 30
	a.Privacy.Suppression = 0
	a = f.save(a)
	b := a
	b.ID = "shift-b"
	b = f.save(b)
	_, p1 := f.run(a.ID, "a1.age")
	_, p2 := f.run(a.ID, "a2.age")
	_, p3 := f.run(b.ID, "b.age")
	d1, d2, d3 := f.decrypt(p1)[research.FileData], f.decrypt(p2)[research.FileData], f.decrypt(p3)[research.FileData]
	if !bytes.Equal(d1, d2) {
		t.Fatal("a rerun of the same study gave another data file")
	}
	col, rowsA := readData(t, d1)
	_, rowsB := readData(t, d3)
	setA, setB := map[string]bool{}, map[string]bool{}
	for _, r := range rowsA {
		setA[r[col[research.PseudonymColumn]]] = true
	}
	for _, r := range rowsB {
		setB[r[col[research.PseudonymColumn]]] = true
	}
	for pn := range setA {
		if setB[pn] {
			t.Fatal("two studies share a pseudonym")
		}
	}
	pseudo := f.pseudonyms(a.ID)
	shifted := map[string][]string{}
	for _, r := range rowsA {
		pid := pseudo[r[col[research.PseudonymColumn]]]
		shifted[pid] = append(shifted[pid], r[col[research.SrcDate]])
	}
	if len(shifted) != len(f.ids) {
		t.Fatalf("%d patients in the data, want %d", len(shifted), len(f.ids))
	}
	for pid, got := range shifted {
		slices.Sort(got)
		orig := slices.Clone(f.dates[pid])
		slices.Sort(orig)
		if len(got) != len(orig) {
			t.Fatalf("patient rows: %d dates, want %d", len(got), len(orig))
		}
		var shift time.Duration
		for i := range got {
			g, _ := time.Parse(time.DateOnly, got[i])
			o, _ := time.Parse(time.DateOnly, orig[i])
			if i == 0 {
				shift = g.Sub(o)
			} else if g.Sub(o) != shift {
				t.Fatal("a patient's dates moved by different shifts")
			}
		}
		if days := shift.Hours() / 24; days == 0 || days > 30 || days < -30 {
			t.Fatalf("shift of %v days", days)
		}
	}
}

// TestExportAccountability: after an export, an erasure or a restriction
// of an exported patient lists the study's recipient in the Art. 19
// notices, the access package names it, the ROPA lists the study, and a
// withdrawal excludes the patient from the next run.
func TestExportAccountability(t *testing.T) {
	f := newResearchFixture(t, 12, nil)
	st := f.study("acct")
	st.Privacy.Suppression = 0
	st = f.save(st)
	rec, _ := f.run(st.ID, "first.age")
	if rec.Included != len(f.ids) {
		t.Fatalf("first run: %d included of %d", rec.Included, len(f.ids))
	}
	*f.clock = f.clock.Add(24 * time.Hour)
	wantName := "University research institute, study office – " + st.Name
	for _, notify := range [][]consent.Notification{f.erase(f.ids[0]), f.request(f.ids[1], consent.ReqRestriction)} {
		i := slices.IndexFunc(notify, func(n consent.Notification) bool { return n.Recipient == app.DisclosureRecipient(st.ID) })
		if i < 0 || notify[i].Name != wantName || !strings.Contains(notify[i].String(), "University research institute") {
			t.Fatalf("Art. 19 notices do not name the study's recipient: %+v", notify)
		}
	}
	f.withdraw(f.ids[2])
	a := f.openRequest(f.ids[3], consent.ReqAccess)
	var buf bytes.Buffer
	work := app.Work{PackageTo: vault.AccessRecipient{Passphrase: "access-package-passphrase", Controller: consent.Controller{Name: "Synthetic Practice"},
		Pages: printdoc.AccessPages{Loc: i18n.MustLoad().Localizer("de")}}}
	work.Package = func(write func(io.Writer) error) error { return write(&buf) }
	if _, _, err := f.s.CompleteRequest(a, work); err != nil {
		t.Fatal(err)
	}
	id, _ := age.NewScryptIdentity("access-package-passphrase")
	plain, err := age.Decrypt(&buf, id)
	if err != nil {
		t.Fatal(err)
	}
	access := untarAll(t, plain)
	found, named := false, false
	for _, b := range access {
		found = found || bytes.Contains(b, []byte(app.DisclosureRecipient(st.ID)))
		named = named || bytes.Contains(b, []byte("University research institute (research study: "+st.Name+")"))
	}
	if !found || !named {
		t.Fatalf("the access package does not list the study among the recipients (code %v, name %v)", found, named)
	}
	ropa, err := f.s.ROPA(consent.Controller{Name: "Synthetic Practice"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(ropa.Rows, func(r consent.ROPARow) bool {
		return r.PurposeID == "study:"+st.ID && len(r.Recipients) == 1 && strings.HasPrefix(r.Recipients[0], "University research institute")
	}) {
		t.Fatalf("ROPA lacks the study: %+v", ropa.Rows)
	}
	second, _ := f.run(st.ID, "second.age")
	if second.Excluded["withdrawn"] != 1 || second.Excluded["restriction"] != 1 || second.Report.Cohort.Candidates != len(f.ids)-1 {
		t.Fatalf("second run: excluded %v, candidates %d", second.Excluded, second.Report.Cohort.Candidates)
	}
	ds, _ := f.s.Store().ListDisclosures(t.Context(), "")
	for _, d := range ds {
		if d.ExportID == second.ExportID && (d.PatientID == f.ids[0] || d.PatientID == f.ids[1] || d.PatientID == f.ids[2]) {
			t.Fatal("the second export disclosed a patient who was erased, restricted or withdrew")
		}
	}
	hist, err := f.s.ExportHistory(st.ID)
	if err != nil || len(hist) != 2 || hist[0].ExportID != rec.ExportID || hist[1].Included != second.Included || hist[1].By != "admin" || hist[1].SHA256 == "" {
		t.Fatalf("history: %+v %v", hist, err)
	}
}

// TestCancelLeavesNothing: a run cancelled during the de-identification,
// or one failing before its commit, leaves no file (not even a temporary
// one), no disclosure and no history entry.
func TestCancelLeavesNothing(t *testing.T) {
	f := newResearchFixture(t, 10, nil)
	st := f.save(f.study("cancel"))
	pass := f.study("cancel-pass")
	pass.Recipient.AgeRecipient, pass.Recipient.Passphrase = "", true
	f.save(pass)
	ctx, cancel := context.WithCancel(t.Context())
	out := filepath.Join(f.dir, "cancelled.age")
	_, err := f.s.RunExport(ctx, st.ID, out, app.ExportOptions{Progress: cancelOnReport{cancel}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	// Cancelled at the last progress report of a whole run: the search is
	// done, the package may be built, the commit must not happen.
	counter := &countReports{}
	probe := filepath.Join(t.TempDir(), "probe.age")
	if _, err := f.s.RunExport(t.Context(), st.ID, probe, app.ExportOptions{Progress: counter}); err != nil {
		t.Fatal(err)
	}
	before, _ := f.s.ExportHistory("")
	ctx2, cancel2 := context.WithCancel(t.Context())
	late := &cancelAt{n: counter.n, cancel: cancel2}
	if _, err := f.s.RunExport(ctx2, st.ID, filepath.Join(f.dir, "late.age"), app.ExportOptions{Progress: late}); !errors.Is(err, context.Canceled) {
		t.Fatalf("run cancelled late: %v", err)
	}
	// The vault refuses the commit: the built package goes too.
	failing := app.New(failRecord{f.vs}, app.Options{Now: func() time.Time { return *f.clock }})
	if _, err := failing.RunExport(t.Context(), st.ID, filepath.Join(f.dir, "refused.age"), app.ExportOptions{}); !errors.Is(err, vault.ErrConflict) {
		t.Fatalf("refused commit: %v", err)
	}
	if _, err := f.s.RunExport(t.Context(), pass.ID, filepath.Join(f.dir, "nopass.age"), app.ExportOptions{}); err == nil {
		t.Fatal("a passphrase study ran without a passphrase")
	}
	ents, _ := os.ReadDir(f.dir)
	ds, _ := f.s.Store().ListDisclosures(t.Context(), "")
	hist, _ := f.s.ExportHistory("")
	if len(ents) != 0 || len(ds) != before[0].Included || len(hist) != 1 {
		t.Fatalf("left behind: %d files, %d disclosures, %d history entries", len(ents), len(ds), len(hist))
	}
}

// buildAgeTool builds filippo.io/age/cmd/age, a tool of this module
// (go.mod's tool line pins it and its dependencies, so the build needs no
// network once the module cache holds the project's modules).
func buildAgeTool(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "age")
	cmd := exec.Command("go", "build", "-o", bin, "filippo.io/age/cmd/age")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build age: %v\n%s", err, out)
	}
	return bin
}

type cancelOnReport struct{ cancel context.CancelFunc }

// failRecord is the vault refusing to record exports.
type failRecord struct{ app.VaultSession }

func (failRecord) RecordExport(vault.ExportEntry, []consent.Disclosure) error {
	return vault.ErrConflict
}

type countReports struct{ n int }

func (c *countReports) Report(string, int64, int64) { c.n++ }

// cancelAt cancels at the n-th report.
type cancelAt struct {
	n, seen int
	cancel  context.CancelFunc
}

func (c *cancelAt) Report(string, int64, int64) {
	if c.seen++; c.seen == c.n {
		c.cancel()
	}
}

func (c cancelOnReport) Report(string, int64, int64) { c.cancel() }

// TestPackageOpensWithAgeTool: the package decrypts with the age command
// line tool (built from the module cache) and holds the data file.
func TestPackageOpensWithAgeTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the age tool")
	}
	f := newResearchFixture(t, 8, nil)
	st := f.save(f.study("agecli"))
	_, pkg := f.run(st.ID, "agecli.age")
	bin := buildAgeTool(t)
	keyFile := filepath.Join(t.TempDir(), "key.txt")
	if err := os.WriteFile(keyFile, []byte(f.id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--decrypt", "-i", keyFile, pkg).Output()
	if err != nil {
		t.Fatalf("age --decrypt: %v", err)
	}
	files := untarAll(t, bytes.NewReader(out))
	for _, want := range []string{research.FileData, research.FileParquet, research.FileReport, research.FileCodebook, research.FileManifest} {
		if len(files[want]) == 0 {
			t.Fatalf("the package decrypted by age lacks %s", want)
		}
	}
}

// TestDestroyStudyKey: the DPO re-identifies a pseudonym (audited); once
// the key is destroyed, re-identification and pseudonymised reruns fail
// with ErrStudyKeyDestroyed and the study says so.
func TestDestroyStudyKey(t *testing.T) {
	f := newResearchFixture(t, 6, nil)
	st := f.save(f.study("destroy"))
	f.run(st.ID, "before.age")
	if _, err := f.vs.AddUser("dpo", vault.RoleDPO, []byte("dpo-passphrase-1")); err != nil {
		t.Fatal(err)
	}
	dpo, dvs, err := app.Unlock(context.Background(), f.v, "dpo", []byte("dpo-passphrase-1"), app.Options{Now: func() time.Time { return *f.clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer dvs.Lock()
	var pn string
	for p, pid := range f.pseudonyms(st.ID) {
		if pid == f.ids[4] {
			pn = p
		}
	}
	if _, err := f.s.Reidentify(st.ID, pn, "safety finding"); !errors.Is(err, vault.ErrPermission) {
		t.Fatalf("administrator re-identifies: %v", err)
	}
	if f.s.CanReidentify() || !dpo.CanReidentify() { // what the front ends offer matches what the vault allows
		t.Fatalf("CanReidentify: administrator %v, DPO %v", f.s.CanReidentify(), dpo.CanReidentify())
	}
	got, err := dpo.Reidentify(st.ID, pn, "safety finding: lab value")
	if err != nil || got.ID != f.ids[4] {
		t.Fatalf("reidentify: %v", err)
	}
	if _, err := dpo.Reidentify(st.ID, "P-unknown", "safety finding"); !errors.Is(err, research.ErrUnknownPseudonym) {
		t.Fatalf("unknown pseudonym: %v", err)
	}
	if err := dpo.DestroyStudyKey(st.ID, "study closed"); err != nil {
		t.Fatal(err)
	}
	if _, err := dpo.Reidentify(st.ID, pn, "safety finding"); !errors.Is(err, app.ErrStudyKeyDestroyed) || !errors.Is(err, vault.ErrKeyDestroyed) {
		t.Fatalf("reidentify after destroy: %v", err)
	}
	if _, err := dpo.RunExport(t.Context(), st.ID, filepath.Join(f.dir, "after.age"), app.ExportOptions{}); !errors.Is(err, app.ErrStudyKeyDestroyed) {
		t.Fatalf("rerun after destroy: %v", err)
	}
	recs, _ := dpo.StudyVersions(st.ID)
	if len(recs) != 1 || !recs[0].KeyDestroyed || recs[0].Exports != 1 {
		t.Fatalf("study after destroy: %+v", recs)
	}
}
