package app

import (
	"custodia/consent"
	"custodia/i18n"
)

// KeptBasisText words the stored basis an erasure plan or certificate
// keeps a category on ("GDPR Art. 17(3)(b)") in the reader's language
// ("DSGVO Art. 17 Abs. 3 lit. b"); any other text stays as stored.
func KeptBasisText(loc *i18n.Localizer, stored string) string {
	if point, ok := consent.ExceptionPoint(stored); ok {
		return ExceptionText(loc, point)
	}
	return stored
}
