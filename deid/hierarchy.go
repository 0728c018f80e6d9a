package deid

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Hierarchy is a value generalisation hierarchy in ARX's CSV layout: one row
// per original value, column 0 the original (level 0), each next column the
// next level, the last level usually "*". All rows have the same number of
// levels, level-0 values are unique, and a value at level i always has the
// same parent at level i+1.
type Hierarchy struct {
	rows  [][]string
	index map[string]int // level-0 value -> row
}

// NewHierarchy validates rows and returns the hierarchy. Errors name the
// 1-based row number as "line".
func NewHierarchy(rows [][]string) (*Hierarchy, error) {
	return newHierarchy("", rows, nil)
}

func newHierarchy(name string, rows [][]string, lines []int) (*Hierarchy, error) {
	lineOf := func(i int) int {
		if lines != nil {
			return lines[i]
		}
		return i + 1
	}
	where := func(i int) string {
		if name == "" {
			return fmt.Sprintf("line %d", lineOf(i))
		}
		return fmt.Sprintf("%s:%d", name, lineOf(i))
	}
	if len(rows) == 0 {
		if name == "" {
			name = "hierarchy"
		}
		e := inputError(ErrInvalidHierarchy, ProblemHierarchyEmpty, name+": no rows")
		e.File = name
		return nil, e
	}
	levels := len(rows[0])
	if levels == 0 {
		e := inputError(ErrInvalidHierarchy, ProblemHierarchyEmptyRow, where(0)+": empty row")
		e.File, e.Line = name, lineOf(0)
		return nil, e
	}
	h := &Hierarchy{rows: make([][]string, len(rows)), index: make(map[string]int, len(rows))}
	// parent[level][value] = row that fixed the parent of value at level.
	parent := make([]map[string]int, levels)
	for l := range parent {
		parent[l] = map[string]int{}
	}
	for i, r := range rows {
		if len(r) != levels {
			return nil, &InputError{Err: ErrInvalidHierarchy, Problem: ProblemHierarchyLevels, File: name, Line: lineOf(i), Got: len(r), Want: levels,
				detail: fmt.Sprintf("%s: %d levels, want %d (as on the first row)", where(i), len(r), levels)}
		}
		if j, dup := h.index[r[0]]; dup {
			e := inputError(ErrInvalidHierarchy, ProblemHierarchyDuplicate, fmt.Sprintf("%s: value already listed on %s", where(i), where(j)))
			e.File, e.Line, e.Other = name, lineOf(i), lineOf(j)
			return nil, e
		}
		h.index[r[0]] = i
		for l := 0; l+1 < levels; l++ {
			j, seen := parent[l][r[l]]
			if !seen {
				parent[l][r[l]] = i
				continue
			}
			if rows[j][l+1] != r[l+1] {
				e := inputError(ErrInvalidHierarchy, ProblemHierarchyConflict,
					fmt.Sprintf("%s: the value at level %d generalises to another value than on %s", where(i), l, where(j)))
				e.File, e.Line, e.Other, e.Level = name, lineOf(i), lineOf(j), l
				return nil, e
			}
		}
		h.rows[i] = append([]string(nil), r...)
	}
	return h, nil
}

// ReadHierarchy reads an ARX hierarchy CSV (no header). sep 0 detects the
// separator from the first line: ';' if present, else ','. name is used in
// errors ("age.csv:12: ...").
func ReadHierarchy(r io.Reader, name string, sep rune) (*Hierarchy, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); string(bom) == "\ufeff" {
		br.Discard(3)
	}
	if sep == 0 {
		peek, _ := br.Peek(4096)
		first := peek
		if i := bytes.IndexByte(peek, '\n'); i >= 0 {
			first = peek[:i]
		}
		sep = ','
		if bytes.IndexByte(first, ';') >= 0 {
			sep = ';'
		}
	}
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				e := inputError(ErrInvalidHierarchy, ProblemHierarchySyntax, fmt.Sprintf("%s:%d: column %d: %v", name, pe.StartLine, pe.Column, pe.Err))
				e.File, e.Line, e.Char = name, pe.StartLine, pe.Column
				return nil, e
			}
			return nil, fmt.Errorf("%w: %s: %v", ErrInvalidHierarchy, name, err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	if name == "" {
		name = "hierarchy"
	}
	return newHierarchy(name, rows, lines)
}

// ReadHierarchyFile reads an ARX hierarchy CSV file, detecting the separator.
func ReadHierarchyFile(path string) (*Hierarchy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadHierarchy(f, path, 0)
}

// WriteCSV writes the hierarchy in ARX's layout with separator sep (0: ';').
// Fields holding the separator, quotes, line breaks or surrounding spaces
// are quoted, and so is a lone empty field (which would read as a blank
// line).
func (h *Hierarchy) WriteCSV(w io.Writer, sep rune) error {
	if sep == 0 {
		sep = ';'
	}
	bw := bufio.NewWriter(w)
	for _, r := range h.rows {
		for i, f := range r {
			if i > 0 {
				bw.WriteRune(sep)
			}
			if needsQuotes(f, sep) || (len(r) == 1 && f == "") {
				bw.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
			} else {
				bw.WriteString(f)
			}
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("deid: writing hierarchy: %w", err)
	}
	return nil
}

func needsQuotes(f string, sep rune) bool {
	return strings.ContainsRune(f, sep) || strings.ContainsAny(f, "\"\r\n") ||
		strings.TrimSpace(f) != f || strings.HasPrefix(f, "\ufeff")
}

// Levels returns the number of levels including level 0 (0 for the zero
// Hierarchy).
func (h *Hierarchy) Levels() int {
	if len(h.rows) == 0 {
		return 0
	}
	return len(h.rows[0])
}

// Height returns the highest level (Levels()-1).
func (h *Hierarchy) Height() int { return h.Levels() - 1 }

// Len returns the number of level-0 values.
func (h *Hierarchy) Len() int { return len(h.rows) }

// Rows returns a copy of the rows.
func (h *Hierarchy) Rows() [][]string {
	out := make([][]string, len(h.rows))
	for i, r := range h.rows {
		out[i] = append([]string(nil), r...)
	}
	return out
}

// Generalize returns value generalised to level, and false if value is not
// in the hierarchy or level is out of range.
func (h *Hierarchy) Generalize(value string, level int) (string, bool) {
	i, ok := h.index[value]
	if !ok || level < 0 || level >= len(h.rows[i]) {
		return "", false
	}
	return h.rows[i][level], true
}

// Values returns the level-0 values in file order.
func (h *Hierarchy) Values() []string {
	out := make([]string, len(h.rows))
	for i, r := range h.rows {
		out[i] = r[0]
	}
	return out
}

// MissingValueError reports a data value that its hierarchy does not list.
// It names the column and the first record holding the value (1-based,
// header excluded), never the value itself.
type MissingValueError struct {
	Column string
	Record int
}

func (e *MissingValueError) Error() string {
	return fmt.Sprintf("deid: invalid hierarchy: column %q record %d: value not in the column's hierarchy", e.Column, e.Record)
}

// Unwrap makes errors.Is(err, ErrInvalidHierarchy) true.
func (e *MissingValueError) Unwrap() error { return ErrInvalidHierarchy }

// CompiledHierarchy is a hierarchy bound to one column's dictionary. Only
// values that occur in the data are kept, so level dictionaries shrink (or
// stay equal) from level to level.
type CompiledHierarchy struct {
	Column string
	// Dicts[l][code] is the label of generalised code at level l;
	// Dicts[0] equals the column's dictionary.
	Dicts [][]string
	// Map[l][code0] is the level-l code of level-0 (column) code code0.
	Map [][]uint32
	// Parent[l][code] is the level l+1 code of level-l code (l < Height).
	Parent [][]uint32
	// Leaves[l][code] is how many distinct data values generalise to code.
	Leaves [][]int
	// DomainLeaves[l][code] is how many values of the hierarchy (its rows,
	// whether in the data or not) generalise to code, and Domain the
	// number of values of the hierarchy: the loss metric's domain, as in
	// ARX. For a flat hierarchy built from the data they equal Leaves and
	// the number of distinct data values.
	DomainLeaves [][]int
	Domain       int
}

// Height returns the highest level.
func (c *CompiledHierarchy) Height() int { return len(c.Map) - 1 }

// Compile binds the hierarchy to col. A data value missing from the
// hierarchy yields a *MissingValueError.
func (h *Hierarchy) Compile(col *Column) (*CompiledHierarchy, error) {
	levels := h.Levels()
	if levels == 0 {
		return nil, fmt.Errorf("%w: column %q: empty hierarchy", ErrInvalidHierarchy, col.Name)
	}
	rowOf := make([]int, len(col.Dict))
	for code, v := range col.Dict {
		i, ok := h.index[v]
		if !ok {
			return nil, &MissingValueError{Column: col.Name, Record: firstRecord(col, uint32(code))}
		}
		rowOf[code] = i
	}
	c := &CompiledHierarchy{
		Column: col.Name,
		Dicts:  make([][]string, levels),
		Map:    make([][]uint32, levels),
		Parent: make([][]uint32, levels-1),
		Leaves: make([][]int, levels),
	}
	for l := 0; l < levels; l++ {
		m := make([]uint32, len(col.Dict))
		idx := map[string]uint32{}
		for code0, i := range rowOf {
			label := h.rows[i][l]
			if l == 0 {
				label = col.Dict[code0]
			}
			g, ok := idx[label]
			if !ok {
				g = uint32(len(c.Dicts[l]))
				idx[label] = g
				c.Dicts[l] = append(c.Dicts[l], label)
				c.Leaves[l] = append(c.Leaves[l], 0)
			}
			m[code0] = g
			c.Leaves[l][g]++
		}
		c.Map[l] = m
	}
	c.domainLeaves(h)
	for l := 0; l+1 < levels; l++ {
		p := make([]uint32, len(c.Dicts[l]))
		for code0 := range rowOf {
			p[c.Map[l][code0]] = c.Map[l+1][code0]
		}
		c.Parent[l] = p
	}
	return c, nil
}

// domainLeaves counts, per level and generalised code, the hierarchy's
// values under it (values absent from the data included). A value absent
// from the data counts under the code whose label its row has at that
// level; labels not in the data belong to no code.
func (c *CompiledHierarchy) domainLeaves(h *Hierarchy) {
	c.Domain = len(h.rows)
	c.DomainLeaves = make([][]int, len(c.Dicts))
	for l, dict := range c.Dicts {
		c.DomainLeaves[l] = make([]int, len(dict))
		if l == 0 {
			for g := range dict {
				c.DomainLeaves[0][g] = 1
			}
			continue
		}
		idx := make(map[string]int, len(dict))
		for g, label := range dict {
			idx[label] = g
		}
		for _, row := range h.rows {
			if g, ok := idx[row[l]]; ok {
				c.DomainLeaves[l][g]++
			}
		}
	}
}

func firstRecord(col *Column, code uint32) int {
	for row, c := range col.Codes {
		if c == code {
			return row + 1
		}
	}
	return 0
}

// FlatHierarchy returns the two-level hierarchy value → "*" over values;
// Anonymize uses it for quasi-identifiers without a hierarchy.
func FlatHierarchy(values []string) *Hierarchy {
	h := &Hierarchy{index: make(map[string]int, len(values))}
	for _, v := range values {
		if _, dup := h.index[v]; dup {
			continue
		}
		h.index[v] = len(h.rows)
		h.rows = append(h.rows, []string{v, "*"})
	}
	if len(h.rows) == 0 {
		h.rows = [][]string{{"*", "*"}}
		h.index["*"] = 0
	}
	return h
}
