// Package csvsafe neutralises CSV cells that a spreadsheet would run as a
// formula (CSV injection): every CSV Custodia writes passes its cells
// through Cell.
package csvsafe

// Cell returns v with a leading apostrophe when it starts with = + - @, a
// tab or a carriage return (formula starts in Excel, LibreOffice and
// Google Sheets), or with an apostrophe (so that the mapping stays one to
// one and equal cells stay equal, different cells different).
func Cell(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return "'" + v
	}
	return v
}

// Row neutralises every cell of a record (a new slice).
func Row(rec []string) []string {
	out := make([]string, len(rec))
	for i, v := range rec {
		out[i] = Cell(v)
	}
	return out
}
