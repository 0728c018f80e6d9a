package vault

import "fmt"

// actionExport is the audit entry of an export or forwarding read.
const actionExport = "audit.export"

// AuditFeed returns up to limit entries with Seq > afterSeq, oldest first,
// for SIEM export and forwarding. Needs PermAuditRead. The read is audited
// as "audit.export" only when it returns entries other than earlier
// "audit.export" ones, so a forwarder polling an idle vault does not keep
// adding entries of its own.
func (s *Session) AuditFeed(afterSeq int64, limit int) ([]AuditEntry, error) {
	if limit <= 0 || limit > 10000 {
		return nil, invalidValues("limit", RulePageLimit, []string{"10000"}, 10000)
	}
	var out []AuditEntry
	err := s.runRead(PermAuditRead, actionExport, "", func(tx *txn, k *keys) error {
		var err error
		if out, err = readEntries(tx, afterSeq, limit); err != nil {
			return err
		}
		for _, e := range out {
			if e.Action != actionExport {
				return s.audit(tx, k, actionExport, "", outcomeOK, fmt.Sprintf("after=%d count=%d", afterSeq, len(out)))
			}
		}
		return nil
	})
	return out, err
}

// VaultID is the vault's id (in clear in the file; names no one).
func (s *Session) VaultID() string { return s.v.vaultID }
