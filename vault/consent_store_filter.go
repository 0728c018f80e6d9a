package vault

import "strings"

// eqFilter builds a WHERE clause from column = value conditions, leaving
// out those whose value is empty (no filter on that column). Lists filtered
// by patient or subject must not test "? = empty OR col = ?" in SQL: SQLite
// cannot use the column's index for such an OR and scans the whole table,
// so one patient's consents cost as much as the whole ledger.
type eqFilter struct {
	conds []string
	args  []any
}

// eq adds "column = value" when value is not empty. column is a constant
// of the caller, never input.
func (f *eqFilter) eq(column, value string) *eqFilter {
	if value != "" {
		f.conds = append(f.conds, column+" = ?")
		f.args = append(f.args, value)
	}
	return f
}

// where returns " WHERE ..." (or "") and the arguments.
func (f *eqFilter) where() (string, []any) {
	if len(f.conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(f.conds, " AND "), f.args
}
