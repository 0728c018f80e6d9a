package patients

import (
	"testing"

	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// TestImportCancel: the import dialog shows progress after 300 ms and
// Cancel after 2 s; pressing it between two patients stores none of them
// and says so; an import that is not cancelled stores all.
func TestImportCancel(t *testing.T) {
	f, v := unlockedPatients(t, 5, vault.RoleAdmin)
	s := f.s
	good := "given_name,family_name,birth_date,sex\nAda,Example,1970-01-31,female\nBo,Sample,1980-02-28,male\n"
	v.Importer.Check([]byte(good))
	ps := v.Importer.last.Patients
	f.closeOverlays()
	timers := f.timers
	overlays := func() int { return len(f.env.Win.Canvas().Overlays().List()) }
	calls := 0
	s.OnAdd = func() {
		calls++
		if calls > 1 {
			return
		}
		timers.advance(kit.ShowProgressAfter)
		p := v.Importer.progress
		if overlays() != 1 || p.Cancel.Button.Visible() {
			t.Errorf("at 300 ms: %d overlays, Cancel %v; want the progress dialog without Cancel", overlays(), p.Cancel.Button.Visible())
		}
		timers.advance(kit.OfferCancelAfter)
		if !p.Cancel.Button.Visible() {
			t.Error("no Cancel at 2 s")
		}
		test.Tap(p.Cancel.Button)
	}
	v.Importer.store(ps)
	if s.N != 5 || v.length() != 5 {
		t.Fatalf("after Cancel: %d patients, %d rows; want the 5 from before", s.N, v.length())
	}
	if v.Importer.progress != nil || !containsText(f.env.Win.Canvas().Overlays().Top(), f.env.T("cancel.import.cancelled.title")) {
		t.Fatal("the progress dialog stayed, or no message says the import was cancelled")
	}
	f.closeOverlays()
	s.OnAdd = nil
	v.Importer.store(ps)
	if s.N != 7 || v.length() != 7 {
		t.Fatalf("import without Cancel: %d patients, %d rows; want 7", s.N, v.length())
	}
}
