package governance

import (
	"strings"
	"testing"

	"custodia/consent"
	"custodia/ui/internal/uitest"

	"fyne.io/fyne/v2"
)

// TestBreachLogPreselectsFirstRow: as the log loads, its first (newest)
// breach is selected, so its description reads under the table without a
// click; after a reload the breach that was selected stays selected while
// it is still listed (its row moves when a newer one comes first).
func TestBreachLogPreselectsFirstRow(t *testing.T) {
	v := breachLog(t, "de")
	uitest.ShowInShell(v.env, fyne.NewSize(1280, 800), v.content)
	v.Activate()
	first, ok := v.Breach(0)
	if !ok || v.selected != 0 {
		t.Fatalf("no row selected as the log loads (selected %d)", v.selected)
	}
	if !strings.Contains(v.details.Text, first.Description) {
		t.Errorf("the first breach's description is not shown without a click: %q", v.details.Text)
	}
	v.SelectRow(2)
	picked, _ := v.Breach(2)
	newer := first
	newer.ID, newer.Version = consent.NewID(), 0
	newer.AwareAt = first.AwareAt.Add(1)
	newer.Description = "A synthetic newer breach."
	if _, err := v.uc.SaveBreach(newer); err != nil {
		t.Fatal(err)
	}
	v.Reload()
	if got, ok := v.Breach(v.selected); !ok || got.ID != picked.ID {
		t.Errorf("after a reload row %d (%s) is selected, want the breach selected before (%s)", v.selected, got.ID, picked.ID)
	}
	if v.selected != 3 {
		t.Errorf("selected row %d, want 3 (the newer breach comes first)", v.selected)
	}
}
