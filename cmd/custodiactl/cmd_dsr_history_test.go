package main

import (
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// dsr show words the history's details in the reader's language: the
// request's type and channel and the identity check, never the stored codes.
func TestDSRShowHistoryWorded(t *testing.T) {
	env, id := gdprVault(t)
	rid := openRequest(t, env, id, "access", "2026-06-10")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyIDDocument)
	out := mustRun(t, with(env, "LANG", "de_DE.UTF-8"), "dsr", "show", rid)
	de := i18n.MustLoad().Localizer("de")
	for _, want := range []string{de.Label("request", "access", ""), de.Label("channel", "letter", ""), de.Label("verify", consent.VerifyIDDocument, "")} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	for _, raw := range []string{"access via letter", "verified=", consent.VerifyIDDocument} {
		if strings.Contains(out, raw) {
			t.Errorf("show has the code %q:\n%s", raw, out)
		}
	}
}
