package app

import (
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// Every shipped retention rule reads in German without an English code or
// text (issue 10): the Art. 17(3) exception as "DSGVO Art. 17 Abs. 3 lit.
// x", the country by its German name, the legal source in German while
// the stored text is the shipped English one; a practice's own source
// stays as written.
func TestRetentionRulesWordedInGerman(t *testing.T) {
	de, en := i18n.MustLoad().Localizer("de"), i18n.MustLoad().Localizer("en")
	shipped, err := ShippedSchedules()
	if err != nil {
		t.Fatal(err)
	}
	for _, country := range []string{"DE", "AT"} {
		for _, r := range shipped.For(country) {
			w := RetentionRuleWords(de, r)
			if r.Exception != "" && w.Exception != "DSGVO Art. 17 Abs. 3 lit. "+r.Exception {
				t.Errorf("%s: exception %q", r.ID, w.Exception)
			}
			if w.Country == r.Country || w.Country == consent.CountryName(r.Country) {
				t.Errorf("%s: country %q is the code or the English name", r.ID, w.Country)
			}
			if w.Source == r.LegalSource || strings.Contains(w.Source, "GDPR") {
				t.Errorf("%s: legal source stays English: %q", r.ID, w.Source)
			}
			for name, got := range map[string]string{"records": w.Records, "counts from": w.CountsFrom, "at the end": w.OnExpiry, "period": w.Period} {
				if got == "" || got == RetentionRuleWords(en, r).Records && name == "records" {
					t.Errorf("%s: %s %q", r.ID, name, got)
				}
			}
		}
	}
	own := consent.RetentionRule{ID: "own-1", Category: consent.RecBilling, Years: 12, Trigger: consent.TriggerYearEnd,
		LegalSource: "Praxisvertrag § 4", OnExpiry: consent.ActErase}
	if w := RetentionRuleWords(de, own); w.Source != own.LegalSource || w.Country != "" || w.Exception != "" {
		t.Errorf("own rule: %+v", w)
	}
	if got := RetentionRuleWords(de, shipped.For("DE")[0]).Country; got != "Deutschland" {
		t.Errorf("country of the German schedule: %q", got)
	}
}

// A due record reads by its category, its ground in the reader's language
// (the kept data of an erased patient too), and its person by name or by a
// short reference, never a record id.
func TestRetentionDueWorded(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	rules := consent.DefaultRetentionRules()
	var contact consent.RetentionRule
	for _, r := range rules {
		if r.Category == consent.RecContact {
			contact = r
		}
	}
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	pid := "0190a1b2-0000-7000-8000-00002588d569"
	d := consent.DueItem{Item: consent.RetentionItem{RecordID: "patient:" + pid + "/contact", SubjectID: pid, Category: consent.RecContact},
		RuleID: contact.ID, Action: consent.ActErase, DueSince: at, LegalSource: contact.LegalSource}
	w := RetentionDueWords(de, d)
	if w.Record != "Kontaktdaten" || w.Action != "Löschen" || w.Since != de.Date(at) || !strings.Contains(w.Ground, "DSGVO") {
		t.Errorf("due contact data: %+v", w)
	}
	kept := consent.DueItem{Item: consent.RetentionItem{RecordID: "kept:" + pid, SubjectID: pid, Category: consent.RecKept, KeepUntil: at},
		Action: consent.ActErase, DueSince: at, LegalSource: "kept under GDPR Art. 17(3) after an erasure until 2026-03-02"}
	if w := RetentionDueWords(de, kept); strings.Contains(w.Ground, "GDPR") || !strings.Contains(w.Ground, de.Date(at)) {
		t.Errorf("kept data ground: %q", w.Ground)
	}
	born := time.Date(1984, 3, 12, 0, 0, 0, 0, time.UTC)
	if got := SubjectText(de, pid, &Subject{Family: "Durand", Given: "Élise", BirthDate: born}); got != "Durand, Élise (geb. "+de.Date(born)+")" {
		t.Errorf("named subject: %q", got)
	}
	if got := SubjectText(de, pid, nil); got != "Patienten-Ref. 2588d569" {
		t.Errorf("subject by reference: %q", got)
	}
	if got := SubjectText(de, "", nil); got != "—" {
		t.Errorf("no subject: %q", got)
	}
}
