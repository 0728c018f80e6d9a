package ui

import (
	"strings"

	usecase "custodia/app"
	"custodia/vault"
)

// People read names, never internal ids: users by their user name, patients
// by family name, given name and birth date where the role may read
// identities, and everyone else by a short reference.

// shortRef is the short reference of an id shown where a name may not be:
// its last eight characters (ids are UUIDv7, whose leading characters are a
// timestamp shared by every record made in the same minute).
func shortRef(id string) string {
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}

// who names a user id for people: by user name when the signed-in role may
// list users (administrator, DPO), else the signed-in user themselves by
// name and anyone else by a short reference. The names are read once per
// session.
func (a *App) who(id string) string {
	return a.whoAs(id, "")
}

// whoAs is who with the role recorded next to the user id (history rows),
// shown when the name cannot be.
func (a *App) whoAs(id, role string) string {
	if id == "" {
		return "—"
	}
	if a.session == nil {
		return a.T("layout.user.ref", "Ref", shortRef(id))
	}
	if u := a.session.User(); u.ID == id && u.Name != "" {
		return u.Name
	}
	if name, ok := a.userNames()[id]; ok {
		return name
	}
	if role != "" {
		return a.T("layout.user.role", "Role", RoleLabel(a.loc, vault.Role(role)), "Ref", shortRef(id))
	}
	return a.T("layout.user.ref", "Ref", shortRef(id))
}

// userNames maps user ids to names for the session, nil when the role may
// not list users (the list is read once; Lock drops it with the session).
func (a *App) userNames() map[string]string {
	if a.users != nil && a.usersOf == a.session {
		return a.users
	}
	a.users, a.usersOf = map[string]string{}, a.session
	us, err := usecase.ListUsers(a.session)
	if err != nil {
		return a.users // not allowed: short references
	}
	for _, u := range us {
		a.users[u.ID] = u.Name
	}
	return a.users
}

// auditObject names an audit entry's object ("kind:id") for people: a user
// by name when known, the vault as such, anything else by its kind and a
// short reference (reading every patient's name for the trail would itself
// be a read of each record).
func (a *App) auditObject(obj string, users map[string]string) string {
	kind, id, ok := strings.Cut(obj, ":")
	if !ok || !uuidLike(id) {
		return obj
	}
	switch kind {
	case "user":
		if n, ok := users[id]; ok {
			return a.T("layout.audit.user", "Name", n)
		}
	case "vault":
		return a.T("layout.audit.vault")
	}
	return a.T("layout.audit.ref", "Kind", kind, "Ref", shortRef(id))
}

// uuidLike reports whether s has the shape of a UUID (8-4-4-4-12).
func uuidLike(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return false
			}
		}
	}
	return true
}
