package kit

import (
	usecase "custodia/app"
	"custodia/vault"
)

// People read names, never internal ids: users by their user name, patients
// by family name, given name and birth date where the role may read
// identities, and everyone else by a short reference.

// ShortRef is the short reference of an id shown where a name may not be
// (app.ShortRef, which the CLI uses too).
func ShortRef(id string) string { return usecase.ShortRef(id) }

// Names names user ids for people during one session: by user name for
// every signed-in role (the vault's staff names: in a practice everyone
// knows who recorded a consent or handled a request), and by a short
// reference where the vault does not answer.
// The names are read once per session; the shell makes a new Names at
// every unlock, so a lock drops them with the session.
type Names struct {
	session Session
	users   map[string]string
}

// NewNames names users for session s (nil: nobody is signed in).
func NewNames(s Session) *Names { return &Names{session: s} }

// Who names a user id.
func (e *Env) Who(id string) string {
	return e.WhoAs(id, "")
}

// WhoAs is Who with the role recorded next to the user id (history rows),
// shown when the name cannot be.
func (e *Env) WhoAs(id, role string) string {
	if id == "" {
		return "—"
	}
	n := e.Names
	if n == nil || n.session == nil {
		return e.T("layout.user.ref", "Ref", ShortRef(id))
	}
	if u := n.session.User(); u.ID == id && u.Name != "" {
		return u.Name
	}
	if name, ok := n.userNames()[id]; ok {
		return name
	}
	if role != "" {
		return e.T("layout.user.role", "Role", RoleLabel(e.Loc, vault.Role(role)), "Ref", ShortRef(id))
	}
	return e.T("layout.user.ref", "Ref", ShortRef(id))
}

// userNames maps user ids to names, read once per Names: through the
// vault's staff names (every signed-in role; one audited read), or, for a
// session that offers no such read, through the user list where the role
// may list users. Empty when neither answers: short references.
func (n *Names) userNames() map[string]string {
	if n.users != nil {
		return n.users
	}
	n.users = map[string]string{}
	if d, ok := n.session.(usecase.StaffDirectory); ok {
		if names, err := usecase.StaffNames(d); err == nil {
			n.users = names
		}
		return n.users
	}
	us, err := usecase.ListUsers(n.session)
	if err != nil {
		return n.users // not allowed: short references
	}
	for _, u := range us {
		n.users[u.ID] = u.Name
	}
	return n.users
}

// ShortID is the first eight characters of an id and an ellipsis, where a
// whole id would crowd a table cell.
func ShortID(id string) string {
	if len(id) > 8 {
		return id[:8] + "…"
	}
	return id
}
