package i18n

import "testing"

// Load parses English only; German is parsed on first use and then
// answers like English does, ids and fallback included.
func TestCatalogParsesLanguagesOnFirstUse(t *testing.T) {
	c := MustLoad()
	if c.langs["en"].bundle == nil {
		t.Fatal("Load did not parse English, the fallback")
	}
	if c.langs["de"].bundle != nil {
		t.Fatal("Load parsed German before it was asked for")
	}
	de := c.Localizer("de")
	if c.langs["de"].bundle == nil || de.T("common.cancel") != "Abbrechen" {
		t.Fatalf("German after first use: %q", de.T("common.cancel"))
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	if len(c.IDs("de")) == 0 || len(c.IDs("de")) != len(c.IDs("en")) {
		t.Fatalf("ids: de %d, en %d", len(c.IDs("de")), len(c.IDs("en")))
	}
	if c.Has("fr", "common.cancel") || c.IDs("fr") != nil {
		t.Fatal("an unshipped language has ids")
	}
}
