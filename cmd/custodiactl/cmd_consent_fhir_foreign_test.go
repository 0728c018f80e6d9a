package main

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// A research consent of another system (HL7 R4 shape, LOINC 59284-0,
// HRESCH, a primary recipient), for the patient given with --patient.
const foreignResearch = `{"resourceType":"Consent","id":"research-1","status":"active",
 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"research"}]},
 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
 "patient":{"reference":"Patient/elsewhere-1"},"dateTime":"2026-06-01T10:00:00Z",
 "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
 "provision":{"type":"permit","period":{"start":"2026-06-01T10:00:00Z","end":"2027-12-31"},
  "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"PRCP"}]},
            "reference":{"reference":"Organization/university-institute"}}],
  "purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HRESCH"}],
  "provision":[{"type":"deny","code":[{"coding":[{"system":"http://loinc.org","code":"51969-4"}]}]}]}}`

func TestConsentImportForeignFHIR(t *testing.T) {
	env, id := gdprVault(t)
	file := writeFile(t, foreignResearch)
	out := mustRun(t, env, "consent", "import-fhir", file, "--patient", id, "--dry-run")
	for _, want := range []string{i18n.MustLoad().Localizer("en").Label("event", "granted", "") + ", purpose " + i18n.MustLoad().Localizer("en").Label("purpose", "research:registry", ""), "HRESCH → purpose " + i18n.MustLoad().Localizer("en").Label("purpose", "research:registry", ""),
		"PRCP Organization/university-institute → recipient University research institute", "deny → exception: " + i18n.MustLoad().Localizer("en").Label("category", "genetics", "") + " for every recipient", "nothing imported"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	if s := states(t, env, "--patient", id)["research:registry"]; s.Allowed {
		t.Fatalf("dry run imported: %+v", s)
	}
	mustRun(t, env, "consent", "import-fhir", file, "--patient", id)
	if s := states(t, env, "--patient", id)["research:registry"]; !s.Allowed {
		t.Errorf("after import: %+v", s)
	}
	if s := states(t, env, "--patient", id, "--category", "genetics")["research:registry"]; s.Allowed {
		t.Errorf("genetics allowed despite the nested deny: %+v", s)
	}
	// A practitioner as recipient cannot be represented: refused, path named.
	bad := strings.Replace(foreignResearch, "Organization/university-institute", "Practitioner/f204", 1)
	msg := mustFail(t, env, exitValidation, "consent", "import-fhir", writeFile(t, bad), "--patient", id)
	if !strings.Contains(msg, "provision.actor[0].reference") {
		t.Errorf("practitioner recipient: %s", msg)
	}
}

// TestValidUntilInclusive: --valid-until names the last day the consent
// holds, through its end in the practice's time zone.
func TestValidUntilInclusive(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper", "--valid-until", "2026-06-20")
	if s := states(t, env, "--patient", id, "--at", "2026-06-20T09:00")["recall"]; !s.Allowed {
		t.Errorf("the morning of the last day: %+v", s)
	}
	if s := states(t, env, "--patient", id, "--at", "2026-06-20T23:59")["recall"]; !s.Allowed {
		t.Errorf("the evening of the last day: %+v", s)
	}
	if s := states(t, env, "--patient", id, "--at", "2026-06-21T00:00")["recall"]; s.Allowed {
		t.Errorf("the day after: %+v", s)
	}
}
