package deid

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// randomPlainCSV returns a quote-free CSV text of random records: fields
// of 0-20 bytes (lengths around the 8-byte words included), multi-byte
// letters, empty lines, a missing final line break and, with bad, records
// one field short or long.
func randomPlainCSV(r *rand.Rand, sep byte, cols int, bad bool) string {
	alphabet := []string{"a", "b", "Z", "0", "7", " ", "-", "é", "ß", "x"}
	var b strings.Builder
	rows := 1 + r.IntN(40)
	for i := 0; i < rows; i++ {
		if r.IntN(10) == 0 {
			b.WriteByte('\n')
		}
		width := cols
		if bad && r.IntN(15) == 0 {
			width += 1 - 2*r.IntN(2)
		}
		for c := 0; c < width; c++ {
			if c > 0 {
				b.WriteByte(sep)
			}
			n := r.IntN(4) // few distinct short values: dictionary hits
			if r.IntN(3) == 0 {
				n = r.IntN(21)
			}
			for j := 0; j < n; j++ {
				b.WriteString(alphabet[r.IntN(len(alphabet))])
			}
		}
		if i < rows-1 || r.IntN(2) == 0 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestParseFastMatchesReader: on quote-free chunks the word-at-a-time
// parser gives the same dictionaries, codes and row count as the CSV
// reader, and it declines exactly the chunks the reader rejects (a record
// of the wrong width).
func TestParseFastMatchesReader(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 17))
	fast := 0
	for i := 0; i < 3000; i++ {
		sep := []byte{',', ';', '\t', '|'}[r.IntN(4)]
		cols := 1 + r.IntN(6)
		in := randomPlainCSV(r, sep, cols, i%2 == 1)
		fch := &csvChunk{data: []byte(in)}
		fidx := make([]byteDict, cols)
		fch.codes = make([][]uint32, cols)
		ok := fch.parseFast(sep, fidx)
		sch := &csvChunk{data: []byte(in)}
		sidx := make([]byteDict, cols)
		sch.codes = make([][]uint32, cols)
		sok := sch.parseRecords(rune(sep), sidx)
		if ok != sok {
			t.Fatalf("%q cols %d: fast %v, reader %v (%v)", in, cols, ok, sok, sch.err)
		}
		if !ok {
			continue
		}
		fast++
		for c := range fidx {
			if !reflect.DeepEqual(fidx[c].vals, sidx[c].vals) || !reflect.DeepEqual(fch.codes[c], sch.codes[c]) {
				t.Fatalf("%q column %d: fast %q %v, reader %q %v", in, c, fidx[c].vals, fch.codes[c], sidx[c].vals, sch.codes[c])
			}
		}
		if fch.rows != sch.rows {
			t.Fatalf("%q: fast %d rows, reader %d", in, fch.rows, sch.rows)
		}
	}
	if fast < 1000 {
		t.Fatalf("only %d chunks parsed on the fast path", fast)
	}
}

// TestReadCSVFastPathMatchesSequential runs quote-free inputs through the
// whole chunked reader (tiny blocks, size hints) against encoding/csv.
func TestReadCSVFastPathMatchesSequential(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	for i := 0; i < 300; i++ {
		in := randomPlainCSV(r, ',', 1+r.IntN(5), i%3 == 2)
		for _, block := range []int{1, 5, 64, readBlock} {
			checkChunked(t, in, ',', block, int64(len(in)))
		}
	}
}

// TestHashBytesWordByWord: hashBytes equals the word-at-a-time hash the
// fast parser computes, for every length around the word size.
func TestHashBytesWordByWord(t *testing.T) {
	b := []byte("abcdefghijklmnopqrstuvwxyz0123456789")
	for n := 0; n <= len(b); n++ {
		v := b[:n]
		var h uint64
		i := 0
		for ; i+8 <= n; i += 8 {
			h = hashWord(h, uint64(v[i])|uint64(v[i+1])<<8|uint64(v[i+2])<<16|uint64(v[i+3])<<24|
				uint64(v[i+4])<<32|uint64(v[i+5])<<40|uint64(v[i+6])<<48|uint64(v[i+7])<<56)
		}
		var tail uint64
		for j := i; j < n; j++ {
			tail |= uint64(v[j]) << (8 * (j - i))
		}
		if got, want := hashEnd(h, tail, n), hashBytes(v); got != want {
			t.Fatalf("length %d: %x, hashBytes %x", n, got, want)
		}
	}
}
