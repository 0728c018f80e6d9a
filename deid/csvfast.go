package deid

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// SWAR constants: a byte broadcast to every byte of a word, and the high
// bit of every byte.
const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// fastSeparator reports whether parseFast can split at sep: a one-byte
// separator the CSV reader accepts.
func fastSeparator(sep rune) bool {
	return sep > 0 && sep < utf8.RuneSelf && sep != '"' && sep != '\r' && sep != '\n'
}

// parseFast parses a chunk without quotes and carriage returns, the
// common case, into ch.codes and ch.rows: it reads each field a word at a
// time, finds the separator or line break in the word with bit tricks and
// hashes the field's bytes on the way, so every byte is read once and the
// dictionary gets the hash with the field. Empty lines are skipped, as the
// CSV reader does. It returns false, having stopped anywhere, for a chunk
// with a quote or '\r' or a record of the wrong width: the caller then
// parses the chunk again with the CSV reader, which reports the error at
// its line.
func (ch *csvChunk) parseFast(sep byte, index []byteDict) bool {
	data := ch.data
	if bytes.IndexByte(data, '"') >= 0 || bytes.IndexByte(data, '\r') >= 0 {
		return false
	}
	cols := len(index)
	sepW, nlW := swarOnes*uint64(sep), swarOnes*uint64('\n')
	n := len(data)
	for pos := 0; pos < n; {
		if data[pos] == '\n' { // empty line
			pos++
			continue
		}
		for c := 0; ; c++ {
			start := pos
			var h, w, m uint64
			for {
				if pos+8 <= n {
					w = binary.LittleEndian.Uint64(data[pos:])
				} else {
					w = tailWord(data[pos:])
				}
				x, y := w^sepW, w^nlW
				if m = ((x-swarOnes)&^x | (y-swarOnes)&^y) & swarHighs; m != 0 {
					break
				}
				h = hashWord(h, w)
				pos += 8
			}
			// The lowest flagged byte is a true separator or line break
			// (a false flag needs a true one below it).
			k := bits.TrailingZeros64(m) >> 3
			end := pos + k
			h = hashEnd(h, w&(uint64(1)<<(8*k)-1), end-start)
			ch.codes[c] = append(ch.codes[c], index[c].codeHashed(data[start:end], h))
			lineEnd := end >= n || data[end] == '\n'
			pos = end + 1
			if lineEnd != (c == cols-1) {
				return false
			}
			if lineEnd {
				break
			}
		}
		ch.rows++
	}
	return true
}

// tailWord returns the last 0-7 bytes of the data as a little-endian word,
// filled up with line breaks (the data ends as if with a line break).
func tailWord(b []byte) uint64 {
	w := uint64(swarOnes * '\n')
	for i, c := range b {
		w = w&^(0xFF<<(8*i)) | uint64(c)<<(8*i)
	}
	return w
}
