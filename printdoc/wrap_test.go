package printdoc

import (
	"math/rand/v2"
	stdslices "slices"
	"strings"
	"testing"
	"time"

	"custodia/i18n"
)

func wrapPage(t *testing.T) *page {
	t.Helper()
	p := newPage(i18n.MustLoad().Localizer("de"), "t", "", time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC))
	p.pdf.SetFont(sans, "", bodySize)
	return p
}

// Without hyphens, wrap's fill breaks lines exactly where fpdf's
// SplitText does.
func TestWrapMatchesSplitTextWithoutHyphens(t *testing.T) {
	p := wrapPage(t)
	words := []string{"Daten", "Aufbewahrung", "Versichertennummer", "bis", "zum", "Behandlungsunterlagen", "a", "Ihre", "Einwilligung"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		n := 1 + rng.IntN(14)
		var ws []string
		for range n {
			ws = append(ws, words[rng.IntN(len(words))])
		}
		para := strings.Join(ws, " ")
		w := 15 + rng.Float64()*80
		got := wrapWords(para, w, p.textRoom(w), p.pdf.GetStringWidth, p.pdf.SplitText)
		want := p.pdf.SplitText(para, w)
		if !stdslices.Equal(got, want) {
			t.Fatalf("wrap(%q, %.1f) = %q, SplitText %q", para, w, got, want)
		}
	}
}

// A hyphenated word too long for its line breaks after the hyphen, not
// inside a part, and every line fits.
func TestWrapBreaksAfterHyphen(t *testing.T) {
	p := wrapPage(t)
	para := "Laborbefunde, Bildgebung, Psychotherapie-Aufzeichnungen, Genetische Befunde"
	w := p.pdf.GetStringWidth("Psychotherapie-Aufzei")
	lines := wrap(para, w, p.textRoom(w), p.pdf.GetStringWidth, p.pdf.SplitText)
	if !stdslices.Contains(lines, "Psychotherapie-") || !stdslices.Contains(lines, "Aufzeichnungen,") {
		t.Errorf("lines %q: want a break after the hyphen", lines)
	}
	for _, l := range lines {
		if p.pdf.GetStringWidth(l) > p.textRoom(w) {
			t.Errorf("line %q wider than %.1f", l, w)
		}
	}
	if got := strings.Join(lines, " "); strings.ReplaceAll(got, "- ", "-") != para {
		t.Errorf("wrapped text %q lost words of %q", got, para)
	}
	if got := wrap("Nord-Süd", 200, p.textRoom(200), p.pdf.GetStringWidth, p.pdf.SplitText); !stdslices.Equal(got, []string{"Nord-Süd"}) {
		t.Errorf("a fitting hyphenated word is split: %q", got)
	}
}

func TestHyphenPieces(t *testing.T) {
	for in, want := range map[string][]string{
		"a-b-c": {"a-", "b-", "c"}, "plain": {"plain"}, "-x": {"-x"}, "x-": {"x-"}, "": {""},
	} {
		if got := hyphenPieces(in); !stdslices.Equal(got, want) {
			t.Errorf("hyphenPieces(%q) = %q, want %q", in, got, want)
		}
	}
}
