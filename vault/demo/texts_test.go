package demo

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"custodia/consent"
	"custodia/research"
	"custodia/vault"
)

// germanWords are common German words; English text has none of them.
var germanWords = map[string]bool{"der": true, "die": true, "das": true, "und": true, "ein": true, "eine": true, "einer": true,
	"wurde": true, "werden": true, "mit": true, "von": true, "vor": true, "selbst": true, "synthetische": true,
	"forschung": true, "register": true, "demo-anfrage": true, "brief": true, "patientin": true}

func germanIn(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		if germanWords[w] || strings.ContainsAny(w, "äöüß") {
			out = append(out, w)
		}
	}
	return out
}

// A demo vault stores its own words (the research purpose, the study, the
// requests, the breach) in the language it was made in, and its consents
// were given on the consent text of that language: an English demo shows
// no German to its researcher or DPO, a German one no English (issue 10).
func TestDemoWordsFollowTheLanguageItWasMadeIn(t *testing.T) {
	for _, lang := range Languages() {
		t.Run(lang, func(t *testing.T) {
			words := TextsIn(lang)
			path := filepath.Join(t.TempDir(), "demo.vault")
			if _, err := CreateDemoVaultIn(path, 30, words, testOptions()); err != nil {
				t.Fatal(err)
			}
			v, err := vault.Open(path, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			s, err := v.Unlock("dpo", []byte("dpo-passphrase-not-secret"))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Lock()
			ctx, cs := context.Background(), s.ConsentStore()
			p, err := cs.GetPurpose(ctx, registryPurpose.ID)
			if err != nil {
				t.Fatal(err)
			}
			read := []string{p.Name, p.Description, p.Recipients[0].Name}
			ctl, err := s.Practice()
			if err != nil || ctl != PracticeIn(words) {
				t.Fatalf("practice %+v, %v", ctl, err)
			}
			read = append(read, ctl.Name, strings.Split(ctl.DPOContact, " <")[0])
			if p.Name != words.PurposeName {
				t.Errorf("purpose %q, want %q", p.Name, words.PurposeName)
			}
			studies, err := s.Studies()
			if err != nil || len(studies) != 1 {
				t.Fatalf("studies %v, %v", studies, err)
			}
			var st research.Study
			if err := json.Unmarshal(studies[0].Definition, &st); err != nil {
				t.Fatal(err)
			}
			if st.Name != words.StudyName || st.Recipient.Contact != words.Contact {
				t.Errorf("study %q for %q", st.Name, st.Recipient.Contact)
			}
			read = append(read, st.Name, st.Recipient.Org, st.Recipient.Contact)
			reqs, err := cs.ListRequests(ctx, consent.RequestFilter{})
			if err != nil || len(reqs) == 0 {
				t.Fatalf("requests %d, %v", len(reqs), err)
			}
			for _, r := range reqs {
				read = append(read, r.Requester, r.Description)
			}
			breaches, err := cs.ListBreaches(ctx)
			if err != nil || len(breaches) != 1 {
				t.Fatalf("breaches %d, %v", len(breaches), err)
			}
			b := breaches[0]
			read = append(read, b.Description, b.Consequences, b.Measures, b.DecisionReason)
			for _, text := range read {
				english := englishIn(text)
				if lang == "de" && len(english) > 0 {
					t.Errorf("German demo: %q has English words %v", text, english)
				}
				if german := germanIn(text); lang == "en" && len(german) > 0 {
					t.Errorf("English demo: %q has German words %v", text, german)
				}
			}
			events, err := cs.ListEvents(ctx, consent.EventFilter{PurposeID: registryPurpose.ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				if e.Type == consent.Granted && e.TextLanguage != lang {
					t.Fatalf("a grant on the %q text", e.TextLanguage)
				}
			}
		})
	}
}
