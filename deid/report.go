package deid

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Report documents one de-identification run for the researcher and the
// data-protection officer (as data: JSON through WriteJSON, words for
// people in package app): what went in (with fingerprints), how it was
// configured, what was generalised and suppressed, the utility metrics and
// the re-identification risk before and after. It holds no record values.
type Report struct {
	Tool          string              `json:"tool"`
	Created       string              `json:"created,omitempty"` // RFC 3339, UTC
	Input         ReportInput         `json:"input"`
	Configuration ReportConfiguration `json:"configuration"`
	Algorithm     string              `json:"algorithm"`
	Models        []string            `json:"models"`
	// Transformation maps each quasi-identifier to its hierarchy level;
	// absent for local recoding (Mondrian).
	Transformation map[string]int `json:"transformation,omitempty"`
	Heights        map[string]int `json:"hierarchy_heights"`
	Records        int            `json:"records"`
	Released       int            `json:"records_released"`
	Suppressed     int            `json:"suppressed"`
	SuppressedPct  float64        `json:"suppressed_percent"`
	Classes        int            `json:"classes"`
	Score          float64        `json:"score"`
	Metrics        ReportMetrics  `json:"metrics"`
	Risk           ReportRisks    `json:"risk"`
	Search         *ReportSearch  `json:"search,omitempty"`
	Output         *ReportOutput  `json:"output,omitempty"`
	// TimingsMS holds phase durations in milliseconds: the engine's
	// prepare, search, output and total, plus whatever the caller adds.
	TimingsMS map[string]float64 `json:"timings_ms"`
}

// ReportInput fingerprints the inputs.
type ReportInput struct {
	File        string                 `json:"file,omitempty"` // base name only
	SHA256      string                 `json:"sha256,omitempty"`
	Bytes       int64                  `json:"bytes,omitempty"`
	Columns     []string               `json:"columns"`
	Hierarchies map[string]Fingerprint `json:"hierarchies,omitempty"`
}

// Fingerprint names a file by base name and SHA-256.
type Fingerprint struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// ReportConfiguration records the settings of the run.
type ReportConfiguration struct {
	Algorithm        string   `json:"algorithm"`
	QuasiIdentifiers []string `json:"quasi_identifiers"`
	Sensitive        []string `json:"sensitive,omitempty"`
	// Entity is the patient column when a patient has several records:
	// k then counts patients and suppression removes whole patients.
	Entity           string            `json:"entity,omitempty"`
	Removed          []string          `json:"removed,omitempty"` // identifying columns dropped
	Pseudonymized    []string          `json:"pseudonymized,omitempty"`
	DateShifted      []string          `json:"date_shifted,omitempty"`
	MaxShiftDays     int               `json:"max_shift_days,omitempty"`
	PseudonymKeyID   string            `json:"pseudonym_key_id,omitempty"` // Pseudonymizer.KeyID, not the key
	SafeHarbor       map[string]string `json:"safe_harbor,omitempty"`      // column → identifier kind
	SuppressionLimit float64           `json:"suppression_limit"`
	Metric           Metric            `json:"metric"`
	SuppressedOutput SuppressedMode    `json:"suppressed_records,omitempty"`
	Format           Format            `json:"format,omitempty"`
	Separator        string            `json:"separator,omitempty"`
}

// ReportMetrics are the utility metrics (see metric.go for formulas).
type ReportMetrics struct {
	Discernibility float64 `json:"discernibility"`
	AECS           float64 `json:"aecs"`
	Precision      float64 `json:"precision"`
	Entropy        float64 `json:"entropy"`
	Intensity      float64 `json:"generalization_intensity"`
	Loss           float64 `json:"loss"`
	// LossDomain says what the loss counts as a quasi-identifier's domain:
	// LossDomainHierarchy (the values of its hierarchy, as ARX does).
	LossDomain string `json:"loss_domain"`
}

// LossDomainHierarchy is the loss metric's domain: every value of a
// quasi-identifier's hierarchy counts, whether it occurs in the data or
// not (ARX's definition); a quasi-identifier without a hierarchy counts
// its distinct values in the data.
const LossDomainHierarchy = "hierarchy values (as ARX); distinct data values without a hierarchy"

// ReportRisks holds the risk of the input and of the released records.
type ReportRisks struct {
	Before ReportRisk `json:"before"`
	After  ReportRisk `json:"after"`
}

// ReportRisk is re-identification risk over a set of records.
type ReportRisk struct {
	Records        int     `json:"records"`
	Classes        int     `json:"classes"`
	SmallestClass  int     `json:"smallest_class"`
	ProsecutorMax  float64 `json:"prosecutor_max"`
	ProsecutorAvg  float64 `json:"prosecutor_avg"`
	Journalist     float64 `json:"journalist"`
	JournalistAvg  float64 `json:"journalist_avg"`
	Marketer       float64 `json:"marketer"`
	SampleUniques  int     `json:"sample_uniques"`
	UniqueFraction float64 `json:"sample_uniques_fraction"`
	Histogram      []Bin   `json:"class_size_histogram,omitempty"`
}

// ReportSearch describes the lattice search.
type ReportSearch struct {
	NodesTotal     int `json:"nodes_total"`
	NodesEvaluated int `json:"nodes_evaluated"`
}

// ReportOutput fingerprints the written dataset.
type ReportOutput struct {
	File    string `json:"file"`
	Format  Format `json:"format"`
	Records int    `json:"records"`
	SHA256  string `json:"sha256,omitempty"`
	// Recipients is the number of age recipients the file is encrypted
	// for (0: plaintext); SHA256 is then that of the ciphertext.
	Recipients int `json:"encrypted_for_recipients,omitempty"`
}

// NewReport builds the report of res. cfg fills Configuration (its
// QuasiIdentifiers, Sensitive and Removed are derived from in when
// empty); in may be nil. now stamps Created (nil: no stamp).
func NewReport(in *Table, res *Result, cfg ReportConfiguration, now func() time.Time) *Report {
	r := &Report{
		Tool:          "custodia",
		Configuration: cfg,
		Algorithm:     res.Algorithm,
		Models:        append([]string(nil), res.Models...),
		Heights:       map[string]int{},
		Records:       res.Records,
		Released:      res.Records - res.Suppressed,
		Suppressed:    res.Suppressed,
		Classes:       res.Classes,
		Score:         res.Score,
		Metrics:       reportMetrics(res.Metrics),
		Risk:          ReportRisks{Before: reportRisk(res.RiskBefore), After: reportRisk(res.RiskAfter)},
		TimingsMS:     engineTimings(res.Timings),
	}
	if now != nil {
		r.Created = now().UTC().Format(time.RFC3339)
	}
	if res.Records > 0 {
		r.SuppressedPct = 100 * float64(res.Suppressed) / float64(res.Records)
	}
	r.Configuration.Algorithm = res.Algorithm
	r.Configuration.Metric = res.Metric
	r.Configuration.SuppressionLimit = res.SuppressionLimit
	local := false
	for _, q := range res.Transformation {
		r.Heights[q.Column] = q.Height
		local = local || q.Level < 0
	}
	if !local {
		r.Transformation = map[string]int{}
		for _, q := range res.Transformation {
			r.Transformation[q.Column] = q.Level
		}
	}
	if res.NodesTotal > 0 {
		r.Search = &ReportSearch{NodesTotal: res.NodesTotal, NodesEvaluated: res.NodesEvaluated}
	}
	if in != nil {
		r.fillFromTable(in)
	}
	return r
}

func (r *Report) fillFromTable(in *Table) {
	r.Input.Columns = in.Names()
	c := &r.Configuration
	if len(c.QuasiIdentifiers)+len(c.Sensitive)+len(c.Removed) > 0 {
		return
	}
	for _, col := range in.Columns {
		switch col.Role {
		case RoleQuasiIdentifying:
			c.QuasiIdentifiers = append(c.QuasiIdentifiers, col.Name)
		case RoleSensitive:
			c.Sensitive = append(c.Sensitive, col.Name)
		case RoleIdentifying:
			c.Removed = append(c.Removed, col.Name)
		}
	}
}

func reportMetrics(v MetricValues) ReportMetrics {
	return ReportMetrics{
		Discernibility: v.DM, AECS: v.AECS, Precision: v.Precision,
		Entropy: v.NonUniformEntropy, Intensity: v.Intensity, Loss: v.Loss,
		LossDomain: LossDomainHierarchy,
	}
}

func reportRisk(k Risk) ReportRisk {
	return ReportRisk{
		Records: k.Records, Classes: k.Classes, SmallestClass: k.SmallestClass,
		ProsecutorMax: k.ProsecutorMax, ProsecutorAvg: k.ProsecutorAvg,
		Journalist: k.JournalistMax, JournalistAvg: k.JournalistAvg, Marketer: k.Marketer,
		SampleUniques: k.SampleUniques, UniqueFraction: k.SampleUniqueFrac,
		Histogram: k.ClassSizeHistogram,
	}
}

func engineTimings(t Timings) map[string]float64 {
	return map[string]float64{
		"prepare": ms(t.Prepare), "search": ms(t.Search),
		"output": ms(t.Output), "engine_total": ms(t.Total),
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// SetTiming records a phase duration (e.g. "read", "write", "total").
func (r *Report) SetTiming(phase string, d time.Duration) {
	if r.TimingsMS == nil {
		r.TimingsMS = map[string]float64{}
	}
	r.TimingsMS[phase] = ms(d)
}

// ZeroTimings sets every timing to zero and clears Created, for
// reproducible (golden) reports.
func (r *Report) ZeroTimings() {
	for k := range r.TimingsMS {
		r.TimingsMS[k] = 0
	}
	r.Created = ""
}

// TimingPhases returns the recorded phases in a stable order.
func (r *Report) TimingPhases() []string {
	keys := make([]string, 0, len(r.TimingsMS))
	for k := range r.TimingsMS {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("deid: write report: %w", err)
	}
	return nil
}

// WriteFile writes the JSON report atomically to path (the machine
// format; the pages and summaries for people are worded by the app layer
// in the reader's language, app.WriteDeidReportHTML and
// app.DeidReportText).
func (r *Report) WriteFile(path string) error {
	return writeFileAtomic(path, r.WriteJSON)
}

// FormatOfReport returns "json", "html" or "text" from a file name.
func FormatOfReport(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return "html"
	case ".txt":
		return "text"
	}
	return "json"
}

// HashingReader passes reads through and hashes them (SHA-256), so the
// input fingerprint costs no second pass over the file.
type HashingReader struct {
	r io.Reader
	h hashState
	n int64
}

type hashState interface {
	io.Writer
	Sum([]byte) []byte
}

// NewHashingReader wraps r.
func NewHashingReader(r io.Reader) *HashingReader {
	return &HashingReader{r: r, h: sha256.New()}
}

func (h *HashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// Sum returns the hex SHA-256 of everything read so far.
func (h *HashingReader) Sum() string { return hex.EncodeToString(h.h.Sum(nil)) }

// Bytes returns the number of bytes read so far.
func (h *HashingReader) Bytes() int64 { return h.n }
