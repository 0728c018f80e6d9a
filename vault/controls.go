package vault

import "custodia/consent"

// Controls reports the security measures (GDPR Art. 32) this vault has,
// for the record of processing: the encrypted vault with its key slots,
// permissions checked in the vault, the keyed hash-chained audit trail,
// the idle lock the desktop app applies with LastActivity, and the
// de-identification of research exports, the TOTP second factor
// (totp.go) and encrypted backups verified in memory (backup.go); the ROPA
// never claims a control not listed.
func (s *Session) Controls() []consent.Control {
	return []consent.Control{consent.CtrlEncryptedVault, consent.CtrlRolePermissions, consent.CtrlAuditTrail,
		consent.CtrlIdleLock, consent.CtrlSecondFactor, consent.CtrlVerifiedBackups, consent.CtrlDeidentification}
}
