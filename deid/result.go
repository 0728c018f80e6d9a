package deid

import (
	"fmt"
	"strings"
	"time"
)

// Metric names a utility metric. Every result reports all metrics; the
// Config.Metric is the one the search minimises.
type Metric string

const (
	// MetricDM is discernibility: Σ|E|² over kept classes + suppressed·N.
	MetricDM Metric = "dm"
	// MetricAECS is the average equivalence class size:
	// N / (kept classes + (1 if any record is suppressed)).
	MetricAECS Metric = "aecs"
	// MetricPrecision is Sweeney's precision; the search minimises 1-precision.
	MetricPrecision Metric = "precision"
	// MetricEntropy is non-uniform entropy (bits) of the generalised table.
	MetricEntropy Metric = "entropy"
	// MetricIntensity is generalisation intensity (mean level/height).
	MetricIntensity Metric = "intensity"
	// MetricLoss is the loss metric (ARX "Loss", Iyengar's LM).
	MetricLoss Metric = "loss"
)

// Metrics lists the metric names accepted by Config.Metric.
func Metrics() []Metric {
	return []Metric{MetricDM, MetricAECS, MetricPrecision, MetricEntropy, MetricIntensity, MetricLoss}
}

// ParseMetric parses a metric name (case-insensitive).
func ParseMetric(s string) (Metric, error) {
	m := Metric(strings.ToLower(strings.TrimSpace(s)))
	for _, k := range Metrics() {
		if m == k {
			return m, nil
		}
	}
	e := configError(ProblemUnknownMetric, "", "", fmt.Sprintf("unknown metric %q", s))
	e.Value = s
	return "", e
}

// Config configures Anonymize. The table's column roles decide which columns
// are quasi-identifiers (RoleQuasiIdentifying), in table order.
type Config struct {
	// Models are combined; at least one is required.
	Models []Model
	// SuppressionLimit is the largest fraction of records (0..1) that may be
	// suppressed (removed) to satisfy the models.
	SuppressionLimit float64
	// Metric is the objective; "" means MetricDM.
	Metric Metric
	// Hierarchies by column name. A quasi-identifier without one gets
	// FlatHierarchy (value → "*"). Sensitive attributes need one only for
	// t-closeness with HierarchicalDistance.
	Hierarchies map[string]*Hierarchy
	// Progress, if set, receives ("prepare", records, records total) while
	// the records are encoded, ("classify", checks, -1) during the
	// classification phase and ("search", nodes visited, nodes total).
	Progress Progress
	// Now is the clock used for Timings; nil means time.Now.
	Now func() time.Time
	// Entity, if set, names the column that identifies the person a record
	// belongs to (several records per patient): an equivalence class then
	// counts distinct patients for k-anonymity, and suppression removes
	// whole patients: a patient with a record in a class violating the
	// models loses every record, and classes are re-checked without them
	// until none changes (the largest set of patients whose records all
	// satisfy the models). Distinct l-diversity counts the sensitive
	// values of the kept records. The optimal search supports k-anonymity
	// and distinct l-diversity with it; Mondrian (which suppresses nothing)
	// splits a partition only when both halves keep k patients, and checks
	// the other models on records.
	Entity string
}

// MetricValues holds every utility metric of a result. For all but Precision,
// lower is better.
type MetricValues struct {
	DM                float64 `json:"discernibility"`
	AECS              float64 `json:"aecs"`
	Precision         float64 `json:"precision"`
	NonUniformEntropy float64 `json:"non_uniform_entropy"`
	Intensity         float64 `json:"generalization_intensity"`
	Loss              float64 `json:"loss"`
}

// Risk is re-identification risk over a set of records. Without a
// population table, journalist risk equals prosecutor risk (the sample is
// its own population) and marketer risk is classes/records.
type Risk struct {
	Records            int     `json:"records"`
	Classes            int     `json:"classes"`
	ProsecutorMax      float64 `json:"prosecutor_max"`
	ProsecutorAvg      float64 `json:"prosecutor_avg"`
	JournalistMax      float64 `json:"journalist_max"`
	JournalistAvg      float64 `json:"journalist_avg"`
	Marketer           float64 `json:"marketer"`
	SampleUniques      int     `json:"sample_uniques"`
	SampleUniqueFrac   float64 `json:"sample_uniques_fraction"`
	SmallestClass      int     `json:"smallest_class"`
	ClassSizeHistogram []Bin   `json:"class_size_histogram"`
}

// Bin is one bar of a class-size histogram: Classes classes of Size records.
type Bin struct {
	Size    int `json:"size"`
	Classes int `json:"classes"`
}

// QITransform is the transformation applied to one quasi-identifier.
type QITransform struct {
	Column string `json:"column"`
	// Level is the hierarchy level applied (full-domain search); -1 for
	// local recoding (Mondrian) where levels differ between classes.
	Level  int `json:"level"`
	Height int `json:"height"`
}

// Timings of the phases of a run.
type Timings struct {
	Prepare time.Duration `json:"prepare_ns"` // compile hierarchies, encode
	Search  time.Duration `json:"search_ns"`
	Output  time.Duration `json:"output_ns"` // build the output table
	Total   time.Duration `json:"total_ns"`
}

// Result is the outcome of Anonymize (and of the Mondrian search).
type Result struct {
	Algorithm        string        `json:"algorithm"` // "optimal" or "mondrian"
	Models           []string      `json:"models"`
	Metric           Metric        `json:"metric"`
	SuppressionLimit float64       `json:"suppression_limit"`
	Transformation   []QITransform `json:"transformation"`
	Score            float64       `json:"score"` // the objective's value (1-precision for MetricPrecision)

	Records    int `json:"records"`    // input records
	Suppressed int `json:"suppressed"` // records removed
	Classes    int `json:"classes"`    // equivalence classes among kept records

	Metrics    MetricValues `json:"metrics"`
	RiskBefore Risk         `json:"risk_before"`
	RiskAfter  Risk         `json:"risk_after"`

	// Output holds the kept records in input order: quasi-identifiers
	// generalised, identifying columns removed, other columns unchanged.
	// When no record is removed, a column whose codes are unchanged shares
	// its Codes array with the input table (capacity clipped): change
	// neither table's codes in place while the other is in use.
	Output *Table `json:"-"`
	// RowIndex[i] is the input row of output row i.
	RowIndex []int `json:"-"`
	// SuppressedRows lists the input rows removed, ascending.
	SuppressedRows []int `json:"-"`

	NodesTotal     int     `json:"nodes_total"`
	NodesEvaluated int     `json:"nodes_evaluated"`
	Timings        Timings `json:"timings"`
}
