package research

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"custodia/deid"
	"custodia/deid/verify"
	"custodia/i18n"
)

// Files of a package, in the order they are written.
const (
	FileData         = "data.csv"
	FileParquet      = "data.parquet"
	FileCodebook     = "codebook.json"
	FileCodebookHTML = "codebook.html"
	FileReport       = "report.json"
	FileReportHTML   = "report.html"
	FileManifest     = "manifest.json"
	chartExclusions  = "charts/exclusions.png"
	chartClasses     = "charts/class-sizes.png"
	chartRisk        = "charts/risk.png"
)

// ErrVerification is returned when the written data file fails its
// independent re-check: nothing is written.
var ErrVerification = errors.New("research: the data file failed its independent re-check")

// ErrPackage marks a package that cannot be opened or whose contents do
// not match its manifest.
var ErrPackage = errors.New("research: damaged or foreign package")

// PackageOptions are the run-time inputs of a package.
type PackageOptions struct {
	ExportID string
	// Passphrase encrypts the package when the study's recipient has no
	// age key (never stored in the study).
	Passphrase string
	// AgeRecipient encrypts the package for a study whose recipient is a
	// researcher account (Recipient.User): that account's key, looked up
	// in the vault at run time.
	AgeRecipient string
	// ScryptWorkFactor (log2 N) for passphrase packages; 0: age's default.
	ScryptWorkFactor int
	// ConsentAt is when the consent gate judged (for the report).
	ConsentAt time.Time
	Now       func() time.Time
	// Language of report.html, codebook.html and the charts ("en", "de");
	// "" keeps English. report.json and codebook.json are machine formats
	// and do not change.
	Language string
}

// Manifest is manifest.json: the SHA-256 of every other file.
type Manifest struct {
	Format   string         `json:"format"`
	Study    string         `json:"study"`
	Version  int            `json:"version"`
	ExportID string         `json:"export_id"`
	Files    []ManifestFile `json:"files"`
}

// ManifestFile is one file of the package.
type ManifestFile struct {
	Name   string `json:"name"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Summary describes a written package.
type Summary struct {
	Path     string    `json:"path"`
	Bytes    int64     `json:"bytes"`
	SHA256   string    `json:"sha256"` // of the encrypted file
	ExportID string    `json:"export_id"`
	Manifest *Manifest `json:"manifest"`
	Report   *Report   `json:"report"`
}

type file struct {
	name string
	data []byte
}

// contents builds the package's files in memory (data, codebook, report,
// charts, manifest) and re-checks data.csv independently.
func contents(res *Result, opts PackageOptions) ([]file, *Report, *Manifest, error) {
	rel := deid.NewRelease(res.Table, res.Deid, deid.SuppressRemove)
	data, err := releaseCSV(rel)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := verify.Verify(bytes.NewReader(data), VerifySpec(res.Study))
	if err != nil {
		return nil, nil, nil, err
	}
	if !v.OK() {
		return nil, nil, nil, fmt.Errorf("%w: %s", ErrVerification, failed(v))
	}
	pq, err := releaseParquet(rel)
	if err != nil {
		return nil, nil, nil, err
	}
	rows := releasedRows(rel)
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	rep, err := buildReport(res, rows, opts.ExportID, now(), opts.ConsentAt, v)
	if err != nil {
		return nil, nil, nil, err
	}
	cb := buildCodebook(res, rows)
	files := []file{{FileData, data}, {FileParquet, pq}}
	cat, err := i18n.Load()
	if err != nil {
		return nil, nil, nil, err
	}
	lang := opts.Language
	if lang == "" {
		lang = "en"
	}
	if files, err = appendDocs(files, cat.Localizer(lang), rep, cb); err != nil {
		return nil, nil, nil, err
	}
	man := &Manifest{Format: FormatVersion, Study: res.Study.ID, Version: res.Study.Version, ExportID: opts.ExportID}
	for _, f := range files {
		sum := sha256.Sum256(f.data)
		man.Files = append(man.Files, ManifestFile{Name: f.name, Bytes: len(f.data), SHA256: hex.EncodeToString(sum[:])})
	}
	mb, err := marshal(man)
	if err != nil {
		return nil, nil, nil, err
	}
	return append(files, file{FileManifest, mb}), rep, man, nil
}

func appendDocs(files []file, loc *i18n.Localizer, rep *Report, cb *Codebook) ([]file, error) {
	charts, err := reportCharts(loc, rep)
	if err != nil {
		return nil, err
	}
	cbj, err := marshal(cb)
	if err != nil {
		return nil, err
	}
	cbh, err := renderCodebook(loc, rep.Study.Name, cb)
	if err != nil {
		return nil, err
	}
	rj, err := marshal(rep)
	if err != nil {
		return nil, err
	}
	rh, err := renderReport(loc, rep, charts)
	if err != nil {
		return nil, err
	}
	files = append(files, file{FileCodebook, cbj}, file{FileCodebookHTML, cbh}, file{FileReport, rj}, file{FileReportHTML, rh})
	for _, n := range []string{chartExclusions, chartClasses, chartRisk} {
		files = append(files, file{n, charts[n]})
	}
	return files, nil
}

// reportCharts draws the report's charts in loc's language, the
// exclusion reasons labelled as people read them.
func reportCharts(loc *i18n.Localizer, r *Report) (map[string][]byte, error) {
	out := map[string][]byte{}
	wExcl, wClasses, wRisk := ChartTexts(loc)
	byLabel := map[string]int{}
	var labels []string
	for _, code := range sortedKeys(r.Cohort.Excluded) {
		l := ReasonShortText(loc, code)
		if _, seen := byLabel[l]; !seen {
			labels = append(labels, l)
		}
		byLabel[l] += r.Cohort.Excluded[code]
	}
	var err error
	if out[chartExclusions], err = ExclusionChartWords(byLabel, labels, wExcl); err != nil {
		return nil, err
	}
	if out[chartClasses], err = ClassSizeChartWords(r.ClassSizes, wClasses); err != nil {
		return nil, err
	}
	if out[chartRisk], err = RiskChartWords(r.Risk.Before, r.Risk.AfterPatients, wRisk); err != nil {
		return nil, err
	}
	return out, nil
}

func failed(v *verify.Report) string {
	var names []string
	for _, c := range v.Checks {
		if !c.Passed {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ", ")
}

// VerifySpec is what a package claims about its data file: k (per patient
// at encounter level), distinct or entropy l and t on the sensitive column.
func VerifySpec(s *Study) verify.Spec {
	spec := verify.Spec{K: s.Privacy.K}
	for _, c := range s.Columns {
		if c.Role == RoleQuasi {
			spec.QuasiIdentifiers = append(spec.QuasiIdentifiers, c.Name)
		}
	}
	if s.Level == LevelEncounter {
		spec.Entity = PseudonymColumn
	}
	if sc, ok := s.sensitive(); ok {
		spec.Sensitive = sc.Name
		switch {
		case s.Privacy.L > 0 && (s.Privacy.LVariant == "" || s.Privacy.LVariant == LDistinct):
			spec.DistinctL = int(s.Privacy.L)
		case s.Privacy.L > 0 && s.Privacy.LVariant == LEntropy:
			spec.EntropyL = s.Privacy.L
		}
		if s.Privacy.T > 0 {
			spec.T = s.Privacy.T
			spec.Ordered = strings.HasPrefix(sc.Name, SrcObsPrefix)
		}
	}
	return spec
}

// WritePackage writes one age-encrypted tar with the package's files to
// path, through a temporary file in the same folder that is renamed only
// when complete: an error or a cancelled ctx leaves no file.
func WritePackage(ctx context.Context, path string, res *Result, opts PackageOptions) (*Summary, error) {
	p, err := BuildPackage(ctx, filepath.Dir(path), res, opts)
	if err != nil {
		return nil, err
	}
	return p.Commit(ctx, path)
}

// Pending is a package written to a temporary file, not yet in place:
// the caller records what it must (disclosures, history) and then
// commits it under its name, or discards it.
type Pending struct {
	tmp     string
	summary Summary
}

// Summary describes the package (Path is empty until Commit).
func (p *Pending) Summary() Summary { return p.summary }

// BuildPackage writes the package to a hidden temporary file in dir and
// returns it pending. An error or a cancelled ctx leaves no file.
func BuildPackage(ctx context.Context, dir string, res *Result, opts PackageOptions) (*Pending, error) {
	rcpt, err := recipient(res.Study, opts)
	if err != nil {
		return nil, err
	}
	files, rep, man, err := contents(res, opts)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".custodia-export-*.tmp")
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := seal(ctx, io.MultiWriter(tmp, h), rcpt, files)
	if err != nil {
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ok = true
	return &Pending{tmp: tmp.Name(), summary: Summary{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil)), ExportID: opts.ExportID, Manifest: man, Report: rep}}, nil
}

// Commit renames the pending file to path (in the folder it was built
// in). On a cancelled ctx or a failed rename the file is removed.
func (p *Pending) Commit(ctx context.Context, path string) (*Summary, error) {
	if err := ctx.Err(); err != nil {
		p.Discard()
		return nil, err
	}
	if err := os.Rename(p.tmp, path); err != nil {
		p.Discard()
		return nil, err
	}
	s := p.summary
	s.Path = path
	return &s, nil
}

// Discard removes the pending file.
func (p *Pending) Discard() { _ = os.Remove(p.tmp) }

func recipient(s *Study, opts PackageOptions) (age.Recipient, error) {
	if s.Recipient.User != "" {
		if opts.AgeRecipient == "" {
			return nil, fmt.Errorf("%w: recipient.user: the researcher account's key was not given", ErrInvalidStudy)
		}
		r, err := age.ParseX25519Recipient(opts.AgeRecipient)
		if err != nil {
			return nil, fmt.Errorf("%w: recipient.user: %v", ErrInvalidStudy, err)
		}
		return r, nil
	}
	if s.Recipient.AgeRecipient != "" {
		r, err := age.ParseX25519Recipient(s.Recipient.AgeRecipient)
		if err != nil {
			return nil, fmt.Errorf("%w: recipient.ageRecipient: %v", ErrInvalidStudy, err)
		}
		return r, nil
	}
	if opts.Passphrase == "" {
		return nil, fmt.Errorf("%w: the study's recipient uses a passphrase and none was given", ErrInvalidStudy)
	}
	r, err := age.NewScryptRecipient(opts.Passphrase)
	if err != nil {
		return nil, err
	}
	if opts.ScryptWorkFactor > 0 {
		r.SetWorkFactor(opts.ScryptWorkFactor)
	}
	return r, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// seal writes the files as a tar (fixed times and modes, so equal contents
// give equal tar bytes) inside age encryption.
func seal(ctx context.Context, w io.Writer, rcpt age.Recipient, files []file) (int64, error) {
	cw := &countWriter{w: w}
	enc, err := age.Encrypt(cw, rcpt)
	if err != nil {
		return 0, err
	}
	tw := tar.NewWriter(enc)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		hdr := &tar.Header{Name: f.name, Mode: 0o600, Size: int64(len(f.data)), ModTime: time.Unix(0, 0).UTC(), Format: tar.FormatPAX, Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return 0, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return 0, err
		}
	}
	if err := tw.Close(); err != nil {
		return 0, err
	}
	if err := enc.Close(); err != nil {
		return 0, err
	}
	return cw.n, nil
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
