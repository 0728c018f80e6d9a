package research

import (
	"cmp"
	"slices"
	"strings"

	"custodia/deid"
)

// maxListed caps the labels and values listed per column in the codebook.
const maxListed = 200

// Codebook describes every column of a package.
type Codebook struct {
	Study   string           `json:"study"`
	Version int              `json:"version"`
	Level   string           `json:"level"`
	Columns []CodebookColumn `json:"columns"`
}

// CodebookColumn is one column: its role, meaning, generalisation and values.
type CodebookColumn struct {
	Name        string `json:"name"`
	Role        string `json:"role"`
	Category    string `json:"category"`
	Description string `json:"description"`
	// Level is the hierarchy level applied (-1: per class, Mondrian), of Height.
	Level     *int             `json:"level,omitempty"`
	Height    int              `json:"height,omitempty"`
	Hierarchy []HierarchyLevel `json:"hierarchy,omitempty"`
	Values    []ValueCount     `json:"values,omitempty"`
	Distinct  int              `json:"distinct"`
	Truncated bool             `json:"values_truncated,omitempty"`
}

// HierarchyLevel lists a level's labels over the exported patients' values.
type HierarchyLevel struct {
	Level     int      `json:"level"`
	Labels    []string `json:"labels"`
	Truncated bool     `json:"truncated,omitempty"`
}

// ValueCount is one value of the released column and its row count.
type ValueCount struct {
	Value string `json:"value"`
	Rows  int    `json:"rows"`
}

// descriptions are codebook.json's meanings, in English like the rest of
// the machine file; codebook.html words them in the package's language
// (MeaningText, the same sentences in the English catalogue).
var descriptions = map[string]string{
	PseudonymColumn: "Patient pseudonym: HMAC-SHA-256 of the patient under the study key; the same patient has the same pseudonym in every run of this study and an unrelated one in other studies.",
	SrcAge:          "Age in completed years at the study's reference date (at most 120).",
	SrcBirthYear:    "Year of birth.",
	SrcSex:          "Administrative sex, as recorded in the practice's patient record.",
	SrcPostcode:     "Postcode of residence.",
	SrcDiagnosis:    "ICD-10 code of the encounter's main diagnosis (under the study's code prefix, if any).",
	SrcDate:         "Encounter date (shifted per patient when the study shifts dates).",
	SrcKind:         "Kind of encounter (visit, home visit, telephone, video).",
}

func buildCodebook(res *Result, rel *released) *Codebook {
	s := res.Study
	cb := &Codebook{Study: s.ID, Version: s.Version, Level: s.Level}
	levels := map[string]deid.QITransform{}
	for _, t := range res.Deid.Transformation {
		levels[t.Column] = t
	}
	for ci, name := range rel.cols {
		col := CodebookColumn{Name: name, Role: roleOf(s, name), Category: Category(name), Description: description(name, s.Level)}
		if name == PseudonymColumn {
			col.Category = categoryPseudonym
		}
		if t, ok := levels[name]; ok {
			lv := t.Level
			col.Level, col.Height = &lv, t.Height
			col.Hierarchy = hierarchyLevels(res.Hierarchies[name], res.Table.Column(name))
		}
		col.Values, col.Distinct, col.Truncated = valueSet(rel, ci, name == PseudonymColumn)
		cb.Columns = append(cb.Columns, col)
	}
	return cb
}

func description(name, level string) string {
	if d, ok := descriptions[name]; ok {
		return d
	}
	if code, ok := strings.CutPrefix(name, SrcObsPrefix); ok {
		if level == LevelEncounter {
			return "Observation (LOINC " + code + "): the value measured at the encounter; empty when none was recorded."
		}
		return "Observation (LOINC " + code + "): the latest value measured up to the patient's first matching encounter; empty when none was recorded."
	}
	return ""
}

func roleOf(s *Study, name string) string {
	if name == PseudonymColumn {
		return RoleIdentifying + " (" + IdentPseudonymise + ")"
	}
	for _, c := range s.Columns {
		if c.Name == name {
			return c.Role
		}
	}
	return ""
}

func hierarchyLevels(h *deid.Hierarchy, col *deid.Column) []HierarchyLevel {
	if h == nil || col == nil {
		return nil
	}
	present := map[string]bool{}
	for _, v := range col.Dict {
		present[v] = true
	}
	var out []HierarchyLevel
	for l := range h.Levels() {
		set := map[string]bool{}
		for _, row := range h.Rows() {
			if present[row[0]] {
				set[row[l]] = true
			}
		}
		labels := make([]string, 0, len(set))
		for v := range set {
			labels = append(labels, v)
		}
		slices.Sort(labels)
		hl := HierarchyLevel{Level: l, Labels: labels}
		if len(labels) > maxListed {
			hl.Labels, hl.Truncated = labels[:maxListed], true
		}
		out = append(out, hl)
	}
	return out
}

func valueSet(rel *released, c int, countOnly bool) ([]ValueCount, int, bool) {
	counts := map[string]int{}
	for _, row := range rel.rows {
		counts[row[c]]++
	}
	if countOnly {
		return nil, len(counts), false
	}
	out := make([]ValueCount, 0, len(counts))
	for v, n := range counts {
		out = append(out, ValueCount{v, n})
	}
	slices.SortFunc(out, func(a, b ValueCount) int { return cmp.Compare(a.Value, b.Value) })
	if len(out) > maxListed {
		return out[:maxListed], len(counts), true
	}
	return out, len(counts), false
}
