package deid

// release adapts a Result to ReleaseTable. In remove mode it lists the
// kept records; in star mode every input record in input order, the
// suppressed ones read from the input (their quasi-identifiers are starred
// by the writer).
type release struct {
	out    *Table
	in     *Table
	inCol  []int   // input column of each output column
	order  []int32 // star mode: >= 0 output row, < 0 -(input row + 1)
	isStar bool
}

// NewRelease returns what the writers write for res, computed from the
// input table in: with SuppressRemove the kept records of res.Output, with
// SuppressStar all input records in input order, suppressed ones with
// "*" in every quasi-identifier.
func NewRelease(in *Table, res *Result, mode SuppressedMode) ReleaseTable {
	r := &release{out: res.Output, in: in, isStar: mode == SuppressStar && len(res.SuppressedRows) > 0}
	r.inCol = make([]int, len(res.Output.Columns))
	for i, c := range res.Output.Columns {
		r.inCol[i] = in.ColumnIndex(c.Name)
	}
	if r.isStar {
		r.order = mergeRows(res.RowIndex, res.SuppressedRows)
	}
	return r
}

// mergeRows interleaves kept and suppressed input rows in input order.
func mergeRows(kept, suppressed []int) []int32 {
	order := make([]int32, 0, len(kept)+len(suppressed))
	i, j := 0, 0
	for i < len(kept) || j < len(suppressed) {
		if j >= len(suppressed) || (i < len(kept) && kept[i] < suppressed[j]) {
			order = append(order, int32(i))
			i++
			continue
		}
		order = append(order, -int32(suppressed[j])-1)
		j++
	}
	return order
}

func (r *release) Columns() []string { return r.out.Names() }

func (r *release) Len() int {
	if r.isStar {
		return len(r.order)
	}
	return r.out.Rows()
}

func (r *release) Row(i int, dst []string) []string {
	dst = dst[:0]
	if r.isStar && r.order[i] < 0 {
		row := int(-r.order[i] - 1)
		for _, c := range r.inCol {
			dst = append(dst, r.in.Columns[c].Value(row))
		}
		return dst
	}
	if r.isStar {
		i = int(r.order[i])
	}
	for _, c := range r.out.Columns {
		dst = append(dst, c.Value(i))
	}
	return dst
}

func (r *release) Suppressed(i int) bool { return r.isStar && r.order[i] < 0 }

func (r *release) QuasiIdentifier(c int) bool {
	return r.out.Columns[c].Role == RoleQuasiIdentifying
}

// tableRelease is a ReleaseTable over a whole table, nothing suppressed.
type tableRelease struct {
	t *Table
}

// TableRelease returns t as a ReleaseTable: every record, identifying
// columns included, nothing suppressed. Use it to write unanonymised
// tables (synthetic data, pseudonymised-only exports).
func TableRelease(t *Table) ReleaseTable { return tableRelease{t} }

func (r tableRelease) Columns() []string { return r.t.Names() }
func (r tableRelease) Len() int          { return r.t.Rows() }
func (r tableRelease) Row(i int, dst []string) []string {
	dst = dst[:0]
	for _, c := range r.t.Columns {
		dst = append(dst, c.Value(i))
	}
	return dst
}
func (r tableRelease) Suppressed(int) bool { return false }
func (r tableRelease) QuasiIdentifier(c int) bool {
	return r.t.Columns[c].Role == RoleQuasiIdentifying
}
