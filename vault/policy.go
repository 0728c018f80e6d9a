package vault

import (
	_ "embed"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
)

// The passphrase policy, one for the CLI and the desktop app: at least
// MinPassphraseLength characters, not on the common-password list (also
// with digits and symbols around it, "Password123!"), not the user's or
// practice's own name, and a zxcvbn score of at least MinPassphraseScore
// (0 very weak … 4 very strong; 3 means about 10^8 to 10^10 guesses).
const (
	MinPassphraseLength = 12
	MinPassphraseScore  = 3
)

//go:embed commonpasswords.txt
var commonPasswordText string

// PassphraseRating is the verdict on a candidate passphrase.
type PassphraseRating struct {
	Score      int     // zxcvbn score 0..4, forced to 0 for a common password
	Bits       float64 // log2 of zxcvbn's guess estimate
	Length     int     // in characters
	Common     bool    // on the common-password list or one of the user inputs
	Acceptable bool    // meets the policy
	Hints      []string
	// HintRules are the Hints as rule codes, in the same order, for the
	// front ends to word (RulePassphraseShort's message takes
	// MinPassphraseLength).
	HintRules []FieldRule
}

// RatePassphrase rates p against the policy. userInputs are words that must
// not make up the passphrase (the user's name, the practice's name).
func RatePassphrase(p string, userInputs ...string) PassphraseRating {
	var inputs []string
	for _, w := range userInputs {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
			inputs = append(inputs, w)
		}
	}
	r := PassphraseRating{Length: utf8.RuneCountInString(p)}
	res := zxcvbn.PasswordStrength(p, inputs)
	r.Score, r.Bits = res.Score, math.Log2(max(res.Guesses, 1))
	r.Common = isCommonPassword(p, inputs)
	if r.Common {
		r.Score, r.Bits = 0, math.Min(r.Bits, 10)
	}
	r.Acceptable = r.Length >= MinPassphraseLength && !r.Common && r.Score >= MinPassphraseScore
	r.HintRules = passphraseHints(r, res)
	for _, h := range r.HintRules {
		r.Hints = append(r.Hints, hintText(h))
	}
	return r
}

// CheckPassphrase returns a *ValidationError when p does not meet the
// policy: one field "passphrase" per thing to change, each with its rule
// (HintRules; RulePassphraseShort lists MinPassphraseLength in Allowed).
func CheckPassphrase(p []byte, userInputs ...string) error {
	r := RatePassphrase(string(p), userInputs...)
	if r.Acceptable {
		return nil
	}
	ve := &ValidationError{}
	for _, h := range r.HintRules {
		fe := FieldError{Field: "passphrase", Message: "is too weak: " + hintText(h), Rule: h}
		if h == RulePassphraseShort {
			fe.Allowed = []string{strconv.Itoa(MinPassphraseLength)}
		}
		ve.Fields = append(ve.Fields, fe)
	}
	return ve
}

// hintText is a passphrase hint's English text.
func hintText(h FieldRule) string {
	if h == RulePassphraseShort {
		return RuleText(h, MinPassphraseLength)
	}
	return RuleText(h)
}

func passphraseHints(r PassphraseRating, res zxcvbn.Result) []FieldRule {
	var h []FieldRule
	if r.Length < MinPassphraseLength {
		h = append(h, RulePassphraseShort)
	}
	if r.Common {
		h = append(h, RulePassphraseCommon)
	}
	patterns := map[string]FieldRule{
		"repeat":   RulePassphraseRepeat,
		"sequence": RulePassphraseSequence,
		"spatial":  RulePassphraseSpatial,
		"date":     RulePassphraseDate,
	}
	for _, m := range res.Sequence {
		if rule, ok := patterns[m.Pattern]; ok && !slices.Contains(h, rule) {
			h = append(h, rule)
		}
	}
	if r.Score < MinPassphraseScore && !r.Common {
		h = append(h, RulePassphraseWeak)
	}
	return h
}

// isCommonPassword reports whether p, ignoring case and leading or
// trailing digits and symbols, is on the list or one of the user inputs.
func isCommonPassword(p string, inputs []string) bool {
	l := strings.ToLower(strings.TrimSpace(p))
	core := strings.TrimFunc(l, func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range strings.Fields(commonPasswordText) {
		if l == w || core == w {
			return true
		}
	}
	return slices.Contains(inputs, l) || (core != "" && slices.Contains(inputs, core))
}
