package deid

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"
)

// csvReader reads RFC 4180 records like encoding/csv with FieldsPerRecord
// -1 (no lazy quotes, no comments, no space trimming): "\r\n" ends a line
// like "\n", empty lines are skipped, quoted fields may hold separators,
// doubled quotes and line breaks. It returns the fields as byte slices into
// a buffer reused by the next call, so dictionary lookups need no string
// per cell. Lines without a quote, the common case, are split with
// bytes.IndexByte.
type csvReader struct {
	br      *bufio.Reader // nil: read from data
	data    []byte        // the rest of an in-memory chunk
	sep     []byte        // the separator's UTF-8 encoding
	sepByte byte          // sep[0] when the separator is one byte, else 0
	line    int           // lines read so far
	start   int           // line where the last record started

	lineBuf []byte   // a line longer than the bufio buffer
	rec     []byte   // unquoted field bytes of a quoted record
	ends    []int    // end offset of each field in rec
	fields  [][]byte // the last record
}

func newCSVReader(r io.Reader, sep rune) (*csvReader, error) {
	if sep == '"' || sep == '\r' || sep == '\n' || !utf8.ValidRune(sep) || sep == utf8.RuneError {
		return nil, errors.New("invalid field separator")
	}
	c := &csvReader{br: bufio.NewReaderSize(r, 1<<16), sep: utf8.AppendRune(nil, sep)}
	if len(c.sep) == 1 {
		c.sepByte = c.sep[0]
	}
	return c, nil
}

// parseError is a syntax error at a line and 1-based byte column.
func (c *csvReader) parseError(line, col int, err error) error {
	return &csv.ParseError{StartLine: c.start, Line: line, Column: col, Err: err}
}

// readLine returns the next line with "\r\n" normalised to "\n" (a final
// line without a newline gets none); nil at the end of the input. The
// slice is valid until the next call.
func (c *csvReader) readLine() ([]byte, error) {
	if c.br == nil {
		return c.sliceLine()
	}
	line, err := c.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.lineBuf = append(c.lineBuf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = c.br.ReadSlice('\n')
			c.lineBuf = append(c.lineBuf, line...)
		}
		line = c.lineBuf
	}
	if len(line) > 0 && err == io.EOF {
		err = nil
		if line[len(line)-1] == '\r' { // as encoding/csv: drop a final \r
			line = line[:len(line)-1]
		}
	}
	if err != nil {
		return nil, err
	}
	c.line++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, nil
}

// sliceLine is readLine for an in-memory chunk: the line is a slice of
// the chunk (normalised in place).
func (c *csvReader) sliceLine() ([]byte, error) {
	if len(c.data) == 0 {
		return nil, io.EOF
	}
	var line []byte
	if i := bytes.IndexByte(c.data, '\n'); i >= 0 {
		line, c.data = c.data[:i+1], c.data[i+1:]
	} else {
		line, c.data = c.data, nil
		if line[len(line)-1] == '\r' { // as encoding/csv: drop a final \r
			line = line[:len(line)-1]
		}
	}
	c.line++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, nil
}

// read returns the fields of the next record, io.EOF at the end.
func (c *csvReader) read() ([][]byte, error) {
	var line []byte
	for {
		var err error
		if line, err = c.readLine(); err != nil {
			return nil, err
		}
		if len(line) > 1 || (len(line) == 1 && line[0] != '\n') {
			break // skip empty lines
		}
	}
	c.start = c.line
	if bytes.IndexByte(line, '"') < 0 && c.sepByte != 0 {
		return c.split(line), nil
	}
	return c.parseQuoted(line)
}

// split cuts a line without quotes at the separator.
func (c *csvReader) split(line []byte) [][]byte {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	f := c.fields[:0]
	for {
		i := bytes.IndexByte(line, c.sepByte)
		if i < 0 {
			break
		}
		f = append(f, line[:i])
		line = line[i+1:]
	}
	c.fields = append(f, line)
	return c.fields
}

// parseQuoted parses a record that has quotes or a multi-byte separator,
// reading more lines while a quoted field spans line breaks.
func (c *csvReader) parseQuoted(line []byte) ([][]byte, error) {
	c.rec, c.ends = c.rec[:0], c.ends[:0]
	pos := 0 // byte offset of line in the current physical line, for columns
	sepLen := len(c.sep)
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// Unquoted field: up to the separator or the end of the line.
			i := bytes.Index(line, c.sep)
			field := line
			if i >= 0 {
				field = field[:i]
			} else if n := len(field); n > 0 && field[n-1] == '\n' {
				field = field[:n-1]
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				return nil, c.parseError(c.line, pos+j+1, csv.ErrBareQuote)
			}
			c.rec = append(c.rec, field...)
			c.ends = append(c.ends, len(c.rec))
			if i >= 0 {
				line = line[i+sepLen:]
				pos += i + sepLen
				continue parseField
			}
			break parseField
		}
		// Quoted field.
		quoteLine, quoteCol := c.line, pos+1
		line = line[1:]
		pos++
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				c.rec = append(c.rec, line[:i]...)
				line = line[i+1:]
				pos += i + 1
				switch {
				case len(line) > 0 && line[0] == '"':
					c.rec = append(c.rec, '"') // "" is a quote
					line = line[1:]
					pos++
				case bytes.HasPrefix(line, c.sep):
					line = line[sepLen:]
					pos += sepLen
					c.ends = append(c.ends, len(c.rec))
					continue parseField
				case len(line) == 0 || (len(line) == 1 && line[0] == '\n'):
					c.ends = append(c.ends, len(c.rec))
					break parseField
				default:
					return nil, c.parseError(c.line, pos+1, csv.ErrQuote)
				}
			case len(line) > 0:
				// The field goes on past this line break.
				c.rec = append(c.rec, line...)
				next, err := c.readLine()
				if err == io.EOF {
					return nil, c.parseError(quoteLine, quoteCol, csv.ErrQuote)
				}
				if err != nil {
					return nil, err
				}
				line, pos = next, 0
			default:
				// The input ends inside the quoted field.
				return nil, c.parseError(quoteLine, quoteCol, csv.ErrQuote)
			}
		}
	}
	f := c.fields[:0]
	prev := 0
	for _, e := range c.ends {
		f = append(f, c.rec[prev:e:e])
		prev = e
	}
	c.fields = f
	return f, nil
}
