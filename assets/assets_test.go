package assets

import (
	"encoding/json"
	"io/fs"
	"testing"
)

// TestEmbedded checks that the defaults are embedded and consistent: the
// catalogue is a JSON array, every manifest entry's file exists, and every
// text file is listed (the content rules are tested in package consent).
func TestEmbedded(t *testing.T) {
	var purposes []map[string]any
	if err := json.Unmarshal(PurposesJSON(), &purposes); err != nil || len(purposes) == 0 {
		t.Fatalf("purposes.json: %v", err)
	}
	texts := ConsentTexts()
	data, err := fs.ReadFile(texts, "manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var manifest []struct{ File string }
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{"manifest.json": true}
	for _, m := range manifest {
		if _, err := fs.Stat(texts, m.File); err != nil {
			t.Errorf("manifest names a missing file: %v", err)
		}
		listed[m.File] = true
	}
	entries, err := fs.ReadDir(texts, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !listed[e.Name()] {
			t.Errorf("%s is not in manifest.json", e.Name())
		}
	}
	a := PurposesJSON()
	a[0] = 'x'
	if PurposesJSON()[0] == 'x' {
		t.Error("PurposesJSON returns shared memory")
	}
}
