package vault

import (
	"bytes"
	"testing"
)

var nameCases = []struct{ in, want string }{
	{"Zoë", "zoe"},
	{"  Qórvath-O'Brïen ", "qorvath obrien"},
	{"STRAßE", "strasse"},
	{"Łukasz Øster", "lukasz oster"},
	{"Zoe\u0308", "zoe"}, // NFD
	{"a\t\tb", "a b"},
	{"", ""},
	{"Æsa Þór", "aesa thor"},
	{"Nguyễn", "nguyen"},
}

func TestNormaliseName(t *testing.T) {
	for _, c := range nameCases {
		if got := normaliseName(c.in); got != c.want {
			t.Errorf("normaliseName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzNormaliseName(f *testing.F) {
	for _, c := range nameCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normaliseName(s)
		if normaliseName(n) != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, normaliseName(n))
		}
		if n != "" && (n[0] == ' ' || n[len(n)-1] == ' ') {
			t.Fatalf("untrimmed: %q", n)
		}
	})
}

func TestRecoveryCodeShape(t *testing.T) {
	code, raw := newRecoveryCode()
	if len(raw) != recoveryBytes || len(code) != 32+7 {
		t.Fatalf("code of %d chars for %d bytes", len(code), len(raw))
	}
	back, err := parseRecoveryCode(code)
	if err != nil || !bytes.Equal(back, raw) {
		t.Fatalf("round trip: %v", err)
	}
}

func FuzzParseRecoveryCode(f *testing.F) {
	code, _ := newRecoveryCode()
	for _, s := range []string{code, "", "AAAA-BBBB", "0000-1111-8888-2222-3333-4444-5555-6666", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw, err := parseRecoveryCode(s)
		if err != nil {
			return
		}
		if len(raw) != recoveryBytes {
			t.Fatalf("accepted %d bytes", len(raw))
		}
		again, err := parseRecoveryCode(recoveryEncoding.EncodeToString(raw))
		if err != nil || !bytes.Equal(again, raw) {
			t.Fatal("re-encoding does not round-trip")
		}
	})
}

func TestPadUnpad(t *testing.T) {
	for n := range 70 {
		in := bytes.Repeat([]byte{0x80}, n) // worst case: data ending like padding
		p := pad(in)
		if len(p)%padBlock != 0 || len(p) <= n {
			t.Fatalf("pad(%d) = %d bytes", n, len(p))
		}
		out, err := unpad(p)
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("unpad(pad(%d)) failed", n)
		}
	}
	if _, err := unpad(make([]byte, 16)); err == nil {
		t.Fatal("unpad accepted all zeros")
	}
}
