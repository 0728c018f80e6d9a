package kit

import (
	"strings"
	"testing"

	"custodia/i18n"

	"fyne.io/fyne/v2/test"
)

// An empty passphrase lights no segment (the old progress bar drew its
// track in the primary colour and read as full), and a typed one lights as
// many segments as its score, at least one; the verdict names the score
// in words, so the meter needs no text of its own.
func TestStrengthMeterLightsTheScore(t *testing.T) {
	test.NewTempApp(t)
	loc := i18n.MustLoad().Localizer("en")
	p := NewPassphraseInput(loc)
	test.NewTempWindow(t, p.meter)
	if got := p.meter.Lit(); got != 0 {
		t.Fatalf("empty passphrase lights %d segments, want 0", got)
	}
	unlit := p.meter.segs[0].FillColor
	for _, pass := range []string{"a", "password1", "correct horse battery staple orbit", "Vn7#qL9!mZ2@xW4$"} {
		p.Set(pass, "")
		s := p.Strength()
		want := max(1, s.Score)
		if got := p.meter.Lit(); got != want {
			t.Errorf("%q (score %d) lights %d segments, want %d", pass, s.Score, got, want)
		}
		for i, seg := range p.meter.segs {
			if lit := seg.FillColor != unlit; lit != (i < want) {
				t.Errorf("%q: segment %d lit=%v, want %v", pass, i, lit, i < want)
			}
		}
		if !strings.Contains(p.verdict.Text, s.Label(loc)) {
			t.Errorf("%q: verdict %q does not name the strength %q", pass, p.verdict.Text, s.Label(loc))
		}
	}
}
