package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestCreateFormNamesTheAccount: the create-vault form labels the first
// user's field as the administrator's account (a user name is typed
// there), not with the bare role word "Administration".
func TestCreateFormNamesTheAccount(t *testing.T) {
	f := newFixture(t, 0)
	test.Tap(f.app.start.create)
	c := f.app.create
	loc := testLoc()
	found := false
	for _, o := range test.LaidOutObjects(c.content) {
		form, ok := o.(*widget.Form)
		if !ok {
			continue
		}
		for _, it := range form.Items {
			if it.Widget != c.admin {
				continue
			}
			found = true
			if it.Text != loc.T("sweepres.adminAccount") || it.Text == loc.T("labels.role.admin") {
				t.Errorf("the administrator's field is labelled %q", it.Text)
			}
		}
	}
	if !found {
		t.Fatal("no form item holds the administrator's entry")
	}
}
