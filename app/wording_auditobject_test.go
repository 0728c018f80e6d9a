package app

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// TestAuditObjectOneWording: the desktop (AuditShortRef) and the command
// line (AuditFullRef) word every audit object alike; they differ only in
// how much of an id they write, the desktop's reference being the tail
// of the command line's. No raw "kind:" prefix reaches a German reader.
func TestAuditObjectOneWording(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	const pid = "0190a1b2-0000-7000-8000-00007d5d7713"
	users := func(id string) (string, bool) { return map[string]string{"u1": "dpo"}[id], id == "u1" }
	for _, tc := range []struct{ obj, short, full string }{
		{"patient:" + pid, "Patientenakte Ref. 7d5d7713", "Patientenakte Ref. " + pid},
		{"request:" + pid, "Antrag Ref. 7d5d7713", "Antrag Ref. " + pid},
		{"user:u1", "Benutzer dpo", "Benutzer dpo"},
		{"user:" + pid, "Benutzerkonto Ref. 7d5d7713", "Benutzerkonto Ref. " + pid},
		{"vault:" + pid, "dieser Tresor", "dieser Tresor"},
		{"practice", "Praxisangaben", "Praxisangaben"},
		{"retention:clinical-10y", "Aufbewahrungsregel clinical-10y", "Aufbewahrungsregel clinical-10y"},
		{"text:recall/de/2", "", ""},
		{"", "", ""},
	} {
		short := AuditObject(de, tc.obj, users, AuditShortRef)
		full := AuditObject(de, tc.obj, users, AuditFullRef)
		if tc.short != "" || tc.obj == "" {
			if short != tc.short || full != tc.full {
				t.Errorf("%q: desktop %q, command line %q; want %q, %q", tc.obj, short, full, tc.short, tc.full)
			}
		}
		if _, id, _ := strings.Cut(tc.obj, ":"); uuidLike(id) {
			full = strings.Replace(full, id, ShortRef(id), 1)
		}
		if short != full {
			t.Errorf("%q: the front ends disagree beyond the reference: %q vs %q", tc.obj, short, full)
		}
		if kind, _, ok := strings.Cut(tc.obj, ":"); ok && strings.Contains(short, kind+":") {
			t.Errorf("%q: raw object in %q", tc.obj, short)
		}
	}
	if got, want := AuditObject(de, "text:recall/de/2", nil, AuditFullRef),
		"Einwilligungstext "+de.Label("purpose", "recall", "recall")+" (Deutsch, Version 2)"; got != want {
		t.Errorf("consent text: %q, want %q", got, want)
	}
}
