package kit

import (
	"strings"
	"unicode"

	"custodia/i18n"
	"custodia/vault"
)

// MinPassphraseLength is the shortest passphrase Custodia accepts (the
// vault's policy).
const MinPassphraseLength = vault.MinPassphraseLength

// Strength levels, from Score (zxcvbn's 0..4).
const (
	VeryWeak = iota
	Weak
	Fair
	Strong
	VeryStrong
)

// Strength is the verdict on a candidate passphrase.
type Strength struct {
	Score      int      // VeryWeak .. VeryStrong
	Bits       float64  // log2 of the estimated guesses
	Acceptable bool     // meets the vault's passphrase policy
	Hints      []string // what to change, in English (the vault's wording)
	// HintCodes are the same hints as codes, worded for people by HintText.
	HintCodes []vault.PassphraseHint
}

// HintText words the hints in loc's language as one sentence, or "".
func (s Strength) HintText(loc *i18n.Localizer) string {
	var h []string
	for _, c := range s.HintCodes {
		h = append(h, loc.T("users.passhint."+string(c), "N", vault.MinPassphraseLength))
	}
	if len(h) == 0 {
		return ""
	}
	text := []rune(strings.Join(h, "; "))
	return string(unicode.ToUpper(text[0])) + string(text[1:]) + "."
}

// Label names the score for people.
func (s Strength) Label(loc *i18n.Localizer) string {
	return loc.T([...]string{"start.strength.veryweak", "start.strength.weak", "start.strength.fair",
		"start.strength.strong", "start.strength.verystrong"}[s.Score])
}

// PassphraseChecker rates passphrases with the vault's policy (the same
// one the CLI and the vault itself enforce), so the meter never accepts
// what the vault would refuse.
type PassphraseChecker struct {
	extra []string
}

// NewPassphraseChecker builds a checker; extra words (e.g. the practice or
// user name) must not be used as the passphrase.
func NewPassphraseChecker(extra ...string) *PassphraseChecker {
	return &PassphraseChecker{extra: extra}
}

// Rate rates p with vault.RatePassphrase.
func (c *PassphraseChecker) Rate(p string) Strength {
	r := vault.RatePassphrase(p, c.extra...)
	return Strength{Score: r.Score, Bits: r.Bits, Acceptable: r.Acceptable, Hints: r.Hints, HintCodes: r.HintCodes}
}
