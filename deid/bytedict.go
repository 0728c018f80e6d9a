package deid

import (
	"encoding/binary"
	"math/bits"
)

// byteDict is a chunk's dictionary for one column while ReadCSV parses it:
// field bytes to codes in order of first appearance. It hashes the bytes
// with a few multiplications per 8 bytes and compares the stored hash
// before the value, so a lookup costs no string conversion, no runtime map
// and, for the short values of typical quasi-identifiers, one probe.
type byteDict struct {
	vals   []string // by code
	hashes []uint64 // by code
	slots  []uint32 // code+1; 0 empty
	mask   uint64
}

// code returns v's code, adding v (copied) when new.
func (d *byteDict) code(v []byte) uint32 {
	h := hashBytes(v)
	if d.slots == nil {
		d.grow()
	}
	pos := h & d.mask
	for {
		s := d.slots[pos]
		if s == 0 {
			break
		}
		if c := s - 1; d.hashes[c] == h && d.vals[c] == string(v) {
			return c
		}
		pos = (pos + 1) & d.mask
	}
	c := uint32(len(d.vals))
	d.vals = append(d.vals, string(v))
	d.hashes = append(d.hashes, h)
	d.slots[pos] = c + 1
	if 2*len(d.vals) > len(d.slots) {
		d.grow()
	}
	return c
}

// grow doubles the slots (at least 16) and reinserts the codes.
func (d *byteDict) grow() {
	n := max(16, 2*len(d.slots))
	d.slots = make([]uint32, n)
	d.mask = uint64(n - 1)
	for c, h := range d.hashes {
		pos := h & d.mask
		for d.slots[pos] != 0 {
			pos = (pos + 1) & d.mask
		}
		d.slots[pos] = uint32(c) + 1
	}
}

// hashBytes mixes b eight bytes at a time (the low bits of the result are
// used, so the last step folds the high bits down).
func hashBytes(b []byte) uint64 {
	h := uint64(len(b)) * 0x9E3779B97F4A7C15
	for len(b) >= 8 {
		h = bits.RotateLeft64((h^binary.LittleEndian.Uint64(b))*0xBF58476D1CE4E5B9, 31)
		b = b[8:]
	}
	var t uint64
	for i, c := range b {
		t |= uint64(c) << (8 * i)
	}
	h = (h ^ t) * 0x94D049BB133111EB
	return h ^ h>>29 ^ h>>47
}
