package main

import (
	"strings"

	"custodia/vault"
)

// userNamer maps the user ids that audit entries, consent events and
// request histories carry to the account names people know. An id it
// cannot name (an account of another vault, or a role that may neither
// manage users nor read the audit trail) is shown as it is.
func userNamer(s *vault.Session) func(id string) string {
	names := map[string]string{}
	role := s.User().Role
	if !role.Can(vault.PermUserManage) && !role.Can(vault.PermAuditRead) {
		return func(id string) string { return id } // asking would only log a refusal
	}
	if users, err := s.ListUsers(); err == nil {
		for _, u := range users {
			names[u.ID] = u.Name
		}
	}
	return func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id
	}
}

// auditObject names the account in an audit entry's object ("user:ID"
// becomes "user:NAME"); other objects are shown as they are.
func auditObject(name func(string) string, object string) string {
	if id, ok := strings.CutPrefix(object, "user:"); ok {
		return "user:" + name(id)
	}
	return object
}
