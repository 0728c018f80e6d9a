package patients

import (
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// unlockedPatients is the patients view as role over n synthetic patients.
func unlockedPatients(t *testing.T, n int, role vault.Role) (*fixture, *View) {
	t.Helper()
	f := newFixture(t, n, role)
	return f, f.v
}

func TestPatientListRequestsOnlyVisiblePages(t *testing.T) {
	const n = 100_000
	f, v := unlockedPatients(t, n, vault.RoleAdmin)
	s := f.s
	if v.length() != n {
		t.Fatalf("list length %d, want %d", v.length(), n)
	}
	// the window shows a screenful of rows: only the first page is fetched
	if !slices.Equal(s.ListCalls, []int{0}) {
		t.Fatalf("ListPatients offsets after first paint = %v, want [0]", s.ListCalls)
	}
	if row, ok := v.Row(5); !ok || row.ID != uitest.SynthPatient(5).ID {
		t.Fatalf("row 5 = %+v, %v", row, ok)
	}
	// jumping to the middle fetches the page(s) around it, nothing between
	v.list.ScrollTo(50_000)
	for _, off := range s.ListCalls[1:] {
		if off < 49_000 || off > 51_000 {
			t.Errorf("fetched offset %d after scrolling to row 50,000", off)
		}
	}
	if len(s.ListCalls) > 3 {
		t.Errorf("%d ListPatients calls for two screenfuls: %v", len(s.ListCalls), s.ListCalls)
	}
	for i, off := range s.ListCalls {
		if slices.Contains(s.ListCalls[:i], off) {
			t.Errorf("page at offset %d fetched twice: %v", off, s.ListCalls)
		}
	}
}

func TestPatientPagerBoundsItsCache(t *testing.T) {
	var calls []int
	load := func(off, lim int) ([]vault.PatientSummary, error) {
		calls = append(calls, off)
		out := make([]vault.PatientSummary, lim)
		for i := range out {
			out[i].ID = uitest.SynthPatient(off + i).ID
		}
		return out, nil
	}
	p := newPager(load, kit.SyncRunner, nil)
	p.Reset(1_000_000)
	for page := range maxCachedPages + 10 {
		if r, ok := p.Row(page*pageSize + 3); !ok || r.ID != uitest.SynthPatient(page*pageSize+3).ID {
			t.Fatalf("row on page %d = %+v, %v", page, r, ok)
		}
	}
	if got := len(p.LoadedPages()); got != maxCachedPages {
		t.Fatalf("%d pages cached, want the bound %d", got, maxCachedPages)
	}
	before := len(calls)
	p.Row((maxCachedPages+9)*pageSize + 1) // most recent page: cached
	if len(calls) != before {
		t.Fatal("a cached page was fetched again")
	}
	p.Row(0) // evicted: fetched again
	if len(calls) != before+1 {
		t.Fatal("an evicted page was not fetched again")
	}
	if _, ok := p.Row(1_000_000); ok {
		t.Fatal("row past the end returned")
	}
}

func TestPatientPagerDropsPagesOfAnOldListing(t *testing.T) {
	var pending func()
	deferred := func(work, done func()) { work(); pending = done }
	p := newPager(func(off, lim int) ([]vault.PatientSummary, error) {
		return make([]vault.PatientSummary, lim), nil
	}, deferred, nil)
	p.Reset(500)
	if _, ok := p.Row(0); ok {
		t.Fatal("row available before its page arrived")
	}
	p.Reset(10) // e.g. a patient was deleted meanwhile
	pending()
	if len(p.LoadedPages()) != 0 {
		t.Fatal("a page of the old listing was kept")
	}
}

func TestPatientFormRejectsBadBirthDate(t *testing.T) {
	f, v := unlockedPatients(t, 20, vault.RoleAdmin)
	s := f.s
	v.list.Select(3)
	form := v.Form
	if form.base.ID != uitest.SynthPatient(3).ID {
		t.Fatalf("form shows %q", form.base.ID)
	}
	form.SetField(kit.FieldBirthDate, "1984-02-30")
	test.Tap(form.save)
	if s.UpdateCalls != 0 {
		t.Fatal("UpdatePatient called with an invalid birth date")
	}
	if msg := form.ErrorFor(kit.FieldBirthDate); !strings.Contains(msg, "1985-03-14") {
		t.Fatalf("birth date error = %q", msg)
	}
	for _, other := range []string{kit.FieldGivenName, kit.FieldFamilyName, kit.FieldEmail} {
		if msg := form.ErrorFor(other); msg != "" {
			t.Errorf("unexpected error on %s: %q", other, msg)
		}
	}
	form.SetField(kit.FieldBirthDate, "1984-02-29")
	if form.ErrorFor(kit.FieldBirthDate) != "" {
		t.Error("error stays after the field was edited")
	}
	test.Tap(form.save)
	if s.UpdateCalls != 1 || form.statusText() != "Saved." {
		t.Fatalf("valid save: %d calls, status %q", s.UpdateCalls, form.statusText())
	}
	if got := s.Records[uitest.SynthPatient(3).ID].BirthDate; !got.Equal(time.Date(1984, 2, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("stored birth date %v", got)
	}
}

// TestPatientFormDatesFollowTheLanguage: the birth date is shown in the
// form as the list shows it, typed back the same way or as ISO, and a bad
// date is explained with an example in the user's language.
func TestPatientFormDatesFollowTheLanguage(t *testing.T) {
	for lang, tt := range map[string]struct{ leap, bad, example, words string }{
		"en": {"29 Feb 1984", "30 Feb 1984", "14 Mar 1985", "real date"},
		"de": {"29.02.1984", "30.02.1984", "14.03.1985", "gültiges Datum"},
	} {
		t.Run(lang, func(t *testing.T) {
			f := newFixtureIn(t, 20, vault.RoleAdmin, lang)
			v, s, loc := f.v, f.s, f.env.Loc
			p := uitest.SynthPatient(3)
			v.Select(3)
			form := v.Form
			if got, want := form.entries[kit.FieldBirthDate].Text, loc.Date(p.BirthDate); got != want {
				t.Fatalf("birth date field shows %q, the list %q", got, want)
			}
			if ph := form.entries[kit.FieldBirthDate].PlaceHolder; ph != kit.DateFieldHint(loc) || ph == "" {
				t.Errorf("placeholder %q", ph)
			}
			form.SetField(kit.FieldBirthDate, tt.bad)
			form.Save()
			msg := form.ErrorFor(kit.FieldBirthDate)
			if s.UpdateCalls != 0 || !strings.Contains(msg, tt.example) || !strings.Contains(msg, "1985-03-14") || !strings.Contains(msg, tt.words) {
				t.Fatalf("bad date %q: %d saves, message %q", tt.bad, s.UpdateCalls, msg)
			}
			for i, typed := range []string{tt.leap, "1984-03-01"} {
				form.SetField(kit.FieldBirthDate, typed)
				form.Save()
				want := []time.Time{time.Date(1984, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(1984, 3, 1, 0, 0, 0, 0, time.UTC)}[i]
				if got := s.Records[p.ID].BirthDate; s.UpdateCalls != i+1 || !got.Equal(want) {
					t.Fatalf("typed %q: %d saves, stored %v", typed, s.UpdateCalls, got)
				}
				if shown := form.entries[kit.FieldBirthDate].Text; shown != loc.Date(want) {
					t.Errorf("after saving %q the field shows %q", typed, shown)
				}
			}
		})
	}
}

func TestPatientFormShowsEveryBadField(t *testing.T) {
	f, v := unlockedPatients(t, 5, vault.RoleAdmin)
	test.Tap(v.newBtn)
	v.Form.SetField(kit.FieldEmail, "nobody-at-example")
	test.Tap(v.Form.save)
	if f.s.AddCalls != 0 {
		t.Fatal("AddPatient called for an invalid form")
	}
	for _, field := range []string{kit.FieldGivenName, kit.FieldFamilyName, kit.FieldBirthDate, kit.FieldEmail} {
		if v.Form.ErrorFor(field) == "" {
			t.Errorf("no error shown for %s", field)
		}
	}
	v.Form.SetField(kit.FieldGivenName, "Test")
	v.Form.SetField(kit.FieldFamilyName, "Person")
	v.Form.SetField(kit.FieldBirthDate, "2001-05-06")
	v.Form.SetField(kit.FieldEmail, "test.person@example.org")
	test.Tap(v.Form.save)
	if f.s.AddCalls != 1 || v.length() != 6 {
		t.Fatalf("new patient: %d AddPatient calls, list length %d", f.s.AddCalls, v.length())
	}
}

func TestPatientFormConflictKeepsEdits(t *testing.T) {
	f, v := unlockedPatients(t, 5, vault.RoleAdmin)
	s := f.s
	v.list.Select(1)
	p := s.Records[uitest.SynthPatient(1).ID]
	p.Version = 9 // someone else saved meanwhile
	s.Records[p.ID] = p
	v.Form.SetField(kit.FieldPhone, "+49 30 1234567")
	test.Tap(v.Form.save)
	if !strings.Contains(v.Form.statusText(), "someone else") {
		t.Fatalf("status = %q", v.Form.statusText())
	}
	if v.Form.entries[kit.FieldPhone].Text != "+49 30 1234567" {
		t.Error("the edit was lost on conflict")
	}
	f.closeOverlays()
}

func TestPatientFormFollowsRoleAndRestriction(t *testing.T) {
	t.Run("frontdesk sees no clinical fields", func(t *testing.T) {
		_, v := unlockedPatients(t, 5, vault.RoleFrontDesk)
		v.list.Select(0)
		if v.Form.clinicalVisible() || !v.Form.editable() {
			t.Fatalf("clinical visible %v, editable %v", v.Form.clinicalVisible(), v.Form.editable())
		}
	})
	t.Run("dpo reads clinical fields", func(t *testing.T) {
		_, v := unlockedPatients(t, 5, vault.RoleDPO)
		v.list.Select(0)
		if !v.Form.clinicalVisible() {
			t.Fatal("clinical fields hidden from the DPO")
		}
	})
	t.Run("restricted patient is read-only", func(t *testing.T) {
		f, v := unlockedPatients(t, 5, vault.RoleAdmin)
		s := f.s
		p := s.Records[uitest.SynthPatient(2).ID]
		p.Restricted = true
		s.Records[p.ID] = p
		v.list.Select(2)
		if v.Form.editable() || !v.Form.save.Disabled() || !v.Form.entries[kit.FieldGivenName].Disabled() {
			t.Fatal("restricted record editable")
		}
		test.Tap(v.Form.save)
		if s.UpdateCalls != 0 {
			t.Fatal("restricted record saved")
		}
	})
}

func TestSearchShowsMatchesAndClearing(t *testing.T) {
	f, v := unlockedPatients(t, 30, vault.RoleAdmin)
	test.Type(v.search, "T-000007")
	if v.searching {
		t.Fatal("searched before the typing paused")
	}
	if n := f.fire(); n != 1 {
		t.Fatalf("%d searches ran for one term typed", n)
	}
	if v.length() != 1 {
		t.Fatalf("%d matches for an MRN", v.length())
	}
	if r, _ := v.Row(0); r.ID != uitest.SynthPatient(7).ID {
		t.Fatalf("match %+v", r)
	}
	if v.count.Text != "1 match" {
		t.Errorf("count label %q", v.count.Text)
	}
	v.search.SetText("")
	if v.length() != 30 {
		t.Fatalf("cleared search shows %d rows", v.length())
	}
}

func TestSearchOnEnterRunsAtOnce(t *testing.T) {
	f, v := unlockedPatients(t, 30, vault.RoleAdmin)
	test.Type(v.search, "Given3")
	v.search.OnSubmitted(v.search.Text)
	if v.length() != 1 {
		t.Fatalf("%d matches after Enter", v.length())
	}
	if n := f.fire(); n != 0 {
		t.Fatalf("%d delayed searches ran after Enter", n)
	}
}

func TestImportListsProblemsByLine(t *testing.T) {
	f, v := unlockedPatients(t, 5, vault.RoleAdmin)
	s := f.s
	csv := "given_name,family_name,birth_date,sex,mrn\n" +
		"Ada,Example,1970-01-31,female,X-1\n" +
		"Bo,,1980-02-30,male,X-2\n" +
		"Cy,Sample,1990-05-05,female,T-000001\n" // MRN already in the vault
	v.Importer.Check([]byte(csv))
	res := v.Importer.last
	if len(res.Patients) != 0 || s.AddCalls != 0 {
		t.Fatal("a file with problems was imported")
	}
	var lines []int
	for _, p := range res.Problems {
		lines = append(lines, p.Line)
	}
	if !slices.Contains(lines, 3) {
		t.Errorf("problems %+v do not name line 3", res.Problems)
	}
	if len(res.Problems) < 2 || !strings.HasPrefix(problemLine(uitest.Loc(), res.Problems[0]), "Line 3") {
		t.Errorf("problems = %+v", res.Problems)
	}
	f.closeOverlays()

	good := "given_name,family_name,birth_date,sex\nAda,Example,1970-01-31,female\nBo,Sample,1980-02-28,male\n"
	v.Importer.Check([]byte(good))
	if len(v.Importer.last.Patients) != 2 {
		t.Fatalf("good file: %+v", v.Importer.last)
	}
	v.Importer.store(v.Importer.last.Patients)
	if s.AddCalls != 2 || v.length() != 7 {
		t.Fatalf("after import: %d adds, %d rows", s.AddCalls, v.length())
	}
	f.closeOverlays()
}

// BenchmarkPatientPagerScroll scrolls through 100,000 rows a screenful at
// a time, as the list does when drawing rows.
func BenchmarkPatientPagerScroll(b *testing.B) {
	page := make([]vault.PatientSummary, pageSize)
	p := newPager(func(off, lim int) ([]vault.PatientSummary, error) { return page, nil }, kit.SyncRunner, nil)
	p.Reset(100_000)
	b.ResetTimer()
	for i := range b.N {
		row := (i * 20) % 100_000
		for r := row; r < row+20 && r < 100_000; r++ {
			p.Row(r)
		}
	}
}
