package printdoc

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"custodia/i18n"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// Page geometry in millimetres (A4 portrait).
const (
	pageMargin = 20.0
	lineHeight = 5.2
	bodySize   = 10.5
	smallSize  = 8.5
	labelWidth = 48.0
)

// Font families registered in every document.
const (
	sans = "gosans"
	mono = "gomono"
)

// page wraps one fpdf document and records every line of text it placed,
// so tests can check that wrapping kept all of it.
type page struct {
	pdf   *fpdf.Fpdf
	lines []placed
	// loc is the reader's language, for what the page words itself (the
	// letterhead's country).
	loc *i18n.Localizer
}

// placed is one line of text, its width in the font it was set in and
// the width it had to fit in.
type placed struct {
	text     string
	measured float64
	width    float64
}

// newPage starts an A4 document with the embedded fonts, a title in its
// metadata and a footer with the footer text and the page number, worded
// in loc's language.
func newPage(loc *i18n.Localizer, title, footer string, created time.Time) *page {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pageMargin, pageMargin, pageMargin)
	pdf.SetAutoPageBreak(true, pageMargin)
	pdf.AddUTF8FontFromBytes(sans, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(sans, "B", gobold.TTF)
	pdf.AddUTF8FontFromBytes(mono, "", gomono.TTF)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Custodia", true)
	if !created.IsZero() {
		pdf.SetCreationDate(created)
		pdf.SetModificationDate(created)
	}
	pdf.AliasNbPages("{nb}")
	p := &page{pdf: pdf, loc: loc}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-pageMargin + 6)
		pdf.SetFont(sans, "", smallSize)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 4, loc.T("pdfdocs.footer", "Text", footer, "Page", pdf.PageNo(), "Pages", "{nb}"), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	return p
}

// contentWidth is the width between the margins.
func (p *page) contentWidth() float64 {
	w, _ := p.pdf.GetPageSize()
	l, _, r, _ := p.pdf.GetMargins()
	return w - l - r
}

// split wraps text into lines no wider than w in the current font; each
// paragraph (newline) starts a new line.
func (p *page) split(text string, w float64) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, wrap(para, w, p.textRoom(w), p.pdf.GetStringWidth, p.pdf.SplitText)...)
	}
	return out
}

// record notes lines set in the current font into width w.
func (p *page) record(lines []string, w float64) {
	for _, l := range lines {
		p.lines = append(p.lines, placed{text: l, measured: p.pdf.GetStringWidth(l), width: w})
	}
}

// title writes the document heading.
func (p *page) title(text string) {
	p.pdf.SetFont(sans, "B", 16)
	w := p.contentWidth()
	lines := p.split(text, w)
	p.record(lines, w)
	for _, l := range lines {
		p.pdf.CellFormat(w, 8, l, "", 1, "L", false, 0, "")
	}
	p.pdf.Ln(2)
}

// heading writes a section heading.
func (p *page) heading(text string) {
	p.pdf.Ln(2)
	p.pdf.SetFont(sans, "B", 12)
	w := p.contentWidth()
	lines := p.split(text, w)
	p.record(lines, w)
	for _, l := range lines {
		p.pdf.CellFormat(w, 6.5, l, "", 1, "L", false, 0, "")
	}
	p.pdf.Ln(1)
}

// para writes wrapped body text; blank lines separate paragraphs.
func (p *page) para(text string) {
	p.pdf.SetFont(sans, "", bodySize)
	w := p.contentWidth()
	lines := p.split(text, w)
	p.record(lines, w)
	for _, l := range lines {
		p.pdf.CellFormat(w, lineHeight, l, "", 1, "L", false, 0, "")
	}
	p.pdf.Ln(1.5)
}

// small writes wrapped small print.
func (p *page) small(text string) {
	p.pdf.SetFont(sans, "", smallSize)
	w := p.contentWidth()
	lines := p.split(text, w)
	p.record(lines, w)
	for _, l := range lines {
		p.pdf.CellFormat(w, 4, l, "", 1, "L", false, 0, "")
	}
	p.pdf.SetFont(sans, "", bodySize)
}

// fields writes label–value pairs as a two-column table; values wrap.
// The label column widens (up to a third of the page) when a label has a
// word too long for it, so a word like "Datenschutzbeauftragte/r" is
// never broken.
func (p *page) fields(pairs [][2]string) {
	w := p.contentWidth()
	lw := p.labelColumn(pairs, w/3)
	for _, kv := range pairs {
		p.row([]float64{lw, w - lw}, []string{kv[0], kv[1]}, []string{"B", ""}, "")
	}
	p.pdf.Ln(2)
}

// labelColumn is labelWidth, or wider (at most limit) so that the longest
// word of any label fits whole.
func (p *page) labelColumn(pairs [][2]string, limit float64) float64 {
	lw := labelWidth
	for _, kv := range pairs {
		lw = max(lw, p.wordsWidth(kv[0], "B"))
	}
	return min(lw, limit)
}

// cellPad is the padding row leaves inside each cell on either side.
const cellPad = 1.2

// wordsWidth is the column width the longest word of text needs, in body
// type of the style ("B" bold, "" regular), to be set whole (the cell's
// padding and fpdf's cell margin included).
func (p *page) wordsWidth(text, style string) float64 {
	p.pdf.SetFont(sans, style, bodySize)
	w := 0.0
	for _, word := range strings.Fields(text) {
		w = max(w, p.pdf.GetStringWidth(word))
	}
	return w + 2*cellPad + 2*p.pdf.GetCellMargin() + 0.2
}

// fitColumns widens the columns that have a word too long for them
// (in the heading, or in a cell up to a cap), taking the width from the
// columns with room to spare, so no such word is broken; the total width
// stays the same. The cap starts at 1.6 times the mean column and comes
// down until the words fit: only a word longer than that (a long value
// that wraps inside its column anyway) may break. When not even the
// headings fit, the widths stay.
func (p *page) fitColumns(ws []float64, header []string, rows [][]string) []float64 {
	heads, cells := p.longestWords(ws, header, rows)
	need := make([]float64, len(ws))
	for limit := 1.6 * sum(ws) / float64(len(ws)); limit >= 0; limit-- {
		for i := range ws {
			need[i] = max(heads[i], min(cells[i], limit))
		}
		if out, ok := fitWords(ws, need); ok {
			return out
		}
	}
	return ws
}

// longestWords is, per column, the width its heading's longest word
// needs (bold) and the width the longest word of its cells needs.
func (p *page) longestWords(ws []float64, header []string, rows [][]string) (heads, cells []float64) {
	heads, cells = make([]float64, len(ws)), make([]float64, len(ws))
	for i := range ws {
		if i < len(header) {
			heads[i] = p.wordsWidth(header[i], "B")
		}
		for _, r := range rows {
			if i < len(r) {
				cells[i] = max(cells[i], p.wordsWidth(r[i], ""))
			}
		}
	}
	return heads, cells
}

// fitWords gives every column at least its need, shrinking the others in
// proportion to their room; false when the room is too small.
func fitWords(ws, need []float64) ([]float64, bool) {
	deficit, slack := 0.0, 0.0
	for i, w := range ws {
		if w < need[i] {
			deficit += need[i] - w
		} else {
			slack += w - need[i]
		}
	}
	if deficit == 0 {
		return ws, true
	}
	if slack < deficit {
		return nil, false
	}
	out := make([]float64, len(ws))
	for i, w := range ws {
		if w < need[i] {
			out[i] = need[i]
		} else {
			out[i] = w - (w-need[i])*deficit/slack
		}
	}
	return out, true
}

// table writes a header row and rows; every cell wraps inside its column
// and a row never splits across pages.
func (p *page) table(widths []float64, header []string, rows [][]string) {
	scale := p.contentWidth() / sum(widths)
	ws := make([]float64, len(widths))
	for i, w := range widths {
		ws[i] = w * scale
	}
	ws = p.fitColumns(ws, header, rows)
	bold := make([]string, len(header))
	for i := range bold {
		bold[i] = "B"
	}
	p.row(ws, header, bold, "1")
	for _, r := range rows {
		p.row(ws, r, nil, "1")
	}
	p.pdf.Ln(2)
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// row writes one table row: cells wrap, the row is as high as its tallest
// cell and moves to the next page whole when it does not fit.
func (p *page) row(widths []float64, cells, styles []string, border string) {
	const pad = cellPad
	wrapped := make([][]string, len(cells))
	n := 1
	for i, c := range cells {
		p.pdf.SetFont(sans, style(styles, i), bodySize)
		wrapped[i] = p.split(c, widths[i]-2*pad)
		p.record(wrapped[i], widths[i]-2*pad)
		n = max(n, len(wrapped[i]))
	}
	h := float64(n)*lineHeight + 2*pad
	_, pageH := p.pdf.GetPageSize()
	if p.pdf.GetY()+h > pageH-pageMargin {
		p.pdf.AddPage()
	}
	x0, y0 := p.pdf.GetXY()
	x := x0
	for i := range cells {
		p.pdf.SetFont(sans, style(styles, i), bodySize)
		if border != "" {
			p.pdf.Rect(x, y0, widths[i], h, "D")
		}
		for j, l := range wrapped[i] {
			p.pdf.SetXY(x+pad, y0+pad+float64(j)*lineHeight)
			p.pdf.CellFormat(widths[i]-2*pad, lineHeight, l, "", 0, "L", false, 0, "")
		}
		x += widths[i]
	}
	p.pdf.SetXY(x0, y0+h)
}

func style(styles []string, i int) string {
	if i < len(styles) {
		return styles[i]
	}
	return ""
}

// output writes the PDF to w.
func (p *page) output(w io.Writer) error {
	if err := p.pdf.Error(); err != nil {
		return fmt.Errorf("printdoc: %w", err)
	}
	if err := p.pdf.Output(w); err != nil {
		return fmt.Errorf("printdoc: writing PDF: %w", err)
	}
	return nil
}

// orDash stands in for an empty value.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// english is the language of a document whose caller gave none.
func english(loc *i18n.Localizer) *i18n.Localizer {
	if loc != nil {
		return loc
	}
	return i18n.MustLoad().Localizer("en")
}

// personLabel is the name with the birth date in the reader's language,
// or the reference when no name may be shown.
func personLabel(loc *i18n.Localizer, who Person) string {
	if who.BirthDate.IsZero() || who.Name() == who.Ref {
		return who.Name()
	}
	return loc.T("pdfdocs.born", "Name", who.Name(), "Date", loc.Date(who.BirthDate))
}

// addressee is the name on a letter's "To:" line: given name first, as an
// address is written, with the birth date in the reader's language; the
// reference when no name may be shown.
func addressee(loc *i18n.Localizer, who Person) string {
	if who.BirthDate.IsZero() || who.Name() == who.Ref {
		return who.Salutation()
	}
	return loc.T("pdfdocs.born", "Name", who.Salutation(), "Date", loc.Date(who.BirthDate))
}

// countryName is the country of a stored ISO code in the reader's
// language; "" for none.
func countryName(loc *i18n.Localizer, code string) string {
	if code == "" {
		return ""
	}
	return loc.Country(code)
}
