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

// Words is the number of words; MaxLen the longest passphrase made;
// MaxWordLen the longest word drawn.
const (
	Words      = 6
	MaxLen     = 32
	MaxWordLen = 5
)

// Generator draws passphrases from the word list.
type Generator struct {
	words []string
	rand  io.Reader
}

// New returns a generator using crypto/rand.
func New() *Generator { return newFrom(rand.Reader) }

func newFrom(r io.Reader) *Generator {
	var words []string
	for _, w := range strings.Fields(wordlist) {
		if !strings.Contains(w, "-") && len(w) <= MaxWordLen {
			words = append(words, w)
		}
	}
	return &Generator{words: words, rand: r}
}

// Size is how many words the generator draws from.
func (g *Generator) Size() int { return len(g.words) }

// Generate returns Words words drawn uniformly and independently, joined
// by hyphens ("oak-tulip-sworn-mango-plaza-ruby"), drawn again while
// longer than MaxLen.
func (g *Generator) Generate() (string, error) {
	size := big.NewInt(int64(len(g.words)))
	for {
		out := make([]string, Words)
		for i := range out {
			k, err := rand.Int(g.rand, size)
			if err != nil {
				return "", fmt.Errorf("passphrase: %w", err)
			}
			out[i] = g.words[k.Int64()]
		}
		if p := strings.Join(out, "-"); len(p) <= MaxLen {
			return p, nil
		}
	}
}

// Bits is the exact strength of Generate in bits: log2 of the number of
// word sequences it can return, all equally likely.
func (g *Generator) Bits() float64 {
	byLen := map[int]float64{}
	for _, w := range g.words {
		byLen[len(w)]++
	}
	ways := map[int]float64{0: 1} // letters so far → sequences
	for range Words {
		next := map[int]float64{}
		for sum, n := range ways {
			for l, k := range byLen {
				next[sum+l] += n * k
			}
		}
		ways = next
	}
	total := 0.0
	for letters, n := range ways {
		if letters+Words-1 <= MaxLen {
			total += n
		}
	}
	return math.Log2(total)
}
