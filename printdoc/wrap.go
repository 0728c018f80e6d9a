package printdoc

import (
	"math"
	"strings"
)

// wrap breaks one paragraph into lines no wider than w, as fpdf's
// SplitText does, but a word too long for the line breaks after one of its
// hyphens ("Psychotherapie-" / "Aufzeichnungen") before it is cut
// anywhere; only a part without a hyphen that still does not fit is cut
// where SplitText cuts it.
//
// room is the width text may take in a cell of width w (SplitText's: w
// less the cell margins on both sides).
func wrap(para string, w, room float64, width func(string) float64, cut func(string, float64) []string) []string {
	if !strings.Contains(strings.TrimSpace(para), "-") {
		return cut(para, w) // keeps the paragraph's own spacing
	}
	return wrapWords(para, w, room, width, cut)
}

// wrapWords is wrap's greedy fill, word by word; a word longer than a
// whole line is laid out piece by piece after its hyphens.
func wrapWords(para string, w, room float64, width func(string) float64, cut func(string, float64) []string) []string {
	f := filler{room: room, width: width}
	for _, word := range strings.Fields(para) {
		if width(word) <= room {
			f.add(word, true)
			continue
		}
		for j, piece := range hyphenPieces(word) {
			f.add(piece, j == 0)
			if width(f.line) > room { // a piece without hyphen still too long
				parts := cut(f.line, w)
				f.lines = append(f.lines, parts[:len(parts)-1]...)
				f.line = parts[len(parts)-1]
			}
		}
	}
	return append(f.lines, f.line)
}

// filler fills lines of at most room wide.
type filler struct {
	room  float64
	width func(string) float64
	lines []string
	line  string
}

// add puts piece on the current line (after a space when spaced) if it
// fits there, else starts a new line with it.
func (f *filler) add(piece string, spaced bool) {
	joined := piece
	if f.line != "" {
		joined = f.line + piece
		if spaced {
			joined = f.line + " " + piece
		}
	}
	if f.line == "" || f.width(joined) <= f.room {
		f.line = joined
		return
	}
	f.lines = append(f.lines, f.line)
	f.line = piece
}

// hyphenPieces splits a word after each hyphen inside it: "a-b-c" gives
// "a-", "b-", "c"; a word without one is one piece.
func hyphenPieces(word string) []string {
	var out []string
	for {
		i := strings.Index(word[min(1, len(word)):], "-")
		if i < 0 || i+2 >= len(word) {
			return append(out, word)
		}
		out = append(out, word[:i+2])
		word = word[i+2:]
	}
}

// textRoom is the width text may take in a cell of width w at the current
// font: SplitText's measure, w less the cell margins, rounded up in font
// units as SplitText rounds it.
func (p *page) textRoom(w float64) float64 {
	_, size := p.pdf.GetFontSize()
	units := math.Ceil((w - 2*p.pdf.GetCellMargin()) * 1000 / size)
	return units * size / 1000
}
