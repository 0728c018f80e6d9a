package ui

import (
	_ "embed"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinPassphraseLength is the shortest passphrase Custodia accepts.
const MinPassphraseLength = 12

// Strength levels, from Score.
const (
	VeryWeak = iota
	Weak
	Fair
	Strong
	VeryStrong
)

//go:embed commonpasswords.txt
var commonPasswordText string

// Strength is the verdict on a candidate passphrase.
type Strength struct {
	Score      int     // VeryWeak .. VeryStrong
	Bits       float64 // rough entropy estimate after penalties
	Acceptable bool    // meets the minimum Custodia requires
	Hints      []string
}

// Label names the score for people.
func (s Strength) Label() string {
	return [...]string{"Very weak", "Weak", "Fair", "Strong", "Very strong"}[s.Score]
}

// Fraction is the score as 0..1 for a meter.
func (s Strength) Fraction() float64 { return float64(s.Score) / VeryStrong }

// PassphraseChecker rates passphrases against a list of common passwords.
type PassphraseChecker struct {
	common map[string]bool
}

// NewPassphraseChecker builds a checker with the built-in common list plus
// extra words (e.g. the practice or user name) that must not be used.
func NewPassphraseChecker(extra ...string) *PassphraseChecker {
	c := &PassphraseChecker{common: map[string]bool{}}
	for _, w := range strings.Fields(commonPasswordText) {
		c.common[w] = true
	}
	for _, w := range extra {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
			c.common[w] = true
		}
	}
	return c
}

// Rate estimates the strength of p from its length, character classes,
// repeated characters and runs (abc, 321), and the common-password list.
func (c *PassphraseChecker) Rate(p string) Strength {
	var s Strength
	n := utf8.RuneCountInString(p)
	eff, repeats, runs := effectiveLength(p)
	pool := poolSize(p)
	if pool > 1 {
		s.Bits = float64(eff) * math.Log2(float64(pool))
	}
	isCommon := c.isCommon(p)
	if isCommon {
		s.Bits = math.Min(s.Bits, 10)
	}
	s.Score = scoreFor(s.Bits)
	s.Acceptable = n >= MinPassphraseLength && !isCommon && s.Score >= Fair
	s.Hints = hints(n, pool, isCommon, repeats, runs, s.Score)
	return s
}

func scoreFor(bits float64) int {
	switch {
	case bits < 28:
		return VeryWeak
	case bits < 40:
		return Weak
	case bits < 60:
		return Fair
	case bits < 80:
		return Strong
	}
	return VeryStrong
}

func hints(n, pool int, isCommon, repeats, runs bool, score int) []string {
	var h []string
	if n < MinPassphraseLength {
		h = append(h, "use at least 12 characters")
	}
	if isCommon {
		h = append(h, "this is a commonly used password")
	}
	if repeats {
		h = append(h, "avoid repeated characters")
	}
	if runs {
		h = append(h, "avoid sequences such as abc or 123")
	}
	if score < Strong && pool < 40 {
		h = append(h, "mix upper and lower case, digits and symbols, or use several words")
	}
	return h
}

// isCommon reports whether p, ignoring case and leading or trailing digits
// and symbols ("Password123!"), is on the list.
func (c *PassphraseChecker) isCommon(p string) bool {
	l := strings.ToLower(strings.TrimSpace(p))
	if c.common[l] {
		return true
	}
	core := strings.TrimFunc(l, func(r rune) bool { return !unicode.IsLetter(r) })
	return core != "" && c.common[core]
}

// effectiveLength counts characters that add information: a character that
// repeats the previous one, or continues a run of +1 or -1 steps, counts
// for nothing after the first two of its kind.
func effectiveLength(p string) (eff int, repeats, runs bool) {
	var prev, prevStep rune
	same, run := 0, 0
	for i, r := range []rune(p) {
		step := r - prev
		if i > 0 && step == 0 {
			same++
		} else {
			same = 0
		}
		if i > 1 && (step == 1 || step == -1) && step == prevStep {
			run++
		} else {
			run = 0
		}
		switch {
		case same >= 2:
			repeats = true
		case run >= 1:
			runs = true
		default:
			eff++
		}
		prev, prevStep = r, step
	}
	return eff, repeats, runs
}

// poolSize is the alphabet an attacker would have to try for the classes
// of characters present.
func poolSize(p string) int {
	var lower, upper, digit, symbol, other bool
	for _, r := range p {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case r < 128:
			symbol = true
		default:
			other = true
		}
	}
	pool := 0
	for _, c := range []struct {
		on   bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {symbol, 33}, {other, 100}} {
		if c.on {
			pool += c.size
		}
	}
	return pool
}
