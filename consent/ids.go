package consent

import (
	"crypto/rand"
	"fmt"
	"regexp"
)

// idPattern is what Custodia accepts as an object id (patients, events,
// requests, users): letters, digits, '-', '.', as in FHIR ids, so every id
// can travel into a FHIR reference unchanged. UUIDs fit.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9\-.]{1,64}$`)

// codePattern is what Custodia accepts as a code it defines itself
// (recipients, data categories, studies).
var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9\-]{0,47}$`)

// ValidID reports whether s is an acceptable object id (idPattern, checked
// by hand because it runs for every ledger event).
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// NewID returns a random RFC 4122 version 4 UUID.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("consent: crypto/rand failed: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
