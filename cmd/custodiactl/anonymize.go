package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"custodia/app"
	"custodia/deid"
	"custodia/i18n"
)

const anonymizeHelp = `
Reads a CSV table, removes or pseudonymises direct identifiers, generalises
the quasi-identifiers until every privacy model holds (suppressing at most
--suppression of the records), writes the released dataset and a report
with the transformation, suppression, utility metrics and re-identification
risk before and after.

Hierarchies (ARX CSV layout, ';' or ',') are looked up in --hierarchies by
column name: <anything>_hierarchy_<column>.csv or <column>.csv. A
quasi-identifier without one can only be kept or replaced by "*".

Algorithms: "optimal" searches the generalisation lattice for the
transformation with the best --metric score (full-domain recoding);
"mondrian" partitions the records (local recoding, no suppression) and
writes ranges "[lo-hi]" or value sets; "none" only handles the direct
identifiers (a pseudonymised export: still personal data, send it
encrypted) and reports the risk of the quasi-identifiers.

Direct identifiers: --remove drops columns; --pseudonymize replaces values
by keyed HMAC-SHA256 pseudonyms (key: --key-file, at least 32 bytes, one
per study); --shift-dates moves dates by a per-patient shift derived from
the key and --record-column. --recipient/--recipients-file encrypt the
output for the researcher (age format); the plaintext never reaches the disk.
Pseudonymised exports (--pseudonymize, --shift-dates, --algorithm none)
remain personal data and are refused in plaintext without --unencrypted. --safe-harbor applies the HIPAA Safe Harbor
method to columns recognised by name (name, address, zip, birth date,
dates, age, phone, e-mail, SSN, MRN, ...) or mapped with --identifiers
col=kind. It runs before generalisation: hierarchies must then contain the
generalised values (e.g. "90+" for age).

When no transformation satisfies the models, the command exits with code 6
and says which model failed and what would help.

examples:
  custodiactl anonymize --input adult.csv --hierarchies data/adult \
      --qi sex,age,race --sensitive salary-class --k 5 --l 2 \
      --suppression 5% --output out.parquet --report report.json
  custodiactl anonymize --input visits.csv --qi age,zip --k 10 \
      --pseudonymize patient_id --key-file study.key --shift-dates visit \
      --record-column patient_id --algorithm mondrian --output out.csv`

// anonymizeOptions holds the flags of "custodiactl anonymize".
type anonymizeOptions struct {
	input, hierarchies, output, format, report      string
	qi, sensitive, remove, pseudonymize, shiftDates string
	keyFile, recordColumn, prefix, identifiers      string
	recipient, recipientsFile, restrictedZIP3       string
	sep, outSep, suppressed, metric, algorithm      string
	lVariant, tDistance, suppression, entity        string
	k, l, maxShift                                  int
	c, t, avgRisk                                   float64
	safeHarbor, quiet, unencrypted                  bool
}

func anonymizeCommand() *command {
	c := newCommand("anonymize", "--input FILE --qi COLS --output FILE [flags]", "de-identify a CSV table for a research export")
	c.help = anonymizeHelp
	o := &anonymizeOptions{}
	o.register(c.flags)
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error { return o.run(ctx) }
	return c
}

func (o *anonymizeOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.input, "input", "", "input CSV `file` with a header row (required)")
	fs.StringVar(&o.hierarchies, "hierarchies", "", "`directory` of ARX hierarchy CSV files")
	fs.StringVar(&o.qi, "qi", "", "quasi-identifying `columns`, comma-separated (required)")
	fs.StringVar(&o.sensitive, "sensitive", "", "sensitive `columns` for l-diversity and t-closeness")
	fs.StringVar(&o.entity, "entity", "", "patient `column` when a patient has several records: k counts patients, suppression removes whole patients")
	fs.IntVar(&o.k, "k", 5, "k-anonymity: minimum equivalence class size (1 = off)")
	fs.IntVar(&o.l, "l", 0, "l-diversity of each sensitive column (0 = off)")
	fs.StringVar(&o.lVariant, "l-variant", "distinct", "l-diversity `variant`: distinct, entropy or recursive")
	fs.Float64Var(&o.c, "c", 3, "c of recursive (c,l)-diversity")
	fs.Float64Var(&o.t, "t", 0, "t-closeness threshold of each sensitive column (0 = off)")
	fs.StringVar(&o.tDistance, "t-distance", "equal", "t-closeness ground `distance`: equal, ordered or hierarchical")
	fs.Float64Var(&o.avgRisk, "average-risk", 0, "highest average re-identification risk, in (0,1] (0 = off)")
	fs.StringVar(&o.suppression, "suppression", "0", "largest share of records that may be suppressed: a `fraction` (0.05) or percentage (5%)")
	fs.StringVar(&o.metric, "metric", "dm", "utility `metric` to optimise: dm, aecs, precision, entropy, intensity or loss")
	fs.StringVar(&o.algorithm, "algorithm", "optimal", "`algorithm`: optimal, mondrian, or none (pseudonymise only, no generalisation)")
	fs.StringVar(&o.sep, "sep", "", "input field `separator` (default: detected from the header: ';', ',' or tab)")
	fs.StringVar(&o.outSep, "out-sep", "", "CSV output field `separator` (default: the input's)")
	fs.StringVar(&o.output, "output", "", "output `file` (required; written atomically, mode 0600)")
	fs.StringVar(&o.format, "format", "", "output `format`: csv, jsonl (JSON Lines), json (one array) or parquet (default: from the output file name)")
	fs.StringVar(&o.suppressed, "suppressed", "remove", "suppressed records: remove, or star (kept with * in every quasi-identifier)")
	fs.StringVar(&o.report, "report", "", "report `file`: .json, .html or .txt")
	fs.StringVar(&o.remove, "remove", "", "direct-identifier `columns` to drop")
	fs.StringVar(&o.pseudonymize, "pseudonymize", "", "`columns` to replace by keyed pseudonyms (needs --key-file)")
	fs.StringVar(&o.keyFile, "key-file", "", "`file` holding the study's pseudonymisation key (at least 32 bytes)")
	fs.StringVar(&o.prefix, "pseudonym-prefix", deid.DefaultPseudonymPrefix, "`prefix` of pseudonyms")
	fs.StringVar(&o.shiftDates, "shift-dates", "", "date `columns` (YYYY-MM-DD etc.) to shift by a per-patient offset (needs --key-file)")
	fs.StringVar(&o.recordColumn, "record-column", "", "`column` identifying the patient, keys the date shift")
	fs.IntVar(&o.maxShift, "max-shift-days", 365, "largest date shift in `days`, either direction")
	fs.BoolVar(&o.safeHarbor, "safe-harbor", false, "apply the HIPAA Safe Harbor profile to identifier columns")
	fs.StringVar(&o.identifiers, "identifiers", "", "Safe Harbor `mapping` col=kind,... (kinds: name, geographic, zip, date, birth-date, age, phone, fax, email, ssn, mrn, health-plan, account, certificate, vehicle, device, url, ip, biometric, photo, other-unique, none)")
	fs.StringVar(&o.restrictedZIP3, "restricted-zip3", "", "3-digit ZIP `areas` with at most 20,000 people, comma-separated, replaced by 000 (default: HHS's 2000-census list)")
	fs.StringVar(&o.recipient, "recipient", "", "encrypt the output for these age public `keys` (age1..., comma-separated)")
	fs.StringVar(&o.recipientsFile, "recipients-file", "", "encrypt the output for the age public keys in `file` (one per line)")
	fs.BoolVar(&o.unencrypted, "unencrypted", false, "allow a pseudonymised export without --recipient (it is personal data: only onto an encrypted volume)")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing on success")
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseSuppression accepts a fraction ("0.05") or a percentage ("5%").
func parseSuppression(loc *i18n.Localizer, s string) (float64, error) {
	s = strings.TrimSpace(s)
	scale := 1.0
	if strings.HasSuffix(s, "%") {
		s, scale = strings.TrimSpace(strings.TrimSuffix(s, "%")), 0.01
	}
	v, err := strconv.ParseFloat(s, 64)
	v *= scale
	if err != nil || !(v >= 0 && v <= 1) {
		return 0, usage("deid.cli.suppression", "Value", s)
	}
	return v, nil
}

// parseSep accepts a single character, "tab" or `\t`.
func parseSep(name, s string) (rune, error) {
	switch s {
	case "":
		return 0, nil
	case "tab", `\t`:
		return '\t', nil
	}
	r := []rune(s)
	if len(r) != 1 || r[0] == '"' || r[0] == '\n' || r[0] == '\r' {
		return 0, usage("deid.cli.sep", "Flag", name, "Value", s)
	}
	return r[0], nil
}

// anonymizeRun carries the state of one run.
type anonymizeRun struct {
	o           *anonymizeOptions
	ctx         *runContext
	cc          context.Context // cancelled by SIGINT/SIGTERM
	committed   bool            // the output file is in place
	start       time.Time
	sep         rune
	outSep      rune
	limit       float64
	format      deid.Format
	mode        deid.SuppressedMode
	metric      deid.Metric
	table       *deid.Table
	columns     []string // input header
	inputHash   *deid.HashingReader
	hier        map[string]*deid.Hierarchy
	hierFP      map[string]deid.Fingerprint
	removed     []string
	safeKinds   map[string]string
	timings     map[string]time.Duration
	cfg         deid.Config
	result      *deid.Result
	written     deid.WriteSummary
	mark        time.Time
	pseudoCols  []string
	shifted     []string
	keyID       string
	wrap        func(io.Writer) (io.WriteCloser, error)
	nRecipients int
}

// run runs the command until done or until SIGINT/SIGTERM cancels it.
func (o *anonymizeOptions) run(ctx *runContext) error {
	sig, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return o.runContext(sig, ctx)
}

// runContext runs the command; cancelling cc stops reading and searching
// and, until the output file is committed, leaves no output behind.
func (o *anonymizeOptions) runContext(cc context.Context, ctx *runContext) error {
	r := &anonymizeRun{o: o, ctx: ctx, cc: cc, start: ctx.now(), timings: map[string]time.Duration{}}
	r.mark = r.start
	steps := []func() error{r.parseOptions, r.readInput, r.directIdentifiers, r.loadHierarchies, r.setRoles, r.anonymize, r.write, r.writeReport}
	for _, step := range steps {
		if err := cc.Err(); err != nil && !r.committed {
			return r.error(err)
		}
		if err := step(); err != nil {
			return r.error(err)
		}
	}
	return nil
}

// lap records the time since the previous lap under phase.
func (r *anonymizeRun) lap(phase string) {
	now := r.ctx.now()
	r.timings[phase] += now.Sub(r.mark)
	r.mark = now
}

func (r *anonymizeRun) parseOptions() error {
	o := r.o
	for _, req := range []struct{ name, v string }{{"input", o.input}, {"qi", o.qi}, {"output", o.output}} {
		if req.v == "" {
			return usage("deid.cli.required", "Flag", req.name)
		}
	}
	if samePath(o.input, o.output) || samePath(o.output, o.report) || samePath(o.input, o.report) {
		return usage("deid.cli.sameFiles")
	}
	var err error
	if r.sep, err = parseSep("sep", o.sep); err != nil {
		return err
	}
	if r.outSep, err = parseSep("out-sep", o.outSep); err != nil {
		return err
	}
	if r.limit, err = parseSuppression(r.ctx.words(), o.suppression); err != nil {
		return err
	}
	return r.parseChoices()
}

func (r *anonymizeRun) parseChoices() error {
	o := r.o
	var err error
	r.format = deid.FormatFromPath(o.output)
	if o.format != "" {
		if r.format, err = deid.ParseFormat(o.format); err != nil {
			return choiceError("format", o.format, "csv", "jsonl", "json", "parquet")
		}
	}
	if r.mode, err = deid.ParseSuppressedMode(o.suppressed); err != nil {
		return choiceError("suppressed", o.suppressed, "remove", "star")
	}
	if r.metric, err = deid.ParseMetric(o.metric); err != nil {
		return choiceError("metric", o.metric, "dm", "aecs", "precision", "entropy", "intensity", "loss")
	}
	switch o.algorithm {
	case "optimal", "mondrian":
	case "none":
		if o.l > 0 || o.t > 0 || o.avgRisk != 0 {
			return usage("deid.cli.noneWithModels")
		}
	default:
		return choiceError("algorithm", o.algorithm, "optimal", "mondrian", "none")
	}
	if (o.pseudonymize != "" || o.shiftDates != "") && o.keyFile == "" {
		return usage("deid.cli.needKey")
	}
	if (o.l > 0 || o.t > 0) && o.sensitive == "" {
		return usage("deid.cli.needSensitive")
	}
	if _, err = r.models(); err != nil {
		return err
	}
	if err := r.setEncryption(); err != nil {
		return err
	}
	return r.checkPseudonymousOutput()
}

// checkPseudonymousOutput refuses to write a pseudonymised export (it is
// still personal data) in plaintext unless --unencrypted says so.
func (r *anonymizeRun) checkPseudonymousOutput() error {
	o := r.o
	pseudonymous := o.algorithm == "none" || o.pseudonymize != "" || o.shiftDates != ""
	if pseudonymous && r.wrap == nil && !o.unencrypted {
		return usage("deid.cli.unencrypted")
	}
	return nil
}

// models builds the privacy models from the flags.
func (r *anonymizeRun) models() ([]deid.Model, error) {
	o := r.o
	if o.algorithm == "none" {
		return nil, nil
	}
	var ms []deid.Model
	if o.k > 1 {
		ms = append(ms, deid.KAnonymity{K: o.k})
	} else if o.k < 1 {
		return nil, usage("deid.cli.kMin")
	}
	for _, s := range splitList(o.sensitive) {
		m, err := r.sensitiveModels(s)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m...)
	}
	if o.avgRisk != 0 {
		ms = append(ms, deid.AverageRisk{Threshold: o.avgRisk})
	}
	if len(ms) == 0 {
		ms = append(ms, deid.KAnonymity{K: 1})
		if o.algorithm == "optimal" {
			return nil, usage("deid.cli.noModel")
		}
	}
	return ms, nil
}

func (r *anonymizeRun) sensitiveModels(attr string) ([]deid.Model, error) {
	o := r.o
	var ms []deid.Model
	if o.l > 0 {
		switch o.lVariant {
		case "distinct":
			ms = append(ms, deid.DistinctLDiversity{Attribute: attr, L: o.l})
		case "entropy":
			ms = append(ms, deid.EntropyLDiversity{Attribute: attr, L: float64(o.l)})
		case "recursive":
			ms = append(ms, deid.RecursiveCLDiversity{Attribute: attr, C: o.c, L: o.l})
		default:
			return nil, choiceError("l-variant", o.lVariant, "distinct", "entropy", "recursive")
		}
	}
	if o.t > 0 {
		d, ok := map[string]deid.Distance{"equal": deid.EqualDistance, "ordered": deid.OrderedDistance, "hierarchical": deid.HierarchicalDistance}[o.tDistance]
		if !ok {
			return nil, choiceError("t-distance", o.tDistance, "equal", "ordered", "hierarchical")
		}
		ms = append(ms, deid.TCloseness{Attribute: attr, T: o.t, Distance: d})
	}
	return ms, nil
}

func (r *anonymizeRun) readInput() error {
	f, err := os.Open(r.o.input)
	if err != nil {
		return fileError("input", r.o.input, err)
	}
	defer f.Close()
	r.inputHash = deid.NewHashingReader(f)
	br := bufio.NewReaderSize(r.inputHash, 1<<16)
	if r.sep == 0 {
		r.sep = detectSeparator(br)
	}
	if r.outSep == 0 {
		r.outSep = r.sep
	}
	var size int64
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		size = info.Size()
	}
	r.table, err = deid.ReadCSV(r.cc, br, deid.CSVOptions{Separator: r.sep, SizeHint: size})
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(r.o.input), err)
	}
	r.columns = r.table.Names()
	r.lap("read")
	return nil
}

// detectSeparator picks the most frequent of ';', ',' and tab in the first line.
func detectSeparator(br *bufio.Reader) rune {
	peek, _ := br.Peek(64 << 10)
	if i := bytes.IndexByte(peek, '\n'); i >= 0 {
		peek = peek[:i]
	}
	best, n := ',', 0
	for _, c := range []rune{';', ',', '\t'} {
		if k := bytes.Count(peek, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

func fileError(what, path string, err error) error {
	creating := what == "output" || what == "report"
	w := fileWhat(what)
	switch {
	case errors.Is(err, fs.ErrNotExist) && creating:
		return fail(exitNotFound, err, "deid.cli.noDir", "What", w, "File", path)
	case errors.Is(err, fs.ErrNotExist):
		return fail(exitNotFound, err, "deid.cli.notFound", "What", w, "File", path)
	case errors.Is(err, fs.ErrPermission):
		return fail(exitPermission, err, "deid.cli.permission", "What", w, "File", path)
	case creating:
		return fail(exitInternal, err, "deid.cli.cannotWrite", "What", w, "File", path)
	}
	return fail(exitInternal, err, "deid.cli.cannotRead", "What", w, "File", path)
}

// fileWhat is the kind of file a message names, worded when reported.
type fileWhat string

func (w fileWhat) words(loc *i18n.Localizer) string {
	switch w {
	case "output":
		return loc.T("deid.file.output")
	case "report":
		return loc.T("deid.file.report")
	case "key":
		return loc.T("deid.file.key")
	case "hierarchy":
		return loc.T("deid.file.hierarchy")
	case "hierarchy directory":
		return loc.T("deid.file.hierarchyDir")
	case "recipients":
		return loc.T("deid.file.recipients")
	}
	return loc.T("deid.file.input")
}

// choiceError is the usage error of a flag whose value is none of the
// choices (codes to type, listed as they are).
func choiceError(flag, value string, choices ...string) error {
	return usage("deid.cli.choice", "Flag", flag, "Value", value, "Choices", choiceList(choices))
}

// choiceList lists codes to type: "a, b or c" in the reader's language.
type choiceList []string

func (c choiceList) words(loc *i18n.Localizer) string {
	if len(c) < 2 {
		return strings.Join(c, "")
	}
	return strings.Join(c[:len(c)-1], ", ") + loc.T("deid.word.or") + c[len(c)-1]
}

// error maps an engine error to a message in the run's language and an
// exit code (anonymizeError).
func (r *anonymizeRun) error(err error) error {
	files := map[string]string{}
	for col, fp := range r.hierFP {
		files[col] = fp.File
	}
	return anonymizeError(r.ctx.words(), app.DeidRun{Input: r.o.input, Models: r.cfg.Models, Hierarchies: files}, err)
}

// anonymizeError maps engine errors to messages and exit codes. The
// engine's errors name files, lines and columns, never values; app words
// the coded ones (app.DeidErrorText) in the run's language.
func anonymizeError(loc *i18n.Localizer, run app.DeidRun, err error) error {
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return err
	case errors.Is(err, context.Canceled):
		return fail(exitCancelled, err, "deid.cli.cancelled")
	}
	if text, ok := app.DeidErrorText(loc, err, run); ok {
		return newExitError(exitValidation, err, "%s", loc.T("deid.cli.prefix", "Text", text))
	}
	if errors.Is(err, deid.ErrInvalidConfig) || errors.Is(err, deid.ErrInvalidTable) || errors.Is(err, deid.ErrInvalidHierarchy) ||
		errors.Is(err, deid.ErrNoSolution) || errors.Is(err, deid.ErrPseudoKey) || errors.Is(err, deid.ErrUnknownKind) {
		// A rare engine check without a code yet: its English text names
		// columns and numbers, never values.
		return newExitError(exitValidation, err, "anonymize: %s", strings.TrimPrefix(err.Error(), "deid: "))
	}
	return err
}

// samePath reports whether a and b name the same file (b may be empty).
func samePath(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}
