package passphrase

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestWordList(t *testing.T) {
	g := New()
	if g.Size() != 1476 {
		t.Fatalf("%d words, want the EFF list's 1,476 plain words of up to five letters", g.Size())
	}
	seen := map[string]bool{}
	for _, w := range g.words {
		if seen[w] || len(w) < 3 || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Fatalf("word %q repeated, short or not plain lower-case letters", w)
		}
		seen[w] = true
	}
	if b := g.Bits(); b < 62 || b > Words*math.Log2(float64(g.Size())) {
		t.Errorf("strength %.2f bits", b)
	}
}

// Bits counts exactly: on a tiny list the count is checked by listing
// every sequence.
func TestBitsOracle(t *testing.T) {
	g := &Generator{words: []string{"ab", "abcde", "abcdefghi", "xy"}}
	n := 0
	var walk func(depth, length int)
	walk = func(depth, length int) {
		if depth == Words {
			if length+Words-1 <= MaxLen {
				n++
			}
			return
		}
		for _, w := range g.words {
			walk(depth+1, length+len(w))
		}
	}
	walk(0, 0)
	if got := g.Bits(); math.Abs(got-math.Log2(float64(n))) > 1e-9 {
		t.Errorf("Bits %.6f, listing gives log2(%d) = %.6f", got, n, math.Log2(float64(n)))
	}
}

func TestGenerate(t *testing.T) {
	g := New()
	seen := map[string]bool{}
	for range 2000 {
		p, err := g.Generate()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) > MaxLen || len(strings.Split(p, "-")) != Words {
			t.Fatalf("%q: %d characters, %d words", p, len(p), len(strings.Split(p, "-")))
		}
		if seen[p] {
			t.Fatalf("%q drawn twice", p)
		}
		seen[p] = true
	}
}

// Every word is drawn: over a seeded source, nearly all words turn up.
func TestGenerateUsesTheWholeList(t *testing.T) {
	src := rand.NewChaCha8([32]byte{1})
	buf := make([]byte, 1<<21)
	for i := range buf {
		buf[i] = byte(src.Uint64())
	}
	g := newFrom(bytes.NewReader(buf))
	counts := map[string]int{}
	for range 2000 {
		p, err := g.Generate()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.Split(p, "-") {
			counts[w]++
		}
	}
	if len(counts) < g.Size()*99/100 {
		t.Errorf("only %d of %d words drawn in 12,000 draws", len(counts), g.Size())
	}
}
