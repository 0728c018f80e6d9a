package dashboard

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// now is a Monday; the test vault has no practice details, so deadlines
// move over weekends only.
var now = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

var catalog = i18n.MustLoad()

// fixture is a seeded test vault unlocked as the administrator, with the
// use cases on a fixed clock.
type fixture struct {
	uc *app.Session
	vs *vault.Session
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	_, vs := vault.NewTestVault(t)
	uc := app.New(app.FromVault(vs), app.Options{Now: func() time.Time { return now }})
	if err := app.Seed(uc.Context(), uc.Store()); err != nil {
		t.Fatal(err)
	}
	return fixture{uc: uc, vs: vs}
}

func (f fixture) patient(t *testing.T, given string) string {
	t.Helper()
	p, err := f.vs.AddPatient(vault.Patient{GivenName: given, FamilyName: "Testperson", BirthDate: time.Date(1970, 3, 4, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func (f fixture) request(t *testing.T, patient string, typ consent.RequestType, received time.Time) consent.Request {
	t.Helper()
	r, err := f.uc.OpenRequest(consent.Intake{SubjectID: patient, Type: typ, Channel: consent.ChannelEmail,
		ReceivedAt: received, Requester: "the patient", RequesterRelation: consent.RelSelf})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f fixture) breach(t *testing.T, ago time.Duration) {
	t.Helper()
	if _, err := f.uc.SaveBreach(consent.Breach{ID: consent.NewID(), AwareAt: now.Add(-ago), RecordedBy: f.uc.Actor().UserID,
		Nature: []string{"confidentiality"}, Description: "Laptop stolen from the car", Consequences: consent.ConsequencesUnknown,
		Risk: consent.RiskHigh}); err != nil {
		t.Fatal(err)
	}
}

// known fills the vault: three open requests (one overdue, one due on
// Friday, one fresh; one received on a Saturday's deadline), two breaches
// on the clock, one consent ending within the renewal window.
func (f fixture) known(t *testing.T) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for _, n := range []string{"Anna", "Bernd", "Clara"} {
		ids[n] = f.patient(t, n)
	}
	f.request(t, ids["Anna"], consent.ReqAccess, now.AddDate(0, 0, -45))
	f.request(t, ids["Bernd"], consent.ReqErasure, time.Date(2026, 5, 16, 9, 0, 0, 0, time.UTC)) // due Tue 16 Jun... see test
	r := f.request(t, ids["Clara"], consent.ReqRectification, now)
	if _, err := f.uc.VerifyIdentity(r, consent.VerifyIDDocument, true); err != nil {
		t.Fatal(err)
	}
	f.breach(t, 70*time.Hour)
	f.breach(t, 90*time.Hour)
	if _, err := f.uc.GrantConsent(app.Grant{Language: "en", Event: consent.Event{PatientID: ids["Clara"], PurposeID: "recall",
		Method: consent.MethodPaper, ValidUntil: now.AddDate(0, 0, 20)}}); err != nil {
		t.Fatal(err)
	}
	return ids
}

func newView(t *testing.T, loc *i18n.Localizer, uc UseCases, links Links) *View {
	t.Helper()
	test.NewTempApp(t)
	v := New(loc, uc, Options{Links: links})
	w := test.NewTempWindow(t, v.Content())
	w.Resize(fyne.NewSize(1100, 740))
	v.Refresh()
	return v
}

// The screen shows what the use case returns, in the reader's words.
func TestFiguresEqualTheUseCase(t *testing.T) {
	f := newFixture(t)
	ids := f.known(t)
	d, err := f.uc.Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	if d.Open != 3 || len(d.Breaches) != 2 || d.Renewals != 1 {
		t.Fatalf("fixture: open %d breaches %d renewals %d", d.Open, len(d.Breaches), d.Renewals)
	}
	loc := catalog.Localizer("en")
	v := newView(t, loc, f.uc, Links{})
	if got, want := v.requests.figure.String(), loc.Int(d.Open); got != want {
		t.Errorf("open requests %q, want %q", got, want)
	}
	if got, want := v.breaches.figure.String(), loc.Int(len(d.Breaches)); got != want {
		t.Errorf("breaches %q, want %q", got, want)
	}
	if got, want := v.retention.figure.String(), loc.Int(d.Retention.Due); got != want {
		t.Errorf("retention %q, want %q", got, want)
	}
	if got, want := v.renewals.figure.String(), loc.Int(d.Renewals); got != want {
		t.Errorf("renewals %q, want %q", got, want)
	}
	lines := texts(v.requests.lines)
	for _, want := range []string{loc.T("dashboard.requests.overdue", "Count", loc.Int(d.Overdue)),
		loc.T("dashboard.requests.dueSoon", "Count", loc.Int(d.DueSoon), "Days", consent.AmberDays),
		// the states read as the request list names them (one term per state)
		loc.Label("state", "received", "") + " 2, " + loc.Label("state", "verifying", "") + " 1"} {
		if !strings.Contains(lines, want) {
			t.Errorf("request lines lack %q:\n%s", want, lines)
		}
	}
	if len(v.requests.entries.Objects) != len(d.Deadlines) {
		t.Fatalf("%d deadline rows, use case has %d", len(v.requests.entries.Objects), len(d.Deadlines))
	}
	for i, r := range d.Deadlines {
		row := texts(v.requests.entries.Objects[i])
		name := "Testperson, " + given(ids, r.Request.SubjectID)
		if !strings.Contains(row, name) || !strings.Contains(row, loc.Date(r.Deadline.Due)) {
			t.Errorf("row %d %q lacks %q or its due date", i, row, name)
		}
		if strings.Contains(row, r.Request.SubjectID) || strings.Contains(row, string(r.Request.Type)+" ") {
			t.Errorf("row %d shows a code: %q", i, row)
		}
	}
	if first := texts(v.requests.entries.Objects[0]); !strings.Contains(first, "Anna") || !strings.Contains(first, "days overdue") {
		t.Errorf("the most overdue request comes first: %q", first)
	}
	// Bernd's month ends on Tue 16 June; no weekend moves it.
	if !strings.Contains(texts(v.requests.entries.Objects[1]), "1 day left") {
		t.Errorf("Bernd's row: %q", texts(v.requests.entries.Objects[1]))
	}
	b := texts(v.breaches.entries)
	if !strings.Contains(b, "notification overdue by 18 h 0 min") || !strings.Contains(b, "2 h 0 min left") {
		t.Errorf("breach clocks: %q", b)
	}
	if !strings.Contains(texts(v.renewals.entries), "Testperson, Clara") {
		t.Errorf("renewals: %q", texts(v.renewals.entries))
	}
	if v.empty.Visible() || len(v.images) != 2 {
		t.Errorf("empty notice shown %v, %d charts (want 2: states and clock)", v.empty.Visible(), len(v.images))
	}
	for _, img := range v.images {
		if _, err := png.Decode(bytes.NewReader(img.Resource.Content())); err != nil {
			t.Errorf("chart %s: %v", img.Resource.Name(), err)
		}
	}
}

// A vault with nothing to do says so, without charts.
func TestEmptyVault(t *testing.T) {
	f := newFixture(t)
	loc := catalog.Localizer("de")
	v := newView(t, loc, f.uc, Links{})
	if !v.empty.Visible() || v.empty.Text != loc.T("dashboard.empty") || v.charts.Visible() {
		t.Errorf("empty state: notice %v %q, charts %v", v.empty.Visible(), v.empty.Text, v.charts.Visible())
	}
	for _, c := range []card{v.requests, v.breaches, v.retention, v.renewals} {
		if c.figure.String() != "0" {
			t.Errorf("figure %q in an empty vault", c.figure.String())
		}
	}
	for _, want := range []string{"Keine offenen Anträge.", "Keine Datenpanne"} {
		if !strings.Contains(texts(v.requests.lines)+texts(v.breaches.lines), want) {
			t.Errorf("German empty state lacks %q", want)
		}
	}
}

// Entries open the shell's screens.
func TestLinks(t *testing.T) {
	f := newFixture(t)
	f.known(t)
	var opened []string
	v := newView(t, catalog.Localizer("en"), f.uc, Links{
		Request:  func(id string) { opened = append(opened, "request:"+id) },
		Requests: func() { opened = append(opened, "queue") },
		Breaches: func() { opened = append(opened, "breaches") },
	})
	test.Tap(firstButton(v.requests.entries.Objects[0]))
	test.Tap(v.requests.link)
	test.Tap(firstButton(v.breaches.entries.Objects[0]))
	want := []string{"request:" + v.Dashboard().Deadlines[0].Request.ID, "queue", "breaches"}
	if strings.Join(opened, " ") != strings.Join(want, " ") {
		t.Errorf("opened %v, want %v", opened, want)
	}
	if v.retention.link.Visible() {
		t.Error("a link the shell did not give is shown")
	}
}

// A failed load says so and keeps the screen.
func TestLoadError(t *testing.T) {
	f := newFixture(t)
	f.vs.Lock()
	v := newView(t, catalog.Localizer("en"), f.uc, Links{})
	if !v.problem.Visible() || !strings.HasPrefix(v.problem.Text, "The overview could not be loaded") {
		t.Errorf("problem %v %q", v.problem.Visible(), v.problem.Text)
	}
}

func given(ids map[string]string, id string) string {
	for n, x := range ids {
		if x == id {
			return n
		}
	}
	return "?"
}

// texts joins the text of every label, button and rich text under o.
func texts(o fyne.CanvasObject) string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		case *widget.RichText:
			out = append(out, w.String())
		case *widget.Card:
			walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return strings.Join(out, " | ")
}

func firstButton(o fyne.CanvasObject) *widget.Button {
	switch w := o.(type) {
	case *widget.Button:
		return w
	case *widget.Card:
		return firstButton(w.Content)
	case *fyne.Container:
		for _, c := range w.Objects {
			if b := firstButton(c); b != nil {
				return b
			}
		}
	}
	return nil
}

// stub answers with a fixed dashboard.
type stub struct{ d app.Dashboard }

func (s stub) Dashboard() (app.Dashboard, error) { return s.d, nil }

// A ledger the catalogue rejects leaves the consent figures out, says
// so, and shows the rest.
func TestConsentsUnread(t *testing.T) {
	loc := catalog.Localizer("en")
	v := newView(t, loc, stub{app.Dashboard{At: now, Open: 2, ConsentsUnread: "textVersion: superseded"}}, Links{})
	lines := texts(v.renewals.lines)
	if !strings.Contains(lines, "Consents are not counted") || !strings.Contains(lines, "textVersion: superseded") {
		t.Errorf("renewal lines %q", lines)
	}
	if v.requests.figure.String() != "2" || v.renewals.figure.String() != "—" {
		t.Errorf("open requests %q, renewals %q", v.requests.figure.String(), v.renewals.figure.String())
	}
}
