package vault

// AuditActions lists every action code the vault writes to the audit
// trail (AuditEntry.Action), sorted. The codes are stable identifiers
// for machines (JSON Lines, syslog, FHIR AuditEvent); people read them
// through custodia/i18n's AuditAction. TestAuditActionsMatchTheSource
// scans the vault's source and fails when a written code is missing here
// or a listed one is never written.
func AuditActions() []string {
	return []string{
		"audit.anchor", "audit.anchor.last", "audit.anchor.lock", "audit.anchor.signed", "audit.export",
		"audit.read", "audit.shown", "audit.tamper", "audit.verify", "backup.create", "backup.last", "backup.restore", "breach.put",
		"breach.read", "certificate.add", "certificate.read", "clinical.create", "clinical.migrate",
		"consent.append", "consent.read", "disclosure.add", "disclosure.read", "encounter.delete",
		"encounter.list", "encounter.read", "encounter.rectify", "encounter.update", "erasure.execute", "erasure.reapply",
		"erasure.facts", "journal.read", "observation.delete", "observation.list", "observation.read",
		"observation.rectify", "observation.update", "patient.count", "patient.create", "patient.delete",
		"patient.history", "patient.list", "patient.read", "patient.read-erased", "patient.rectify",
		"patient.restrict", "patient.restricted-list", "patient.search", "patient.unrestrict", "patient.update",
		"permission.denied", "practice.set", "purpose.put", "purpose.read", "recovery.rotate",
		"request.access-package", "request.access-report", "request.create", "request.delete", "request.read",
		"request.transition", "research.export", "research.export-id", "research.export-list", "research.extract",
		"research.package-identity", "research.recipient-key", "research.recipients", "research.reidentify",
		"research.study-key", "research.study-key-destroy", "research.study-list", "research.study-read",
		"research.study-save", "retention.delete", "retention.items", "retention.kept", "retention.purge",
		"retention.put", "retention.read", "retention.schedule", "scan.put", "scan.read", "setting.read",
		"setting.set", "text.put", "text.read", "unlock", "unlock.failed", "unlock.recovery",
		"unlock.recovery.failed", "user.add", "user.disable", "user.enable", "user.list", "user.names", "user.passphrase.change",
		"user.passphrase.reset", "user.role", "user.totp.begin", "user.totp.bind", "user.totp.disable",
		"user.totp.enrol", "user.totp.status", "vault.create", "vault.rotate", "vault.upgrade",
	}
}
