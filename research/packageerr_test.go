package research

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"
)

// TestOpenSaysWhatIsWrong: each way a package can be damaged or foreign
// gives a PackageError with its problem code and the file concerned (so
// front ends word it), and still wraps ErrPackage.
func TestOpenSaysWhatIsWrong(t *testing.T) {
	pk := writeAndOpen(t, patientStudy(), 15, testKey(1))
	manifest := mustRead(t, filepath.Join(pk.open.Dir, FileManifest))
	// reseal seals the package's files after edit changed them.
	reseal := func(edit func(map[string][]byte)) *bytes.Buffer {
		m := map[string][]byte{FileManifest: manifest}
		for name, b := range pk.files {
			m[name] = b
		}
		edit(m)
		var files []file
		for _, name := range sortedNames(m) {
			files = append(files, file{name, m[name]})
		}
		var buf bytes.Buffer
		if _, err := seal(context.Background(), &buf, pk.id.Recipient(), files); err != nil {
			t.Fatal(err)
		}
		return &buf
	}
	other, _ := age.GenerateX25519Identity()
	sealed, _ := os.ReadFile(pk.path)
	truncated := bytes.NewReader(sealed[:len(sealed)-40])
	cases := []struct {
		name    string
		r       func() *bytes.Reader
		ids     []age.Identity
		problem PackageProblem
		file    string
	}{
		{"another recipient", func() *bytes.Reader { return bytes.NewReader(sealed) }, []age.Identity{other}, PkgWrongKey, ""},
		{"no age file", func() *bytes.Reader { return bytes.NewReader([]byte("id,age\n1,40\n")) }, []age.Identity{pk.id}, PkgNotPackage, ""},
		{"cut short", func() *bytes.Reader { return truncated }, []age.Identity{pk.id}, PkgDamaged, ""},
		{"changed data", func() *bytes.Reader {
			return bytes.NewReader(reseal(func(m map[string][]byte) { m[FileData] = append(m[FileData], "x\n"...) }).Bytes())
		}, []age.Identity{pk.id}, PkgChanged, FileData},
		{"missing file", func() *bytes.Reader {
			return bytes.NewReader(reseal(func(m map[string][]byte) { delete(m, FileReport) }).Bytes())
		}, []age.Identity{pk.id}, PkgMissing, FileReport},
		{"extra file", func() *bytes.Reader {
			return bytes.NewReader(reseal(func(m map[string][]byte) { m["extra.txt"] = []byte("x") }).Bytes())
		}, []age.Identity{pk.id}, PkgUnlisted, "extra.txt"},
		{"no manifest", func() *bytes.Reader {
			return bytes.NewReader(reseal(func(m map[string][]byte) { delete(m, FileManifest) }).Bytes())
		}, []age.Identity{pk.id}, PkgManifest, FileManifest},
	}
	for _, tc := range cases {
		_, err := Open(tc.r(), filepath.Join(t.TempDir(), "out"), tc.ids...)
		var pe *PackageError
		if !errors.As(err, &pe) || !errors.Is(err, ErrPackage) {
			t.Errorf("%s: %v is no PackageError wrapping ErrPackage", tc.name, err)
			continue
		}
		if pe.Problem != tc.problem || pe.File != tc.file {
			t.Errorf("%s: problem %q file %q, want %q %q (%v)", tc.name, pe.Problem, pe.File, tc.problem, tc.file, err)
		}
	}
	passID, _ := PassphraseIdentity("not the passphrase")
	if _, err := Open(bytes.NewReader(sealed), t.TempDir(), passID); !errors.As(err, new(*PackageError)) {
		t.Errorf("a passphrase for a key package: %v", err)
	}
	full := filepath.Join(t.TempDir(), "full")
	_ = os.MkdirAll(full, 0o700)
	_ = os.WriteFile(filepath.Join(full, "keep.txt"), []byte("x"), 0o600)
	if _, err := Open(bytes.NewReader(sealed), full, pk.id); !errors.Is(err, ErrDirNotEmpty) {
		t.Errorf("a folder with files: %v", err)
	}
}

func sortedNames(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sortStrings(out)
	return out
}
