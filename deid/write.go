package deid

import (
	"custodia/internal/csvsafe"

	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/parquet-go/parquet-go"
)

// ReleaseTable is what the writers read: a released table of strings with
// its suppression marks. Row appends the values of row i to dst[:0].
type ReleaseTable interface {
	Columns() []string
	Len() int
	Row(i int, dst []string) []string
	// Suppressed reports whether record i is suppressed.
	Suppressed(i int) bool
	// QuasiIdentifier reports whether column c is a quasi-identifier
	// (starred when a suppressed record is kept).
	QuasiIdentifier(c int) bool
}

// Format is an output file format.
type Format string

// Output formats.
const (
	FormatCSV     Format = "csv"
	FormatJSONL   Format = "jsonl"
	FormatJSON    Format = "json" // one JSON array of objects
	FormatParquet Format = "parquet"
)

// ParseFormat parses "csv", "jsonl" (or "ndjson"), "json" and "parquet".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "csv":
		return FormatCSV, nil
	case "jsonl", "ndjson":
		return FormatJSONL, nil
	case "json":
		return FormatJSON, nil
	case "parquet":
		return FormatParquet, nil
	}
	return "", fmt.Errorf("deid: unknown output format %q (want csv, jsonl, json or parquet)", s)
}

// FormatFromPath guesses the format from a file name's extension, CSV by
// default.
func FormatFromPath(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson":
		return FormatJSONL
	case ".json":
		return FormatJSON
	case ".parquet":
		return FormatParquet
	}
	return FormatCSV
}

// SuppressedMode says how suppressed records appear in the output.
type SuppressedMode string

// Suppressed-record modes.
const (
	SuppressRemove SuppressedMode = "remove" // left out of the output
	SuppressStar   SuppressedMode = "star"   // kept with "*" in every quasi-identifier
)

// ParseSuppressedMode parses "remove" and "star".
func ParseSuppressedMode(s string) (SuppressedMode, error) {
	switch SuppressedMode(strings.ToLower(s)) {
	case SuppressRemove:
		return SuppressRemove, nil
	case SuppressStar:
		return SuppressStar, nil
	}
	return "", fmt.Errorf("deid: unknown suppressed-record mode %q (want remove or star)", s)
}

// Star is the value written in the quasi-identifiers of suppressed records.
const Star = "*"

// WriteOptions configures a writer.
type WriteOptions struct {
	Format     Format
	Separator  rune           // CSV field separator; 0 means ','
	Suppressed SuppressedMode // "" means SuppressRemove
	// Wrap, if set, wraps the file writer of WriteFile, e.g. to encrypt
	// the export for its recipient (age): the plaintext never reaches the
	// disk. WriteSummary then describes the wrapped (encrypted) file.
	Wrap func(io.Writer) (io.WriteCloser, error)
}

// Write writes t to w in the chosen format.
func Write(w io.Writer, t ReleaseTable, opts WriteOptions) error {
	switch opts.Format {
	case FormatCSV, "":
		return WriteCSV(w, t, opts)
	case FormatJSONL:
		return WriteJSONL(w, t, opts)
	case FormatJSON:
		return WriteJSON(w, t, opts)
	case FormatParquet:
		return WriteParquet(w, t, opts)
	}
	return fmt.Errorf("deid: unknown output format %q", opts.Format)
}

// WriteSummary describes a written file.
type WriteSummary struct {
	Records int    // data rows written
	Bytes   int64  // file size
	SHA256  string // hex SHA-256 of the file
}

// WriteFile writes t to path atomically: into a temporary file in the same
// directory, synced and renamed over path only when complete, so a failed
// run never leaves a half-written export. The file is readable by its
// owner only. It returns the rows written and the file's fingerprint.
func WriteFile(path string, t ReleaseTable, opts WriteOptions) (WriteSummary, error) {
	var sum WriteSummary
	err := writeFileAtomic(path, func(w io.Writer) error {
		h := sha256.New()
		cw := &countingWriter{w: io.MultiWriter(w, h)}
		ct := &countingTable{ReleaseTable: t}
		if err := writeWrapped(cw, ct, opts); err != nil {
			return err
		}
		sum = WriteSummary{Records: ct.rows, Bytes: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}
		return nil
	})
	return sum, err
}

// writeWrapped writes t through opts.Wrap, if set, closing the wrapper.
func writeWrapped(w io.Writer, t ReleaseTable, opts WriteOptions) error {
	if opts.Wrap == nil {
		return Write(w, t, opts)
	}
	wc, err := opts.Wrap(w)
	if err != nil {
		return fmt.Errorf("deid: write: %w", err)
	}
	if err := Write(wc, t, opts); err != nil {
		wc.Close()
		return err
	}
	if err := wc.Close(); err != nil {
		return fmt.Errorf("deid: write: %w", err)
	}
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// countingTable counts the rows the writer emits: releasedRows asks for
// each written row exactly once and never for removed ones.
type countingTable struct {
	ReleaseTable
	rows int
}

func (c *countingTable) Row(i int, dst []string) []string {
	c.rows++
	return c.ReleaseTable.Row(i, dst)
}

// writeFileAtomic runs fill on a temporary file next to path and renames it
// to path on success; on failure the temporary file is removed.
func writeFileAtomic(path string, fill func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("deid: create output: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("deid: create output: %w", err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err = fill(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("deid: write %s: %w", filepath.Base(path), err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("deid: write %s: %w", filepath.Base(path), err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("deid: write %s: %w", filepath.Base(path), err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("deid: write %s: %w", filepath.Base(path), err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename in dir durable where the platform supports it
// (best effort: directories cannot be synced on every system).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// releasedRows calls fn for every row that is written, with suppressed
// records removed or starred as opts say. The slice passed to fn is reused.
func releasedRows(t ReleaseTable, mode SuppressedMode, fn func(row []string) error) error {
	var buf []string
	n := t.Len()
	for i := range n {
		sup := t.Suppressed(i)
		if sup && mode != SuppressStar {
			continue
		}
		buf = t.Row(i, buf[:0])
		if sup {
			for c := range buf {
				if t.QuasiIdentifier(c) {
					buf[c] = Star
				}
			}
		}
		if err := fn(buf); err != nil {
			return err
		}
	}
	return nil
}

// WriteCSV writes a header row and the released rows as CSV (RFC 4180
// quoting) with opts.Separator. Every cell goes through internal/csvsafe:
// one starting with = + - @ (or a tab, carriage return or apostrophe) gets
// a leading apostrophe, so no spreadsheet runs it as a formula; the
// mapping is one to one, so classes and counts are unchanged.
func WriteCSV(w io.Writer, t ReleaseTable, opts WriteOptions) error {
	cw := csv.NewWriter(w)
	if opts.Separator != 0 {
		if opts.Separator == '"' || opts.Separator == '\r' || opts.Separator == '\n' || !utf8.ValidRune(opts.Separator) || opts.Separator == utf8.RuneError {
			return fmt.Errorf("deid: invalid CSV separator %q", opts.Separator)
		}
		cw.Comma = opts.Separator
	}
	if err := cw.Write(csvsafe.Row(t.Columns())); err != nil {
		return fmt.Errorf("deid: write CSV: %w", err)
	}
	ct, counting := t.(*countingTable)
	if counting {
		t = ct.ReleaseTable
	}
	if tab := codedRows(t); tab != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("deid: write CSV: %w", err)
		}
		n, err := writeCodedCSV(w, tab, cw.Comma)
		if err != nil {
			return fmt.Errorf("deid: write CSV: %w", err)
		}
		if counting {
			ct.rows += n
		}
		return nil
	}
	if counting {
		t = ct
	}
	err := releasedRows(t, opts.Suppressed, func(rec []string) error { return cw.Write(csvsafe.Row(rec)) })
	if err != nil {
		return fmt.Errorf("deid: write CSV: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("deid: write CSV: %w", err)
	}
	return nil
}

// WriteJSONL writes one JSON object per released row, keys in column
// order; empty cells become null.
func WriteJSONL(w io.Writer, t ReleaseTable, opts WriteOptions) error {
	return writeJSONObjects(w, t, opts, nil, []byte("\n"), nil)
}

// WriteJSON writes the released rows as one JSON array of objects (one
// per line), keys in column order; empty cells become null.
func WriteJSON(w io.Writer, t ReleaseTable, opts WriteOptions) error {
	return writeJSONObjects(w, t, opts, []byte("[\n"), []byte(",\n"), []byte("\n]\n"))
}

// writeJSONObjects writes open, the objects separated by sep, then close;
// with a nil close every object is followed by sep (JSON Lines).
func writeJSONObjects(w io.Writer, t ReleaseTable, opts WriteOptions, open, sep, close []byte) error {
	cols := t.Columns()
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		k, _ := json.Marshal(c)
		keys[i] = k
	}
	var line []byte
	first := true
	write := func(b []byte) error { _, err := w.Write(b); return err }
	err := write(open)
	if err == nil {
		err = releasedRows(t, opts.Suppressed, func(row []string) error {
			line = line[:0]
			if !first && close != nil {
				line = append(line, sep...)
			}
			first = false
			line = appendJSONObject(line, keys, row)
			if close == nil {
				line = append(line, sep...)
			}
			return write(line)
		})
	}
	if err == nil && close != nil {
		if first {
			close = close[1:] // "[\n]\n" for no rows
		}
		err = write(close)
	}
	if err != nil {
		return fmt.Errorf("deid: write JSON: %w", err)
	}
	return nil
}

func appendJSONObject(dst []byte, keys [][]byte, row []string) []byte {
	dst = append(dst, '{')
	for i, v := range row {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, keys[i]...)
		dst = append(dst, ':')
		if v == "" {
			dst = append(dst, "null"...)
		} else {
			dst = appendJSONString(dst, v)
		}
	}
	return append(dst, '}')
}

// appendJSONString appends v as a JSON string. Valid UTF-8 without
// characters needing escapes takes the fast path.
func appendJSONString(dst []byte, v string) []byte {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x20 || c == '"' || c == '\\' || c >= 0x80 || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(v)
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, v...)
	return append(dst, '"')
}

// ParquetColumnsKey is the key-value metadata entry holding the original
// column order (JSON array): Parquet groups list columns by name.
const ParquetColumnsKey = "custodia.columns"

// parquetBatch is the number of rows buffered per WriteRows call.
const parquetBatch = 4096

// WriteParquet writes the released rows as a Parquet file with one
// optional UTF-8 string column per input column; empty cells are null.
func WriteParquet(w io.Writer, t ReleaseTable, opts WriteOptions) error {
	cols := t.Columns()
	schema, leaf, err := parquetSchema(cols)
	if err != nil {
		return err
	}
	pw := parquet.NewGenericWriter[any](w, schema)
	order, _ := json.Marshal(cols)
	pw.SetKeyValueMetadata(ParquetColumnsKey, string(order))
	batch := make([]parquet.Row, parquetBatch)
	for i := range batch {
		batch[i] = make(parquet.Row, len(cols))
	}
	n := 0
	flush := func() error {
		_, err := pw.WriteRows(batch[:n])
		n = 0
		return err
	}
	err = releasedRows(t, opts.Suppressed, func(row []string) error {
		fillParquetRow(batch[n], row, leaf)
		if n++; n == len(batch) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = pw.Close()
	}
	if err != nil {
		return fmt.Errorf("deid: write Parquet: %w", err)
	}
	return nil
}

// parquetSchema builds a flat schema of optional strings and returns, for
// each input column, its leaf index in the schema.
func parquetSchema(cols []string) (*parquet.Schema, []int, error) {
	group := make(parquet.Group, len(cols))
	for i, c := range cols {
		if c == "" {
			return nil, nil, fmt.Errorf("deid: write Parquet: column %d has no name", i+1)
		}
		if _, dup := group[c]; dup {
			return nil, nil, fmt.Errorf("deid: write Parquet: column %q appears twice", c)
		}
		group[c] = parquet.Optional(parquet.Compressed(parquet.Encoded(parquet.String(), &parquet.RLEDictionary), &parquet.Snappy))
	}
	schema := parquet.NewSchema("custodia_export", group)
	leaf := make([]int, len(cols))
	for i, c := range cols {
		lc, ok := schema.Lookup(c)
		if !ok {
			return nil, nil, errors.New("deid: write Parquet: schema lookup failed for column " + strconv.Quote(c))
		}
		leaf[i] = lc.ColumnIndex
	}
	return schema, leaf, nil
}

// fillParquetRow converts one row into out, ordered by leaf index as the
// writer expects. Values alias the strings' bytes: the writer copies them
// into its pages before WriteRows returns and never modifies them.
func fillParquetRow(out parquet.Row, row []string, leaf []int) {
	for i, v := range row {
		if v == "" {
			out[leaf[i]] = parquet.NullValue().Level(0, 0, leaf[i])
		} else {
			b := unsafe.Slice(unsafe.StringData(v), len(v))
			out[leaf[i]] = parquet.ByteArrayValue(b).Level(0, 1, leaf[i])
		}
	}
}
