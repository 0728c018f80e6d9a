package ucum

import "testing"

// Every labelled unit reads back as its code, labels are unique (else
// Code could not invert Label), and a plain unit passes unchanged.
func TestLabelsReadBack(t *testing.T) {
	seen := map[string]string{}
	for code := range labels {
		l := Label(code)
		if l == code {
			t.Errorf("unit %q is listed with itself as label", code)
		}
		if l == "" {
			continue
		}
		if other, dup := seen[l]; dup {
			t.Errorf("label %q names both %q and %q", l, other, code)
		}
		seen[l] = code
		if got := Code(l); got != code {
			t.Errorf("Code(%q) = %q, want %q", l, got, code)
		}
	}
	if Label("kg") != "kg" || Code(" kg ") != "kg" {
		t.Error("a plain unit changed")
	}
	if Label("mm[Hg]") != "mmHg" || Label("Cel") != "°C" {
		t.Errorf("mm[Hg] → %q, Cel → %q", Label("mm[Hg]"), Label("Cel"))
	}
}
