package main

import (
	"strings"

	"custodia/vault"
)

// noticePendingKeys tells an administrator, on stderr, what the upgrade of
// a format-1 vault did and which accounts still need a new passphrase (by
// name) or whether the vault needs a new recovery code. Other roles and
// vaults with nothing pending print nothing.
func (ctx *runContext) noticePendingKeys(s *vault.Session) {
	if !s.User().Role.Can(vault.PermUserManage) {
		return
	}
	if rep := s.Upgraded(); rep != nil {
		loc := ctx.words()
		ctx.note("cli4.upgrade.done", "Audit", loc.Int(int(rep.AuditEntries)), "Patients", loc.Int(rep.Patients), "Sealed", loc.Int(rep.Sealed))
	}
	need, err := s.PendingKeys()
	if err != nil || need.Empty() {
		return
	}
	if len(need.Users) > 0 {
		names := make([]string, len(need.Users))
		for i, u := range need.Users {
			names[i] = u.Name
		}
		ctx.note("cli4.upgrade.users", "Names", strings.Join(names, ", "))
	}
	if need.RecoveryCode {
		ctx.note("cli4.upgrade.recovery")
	}
}
