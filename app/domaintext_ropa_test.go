package app

import (
	"bytes"
	"testing"

	"custodia/assets"
	"custodia/consent"
	"custodia/i18n"
)

// Every country and region whose holidays Custodia knows has a name in
// every language (German names may equal English ones: Berlin).
func TestJurisdictionLabels(t *testing.T) {
	cat := i18n.MustLoad()
	for _, c := range consent.HolidayCountries() {
		ids := []string{i18n.CountryID(c)}
		for _, r := range consent.RegionCodes(c) {
			ids = append(ids, i18n.RegionID(c, r))
		}
		for _, id := range ids {
			for _, lang := range i18n.Languages() {
				if !cat.Has(lang, id) {
					t.Errorf("%s: no %s name (%s)", c, lang, id)
				}
			}
		}
		if en := cat.Localizer("en").Country(c); en != consent.CountryName(c) {
			t.Errorf("%s: English name %q, the domain says %q", c, en, consent.CountryName(c))
		}
	}
	wordedInBoth(t, "country", map[string]string{"DE": i18n.CountryID("DE"), "CH": i18n.CountryID("CH")})
	de := cat.Localizer("de")
	if got := de.Jurisdiction("DE", "BY"); got != "Deutschland, Bayern" {
		t.Errorf("de jurisdiction: %q", got)
	}
	if got := de.Jurisdiction("XX", ""); got != "XX" {
		t.Errorf("unknown country: %q", got)
	}
}

// Everything the record of processing words from codes has a German
// text that is not the English one: Custodia's own activities, the
// security measures, the data subjects, recipient categories and
// safeguards of the shipped catalogue, and the legal sources of every
// shipped retention schedule.
func TestROPALabels(t *testing.T) {
	ids := map[string]string{}
	for _, a := range consent.Activities() {
		for _, part := range []string{"name", "basis", "subjects", "categories"} {
			ids[a+"."+part] = i18n.ROPAActivityID(a, part)
		}
	}
	for _, c := range consent.Controls() {
		ids[string(c)] = i18n.ControlID(string(c))
	}
	ps, err := consent.LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		t.Fatal(err)
	}
	en, de := i18n.MustLoad().Localizer("en"), i18n.MustLoad().Localizer("de")
	for _, p := range ps {
		for _, s := range append(p.DataSubjects, consent.SubjectPatients) {
			ids["subject "+s] = i18n.DataSubjectID(s)
		}
		for _, r := range p.Recipients {
			if de.RecipientCategory(r.Category) == r.Category {
				t.Errorf("recipient category %q of %s has no German text", r.Category, r.ID)
			}
			if r.Safeguard != "" && de.Safeguard(r.Safeguard) == r.Safeguard {
				t.Errorf("safeguard %q of %s has no German text", r.Safeguard, r.ID)
			}
		}
	}
	sched, err := ShippedSchedules()
	if err != nil {
		t.Fatal(err)
	}
	for _, rules := range sched {
		for _, r := range rules {
			ids["legal source "+r.ID] = i18n.LegalSourceID(r.ID)
			if en.LegalSource(r.ID, r.LegalSource) != r.LegalSource {
				t.Errorf("rule %s: the English legal source differs from the shipped one", r.ID)
			}
			if de.LegalSource(r.ID, r.LegalSource+" (geändert)") != r.LegalSource+" (geändert)" {
				t.Errorf("rule %s: a changed legal source is not kept as written", r.ID)
			}
		}
	}
	wordedInBoth(t, "record of processing", ids)
}
