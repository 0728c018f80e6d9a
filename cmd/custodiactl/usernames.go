package main

import (
	"strings"

	"custodia/app"
	"custodia/i18n"
	"custodia/vault"
)

// accountNames maps the user ids that audit entries, consent events and
// request histories carry to the account names people know, as the
// desktop app does: every account, for every signed-in role (the vault's
// staff names, one audited read per command).
type accountNames struct {
	loc   *i18n.Localizer
	names map[string]string
}

func userNames(loc *i18n.Localizer, s *vault.Session) accountNames {
	me := s.User()
	names, err := app.StaffNames(s)
	if err != nil {
		names = map[string]string{} // the command's own read reports the refusal
	}
	names[me.ID] = me.Name
	return accountNames{loc, names}
}

// known is the account's name, if this role may know it.
func (a accountNames) known(id string) (string, bool) {
	n, ok := a.names[id]
	return n, ok && n != ""
}

// name names an account; one this role may not name gets the desktop's
// short reference ("Benutzer-Ref. 2fcab7e1", the tail of the id to quote
// to an administrator), never the bare UUID. Anything else (no id) stays.
func (a accountNames) name(id string) string {
	if n, ok := a.known(id); ok {
		return n
	}
	if len(id) == 36 && strings.Count(id, "-") == 4 {
		return a.loc.T("layout.user.ref", "Ref", app.ShortRef(id))
	}
	return id
}

// userNamer is accountNames.name for the session.
func userNamer(loc *i18n.Localizer, s *vault.Session) func(id string) string {
	return userNames(loc, s).name
}

// auditObject names an audit entry's object with the words of the
// desktop's audit screen (app.AuditObject), accounts by name; a record
// without a name keeps its whole id, labelled as a reference, since that
// is what "patient show" and the other commands take.
func auditObject(loc *i18n.Localizer, names accountNames, object string) string {
	return app.AuditObject(loc, object, names.known, app.AuditFullRef)
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
