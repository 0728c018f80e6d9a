package main

import (
	"fmt"
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
		fmt.Fprintf(ctx.stderr, "custodiactl: this vault was made by an earlier version and has been brought up to date: "+
			"%d audit entries verified, %d patients and %d other values re-encrypted under the new keys\n",
			rep.AuditEntries, rep.Patients, rep.Sealed)
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
		fmt.Fprintf(ctx.stderr, "custodiactl: these accounts cannot sign in until you set them a new passphrase "+
			"(custodiactl user passwd NAME): %s\n", strings.Join(names, ", "))
	}
	if need.RecoveryCode {
		fmt.Fprintln(ctx.stderr, "custodiactl: this vault has no recovery code: make one with custodiactl user recovery-code and store it safely")
	}
}
