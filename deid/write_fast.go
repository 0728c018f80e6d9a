package deid

import (
	"custodia/internal/csvsafe"

	"bytes"
	"encoding/binary"
	"encoding/csv"
	"io"
	"runtime"
)

// fastBlockRows is the number of rows one goroutine formats at a time.
const fastBlockRows = 1 << 14

// codedRows returns the dictionary-encoded table behind t when every row
// t writes is a row of that table in order with no cell replaced (a table
// release, or a result's release without starred records), else nil.
func codedRows(t ReleaseTable) *Table {
	switch r := t.(type) {
	case tableRelease:
		return r.t
	case *release:
		if !r.isStar {
			return r.out
		}
	}
	return nil
}

// encodeField returns v as encoding/csv writes it as a field (quoted when
// it must be), by writing it with a second empty field and cutting that.
func encodeField(v string, sep rune) []byte {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Comma = sep
	_ = cw.Write([]string{v, ""}) // a bytes.Buffer does not fail
	cw.Flush()
	b := buf.Bytes()
	return b[:len(b)-len(string(sep))-1] // drop the separator and "\n"
}

// codedCells holds a column's cells as written: every dictionary value
// encoded once with the separator or line break that follows it, in one
// byte slice padded at the end, and per code its offset<<32 | length.
type codedCells struct {
	blob []byte
	cell []uint64
}

// cellPad is the padding after a codedCells blob and a row buffer: cells
// up to this long are copied as two 8-byte words.
const cellPad = 16

// encodeCells encodes col's values for writeCodedCSV, each followed by
// after.
func encodeCells(col *Column, sep rune, after string) codedCells {
	var cc codedCells
	cc.cell = make([]uint64, len(col.Dict))
	for code, v := range col.Dict {
		at := len(cc.blob)
		cc.blob = append(cc.blob, encodeField(csvsafe.Cell(v), sep)...)
		cc.blob = append(cc.blob, after...)
		cc.cell[code] = uint64(at)<<32 | uint64(len(cc.blob)-at)
	}
	cc.blob = append(cc.blob, make([]byte, cellPad)...)
	return cc
}

// longest returns the length of the longest cell.
func (cc *codedCells) longest() int {
	n := 0
	for _, c := range cc.cell {
		n = max(n, int(uint32(c)))
	}
	return n
}

// formatRows appends rows from..to-1 to dst (which has room for them plus
// cellPad bytes): a cell of up to 16 bytes is copied as two words, past
// its end into the padding, which the next cell overwrites.
func formatRows(dst []byte, cols []codedCells, codes [][]uint32, from, to int) []byte {
	buf := dst[:cap(dst)]
	at := len(dst)
	for r := from; r < to; r++ {
		for c := range cols {
			cc := &cols[c]
			e := cc.cell[codes[c][r]]
			off, n := int(e>>32), int(uint32(e))
			if n <= cellPad {
				w0 := binary.LittleEndian.Uint64(cc.blob[off:])
				w1 := binary.LittleEndian.Uint64(cc.blob[off+8:])
				binary.LittleEndian.PutUint64(buf[at:], w0)
				binary.LittleEndian.PutUint64(buf[at+8:], w1)
			} else {
				copy(buf[at:], cc.blob[off:off+n])
			}
			at += n
		}
	}
	return buf[:at]
}

// writeCodedCSV writes the rows of t (without header) as encoding/csv
// would: each dictionary value is encoded once (codedCells), rows are
// formatted in blocks on up to GOMAXPROCS goroutines and written in order.
// It returns the number of rows written.
func writeCodedCSV(w io.Writer, t *Table, sep rune) (int, error) {
	n := t.Rows()
	if len(t.Columns) == 0 { // encoding/csv writes an empty record as a line break
		_, err := w.Write(bytes.Repeat([]byte{'\n'}, n))
		if err != nil {
			return 0, err
		}
		return n, nil
	}
	cols := make([]codedCells, len(t.Columns))
	codes := make([][]uint32, len(t.Columns))
	maxRow := 0 // the longest row, to size buffers
	for c, col := range t.Columns {
		after := string(sep)
		if c == len(t.Columns)-1 {
			after = "\n"
		}
		cols[c] = encodeCells(col, sep, after)
		codes[c] = col.Codes
		maxRow += cols[c].longest()
	}
	// Rows per block: fastBlockRows, fewer when rows are long, so a
	// buffer stays within about 8 MiB.
	block := max(1, min(fastBlockRows, (8<<20)/max(maxRow, 1)))
	format := func(dst []byte, from, to int) []byte {
		return formatRows(dst, cols, codes, from, to)
	}
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || n < 2*fastBlockRows {
		step := min(block, 1024)
		buf := make([]byte, 0, step*maxRow+cellPad)
		for from := 0; from < n; from += step {
			buf = format(buf[:0], from, min(from+step, n))
			if _, err := w.Write(buf); err != nil {
				return 0, err
			}
		}
		return n, nil
	}
	// Ordered pipeline: a queue of futures, at most 2*workers in flight.
	queue := make(chan chan []byte, 2*workers)
	free := make(chan []byte, 2*workers+1)
	stop := make(chan struct{})
	go func() {
		defer close(queue)
		for from := 0; from < n; from += block {
			res := make(chan []byte, 1)
			select {
			case queue <- res:
			case <-stop:
				return
			}
			var buf []byte
			select {
			case buf = <-free:
			default:
				buf = make([]byte, 0, block*maxRow+cellPad)
			}
			go func(buf []byte, from int) {
				res <- format(buf[:0], from, min(from+block, n))
			}(buf, from)
		}
	}()
	var err error
	for res := range queue {
		buf := <-res
		if err == nil {
			if _, err = w.Write(buf); err != nil {
				close(stop)
			}
		}
		select {
		case free <- buf:
		default:
		}
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}
