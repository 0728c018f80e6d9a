package ui

import (
	"fmt"
	"slices"
	"strings"

	"custodia/consent"
	"custodia/vault"
)

// keptSession is a fake session that reports kept data of erased
// patients and purges it as the vault does: only with the DPO's approval
// of the batch, only past keep-until.
type keptSession struct {
	*fakeConsentSession
	kept   []consent.RetentionItem
	purged []string
}

func (s *keptSession) KeptRetentionItems() ([]consent.RetentionItem, error) {
	return slices.Clone(s.kept), nil
}

func (s *keptSession) PurgeKept(b consent.DeletionBatch) (int, error) {
	if b.ApprovedBy == "" || b.ApprovedBy != s.user.ID || s.user.Role != vault.RoleDPO {
		return 0, &vault.PermissionError{User: s.user.Name, Role: s.user.Role, Perm: "deletion approval"}
	}
	n := 0
	for _, d := range b.Items {
		id, ok := strings.CutPrefix(d.Item.RecordID, "kept:")
		if !ok {
			continue
		}
		i := slices.IndexFunc(s.kept, func(it consent.RetentionItem) bool { return it.SubjectID == id })
		if i < 0 {
			return 0, fmt.Errorf("patient %s: %w", id, vault.ErrValidation)
		}
		s.kept = slices.Delete(s.kept, i, i+1)
		s.purged = append(s.purged, id)
		n++
	}
	return n, nil
}
