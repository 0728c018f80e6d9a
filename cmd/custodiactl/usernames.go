package main

import (
	"custodia/app"
	"custodia/i18n"
	"custodia/vault"
)

// userNamer maps the user ids that audit entries, consent events and
// request histories carry to the account names people know, as the
// desktop app does: every account when the role may list them
// (administrator, DPO), else the signed-in user alone. An id it cannot
// name is shown as it is (the id to quote to an administrator).
func userNamer(s *vault.Session) func(id string) string {
	me := s.User()
	names := map[string]string{me.ID: me.Name}
	if me.Role.Can(vault.PermUserManage) || me.Role.Can(vault.PermAuditRead) { // else asking would only log a refusal
		if users, err := app.ListUsers(s); err == nil {
			for _, u := range users {
				names[u.ID] = u.Name
			}
		}
	}
	return func(id string) string {
		if n, ok := names[id]; ok && n != "" {
			return n
		}
		return id
	}
}

// auditObject names an audit entry's object with the words of the
// desktop's audit screen (app.AuditObject), accounts by name; a record
// without a name keeps its whole id, labelled as a reference, since that
// is what "patient show" and the other commands take.
func auditObject(loc *i18n.Localizer, name func(string) string, object string) string {
	return app.AuditObject(loc, object, func(id string) (string, bool) {
		n := name(id)
		return n, n != id
	}, app.AuditFullRef)
}

// patientNamer names the patients a table shows, "Family, Given", for a
// role that may read identities (each read checked and audited by the
// vault, as the dashboard does); a patient it cannot name (erased,
// unknown, or a role without identity access) keeps its id, which is
// what a command takes.
func patientNamer(loc *i18n.Localizer, s *vault.Session, ids []string) func(id string) string {
	names := map[string]string{}
	if s.User().Role.Can(vault.PermPatientRead) {
		for _, id := range ids {
			if _, seen := names[id]; seen || id == "" {
				continue
			}
			names[id] = ""
			if p, err := app.ShowPatient(s, id); err == nil {
				names[id] = loc.T("dashboard.patientName", "Family", p.FamilyName, "Given", p.GivenName)
			}
		}
	}
	return func(id string) string {
		if n := names[id]; n != "" {
			return n
		}
		return id
	}
}
