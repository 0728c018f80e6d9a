package patientcsv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"
	"time"
	"unicode/utf8"

	"custodia/vault"
)

// Defaults for Options.
const (
	DefaultMaxLineBytes = 64 << 10
	DefaultMaxErrors    = 100
)

// Options tune Parse and Import. The zero value uses the defaults.
type Options struct {
	Mapping      Mapping // explicit header → field; nil: names and aliases only
	MaxLineBytes int     // longest physical line accepted; 0: DefaultMaxLineBytes
	MaxErrors    int     // errors listed before "and N more"; 0: DefaultMaxErrors
}

func (o Options) withDefaults() Options {
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxErrors <= 0 {
		o.MaxErrors = DefaultMaxErrors
	}
	return o
}

// Row is one parsed patient and the line its record starts on.
type Row struct {
	Line    int
	Patient vault.Patient
}

// Parse reads a whole CSV file and returns one row per record. If any line
// is invalid it returns no rows and an *Error naming every problem by line
// and field.
func Parse(r io.Reader, opts Options) ([]Row, error) {
	opts = opts.withDefaults()
	p := &parser{opts: opts, errs: collector{max: opts.MaxErrors}, mrns: map[string]int{}}
	rows := p.parse(r)
	if err := p.errs.result(); err != nil {
		return nil, err
	}
	return rows, nil
}

type parser struct {
	opts Options
	errs collector
	cols columns
	mrns map[string]int // normalised MRN → first line
}

func (p *parser) parse(r io.Reader) []Row {
	limiter := &lineLimiter{r: r, max: p.opts.MaxLineBytes, line: 1}
	br := bufio.NewReader(limiter)
	first, err := readFirstLine(br)
	if err != nil {
		p.readError(err, 1)
		return nil
	}
	cr := csv.NewReader(io.MultiReader(bytes.NewReader(first), br))
	cr.Comma = DetectSeparator(first)
	cr.FieldsPerRecord = -1
	if !p.readHeader(cr) {
		return nil
	}
	return p.readRows(cr)
}

// readFirstLine returns the header line with its newline, without a
// leading byte-order mark.
func readFirstLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return nil, err
	}
	line = bytes.TrimPrefix(line, []byte("\ufeff"))
	if len(bytes.TrimSpace(line)) == 0 {
		return nil, errNoHeader
	}
	return line, nil
}

var errNoHeader = errors.New("no header line")

// DetectSeparator picks ';' when the header has more semicolons than
// commas outside quotes, else ','. The clinical import reads its files
// the same way.
func DetectSeparator(header []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, c := range header {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

func (p *parser) readHeader(cr *csv.Reader) bool {
	header, err := cr.Read()
	if err != nil {
		p.readError(err, 1)
		return false
	}
	for i, h := range header {
		if !utf8.ValidString(h) {
			p.errs.add(1, "", vault.RuleCSVHeaderUTF8, fmt.Sprintf("column %d: header is not valid UTF-8 (save the file as UTF-8)", i+1), "Column", i+1)
			return false
		}
	}
	cols, problems := resolveHeader(header, p.opts.Mapping)
	for _, hp := range problems {
		p.errs.add(1, "", hp.rule, hp.message, hp.args...)
	}
	p.cols = cols
	return len(problems) == 0
}

func (p *parser) readRows(cr *csv.Reader) []Row {
	var rows []Row
	lastLine := 1
	for {
		record, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if p.readError(err, lastLine+1) {
				break
			}
			continue
		}
		lastLine, _ = cr.FieldPos(len(record) - 1)
		if row, ok := p.row(cr, record); ok {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 && p.errs.result() == nil {
		p.errs.add(1, "", vault.RuleCSVNoRows, "the file has no patient rows")
	}
	return rows
}

// readError records a read or syntax error; it reports whether reading
// must stop.
func (p *parser) readError(err error, line int) bool {
	var long *lineTooLongError
	var perr *csv.ParseError
	switch {
	case errors.As(err, &long):
		p.errs.add(long.line, "", vault.RuleCSVLineTooLong, fmt.Sprintf("line is longer than %d bytes", p.opts.MaxLineBytes), "Max", p.opts.MaxLineBytes)
		return true
	case errors.Is(err, errNoHeader):
		p.errs.add(1, "", vault.RuleCSVNoHeader, "missing header line")
		return true
	case errors.As(err, &perr):
		p.errs.add(perr.Line, "", vault.RuleCSVMalformed, fmt.Sprintf("malformed CSV: %v", perr.Err), "Column", perr.Column)
		return false
	default:
		p.errs.add(line, "", vault.RuleCSVUnreadable, "cannot read the file")
		return true
	}
}

// row converts one record; problems are collected, not returned.
func (p *parser) row(cr *csv.Reader, record []string) (Row, bool) {
	line, _ := cr.FieldPos(0)
	if blank(record) {
		return Row{}, false
	}
	if len(record) != len(p.cols.fields) {
		p.errs.add(line, "", vault.RuleCSVColumnCount, fmt.Sprintf("has %d columns, the header has %d", len(record), len(p.cols.fields)),
			"Got", len(record), "Want", len(p.cols.fields))
		return Row{}, false
	}
	pt := vault.Patient{Sex: "unknown"}
	failed := map[Field]bool{}
	for i, value := range record {
		fieldLine, _ := cr.FieldPos(i)
		if !p.setField(&pt, fieldLine, p.cols.fields[i], value) {
			failed[p.cols.fields[i]] = true
		}
	}
	ok := p.validate(line, pt, failed)
	return Row{Line: line, Patient: pt}, ok && len(failed) == 0
}

func blank(record []string) bool {
	for _, v := range record {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// setField stores one value in pt, converting dates and sex codes. It
// reports whether the value was usable.
func (p *parser) setField(pt *vault.Patient, line int, f Field, value string) bool {
	if f == Ignore {
		return true
	}
	if !utf8.ValidString(value) {
		p.errs.add(line, string(f), vault.RuleCSVNotUTF8, "is not valid UTF-8 (save the file as UTF-8)")
		return false
	}
	value = strings.TrimSpace(value)
	switch f {
	case BirthDate:
		d, rule, err := parseDate(value)
		if err != nil {
			p.errs.add(line, string(f), rule, err.Error())
			return false
		}
		pt.BirthDate = d
	case Sex:
		s, ok := parseSex(value)
		if !ok {
			p.errs.add(line, string(f), vault.RuleCSVSex, "must be female, male, other or unknown, or f, m, o, u (the German and French words are accepted too)")
			return false
		}
		pt.Sex = s
	default:
		*stringField(pt, f) = value
	}
	return true
}

func stringField(pt *vault.Patient, f Field) *string {
	switch f {
	case GivenName:
		return &pt.GivenName
	case FamilyName:
		return &pt.FamilyName
	case Address:
		return &pt.Address
	case Postcode:
		return &pt.Postcode
	case Phone:
		return &pt.Phone
	case Email:
		return &pt.Email
	case InsuranceNumber:
		return &pt.InsuranceNumber
	case MRN:
		return &pt.MRN
	case Diagnosis:
		return &pt.Diagnosis
	case Notes:
		return &pt.Notes
	}
	panic(fmt.Sprintf("patientcsv: no string field %q", f))
}

// validate runs vault.Patient.Validate, leaving out fields that already
// failed to convert, and checks MRNs repeated in the file.
func (p *parser) validate(line int, pt vault.Patient, failed map[Field]bool) bool {
	ok := true
	var verr *vault.ValidationError
	if err := pt.Validate(); errors.As(err, &verr) {
		for _, fe := range verr.Fields {
			if name := csvFieldName(fe.Field); !failed[Field(name)] {
				p.errs.add(line, name, fe.Rule, fe.Message)
				ok = false
			}
		}
	} else if err != nil {
		p.errs.add(line, "", vault.RuleCSVInvalidRecord, "invalid record")
		ok = false
	}
	if pt.MRN != "" {
		key := normalizeMRN(pt.MRN)
		if first, dup := p.mrns[key]; dup {
			p.errs.add(line, string(MRN), vault.RuleCSVDuplicateMRN, fmt.Sprintf("same MRN as line %d", first), "First", first)
			return false
		}
		p.mrns[key] = line
	}
	return ok
}

// normalizeMRN ignores case and spaces, as the vault does.
func normalizeMRN(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// csvFieldName turns a vault field name ("BirthDate") into the CSV one.
func csvFieldName(vaultField string) string {
	for _, f := range Fields() {
		if f.PatientField() == vaultField {
			return string(f)
		}
	}
	return strings.ToLower(vaultField)
}

// parseDate accepts YYYY-MM-DD and DD.MM.YYYY and returns UTC midnight.
// The rule says what is wrong when err is not nil.
func parseDate(s string) (time.Time, vault.FieldRule, error) {
	if s == "" {
		return time.Time{}, vault.RuleRequired, errors.New("is required")
	}
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006"} {
		if d, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return d, "", nil
		}
	}
	return time.Time{}, vault.RuleCSVDate, errors.New("is not a valid date (want YYYY-MM-DD or DD.MM.YYYY)")
}

func parseSex(s string) (string, bool) {
	code, ok := sexValues[strings.ToLower(s)]
	return code, ok
}

// sexValues are the values of the sex column the importer accepts (lower
// case) and the code each stands for: the codes themselves and their
// first letters (the format's own, English), the German words and
// letters (w, d), the French ones (h for homme) and a few common
// variants. No letter means two things: m is male in all three
// languages, f is female in English and French. Empty is unknown.
var sexValues = map[string]string{
	"female": "female", "f": "female", "w": "female", "woman": "female", "weiblich": "female", "femme": "female", "féminin": "female",
	"male": "male", "m": "male", "man": "male", "männlich": "male", "homme": "male", "h": "male", "masculin": "male",
	"other": "other", "o": "other", "d": "other", "divers": "other", "x": "other", "diverse": "other", "autre": "other",
	"unknown": "unknown", "u": "unknown", "": "unknown", "unbekannt": "unknown", "inconnu": "unknown",
}

// SexValues returns the values of the sex column the importer accepts
// (lower case; case is ignored in a file) with the code each stands for.
// Problem messages and the format's documentation offer only these.
func SexValues() map[string]string { return maps.Clone(sexValues) }

// lineLimiter fails with *lineTooLongError when a physical line exceeds max
// bytes, so a file without newlines cannot exhaust memory.
type lineLimiter struct {
	r    io.Reader
	max  int
	line int // current line, 1-based
	cur  int // bytes in the current line so far
	err  error
}

type lineTooLongError struct{ line int }

func (e *lineTooLongError) Error() string { return fmt.Sprintf("line %d is too long", e.line) }

func (l *lineLimiter) Read(b []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(b)
	for i := 0; i < n; i++ {
		if b[i] == '\n' {
			l.line++
			l.cur = 0
			continue
		}
		l.cur++
		if l.cur > l.max {
			l.err = &lineTooLongError{line: l.line}
			return i, l.err
		}
	}
	return n, err
}
