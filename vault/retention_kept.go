package vault

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"custodia/consent"
)

// keptPrefix starts the RecordID of what an erasure kept of a patient.
const keptPrefix = "kept:"

// KeptRetentionItems lists what erasures kept under GDPR Art. 17(3): one
// item per erased patient whose retention key still exists, with category
// consent.RecKept and KeepUntil the keep-until date the erasure fixed
// (consent.DueForDeletion lists it from that day). RecordID is
// "kept:<patient id>". Needs PermGovernance; audited once with the count.
func (s *Session) KeptRetentionItems() ([]consent.RetentionItem, error) {
	var out []consent.RetentionItem
	err := s.runRead(PermGovernance, "retention.kept", "", func(tx *txn, k *keys) error {
		rows, err := tx.Query("SELECT patient_id, keep_until FROM retention_keys ORDER BY patient_id")
		if err != nil {
			return fmt.Errorf("vault: kept data: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var until int64
			if err := rows.Scan(&id, &until); err != nil {
				return err
			}
			out = append(out, consent.RetentionItem{RecordID: keptPrefix + id, SubjectID: id, Category: consent.RecKept,
				KeepUntil: time.Unix(0, until).UTC()})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return s.audit(tx, k, "retention.kept", "", outcomeOK, fmt.Sprintf("items=%d", len(out)))
	})
	return out, err
}

// PurgeKept destroys the kept data of the "kept:" items of a deletion
// batch the DPO approved: retention keys and every value kept under them,
// as PurgeRetention does, but only for the batch's patients and only when
// their keep-until date has passed. The batch must be approved by the
// session user, who must hold the DPO role (the retention schedule's
// deletions need the DPO). Needs PermGovernance; audited per patient with
// the batch id. Returns the number of patients purged; ErrPermission when
// the approval is missing or not the DPO's, ErrValidation for an item
// whose keep-until has not passed or that holds no kept data. Nothing is
// purged unless every item qualifies.
func (s *Session) PurgeKept(b consent.DeletionBatch) (int, error) {
	ids := keptIDs(b)
	err := s.run(PermGovernance, "retention.purge", "batch:"+b.ID, func(tx *txn, k *keys) error {
		if err := s.checkApproval(tx, b); err != nil {
			return err
		}
		expired, err := expiredRetention(tx, s.v.now())
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !slices.Contains(expired, id) {
				return invalidRule(fmt.Sprintf("items[%d]", keptIndex(b, id)), RuleKeepNotDue, id)
			}
			if err := s.purgeRetained(tx, k, id); err != nil {
				return err
			}
			if err := s.audit(tx, k, "retention.purge", "patient:"+id, outcomeOK, "retention key destroyed; batch "+b.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return len(ids), checkpoint(s.v.db)
}

// checkApproval requires the batch to be approved by the session's user
// holding the DPO role.
func (s *Session) checkApproval(tx *txn, b consent.DeletionBatch) error {
	u, err := s.currentUser(tx)
	if err != nil {
		return err
	}
	if b.ApprovedBy == "" || b.ApprovedBy != u.ID || u.Role != RoleDPO {
		return &PermissionError{User: u.Name, Role: u.Role, Perm: PermApproveDeletion}
	}
	return nil
}

// keptIDs are the patient ids of a batch's kept items.
// keptIndex is the place in b.Items of the kept data of patient id, so an
// error names the batch's entry rather than the patient's id.
func keptIndex(b consent.DeletionBatch, id string) int {
	return slices.IndexFunc(b.Items, func(d consent.DueItem) bool { return d.Item.RecordID == keptPrefix+id })
}

func keptIDs(b consent.DeletionBatch) []string {
	var ids []string
	for _, d := range b.Items {
		if id, ok := strings.CutPrefix(d.Item.RecordID, keptPrefix); ok {
			ids = append(ids, id)
		}
	}
	return ids
}
