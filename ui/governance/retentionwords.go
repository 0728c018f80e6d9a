package governance

import (
	"errors"
	"strings"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"
)

// The retention tab words its rows through package app (the same
// functions as "custodiactl retention"): codes by their labels in the
// reader's language, shipped legal sources translated, people by name
// where the role may read identities and by a short reference otherwise.

// Columns of the due table.
const (
	dueColSince = iota
	dueColRecord
	dueColPerson
	dueColAction
	dueColDeletable
)

func (v *RetentionView) fillRules() {
	loc := v.env.Loc
	rows := make([][]kit.TableCell, len(v.ruleList))
	for i, r := range v.ruleList {
		w := usecase.RetentionRuleWords(loc, r)
		rows[i] = []kit.TableCell{{Text: w.Records, Bold: true}, kit.Cell(w.Period), kit.Cell(w.CountsFrom),
			kit.Cell(kit.OrDash(w.Exception)), kit.Cell(w.OnExpiry), kit.Cell(kit.OrDash(w.Country))}
	}
	v.rules.SetRows(rows)
	v.showSource(0)
}

// showSource puts the legal source of a rule (by row) under the table.
func (v *RetentionView) showSource(row int) {
	if row < 0 || row >= len(v.ruleList) {
		v.source.SetText("")
		return
	}
	w := usecase.RetentionRuleWords(v.env.Loc, v.ruleList[row])
	v.source.SetText(v.env.T("retentiontext.sourceof", "Records", w.Records, "Source", w.Source))
}

// selectRule shows the rule's legal source and opens its form (for
// those who may change the schedule).
func (v *RetentionView) selectRule(row int) {
	v.showSource(row)
	v.EditRule(row)
}

// Source is the line under the rules table; for tests.
func (v *RetentionView) Source() string { return v.source.Text }

func (v *RetentionView) fillDue() {
	loc := v.env.Loc
	v.names.reset(v.uc)
	rows := make([][]kit.TableCell, len(v.dueList))
	for i, d := range v.dueList {
		w := usecase.RetentionDueWords(loc, d)
		rows[i] = []kit.TableCell{kit.Cell(w.Since), kit.Cell(w.Record), kit.Cell(v.names.cell(loc, d.Item.SubjectID)),
			{Text: w.Action, Imp: kit.ActionImportance(d.Action)}, kit.Cell(deletableText(v, d))}
	}
	v.due.SetRows(rows)
	v.showGround(0)
}

// showGround puts why a due record (by row) is due under the table: the
// rule's legal source or the kept data's ground, whole (too long for a
// column that would push the table past the tab's width).
func (v *RetentionView) showGround(row int) {
	if row < 0 || row >= len(v.dueList) {
		v.ground.SetText("")
		return
	}
	w := usecase.RetentionDueWords(v.env.Loc, v.dueList[row])
	v.ground.SetText(v.env.T("retentiontext.groundof", "Record", w.Record, "Since", w.Since, "Ground", w.Ground))
}

// Ground is the line under the due table; for tests.
func (v *RetentionView) Ground() string { return v.ground.Text }

func deletableText(v *RetentionView, d consent.DueItem) string {
	loc := v.env.Loc
	switch {
	case isKept(d):
		return loc.T("governance.due.kept")
	case strings.HasPrefix(d.Item.RecordID, "patient:"):
		return loc.T("governance.due.througherasure")
	case !deletable(d):
		return loc.T("governance.due.notyet")
	}
	return loc.T("governance.due.yes")
}

// DueCell is the text of a cell of the due table; for tests.
func (v *RetentionView) DueCell(row, col int) string { return v.due.Cell(row, col) }

// dueNames puts names to the due list's people as their rows come into
// view: each patient is read once per load, through the vault, which
// checks the permission and audits the read (reading every due record's
// patient up front would audit reads nobody looked at). Names stay in
// memory only.
type dueNames struct {
	allowed bool
	names   map[string]*usecase.Subject // nil: not in the vault (erased)
	pending map[string]bool
}

func (n *dueNames) reset(uc *usecase.Session) {
	n.allowed = uc.User().Role.Can(vault.PermPatientRead)
	n.names, n.pending = map[string]*usecase.Subject{}, map[string]bool{}
}

// cell is what the Person column shows: the name once read, a short
// reference where the role may not read names or the patient is no
// longer in the vault, nothing while the name is read; "—" for a record
// about nobody in particular.
func (n *dueNames) cell(loc *i18n.Localizer, id string) string {
	if _, loaded := n.names[id]; n.allowed && id != "" && !loaded {
		return ""
	}
	return n.text(loc, id)
}

func (n *dueNames) text(loc *i18n.Localizer, id string) string {
	return usecase.SubjectText(loc, id, n.names[id])
}

// nameRow reads the name of a visible row's person once.
func (v *RetentionView) nameRow(row int) {
	if row < 0 || row >= len(v.dueList) {
		return
	}
	id := v.dueList[row].Item.SubjectID
	n := &v.names
	if _, done := n.names[id]; done || n.pending[id] || !n.allowed || id == "" {
		return
	}
	n.pending[id] = true
	var got map[string]usecase.Subject
	var err error
	v.env.Run(func() { got, err = v.uc.SubjectNames([]string{id}) }, func() {
		delete(n.pending, id)
		switch {
		case errors.Is(err, vault.ErrPermission):
			n.allowed = false
		case err != nil:
			return // locked or failed: the reference stays; a reload retries
		}
		if s, ok := got[id]; ok {
			n.names[id] = &s
		} else {
			n.names[id] = nil
		}
		v.showName(id)
	})
}

// showName puts a person's name (or reference) in every row about them.
func (v *RetentionView) showName(id string) {
	for i, d := range v.dueList {
		if d.Item.SubjectID == id {
			v.due.SetCellText(i, dueColPerson, v.names.text(v.env.Loc, id))
		}
	}
}
