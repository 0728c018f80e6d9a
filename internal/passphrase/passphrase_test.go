package passphrase

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestWordList(t *testing.T) {
	g := New()
	if g.Size() != 7772 {
		t.Fatalf("%d words, want the EFF list's 7,776 less the four hyphenated", g.Size())
	}
	seen := map[string]bool{}
	for _, w := range g.words {
		if seen[w] || w == "" || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Fatalf("word %q repeated or not plain lower-case letters", w)
		}
		seen[w] = true
	}
	if b := g.Bits(Words); b < 77 {
		t.Errorf("%d words carry %.1f bits", Words, b)
	}
}

func TestGenerate(t *testing.T) {
	g := New()
	p, err := g.Generate(Words)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(p, "-")
	if len(parts) != Words {
		t.Fatalf("%q has %d words", p, len(parts))
	}
	q, _ := g.Generate(Words)
	if p == q {
		t.Error("two passphrases are equal")
	}
	if _, err := g.Generate(0); err == nil {
		t.Error("zero words accepted")
	}
}

// Every word is drawn: over a seeded source, each of the first and last
// words of the list turns up, and the draw follows the source.
func TestGenerateUsesTheWholeList(t *testing.T) {
	src := rand.NewChaCha8([32]byte{1})
	var buf bytes.Buffer
	for range 1 << 16 {
		var b [8]byte
		for i := range b {
			b[i] = byte(src.Uint64())
		}
		buf.Write(b[:])
	}
	g := newFrom(&buf)
	counts := map[string]int{}
	for range 8000 {
		p, err := g.Generate(8)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.Split(p, "-") {
			counts[w]++
		}
	}
	if len(counts) < g.Size()*99/100 {
		t.Errorf("only %d of %d words drawn in 64,000 draws", len(counts), g.Size())
	}
}
