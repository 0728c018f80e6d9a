package deid

import (
	"math/rand"
	"testing"
)

// TestByteDictMatchesMap looks up random byte strings (empty, with zero
// bytes, sharing long prefixes, differing only past the eighth byte) in a
// byteDict and a Go map: same codes, in order of first appearance, through
// many doublings of the table.
func TestByteDictMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	var d byteDict
	want := map[string]uint32{}
	var order []string
	prefix := []byte("Never-married/Separated-")
	for i := 0; i < 200000; i++ {
		var v []byte
		switch rng.Intn(4) {
		case 0:
			v = make([]byte, rng.Intn(4))
			for j := range v {
				v[j] = byte(rng.Intn(3)) // many zero bytes and short values
			}
		case 1:
			v = append(append([]byte{}, prefix[:rng.Intn(len(prefix))]...), byte('a'+rng.Intn(26)))
		default:
			v = make([]byte, 1+rng.Intn(20))
			for j := range v {
				v[j] = byte('0' + rng.Intn(10))
			}
			v = v[:min(len(v), 4+rng.Intn(12))]
		}
		code, ok := want[string(v)]
		if !ok {
			code = uint32(len(order))
			want[string(v)] = code
			order = append(order, string(v))
		}
		if got := d.code(v); got != code {
			t.Fatalf("value %q: code %d, want %d", v, got, code)
		}
		if len(v) > 0 {
			v[0] ^= 0x80 // the caller's buffer is reused: the dictionary must have copied
		}
	}
	if len(d.vals) != len(order) {
		t.Fatalf("%d values, want %d", len(d.vals), len(order))
	}
	for c, v := range order {
		if d.vals[c] != v {
			t.Fatalf("code %d holds %q, want %q", c, d.vals[c], v)
		}
	}
}
