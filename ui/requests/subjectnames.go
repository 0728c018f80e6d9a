package requests

import (
	"errors"

	usecase "custodia/app"
	"custodia/ui/kit"
	"custodia/vault"
)

// subjectNames puts names to data-subject ids on one screen load, for
// roles that may read identities (vault.PermPatientRead). Each id is read
// once, lazily, when a row showing it becomes visible; the read goes
// through the vault, which checks the permission and audits it. Names stay
// in memory only (never logged); a new screen load starts a new cache.
type subjectNames struct {
	env     *kit.Env
	uc      *usecase.Session
	allowed bool
	names   map[string]string // id → "Family, Given (born date)"; "" for no patient (erased, unknown)
	short   map[string]string // id → "Family, Given", what the queue's narrow column shows
	erased  map[string]bool   // ids of those no longer in the vault that it erased
	pending map[string]bool
	// onName is called on the UI goroutine when a name arrived.
	onName func(id string)
}

func newSubjectNames(env *kit.Env, uc *usecase.Session, onName func(id string)) *subjectNames {
	n := &subjectNames{env: env, uc: uc, onName: onName}
	n.reset()
	return n
}

// reset forgets every name (a screen load) and re-reads the permission.
func (n *subjectNames) reset() {
	n.allowed = n.uc.User().Role.Can(vault.PermPatientRead)
	n.names = map[string]string{}
	n.short = map[string]string{}
	n.erased = map[string]bool{}
	n.pending = map[string]bool{}
}

// want loads the name of id once, if the role may read it.
func (n *subjectNames) want(id string) {
	if !n.allowed || id == "" || n.pending[id] {
		return
	}
	if _, ok := n.names[id]; ok {
		return
	}
	n.pending[id] = true
	var name, short string
	var erased bool
	var err error
	n.env.Run(func() {
		var p vault.Patient
		if p, err = n.uc.Patient(id); err == nil {
			short = p.FamilyName + ", " + p.GivenName
			name = n.env.T("layout.patient.born", "Name", short, "Born", n.env.Loc.Date(p.BirthDate))
		} else if errors.Is(err, vault.ErrNotFound) {
			erased, _ = n.uc.Vault().Erased(id) // unknown when that fails: "no longer in the vault"
		}
	}, func() {
		delete(n.pending, id)
		switch {
		case errors.Is(err, vault.ErrPermission):
			n.allowed = false // the role changed: ids only from now on
			return
		case err != nil && !errors.Is(err, vault.ErrNotFound):
			return // locked or failed: the id alone stays; a reload retries
		}
		n.names[id], n.short[id], n.erased[id] = name, short, erased
		if n.onName != nil {
			n.onName(id) // a name, or that there is none (cell)
		}
	})
}

// label names a subject for people: "Family, Given (born date)" when the
// name is known, else a short reference (the role may not read names, the
// name is still loading, or the patient is no longer in the vault).
func (n *subjectNames) label(id string) string {
	name, loaded := n.names[id]
	switch {
	case name != "":
		return name
	case loaded && n.allowed:
		return n.gone(id)
	}
	return n.env.T("layout.patient.ref", "Ref", kit.ShortRef(id))
}

// cell is what the queue shows for a subject: the name without the
// birth date (the detail and the dialogs add it; the column stays narrow
// enough for the queue to fit its pane), a label with the short reference
// for one no longer in the vault ("Erased (ref. …)": the column is
// "Name", and the detail says "Erased patient"), and nothing while the
// name is loading.
func (n *subjectNames) cell(id string) string {
	name, loaded := n.short[id]
	if name != "" || !loaded {
		return name
	}
	if n.erased[id] {
		return n.env.T("requests.subject.erased", "Ref", kit.ShortRef(id))
	}
	return n.gone(id)
}

// gone labels a subject the vault no longer holds, never by its id.
func (n *subjectNames) gone(id string) string {
	if n.erased[id] {
		return n.env.T("cancel.queue.erased", "Ref", kit.ShortRef(id))
	}
	return n.env.T("layout.patient.gone", "Ref", kit.ShortRef(id))
}
