package consents

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
)

func rowState(t *testing.T, p *Panel, purpose string) Row {
	t.Helper()
	r, ok := p.Row(purpose)
	if !ok {
		t.Fatalf("purpose %s not shown", purpose)
	}
	return r
}

func TestConsentPanelWithdrawnUntilNewGrant(t *testing.T) {
	f, p := newTestPanel(t, vault.RoleFrontDesk)
	if got := rowState(t, p, "recall").State; got != StateNotGiven {
		t.Fatalf("recall before any grant: %q", got)
	}
	if r := rowState(t, p, "treatment"); !r.Allowed || r.State != StateNotNeeded || !strings.Contains(r.Basis, "9(2)(h)") {
		t.Fatalf("treatment: %+v", r)
	}

	grant := func() {
		t.Helper()
		p.Select("recall")
		p.OpenGrant()
		g := p.GrantForm
		if in := g.Input(); in.PurposeID != "recall" || in.Language == "" || len(in.Categories) == 0 {
			t.Fatalf("grant dialog input %+v", in)
		}
		if !regexp.MustCompile(` v[0-9]+ `).MatchString(g.textInfo.Text) { // "English v1", as the purposes table
			t.Errorf("text version not shown: %q", g.textInfo.Text)
		}
		g.Submit()
		if g.Problem() != "" {
			t.Fatalf("grant refused: %s", g.Problem())
		}
	}
	grant()
	if r := rowState(t, p, "recall"); r.State != StateAllowed || !r.Allowed || r.ActiveGrant == nil {
		t.Fatalf("after grant: %+v", r)
	}

	f.now = f.now.Add(time.Hour)
	p.Select("recall")
	if p.withdraw.Disabled() {
		t.Fatal("withdraw disabled for an active grant")
	}
	p.Withdraw("recall", consent.MethodVerbal)
	r := rowState(t, p, "recall")
	if r.State != StateWithdrawn || r.Allowed {
		t.Fatalf("after withdraw: %+v", r)
	}
	if tr := rowState(t, p, "treatment"); !tr.Allowed {
		t.Error("withdrawing recall touched treatment")
	}

	// time passing and reloading does not bring it back
	f.now = f.now.Add(24 * time.Hour)
	p.Reload()
	if r := rowState(t, p, "recall"); r.State != StateWithdrawn || r.Allowed {
		t.Fatalf("a day later without a new grant: %+v", r)
	}
	p.Select("recall")
	if !p.withdraw.Disabled() || !p.receipt.Disabled() {
		t.Error("withdraw or receipt enabled without an active grant")
	}

	grant()
	if r := rowState(t, p, "recall"); r.State != StateAllowed || !r.Allowed {
		t.Fatalf("after the new grant: %+v", r)
	}
	events, _ := f.cs.Store.ListEvents(context.Background(), consent.EventFilter{PatientID: "p000001"})
	var types []consent.EventType
	for _, e := range events {
		types = append(types, e.Type)
	}
	if !slices.Equal(types, []consent.EventType{consent.Granted, consent.Withdrawn, consent.Granted}) {
		t.Fatalf("ledger = %v", types)
	}
	if p.timeline.Len() != 3 || p.timeline.Cell(0, 1) != kit.EventLabel(testLoc(), consent.Granted) || p.timeline.Cell(1, 1) != kit.EventLabel(testLoc(), consent.Withdrawn) {
		t.Errorf("timeline (newest first): %q, %q", p.timeline.Cell(0, 1), p.timeline.Cell(1, 1))
	}
}

func TestGrantNeedsCategoryAndRecordsRepresentativeRelationOnly(t *testing.T) {
	f, p := newTestPanel(t, vault.RoleFrontDesk)
	p.Select("research:registry")
	p.OpenGrant()
	g := p.GrantForm
	g.categories.SetSelected(nil)
	g.Submit()
	if !strings.Contains(g.Problem(), "categor") {
		t.Fatalf("no category accepted: %q", g.Problem())
	}
	g.categories.SetSelected([]string{consent.CatDiagnoses})
	g.repName.SetText("Rep Synthetic")
	g.Submit()
	if !strings.Contains(g.Problem(), "relation") {
		t.Fatalf("representative without relation: %q", g.Problem())
	}
	g.relation.SetSelected(consent.RelParent)
	g.Submit()
	if g.Problem() != "" {
		t.Fatal(g.Problem())
	}
	events, _ := f.cs.Store.ListEvents(context.Background(), consent.EventFilter{PatientID: "p000001"})
	if len(events) != 1 || !slices.Equal(events[0].Categories, []string{consent.CatDiagnoses}) || events[0].Representative == nil {
		t.Fatalf("stored %+v", events)
	}
	if d := p.timeline.Cell(0, 5); strings.Contains(d, "Rep Synthetic") || !strings.Contains(d, kit.RelationLabel(testLoc(), consent.RelParent)) {
		t.Errorf("timeline details %q: want the relation, never the name", d)
	}
	if !p.Select("research:registry") {
		t.Fatal("not selectable")
	}
	var sb strings.Builder
	if err := p.WriteReceipt(&sb); err != nil {
		t.Fatal(err)
	}
	html := sb.String()
	if !strings.Contains(html, "p000001") || strings.Contains(html, "Rep Synthetic") || !strings.Contains(html, testPractice.Name) {
		t.Errorf("receipt: patient id and practice expected, representative name never")
	}
}

func TestConsentPanelReadOnlyForResearcher(t *testing.T) {
	_, p := newTestPanel(t, vault.RoleResearcher)
	if p.grant.Visible() || p.withdraw.Visible() {
		t.Error("a researcher is offered grant or withdraw")
	}
}

func TestGrantWithDenyException(t *testing.T) {
	f, p := newTestPanel(t, vault.RoleFrontDesk)
	p.Select("research:registry")
	p.OpenGrant()
	g := p.GrantForm
	if !slices.Contains(g.deny.Options(), consent.CatGenetics) || slices.Contains(g.deny.Options(), consent.CatDemographics) {
		t.Fatalf("deny options %v: special categories only", g.deny.Options())
	}
	g.deny.SetSelected([]string{consent.CatGenetics})
	g.Submit()
	if g.Problem() != "" {
		t.Fatal(g.Problem())
	}
	l, err := f.uc().PatientLedger("p000001")
	if err != nil {
		t.Fatal(err)
	}
	if d := l.Index.Allowed("p000001", "research:registry", "", consent.CatGenetics, f.now); d.Allowed || !strings.Contains(d.Reason, "deny") {
		t.Errorf("genetics: %+v", d)
	}
	if d := l.Index.Allowed("p000001", "research:registry", "", consent.CatDiagnoses, f.now); !d.Allowed {
		t.Errorf("diagnoses: %+v", d)
	}
	if !strings.Contains(p.timeline.Cell(0, 5), "except "+kit.CategoryLabel(testLoc(), consent.CatGenetics)) {
		t.Errorf("timeline %q", p.timeline.Cell(0, 5))
	}
}

func TestReceiptJSONIsKantara(t *testing.T) {
	_, p := newTestPanel(t, vault.RoleFrontDesk)
	p.Select("recall")
	p.OpenGrant()
	p.GrantForm.Submit()
	p.Select("recall")
	rc, err := p.Receipt()
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	if err := writeReceiptJSON(&sb, rc); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"version": "KI-CR-v1.1.0"`, `"piiPrincipalId": "p000001"`, `"consentReceiptID"`} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("receipt JSON lacks %s", want)
		}
	}
}

// TestConsentStateUsesTheTypedBlock: a restriction or objection is told by
// the decision's block kind, never by words in its reason.
func TestConsentStateUsesTheTypedBlock(t *testing.T) {
	p := consent.Purpose{ID: "research:x", ConsentRequired: true}
	active := consent.GrantStatus{Status: "active"}
	for _, c := range []struct {
		d    consent.Decision
		want string
	}{
		{consent.Decision{Block: consent.BlockRestriction, Reason: "eingeschränkt"}, StateBlocked},
		{consent.Decision{Block: consent.BlockObjection}, StateBlocked},
		{consent.Decision{Block: consent.BlockErasure}, StateErased},
		{consent.Decision{Reason: "processing restricted (GDPR Art. 18)"}, StateNotCovered},
		{consent.Decision{Reason: "patient objected (GDPR Art. 21)"}, StateNotCovered},
	} {
		if got := consentState(p, c.d, active); got != c.want {
			t.Errorf("%+v: %q, want %q", c.d, got, c.want)
		}
	}
}

// TestBasisColumnSpeaksTheLanguage: the "Lawful basis" column names the
// ground in the user's language, never the code or an English citation.
func TestBasisColumnSpeaksTheLanguage(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		f := newFixture(t, vault.RoleFrontDesk)
		loc := i18n.MustLoad().Localizer(lang)
		f.env.Loc = loc
		p := f.panel(t)
		for i, r := range p.Rows() {
			got := p.states.Cell(i, 2)
			art := r.Purpose.Art6
			id := i18n.BasisID("art6", art)
			if r.Purpose.Art9 != "" {
				id = i18n.BasisID("art9", r.Purpose.Art9)
			}
			if got != loc.T(id) || strings.Contains(got, "GDPR") || strings.Contains(got, "Art.") || got == r.Basis {
				t.Errorf("%s, %s: basis cell %q, want %q", lang, r.Purpose.ID, got, loc.T(id))
			}
		}
		r, _ := p.Row("treatment")
		if lang == "de" && p.states.Cell(slices.IndexFunc(p.Rows(), func(x Row) bool { return x.Purpose.ID == "treatment" }), 2) != "Gesundheitsversorgung" {
			t.Errorf("treatment in German: %q (%+v)", p.states.Cell(0, 2), r.Purpose)
		}
	}
}

// The Recipients and Except rows read "none" in the reader's language for
// a purpose without recipients or without special categories to except,
// instead of a label with nothing beside it; a purpose that has them shows
// its check boxes only (issue 10).
func TestGrantRowsSayNoneWhenEmpty(t *testing.T) {
	_, p := newTestPanel(t, vault.RoleFrontDesk)
	for _, c := range []struct {
		purpose            string
		noRecips, noExcept bool
	}{{"recall", true, false}, {"marketing", true, true}, {"research:registry", false, false}} {
		p.Select(c.purpose)
		p.OpenGrant()
		g := p.GrantForm
		r, e := g.NoneShown()
		if r != c.noRecips || e != c.noExcept || r == g.recipients.Box.Visible() || e == g.deny.Box.Visible() {
			t.Errorf("%s: none shown for recipients %v, except %v; want %v, %v", c.purpose, r, e, c.noRecips, c.noExcept)
		}
		if g.noRecipients.Text != testLoc().T("polish.grant.none") || g.noRecipients.Text == "" {
			t.Errorf("none reads %q", g.noRecipients.Text)
		}
		g.dlg.Hide()
	}
}

// At 1280×800 in German, a purpose with many data categories (three
// columns of boxes would leave the consent text a sliver, broken inside
// words) lays its boxes out in two columns, so the text keeps a readable
// width (issue 10).
func TestGrantTextKeepsItsWidth(t *testing.T) {
	_, p := newTestPanel(t, vault.RoleFrontDesk)
	p.env.Loc = i18n.MustLoad().Localizer("de") // the longer German labels
	p.env.Win.Resize(fyne.NewSize(1280, 800))
	p.Select("sharing:specialist-network")
	p.OpenGrant()
	g := p.GrantForm
	if w := g.textBody.Size().Width; w < grantTextWidth*0.6 {
		t.Errorf("the consent text is %.0f wide beside %.0f of form, want at least %.0f", w, g.left.Size().Width, grantTextWidth*0.6)
	}
	g.dlg.Hide()
}

// TestEmptyHistorySaysSo: a patient without consent events sees a line
// saying so under the history's header; after a grant the line goes.
func TestEmptyHistorySaysSo(t *testing.T) {
	_, p := newTestPanel(t, vault.RoleFrontDesk)
	empty := p.env.Loc.T("consent.ledger.empty")
	if !p.noEvents.Visible() || p.noEvents.Text != empty {
		t.Fatalf("empty history: note shown %v, %q", p.noEvents.Visible(), p.noEvents.Text)
	}
	p.Select("recall")
	p.OpenGrant()
	p.GrantForm.Submit()
	if p.noEvents.Visible() {
		t.Error("the empty-history note stays after a grant")
	}
}
