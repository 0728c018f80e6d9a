package passphrase

import (
	"crypto/rand"
	_ "embed"
	"fmt"
	"io"
	"math"
	"math/big"
	"strings"
)

//go:embed eff_large_wordlist.txt
var wordlist string

// Words is the default number of words: 6 words carry about 77 bits.
const Words = 6

// Generator draws passphrases from a word list.
type Generator struct {
	words []string
	rand  io.Reader
}

// New returns a generator over the EFF list using crypto/rand.
func New() *Generator { return newFrom(rand.Reader) }

func newFrom(r io.Reader) *Generator {
	var words []string
	for _, w := range strings.Fields(wordlist) {
		if !strings.Contains(w, "-") {
			words = append(words, w)
		}
	}
	return &Generator{words: words, rand: r}
}

// Size is how many words the list holds.
func (g *Generator) Size() int { return len(g.words) }

// Bits is the strength of an n-word passphrase in bits.
func (g *Generator) Bits(n int) float64 { return float64(n) * math.Log2(float64(len(g.words))) }

// Generate returns n words drawn uniformly and independently, joined by
// hyphens, e.g. "unblended-fiber-legibly-casket-ambiguity-ranged".
func (g *Generator) Generate(n int) (string, error) {
	if n < 1 {
		return "", fmt.Errorf("passphrase: %d words", n)
	}
	out := make([]string, n)
	size := big.NewInt(int64(len(g.words)))
	for i := range out {
		k, err := rand.Int(g.rand, size)
		if err != nil {
			return "", fmt.Errorf("passphrase: %w", err)
		}
		out[i] = g.words[k.Int64()]
	}
	return strings.Join(out, "-"), nil
}
