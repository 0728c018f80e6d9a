package deid

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"slices"
	"sync"
)

// readBlock is the size of the blocks ReadCSV hands to its goroutines.
const readBlock = 1 << 20

// csvChunk is a run of whole records cut from the input, and what a
// goroutine made of it: per column, the chunk's own dictionary (in order
// of first appearance in the chunk) and codes into it.
type csvChunk struct {
	data      []byte
	firstLine int // lines before the chunk
	breaks    int // line breaks in the chunk
	dicts     [][]string
	codes     [][]uint32
	rows      int
	size      int // bytes of the chunk
	err       error
}

// chunker cuts an input into chunks that end at record boundaries: a line
// break outside quotes. Inside a quoted field every quote is doubled, so a
// line break ends a record exactly when the quotes before it in the chunk
// are even in number (a chunk starts at a boundary). Malformed input is cut
// somewhere; the chunk holding the first error still starts at a true
// boundary, so its reader reports the error as a sequential read would.
type chunker struct {
	r     io.Reader
	block int
	carry []byte      // bytes read after the last cut (in the last buffer)
	free  chan []byte // buffers parsed chunks gave back
	eof   bool
	lines int // line breaks in the chunks returned so far
}

// buffer returns an empty buffer with room for n bytes, reused if one was
// given back.
func (k *chunker) buffer(n int) []byte {
	select {
	case b := <-k.free:
		if cap(b) >= n {
			return b[:0]
		}
	default:
	}
	return make([]byte, 0, max(n, 2*k.block))
}

// next returns the next chunk's bytes, or nil at the end, and the number
// of line breaks in it.
func (k *chunker) next() ([]byte, int, error) {
	buf := append(k.buffer(len(k.carry)+k.block), k.carry...)
	k.carry = nil
	for {
		if !k.eof {
			start := len(buf)
			if cap(buf)-start < k.block {
				buf = append(k.buffer(2*cap(buf)), buf...)
			}
			buf = buf[:start+k.block]
			n, err := io.ReadFull(k.r, buf[start:])
			buf = buf[:start+n]
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				k.eof = true
			} else if err != nil {
				return nil, 0, err
			}
		}
		if k.eof {
			if len(buf) == 0 {
				return nil, 0, nil
			}
			nl := bytes.Count(buf, []byte{'\n'})
			k.lines += nl
			return buf, nl, nil
		}
		if cut := recordCut(buf); cut > 0 {
			k.carry = buf[cut:] // copied out before the buffer is reused
			chunk := buf[:cut]
			nl := bytes.Count(chunk, []byte{'\n'})
			k.lines += nl
			return chunk, nl, nil
		}
	}
}

// recordCut returns the length of the longest prefix of b that ends with a
// line break after an even number of quotes, or 0.
func recordCut(b []byte) int {
	if bytes.IndexByte(b, '"') < 0 {
		return bytes.LastIndexByte(b, '\n') + 1
	}
	cut, quotes := 0, 0
	for i, c := range b {
		switch c {
		case '"':
			quotes++
		case '\n':
			if quotes%2 == 0 {
				cut = i + 1
			}
		}
	}
	return cut
}

// parse reads the chunk's records into its own dictionaries and codes.
// reuse, if not nil, holds code slices of an earlier chunk to fill again.
func (ch *csvChunk) parse(sep rune, cols int, reuse [][]uint32) {
	ch.size = len(ch.data)
	ch.dicts = make([][]string, cols)
	ch.codes = make([][]uint32, cols)
	index := make([]byteDict, cols)
	for c := range index {
		if len(reuse) == cols && cap(reuse[c]) > ch.breaks {
			ch.codes[c] = reuse[c][:0]
		} else {
			ch.codes[c] = make([]uint32, 0, ch.breaks+1)
		}
	}
	if !fastSeparator(sep) || !ch.parseFast(byte(sep), index) {
		for c := range index {
			index[c] = byteDict{}
			ch.codes[c] = ch.codes[c][:0]
		}
		ch.rows = 0
		if !ch.parseRecords(sep, index) {
			return
		}
	}
	for c := range index {
		ch.dicts[c] = index[c].vals
	}
	ch.data = ch.data[:0]
}

// parseRecords parses the chunk with the CSV reader; false (ch.err set)
// on an error.
func (ch *csvChunk) parseRecords(sep rune, index []byteDict) bool {
	cr, err := newCSVReader(nil, sep)
	if err != nil {
		ch.err = err
		return false
	}
	cr.br, cr.data, cr.line = nil, ch.data, ch.firstLine // no bufio: lines are slices of data
	cols := len(index)
	for {
		rec, err := cr.read()
		if err == io.EOF {
			return true
		}
		if err != nil {
			ch.err = csvError(err)
			return false
		}
		if len(rec) != cols {
			ch.err = fieldCountError(cr.start, len(rec), cols)
			return false
		}
		for c, v := range rec {
			ch.codes[c] = append(ch.codes[c], index[c].code(v))
		}
		ch.rows++
	}
}

// readRecords reads the records after the header from cr into t, after
// the codes already in parts (one slice per column): chunks are parsed on
// up to GOMAXPROCS goroutines (at most 4) and merged in input order, so
// codes keep the order of first appearance. With sizeHint > 0 (the input's
// expected size in bytes) each chunk's codes are mapped into columns sized
// from it as they arrive, and the chunk's code slices are parsed into
// again; without, the chunks' codes are kept and joined at the end.
func (t *Table) readRecords(ctx context.Context, cr *csvReader, sep rune, block int, sizeHint int64, progress Progress, parts [][]codePart) error {
	workers := min(runtime.GOMAXPROCS(0), 4)
	k := &chunker{r: cr.br, block: block, free: make(chan []byte, workers+2)}
	freeCodes := make(chan [][]uint32, workers+2)
	queue := make(chan chan *csvChunk, workers)
	stop := make(chan struct{})
	defer close(stop)
	var readErr error
	go func() {
		defer close(queue)
		sem := make(chan struct{}, workers)
		for {
			data, nl, err := k.next()
			if err != nil {
				readErr = err
				return
			}
			if data == nil {
				return
			}
			ch := &csvChunk{data: data, firstLine: cr.line + k.lines - nl, breaks: nl}
			res := make(chan *csvChunk, 1)
			select {
			case queue <- res:
			case <-stop:
				return
			}
			select {
			case sem <- struct{}{}:
			case <-stop:
				return
			}
			go func() {
				var reuse [][]uint32
				select {
				case reuse = <-freeCodes:
				default:
				}
				ch.parse(sep, len(t.Columns), reuse)
				select {
				case k.free <- ch.data:
				default:
				}
				ch.data = nil
				<-sem
				res <- ch
			}()
		}
	}()
	sized := sizeHint > 0
	if sized {
		sized = t.startSized(parts)
	}
	var done int64 // bytes of the chunks merged
	for res := range queue {
		ch := <-res
		if ch.err != nil {
			return ch.err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		done += int64(ch.size)
		for c, col := range t.Columns {
			remap := make([]uint32, len(ch.dicts[c]))
			for local, v := range ch.dicts[c] {
				remap[local] = col.Code(v)
			}
			if sized {
				col.Codes = appendRemapped(col.Codes, ch.codes[c], remap, t.rows+ch.rows, done, sizeHint)
			} else {
				parts[c] = append(parts[c], codePart{ch.codes[c], remap})
			}
		}
		if sized {
			select {
			case freeCodes <- ch.codes:
			default:
			}
		}
		t.rows += ch.rows
		if progress != nil {
			progress.Report("read", int64(t.rows), -1)
		}
	}
	if readErr != nil {
		return csvError(readErr)
	}
	if !sized {
		t.joinCodes(parts, workers)
		return nil
	}
	for _, col := range t.Columns {
		if n := len(col.Codes); cap(col.Codes) > n+n/8+4096 { // the hint was far too large
			col.Codes = slices.Clone(col.Codes)
		}
	}
	return nil
}

// startSized moves the codes already in parts (a first record read before
// the chunks) into the columns; false if parts hold anything else.
func (t *Table) startSized(parts [][]codePart) bool {
	for _, ps := range parts {
		for _, p := range ps {
			if p.remap != nil {
				return false
			}
		}
	}
	for c, col := range t.Columns {
		for _, p := range parts[c] {
			col.Codes = append(col.Codes, p.codes...)
		}
		parts[c] = nil
	}
	return true
}

// appendRemapped appends remap[code] for codes to dst. When dst has no
// room it grows to the rows expected in the whole input: rows so far times
// sizeHint over the bytes read so far, plus 1/32 and a block.
func appendRemapped(dst, codes, remap []uint32, rows int, done, sizeHint int64) []uint32 {
	if len(dst)+len(codes) > cap(dst) {
		want := rows
		if done > 0 && sizeHint > done {
			want = int(float64(rows) * float64(sizeHint) / float64(done))
		}
		want += want/32 + 1024
		grown := make([]uint32, len(dst), max(want, len(dst)+len(codes)))
		copy(grown, dst)
		dst = grown
	}
	at := len(dst)
	dst = dst[:at+len(codes)]
	out := dst[at:]
	for i, code := range codes {
		out[i] = remap[code]
	}
	return dst
}

// codePart is a run of a column's codes in a chunk's dictionary and the
// map from them to the column's codes (nil: already the column's).
type codePart struct {
	codes []uint32
	remap []uint32
}

// joinCodes sets every column's Codes from its parts, columns in parallel.
func (t *Table) joinCodes(parts [][]codePart, workers int) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for c, col := range t.Columns {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			out := make([]uint32, t.rows)
			at := 0
			for _, p := range parts[c] {
				dst := out[at : at+len(p.codes)]
				if p.remap == nil {
					copy(dst, p.codes)
				} else {
					for i, code := range p.codes {
						dst[i] = p.remap[code]
					}
				}
				at += len(p.codes)
			}
			col.Codes = out
			parts[c] = nil
			<-sem
		}()
	}
	wg.Wait()
}
