package demo

import (
	"testing"
	"time"
)

// The demo study's title is German like the rest of the demo practice's
// stored texts (its recipient, its purpose): people read it in the
// Research tab, the export report and the key-destruction notice.
func TestDemoStudyTitleIsGerman(t *testing.T) {
	st := Study("researcher", time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC))
	for name, text := range map[string]string{"title": st.Name, "recipient": st.Recipient.Org, "contact": st.Recipient.Contact} {
		if words := englishIn(text); len(words) > 0 {
			t.Errorf("study %s %q has English words %v", name, text, words)
		}
	}
}
