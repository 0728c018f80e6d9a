package deid

import (
	"fmt"
	"strconv"
)

// Model is a privacy model. Models combine: a record is kept only if its
// equivalence class satisfies every class-level model, and the table-level
// models (AverageRisk) must hold for the kept records. The concrete models
// are KAnonymity, DistinctLDiversity, EntropyLDiversity,
// RecursiveCLDiversity, TCloseness and AverageRisk.
type Model interface {
	// String describes the model, e.g. "5-anonymity".
	String() string
	// monotone reports whether a generalisation of a node satisfying the
	// model (with suppression limit supp) also satisfies it.
	monotone(supp float64) bool
	validate(t *Table) error
}

// KAnonymity requires every kept class to hold at least K records.
type KAnonymity struct{ K int }

func (m KAnonymity) String() string        { return strconv.Itoa(m.K) + "-anonymity" }
func (m KAnonymity) monotone(float64) bool { return true }
func (m KAnonymity) validate(*Table) error {
	if m.K < 1 {
		return configError(ProblemModelParameter, m.String(), "", fmt.Sprintf("k-anonymity needs k >= 1, got %d", m.K))
	}
	return nil
}

// DistinctLDiversity requires at least L distinct values of the sensitive
// Attribute in every kept class.
type DistinctLDiversity struct {
	Attribute string
	L         int
}

func (m DistinctLDiversity) String() string {
	return fmt.Sprintf("distinct-%d-diversity(%s)", m.L, m.Attribute)
}
func (m DistinctLDiversity) monotone(float64) bool { return true }
func (m DistinctLDiversity) validate(t *Table) error {
	if m.L < 1 {
		return configError(ProblemModelParameter, m.String(), "", m.String()+": l must be >= 1")
	}
	return checkSensitive(t, m.Attribute, m.String())
}

// EntropyLDiversity requires the entropy (natural log) of the sensitive
// Attribute's distribution in every kept class to be at least ln(L).
type EntropyLDiversity struct {
	Attribute string
	L         float64
}

func (m EntropyLDiversity) String() string {
	return fmt.Sprintf("entropy-%g-diversity(%s)", m.L, m.Attribute)
}

// Entropy l-diversity is monotone only without suppression (the entropy of
// a union of classes is at least the smallest entropy of its parts only when
// every part is kept).
func (m EntropyLDiversity) monotone(supp float64) bool { return supp == 0 }
func (m EntropyLDiversity) validate(t *Table) error {
	if !(m.L >= 1) {
		return configError(ProblemModelParameter, m.String(), "", m.String()+": l must be >= 1")
	}
	return checkSensitive(t, m.Attribute, m.String())
}

// RecursiveCLDiversity requires, for the sensitive value counts
// r1 >= r2 >= ... >= rm of every kept class, m >= L and
// r1 < C * (rL + ... + rm).
type RecursiveCLDiversity struct {
	Attribute string
	C         float64
	L         int
}

func (m RecursiveCLDiversity) String() string {
	return fmt.Sprintf("recursive-(%g,%d)-diversity(%s)", m.C, m.L, m.Attribute)
}

// Recursive (c,l)-diversity is treated as non-monotone: the search never
// prunes on it.
func (m RecursiveCLDiversity) monotone(float64) bool { return false }
func (m RecursiveCLDiversity) validate(t *Table) error {
	if m.L < 1 || !(m.C > 0) {
		return configError(ProblemModelParameter, m.String(), "", m.String()+": need l >= 1 and c > 0")
	}
	return checkSensitive(t, m.Attribute, m.String())
}

// Distance selects the ground distance of t-closeness.
type Distance int

const (
	// EqualDistance: every two values are at distance 1 (EMD is half the
	// L1 distance between the distributions).
	EqualDistance Distance = iota
	// OrderedDistance: values ordered numerically (integer, decimal, date
	// columns) or by Column order (other columns); neighbours are 1/(m-1)
	// apart.
	OrderedDistance
	// HierarchicalDistance uses the sensitive attribute's hierarchy
	// (Config.Hierarchies): EMD as in Li et al. 2007, a mass moved through a
	// node at level h costs h/height.
	HierarchicalDistance
)

func (d Distance) String() string {
	switch d {
	case EqualDistance:
		return "equal"
	case OrderedDistance:
		return "ordered"
	case HierarchicalDistance:
		return "hierarchical"
	}
	return "distance(" + strconv.Itoa(int(d)) + ")"
}

// TCloseness requires the earth mover's distance between the sensitive
// Attribute's distribution in every kept class and in the whole input to be
// at most T.
type TCloseness struct {
	Attribute string
	T         float64
	Distance  Distance
}

func (m TCloseness) String() string {
	return fmt.Sprintf("%g-closeness(%s, %s distance)", m.T, m.Attribute, m.Distance)
}

// t-closeness is monotone without suppression: EMD to a fixed distribution
// is convex, so a union of close classes is close.
func (m TCloseness) monotone(supp float64) bool { return supp == 0 }
func (m TCloseness) validate(t *Table) error {
	if !(m.T >= 0) {
		return configError(ProblemModelParameter, m.String(), "", m.String()+": t must be >= 0")
	}
	if m.Distance < EqualDistance || m.Distance > HierarchicalDistance {
		return configError(ProblemModelParameter, m.String(), "", m.String()+": unknown distance")
	}
	return checkSensitive(t, m.Attribute, m.String())
}

// AverageRisk requires the average prosecutor re-identification risk of
// the kept records (kept classes / kept records) to be at most Threshold.
// It is a table-level check after suppression; it never causes suppression
// by itself.
type AverageRisk struct{ Threshold float64 }

func (m AverageRisk) String() string { return fmt.Sprintf("average-risk<=%g", m.Threshold) }

// Average risk falls as classes merge only while no record is suppressed.
func (m AverageRisk) monotone(supp float64) bool { return supp == 0 }
func (m AverageRisk) validate(*Table) error {
	if !(m.Threshold > 0 && m.Threshold <= 1) {
		return configError(ProblemModelParameter, m.String(), "", m.String()+": threshold must be in (0,1]")
	}
	return nil
}

func checkSensitive(t *Table, attr, model string) error {
	c := t.Column(attr)
	if c == nil {
		return noColumn(model, attr)
	}
	if c.Role == RoleQuasiIdentifying || c.Role == RoleIdentifying {
		return configError(ProblemNotSensitive, model, attr, fmt.Sprintf("%s: column %q is %s, want sensitive", model, attr, c.Role))
	}
	return nil
}
