package research

import (
	"crypto/subtle"
	"errors"

	"custodia/deid"
)

// ErrUnknownPseudonym is returned when no candidate has the pseudonym
// under the study key (or the key was destroyed and replaced).
var ErrUnknownPseudonym = errors.New("research: no patient has this pseudonym under the study's key")

// Reidentify finds the patient whose pseudonym under the study key is
// pseudonym, among candidates (the vault's patient ids). It is the DPO's
// safety-finding path; the caller checks the permission and audits it.
// Every candidate is hashed (no early exit on a match), so the time does
// not reveal where the patient lies.
func Reidentify(key []byte, pseudonym string, candidates []string) (string, error) {
	ps, err := deid.NewPseudonymizer(key, "P-", 0)
	if err != nil {
		return "", err
	}
	found := ""
	for _, id := range candidates {
		if subtle.ConstantTimeCompare([]byte(ps.Pseudonym(id)), []byte(pseudonym)) == 1 && found == "" {
			found = id
		}
	}
	if found == "" {
		return "", ErrUnknownPseudonym
	}
	return found, nil
}
