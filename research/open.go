package research

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"filippo.io/age"

	"custodia/deid/verify"
)

// maxPackageFile bounds one file of a package read into memory (1 GiB).
const maxPackageFile = 1 << 30

// ErrDirNotEmpty: the folder a package is to be unpacked into holds files.
var ErrDirNotEmpty = errors.New("research: the folder to unpack into is not empty")

// Opened is what Open checked.
type Opened struct {
	Dir      string         `json:"dir"`
	Files    []ManifestFile `json:"files"` // every file matched the manifest
	Report   *Report        `json:"report"`
	Verified *verify.Report `json:"verified"` // the re-check of data.csv made now
}

// OK reports whether the re-check passed.
func (o *Opened) OK() bool { return o.Verified != nil && o.Verified.OK() }

// IdentityFromFile reads an age identity file (lines starting with # are
// comments), as age-keygen writes it.
func IdentityFromFile(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("identity file %s: %w", filepath.Base(path), err)
	}
	return ids, nil
}

// PassphraseIdentity is the identity of a passphrase package.
func PassphraseIdentity(passphrase string) (age.Identity, error) {
	return age.NewScryptIdentity(passphrase)
}

// Open decrypts a package into dir (created, must be empty or absent),
// checks every file against the manifest (no missing, extra or changed
// file), and re-verifies k (per patient at encounter level) and l/t on
// data.csv with deid/verify, code independent of the engine's search.
func Open(r io.Reader, dir string, ids ...age.Identity) (*Opened, error) {
	plain, err := age.Decrypt(r, ids...)
	if err != nil {
		return nil, decryptErr(err)
	}
	files, err := untar(plain)
	if err != nil {
		return nil, err
	}
	man, err := checkManifest(files)
	if err != nil {
		return nil, err
	}
	var rep Report
	if err := json.Unmarshal(files[FileReport], &rep); err != nil || rep.Study.Definition == nil {
		return nil, packageErr(PkgReport, FileReport, err, "report.json unreadable")
	}
	v, err := verify.Verify(bytes.NewReader(files[FileData]), VerifySpec(rep.Study.Definition))
	if err != nil {
		return nil, packageErr(PkgData, FileData, err, "%v", err)
	}
	if err := writeDir(dir, files); err != nil {
		return nil, err
	}
	return &Opened{Dir: dir, Files: man.Files, Report: &rep, Verified: v}, nil
}

func untar(r io.Reader) (map[string][]byte, error) {
	files := map[string][]byte{}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, packageErr(PkgDamaged, "", err, "%v", err)
		}
		if hdr.Typeflag != tar.TypeReg || !filepath.IsLocal(hdr.Name) || hdr.Size > maxPackageFile {
			return nil, packageErr(PkgEntry, hdr.Name, nil, "unexpected entry %q", hdr.Name)
		}
		if _, dup := files[hdr.Name]; dup {
			return nil, packageErr(PkgTwice, hdr.Name, nil, "%s twice", hdr.Name)
		}
		b, err := io.ReadAll(io.LimitReader(tr, maxPackageFile))
		if err != nil {
			return nil, packageErr(PkgDamaged, "", err, "%v", err)
		}
		files[hdr.Name] = b
	}
}

func checkManifest(files map[string][]byte) (*Manifest, error) {
	var man Manifest
	if err := json.Unmarshal(files[FileManifest], &man); err != nil || man.Format != FormatVersion {
		return nil, packageErr(PkgManifest, FileManifest, err, "manifest.json missing or not %s", FormatVersion)
	}
	listed := map[string]bool{FileManifest: true}
	for _, f := range man.Files {
		b, ok := files[f.Name]
		if !ok {
			return nil, packageErr(PkgMissing, f.Name, nil, "%s listed in the manifest but missing", f.Name)
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != f.SHA256 || len(b) != f.Bytes {
			return nil, packageErr(PkgChanged, f.Name, nil, "%s does not match its SHA-256 in the manifest", f.Name)
		}
		listed[f.Name] = true
	}
	for name := range files {
		if !listed[name] {
			return nil, packageErr(PkgUnlisted, name, nil, "%s is not in the manifest", name)
		}
	}
	for _, need := range []string{FileData, FileReport} {
		if !listed[need] {
			return nil, packageErr(PkgRequired, need, nil, "%s missing", need)
		}
	}
	return &man, nil
}

func writeDir(dir string, files map[string][]byte) error {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%w: %s", ErrDirNotEmpty, dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[n], 0o600); err != nil {
			return err
		}
	}
	return nil
}
