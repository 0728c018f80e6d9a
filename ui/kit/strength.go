package kit

import (
	"strconv"

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
	Score      int     // VeryWeak .. VeryStrong
	Bits       float64 // log2 of the estimated guesses
	Acceptable bool    // meets the vault's passphrase policy
	Hints      []string
	HintRules  []vault.FieldRule // Hints as rule codes, for HintText
}

// HintText words the hints in loc's language as one sentence, "" when
// there are none.
func (s Strength) HintText(loc *i18n.Localizer) string {
	h := make([]string, len(s.HintRules))
	for i, r := range s.HintRules {
		h[i] = loc.FieldRule(string(r), s.Hints[i], strconv.Itoa(MinPassphraseLength))
	}
	return hintText(h)
}

// Label names the score for people.
func (s Strength) Label(loc *i18n.Localizer) string {
	return loc.T([...]string{"start.strength.veryweak", "start.strength.weak", "start.strength.fair",
		"start.strength.strong", "start.strength.verystrong"}[s.Score])
}

// Fraction is the score as 0..1 for a meter.
func (s Strength) Fraction() float64 { return float64(s.Score) / VeryStrong }

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
	return Strength{Score: r.Score, Bits: r.Bits, Acceptable: r.Acceptable, Hints: r.Hints, HintRules: r.HintRules}
}
