package research

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/age"
)

func fixedNow() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }

type packaged struct {
	sy    *synthetic
	res   *Result
	id    *age.X25519Identity
	path  string
	files map[string][]byte
	open  *Opened
}

func writeAndOpen(t *testing.T, s *Study, seed uint64, key []byte) *packaged {
	t.Helper()
	return writeAndOpenIn(t, s, seed, key, "")
}

// writeAndOpenIn is writeAndOpen with the package's language.
func writeAndOpenIn(t *testing.T, s *Study, seed uint64, key []byte, lang string) *packaged {
	t.Helper()
	cat := catalogue(t)
	pk := &packaged{sy: makeSynthetic(t, cat, seed, 400)}
	var err error
	if pk.id, err = age.GenerateX25519Identity(); err != nil {
		t.Fatal(err)
	}
	s.Recipient.Passphrase, s.Recipient.AgeRecipient = false, pk.id.Recipient().String()
	pk.res, err = Run(context.Background(), RunInput{Study: s, Patients: pk.sy.patients, Consent: pk.sy.index, Key: key, At: day(2026, 6, 1)})
	if err != nil {
		t.Fatal(err)
	}
	pk.path = filepath.Join(t.TempDir(), "study.age")
	if _, err := WritePackage(context.Background(), pk.path, pk.res, PackageOptions{ExportID: "exp-1", ConsentAt: day(2026, 6, 1), Now: fixedNow, Language: lang}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(pk.path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := filepath.Join(t.TempDir(), "out")
	if pk.open, err = Open(f, dir, pk.id); err != nil {
		t.Fatal(err)
	}
	pk.files = map[string][]byte{}
	for _, m := range pk.open.Files {
		b, err := os.ReadFile(filepath.Join(dir, m.Name))
		if err != nil {
			t.Fatal(err)
		}
		pk.files[m.Name] = b
	}
	return pk
}

func TestPackageHoldsOnlyIncludedPatients(t *testing.T) {
	for _, s := range []*Study{encounterStudy(), patientStudy(), mondrianStudy(), tclosenessStudy()} {
		pk := writeAndOpen(t, s, 11, testKey(1))
		if !pk.open.OK() {
			t.Fatalf("%s: re-check failed: %+v", s.Level, pk.open.Verified.Checks)
		}
		want := 1 // k
		if s.Privacy.L > 0 {
			want++
		}
		if s.Privacy.T > 0 {
			want++
		}
		if len(pk.open.Verified.Checks) != want {
			t.Fatalf("%s: %d checks made, want %d: %+v", s.Level, len(pk.open.Verified.Checks), want, pk.open.Verified.Checks)
		}
		excluded := map[string]bool{}
		for _, id := range pk.res.ExcludedIDs() {
			excluded[id] = true
		}
		for name, b := range pk.files {
			for _, p := range pk.sy.patients {
				if bytes.Contains(b, []byte(p.ID)) {
					t.Fatalf("%s: %s holds a patient id", s.Level, name)
				}
				if excluded[p.ID] && bytes.Contains(b, []byte(pk.sy.marker[p.ID])) {
					t.Fatalf("%s: %s holds an excluded patient's value", s.Level, name)
				}
			}
		}
		// The rows released belong to included patients only, and the
		// report's included count is the gate's.
		rows := readCSV(t, pk.files[FileData])
		col := indexOf(rows[0], "obs:4548-4")
		included := map[string]bool{}
		for _, id := range pk.res.Gate.Included {
			included[NeutraliseCell(pk.sy.marker[id])] = true
		}
		generalised := s.Columns[len(s.Columns)-1].Role == RoleQuasi
		for _, r := range rows[1:] {
			if !generalised && r[col] != "" && !included[r[col]] {
				t.Fatalf("%s: a released value is no included patient's", s.Level)
			}
		}
		// Disclosures go to exactly the patients with a released row.
		pc := indexOf(rows[0], PseudonymColumn)
		inFile := map[string]bool{}
		for _, r := range rows[1:] {
			inFile[r[pc]] = true
		}
		exported := pk.res.ExportedPatients()
		if len(exported) != len(inFile) || len(exported) != pk.open.Report.Rows.PatientsOutput {
			t.Fatalf("%s: %d exported patients, %d pseudonyms in the file, report %d", s.Level, len(exported), len(inFile), pk.open.Report.Rows.PatientsOutput)
		}
		for _, id := range exported {
			if pn, _ := pk.res.Pseudonym(id); !inFile[pn] {
				t.Fatalf("%s: an exported patient has no row", s.Level)
			}
		}
		if pk.open.Report.Cohort.Included != len(pk.res.Gate.Included) {
			t.Fatalf("report included %d, gate %d", pk.open.Report.Cohort.Included, len(pk.res.Gate.Included))
		}
	}
}

func patientStudy() *Study {
	s := encounterStudy()
	s.Level = LevelPatient
	s.Columns = []Column{
		{Name: SrcPatient, Role: RoleIdentifying, Treatment: IdentPseudonymise},
		{Name: SrcAge, Role: RoleQuasi}, {Name: SrcSex, Role: RoleQuasi}, {Name: SrcPostcode, Role: RoleQuasi},
		{Name: SrcDiagnosis, Role: RoleSensitive}, {Name: "obs:4548-4", Role: RoleInsensitive},
	}
	s.Privacy = Privacy{K: 4, L: 2, Suppression: 0.1}
	return s
}

// mondrianStudy: local recoding at encounter level, an ARX override for sex.
func mondrianStudy() *Study {
	s := encounterStudy()
	s.Algorithm = AlgorithmMondrian
	s.Columns[2].Hierarchy = [][]string{{"female", "person", "*"}, {"male", "person", "*"}}
	return s
}

// tclosenessStudy: patient level, HbA1c quantile bins as a quasi-identifier,
// entropy l and t on the diagnosis.
func tclosenessStudy() *Study {
	s := patientStudy()
	s.Columns[5] = Column{Name: "obs:4548-4", Role: RoleQuasi, Bins: 4}
	s.Privacy = Privacy{K: 3, L: 1.5, LVariant: LEntropy, T: 0.6, Suppression: 0}
	s.Metric = "dm"
	return s
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func indexOf(h []string, name string) int {
	for i, v := range h {
		if v == name {
			return i
		}
	}
	return -1
}

func TestCSVCellsNeutralised(t *testing.T) {
	pk := writeAndOpen(t, encounterStudy(), 12, testKey(1))
	found := false
	for _, r := range readCSV(t, pk.files[FileData]) {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
				t.Fatalf("cell starts with %q", c[0])
			}
			found = found || strings.HasPrefix(c, "'-")
		}
	}
	if !found {
		t.Fatal("no negative value was exported: the test data lost its formula-like cells")
	}
	for in, want := range map[string]string{"=1+1": "'=1+1", "+4": "'+4", "@a": "'@a", "'x": "''x", "a-b": "a-b", "": ""} {
		if got := NeutraliseCell(in); got != want {
			t.Errorf("NeutraliseCell(%q) = %q", in, got)
		}
	}
}

func TestPackageDeterministic(t *testing.T) {
	a := writeAndOpen(t, encounterStudy(), 13, testKey(1))
	b := writeAndOpen(t, encounterStudy(), 13, testKey(1))
	for name, data := range a.files {
		if name == FileReport || name == FileReportHTML || name == FileManifest {
			continue // timings
		}
		if !bytes.Equal(data, b.files[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestOpenRejectsTampering(t *testing.T) {
	pk := writeAndOpen(t, encounterStudy(), 14, testKey(1))
	// Re-seal the files with one data row removed: the manifest no longer matches.
	var files []file
	for _, m := range pk.open.Files {
		data := pk.files[m.Name]
		if m.Name == FileData {
			data = data[:bytes.LastIndexByte(data[:len(data)-1], '\n')+1]
		}
		files = append(files, file{m.Name, data})
	}
	files = append(files, file{FileManifest, mustRead(t, filepath.Join(pk.open.Dir, FileManifest))})
	var buf bytes.Buffer
	if _, err := seal(context.Background(), &buf, pk.id.Recipient(), files); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(&buf, filepath.Join(t.TempDir(), "x"), pk.id); !errors.Is(err, ErrPackage) {
		t.Fatalf("tampered package opened: %v", err)
	}
	// A wrong identity cannot open it.
	other, _ := age.GenerateX25519Identity()
	f, _ := os.Open(pk.path)
	defer f.Close()
	if _, err := Open(f, filepath.Join(t.TempDir(), "y"), other); !errors.Is(err, ErrPackage) {
		t.Fatalf("foreign identity: %v", err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cancelAfter is a context whose Err turns to Canceled after n calls.
type cancelAfter struct {
	context.Context
	n atomic.Int32
}

func (c *cancelAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestCancelLeavesNoFile(t *testing.T) {
	cat := catalogue(t)
	sy := makeSynthetic(t, cat, 15, 300)
	s := encounterStudy()
	res, err := Run(context.Background(), RunInput{Study: s, Patients: sy.patients, Consent: sy.index, Key: testKey(1), At: day(2026, 6, 1)})
	if err != nil {
		t.Fatal(err)
	}
	for n := range int32(12) {
		dir := t.TempDir()
		ctx := &cancelAfter{Context: context.Background()}
		ctx.n.Store(n)
		_, err := WritePackage(ctx, filepath.Join(dir, "study.age"), res, PackageOptions{Passphrase: "correct horse battery", ScryptWorkFactor: 10, Now: fixedNow})
		ents, _ := os.ReadDir(dir)
		if err != nil && len(ents) != 0 {
			t.Fatalf("cancel after %d checks left %d file(s)", n, len(ents))
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("cancel after %d checks: %v", n, err)
		}
		if err == nil && len(ents) != 1 {
			t.Fatalf("completed run wrote %d files", len(ents))
		}
	}
}

func TestPackageDecryptsWithAgeCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the age command")
	}
	cat := catalogue(t)
	sy := makeSynthetic(t, cat, 16, 300)
	s := encounterStudy()
	id, _ := age.GenerateX25519Identity()
	s.Recipient.Passphrase, s.Recipient.AgeRecipient = false, id.Recipient().String()
	res, err := Run(context.Background(), RunInput{Study: s, Patients: sy.patients, Consent: sy.index, Key: testKey(1), At: day(2026, 6, 1)})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "study.age")
	if _, err := WritePackage(context.Background(), pkg, res, PackageOptions{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "key.txt")
	if err := os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "age")
	install := exec.Command("go", "install", "filippo.io/age/cmd/age@"+ageVersion(t))
	install.Dir, install.Env = dir, append(os.Environ(), "GOBIN="+dir, "GOFLAGS=")
	if out, err := install.CombinedOutput(); err != nil {
		t.Skipf("age command not buildable here: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "-d", "-i", keyFile, pkg).Output()
	if err != nil {
		t.Fatalf("age -d: %v", err)
	}
	tr := tar.NewReader(bytes.NewReader(out))
	var names []string
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		names = append(names, h.Name)
	}
	if indexOf(names, FileData) < 0 || indexOf(names, FileManifest) < 0 || indexOf(names, FileParquet) < 0 {
		t.Fatalf("age -d gave a tar with %v", names)
	}
}

// ageVersion is the filippo.io/age version go.mod requires.
func ageVersion(t *testing.T) string {
	for _, line := range strings.Split(string(mustRead(t, "../go.mod")), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "filippo.io/age" {
			return f[1]
		}
	}
	t.Fatal("go.mod does not require filippo.io/age")
	return ""
}
