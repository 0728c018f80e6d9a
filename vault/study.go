package vault

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// StudyKey returns the pseudonymisation key of a research study: 32 bytes
// derived from the research category key and the study id, the same for
// every call and every user whose grant holds that key (researchers, DPOs,
// administrators), different for every study and every vault. It is what a
// researcher's passphrase opens in place of patient data (deid's keyed
// pseudonyms, --key-file of custodiactl anonymize). Needs
// PermResearchExport; audited as "research.study-key" with the study id.
func (s *Session) StudyKey(studyID string) ([]byte, error) {
	if studyID == "" || len(studyID) > 128 || !utf8.ValidString(studyID) || strings.ContainsFunc(studyID, func(r rune) bool { return r < 0x20 }) {
		return nil, invalid("study", "must be 1 to 128 printable characters")
	}
	var key []byte
	err := s.run(PermResearchExport, "research.study-key", "study:"+studyID, func(tx *txn, k *keys) error {
		rk, err := k.categoryKey(catResearch)
		if err != nil {
			return err
		}
		if key, err = subkey(rk, k.vaultID, "custodia/v2/study/"+studyID); err != nil {
			return err
		}
		return s.audit(tx, k, "research.study-key", "study:"+studyID, outcomeOK, "")
	})
	if err != nil {
		return nil, fmt.Errorf("vault: study key: %w", err)
	}
	return key, nil
}
