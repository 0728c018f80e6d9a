package vault

import (
	_ "embed"
	"fmt"
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
	Score      int              // zxcvbn score 0..4, forced to 0 for a common password
	Bits       float64          // log2 of zxcvbn's guess estimate
	Length     int              // in characters
	Common     bool             // on the common-password list or one of the user inputs
	Acceptable bool             // meets the policy
	Hints      []string         // what to change, in English
	HintCodes  []PassphraseHint // the same, as codes for front ends to word
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
	r.HintCodes = passphraseHints(r, res)
	for _, c := range r.HintCodes {
		r.Hints = append(r.Hints, hintEnglish[c])
	}
	return r
}

// CheckPassphrase returns a *ValidationError (field "passphrase") when p
// does not meet the policy, naming what to change.
func CheckPassphrase(p []byte, userInputs ...string) error {
	r := RatePassphrase(string(p), userInputs...)
	if r.Acceptable {
		return nil
	}
	ve := &ValidationError{}
	for _, c := range r.HintCodes {
		fe := FieldError{Field: "passphrase", Message: "is too weak: " + hintEnglish[c], Rule: hintRules[c]}
		if c == HintTooShort {
			fe.Allowed = []string{strconv.Itoa(MinPassphraseLength)}
		}
		ve.Fields = append(ve.Fields, fe)
	}
	return ve
}

// hintRules are the rule codes of the hints in a *ValidationError: one
// field "passphrase" per thing to change.
var hintRules = map[PassphraseHint]FieldRule{
	HintTooShort: RulePassphraseShort, HintCommon: RulePassphraseCommon, HintRepeat: RulePassphraseRepeat,
	HintSequence: RulePassphraseSequence, HintSpatial: RulePassphraseSpatial, HintDate: RulePassphraseDate,
	HintMoreWords: RulePassphraseWeak,
}

// PassphraseHint names one way a passphrase falls short, for front ends
// to word in the user's language (Hints holds the English wording).
type PassphraseHint string

// The hints, in the order RatePassphrase gives them.
const (
	HintTooShort  PassphraseHint = "short"    // fewer than MinPassphraseLength characters
	HintCommon    PassphraseHint = "common"   // a common password or the user's own name
	HintRepeat    PassphraseHint = "repeat"   // repeated characters or words
	HintSequence  PassphraseHint = "sequence" // abc, 123
	HintSpatial   PassphraseHint = "spatial"  // keyboard rows such as qwerty
	HintDate      PassphraseHint = "date"     // dates and years
	HintMoreWords PassphraseHint = "more"     // too easy to guess otherwise
)

// patternHints are the hints named after zxcvbn's patterns.
var patternHints = []PassphraseHint{HintRepeat, HintSequence, HintSpatial, HintDate}

// hintEnglish is each hint's English wording (CLI errors, Hints).
var hintEnglish = map[PassphraseHint]string{
	HintTooShort:  fmt.Sprintf("use at least %d characters", MinPassphraseLength),
	HintCommon:    "this is a commonly used password or your own name",
	HintRepeat:    "avoid repeated characters or words",
	HintSequence:  "avoid sequences such as abc or 123",
	HintSpatial:   "avoid keyboard rows such as qwerty",
	HintDate:      "avoid dates and years",
	HintMoreWords: "add more words or characters: several unrelated words are easiest to remember",
}

func passphraseHints(r PassphraseRating, res zxcvbn.Result) []PassphraseHint {
	var h []PassphraseHint
	if r.Length < MinPassphraseLength {
		h = append(h, HintTooShort)
	}
	if r.Common {
		h = append(h, HintCommon)
	}
	for _, m := range res.Sequence { // zxcvbn's pattern names are the hints' codes
		code := PassphraseHint(m.Pattern)
		if slices.Contains(patternHints, code) && !slices.Contains(h, code) {
			h = append(h, code)
		}
	}
	if r.Score < MinPassphraseScore && !r.Common {
		h = append(h, HintMoreWords)
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
