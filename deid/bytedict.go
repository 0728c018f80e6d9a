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
func (d *byteDict) code(v []byte) uint32 { return d.codeHashed(v, hashBytes(v)) }

// codeHashed is code for a v whose hashBytes is h.
func (d *byteDict) codeHashed(v []byte, h uint64) uint32 {
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
// used, so the last step folds the high bits down). It is hashWord over
// b's full words and hashEnd over the rest, so a scanner that reads a
// field a word at a time hashes it on the way (csvChunk.parseFast).
func hashBytes(b []byte) uint64 {
	var h uint64
	n := len(b)
	for len(b) >= 8 {
		h = hashWord(h, binary.LittleEndian.Uint64(b))
		b = b[8:]
	}
	var t uint64
	for i, c := range b {
		t |= uint64(c) << (8 * i)
	}
	return hashEnd(h, t, n)
}

// hashWord mixes one full 8-byte word w into h.
func hashWord(h, w uint64) uint64 {
	return bits.RotateLeft64((h^w)*0xBF58476D1CE4E5B9, 31)
}

// hashEnd mixes the last 0-7 bytes t (little-endian, zero above) and the
// length n into h.
func hashEnd(h, t uint64, n int) uint64 {
	h = (h ^ t ^ uint64(n)<<56 ^ 0x9E3779B97F4A7C15) * 0x94D049BB133111EB
	return h ^ h>>29 ^ h>>47
}
