package deid

import (
	"custodia/internal/csvsafe"

	"bytes"
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

// writeCodedCSV writes the rows of t (without header) as encoding/csv
// would: each dictionary value is encoded once, rows are formatted in
// blocks on up to GOMAXPROCS goroutines and written in order. It returns
// the number of rows written.
func writeCodedCSV(w io.Writer, t *Table, sep rune) (int, error) {
	enc := make([][][]byte, len(t.Columns))
	for c, col := range t.Columns {
		enc[c] = make([][]byte, len(col.Dict))
		for code, v := range col.Dict {
			enc[c][code] = encodeField(csvsafe.Cell(v), sep)
		}
	}
	sepBytes := []byte(string(sep))
	maxRow := 1 + len(sepBytes)*len(enc) // the longest row, to size buffers
	for _, e := range enc {
		longest := 0
		for _, b := range e {
			longest = max(longest, len(b))
		}
		maxRow += longest
	}
	n := t.Rows()
	format := func(dst []byte, from, to int) []byte {
		for r := from; r < to; r++ {
			for c, col := range t.Columns {
				if c > 0 {
					dst = append(dst, sepBytes...)
				}
				dst = append(dst, enc[c][col.Codes[r]]...)
			}
			dst = append(dst, '\n')
		}
		return dst
	}
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || n < 2*fastBlockRows {
		buf := make([]byte, 0, 1<<16)
		for from := 0; from < n; from += 1024 {
			buf = format(buf[:0], from, min(from+1024, n))
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
		for from := 0; from < n; from += fastBlockRows {
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
				buf = make([]byte, 0, fastBlockRows*maxRow)
			}
			go func(buf []byte, from int) {
				res <- format(buf[:0], from, min(from+fastBlockRows, n))
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
