package kit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReflow(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"one line", "one line"},
		{"a sentence broken\nat a fixed width\nends here.", "a sentence broken at a fixed width ends here."},
		{"Title\n\nfirst paragraph\ngoes on.\n\nsecond one.\n", "Title\n\nfirst paragraph goes on.\n\nsecond one."},
		{"Data:\n- name\n- address that\n  goes on\n1. one\n2) two", "Data:\n- name\n- address that goes on\n1. one\n2) two"},
		{"windows\r\nline ends", "windows line ends"},
	} {
		if got := Reflow(c.in); got != c.want {
			t.Errorf("Reflow(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Every shipped consent text keeps its words and paragraphs when reflowed,
// and no line break is left inside a paragraph.
func TestReflowShippedConsentTexts(t *testing.T) {
	files, err := filepath.Glob("../../assets/consent-texts/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped consent texts (%v)", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in, out := string(b), Reflow(string(b))
		if strings.Join(strings.Fields(in), " ") != strings.Join(strings.Fields(out), " ") {
			t.Errorf("%s: words changed", f)
		}
		paras := strings.Split(out, "\n\n")
		if want := len(strings.Split(strings.TrimSpace(in), "\n\n")); len(paras) != want {
			t.Errorf("%s: %d paragraphs, want %d", f, len(paras), want)
		}
		for _, p := range paras {
			for _, line := range strings.Split(p, "\n")[1:] {
				if !listItem(line) {
					t.Errorf("%s: a line break inside a paragraph before %q", filepath.Base(f), line)
				}
			}
		}
	}
}
