package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"custodia/app"
	"custodia/i18n"
	"custodia/research"
	"custodia/vault"
)

// exportStudyCommand is "custodiactl export study".
func exportStudyCommand() *command {
	return newGroup("study", "cli3.cmd.export.study",
		exportStudyAdd(), exportStudyList(), exportStudyShow(), exportStudyDestroyKey())
}

// studyFlags are the flags of "export study add".
type studyFlags struct {
	definition, id, name, purpose                     string
	org, contact, recipientID, recipientKey, passFile string
	recipientUser                                     string
	columns, level, icd, from, to, reference          string
	metric, algorithm, lVariant, suppression          string
	hierarchies                                       multiFlag
	k, ageMin, ageMax, dateShift                      int
	l, c, t, avgRisk                                  float64
	pseudonyms                                        bool
	// added is how many columns parseColumns put before the typed ones
	// (the pseudonymised patient id): errors about columns count from
	// what was typed (typedColumns).
	added int
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func addStudyFlags(fs *flag.FlagSet) *studyFlags {
	f := &studyFlags{}
	fs.StringVar(&f.definition, "definition", "", "cli3.flag.definition")
	fs.StringVar(&f.id, "id", "", "cli3.flag.id")
	fs.StringVar(&f.name, "name", "", "cli3.flag.export.study.add.name")
	fs.StringVar(&f.purpose, "purpose", "", "cli3.flag.export.study.add.purpose")
	fs.StringVar(&f.org, "recipient-org", "", "cli3.flag.recipient-org")
	fs.StringVar(&f.contact, "recipient-contact", "", "cli3.flag.recipient-contact")
	fs.StringVar(&f.recipientID, "recipient-id", "", "cli3.flag.recipient-id")
	fs.StringVar(&f.recipientKey, "recipient-key", "", "cli3.flag.recipient-key")
	fs.StringVar(&f.passFile, "recipient-passphrase-file", "", "cli3.flag.recipient-passphrase-file")
	fs.StringVar(&f.recipientUser, "recipient-user", "", "cli3.flag.recipient-user")
	fs.StringVar(&f.columns, "columns", "", "cli3.flag.columns")
	fs.StringVar(&f.level, "level", research.LevelPatient, "cli3.flag.level")
	fs.StringVar(&f.icd, "icd", "", "cli3.flag.icd")
	fs.StringVar(&f.from, "from", "", "cli3.flag.export.study.add.from")
	fs.StringVar(&f.to, "to", "", "cli3.flag.export.study.add.to")
	fs.IntVar(&f.ageMin, "age-min", 0, "cli3.flag.age-min")
	fs.IntVar(&f.ageMax, "age-max", 0, "cli3.flag.age-max")
	fs.StringVar(&f.reference, "reference-date", "", "cli3.flag.reference-date")
	fs.IntVar(&f.dateShift, "date-shift", 0, "cli3.flag.date-shift")
	fs.BoolVar(&f.pseudonyms, "pseudonyms", true, "cli3.flag.pseudonyms")
	fs.IntVar(&f.k, "k", 5, "cli3.flag.export.study.add.k")
	fs.Float64Var(&f.l, "l", 0, "cli3.flag.export.study.add.l")
	fs.StringVar(&f.lVariant, "l-variant", "", "cli3.flag.export.study.add.l-variant")
	fs.Float64Var(&f.c, "c", 0, "cli3.flag.anonymize.c")
	fs.Float64Var(&f.t, "t", 0, "cli3.flag.export.study.add.t")
	fs.Float64Var(&f.avgRisk, "average-risk", 0, "cli3.flag.export.study.add.average-risk")
	fs.StringVar(&f.suppression, "suppression", "0.05", "cli3.flag.export.study.add.suppression")
	fs.StringVar(&f.metric, "metric", "loss", "cli3.flag.export.study.add.metric")
	fs.StringVar(&f.algorithm, "algorithm", research.AlgorithmOptimal, "cli3.flag.export.study.add.algorithm")
	fs.Var(&f.hierarchies, "hierarchy", "cli3.flag.hierarchy")
	return f
}

func exportStudyAdd() *command {
	c := newCommand("add", "[flags]", "cli3.cmd.export.study.add")
	c.help = "cli3.help.export.study.add"
	sf := addStudyFlags(c.flags)
	return leaf[app.StudyRecord]{nargs: noArgs, json: "cli3.flag.json",
		do: func(ctx *runContext, u unlocked, _ []string) (app.StudyRecord, error) {
			st, err := sf.study(ctx, u.uc, c.flags)
			if err != nil {
				return app.StudyRecord{}, err
			}
			rec, err := u.uc.SaveStudy(st)
			if err != nil {
				return rec, exportError(ctx.exportLoc(), typedColumns(err, sf.added))
			}
			return rec, nil
		},
		show: func(ctx *runContext, _ unlocked, rec app.StudyRecord) error {
			return ctx.say("export.study.saved", "ID", rec.Study.ID, "Version", rec.Study.Version, "Name", rec.Study.Name)
		},
		asJSON: func(_ unlocked, rec app.StudyRecord) any { return studyJSON(rec) },
	}.build(c)
}

// study builds the study from the flags (or the --definition file).
func (f *studyFlags) study(ctx *runContext, uc *app.Session, fs *flag.FlagSet) (research.Study, error) {
	if f.definition != "" {
		return f.fromFile(fs)
	}
	st := research.Study{ID: f.id, Name: f.name, Purpose: f.purpose, Level: f.level, Metric: f.metric, Algorithm: f.algorithm,
		ReferenceDate: f.reference, DateShiftDays: f.dateShift,
		Cohort:  research.Cohort{ICDPrefix: strings.ToUpper(f.icd), From: f.from, To: f.to, AgeMin: f.ageMin, AgeMax: f.ageMax},
		Privacy: research.Privacy{K: f.k, L: f.l, LVariant: f.lVariant, C: f.c, T: f.t, AverageRisk: f.avgRisk}}
	if st.ID == "" {
		st.ID = slug(f.name)
	}
	if st.ReferenceDate == "" {
		st.ReferenceDate = fmt.Sprintf("%d-01-01", ctx.now().Year())
	}
	var err error
	if st.Privacy.Suppression, err = parseShare(f.suppression); err != nil {
		return st, err
	}
	if st.Recipient, err = f.recipient(ctx, uc); err != nil {
		return st, err
	}
	if st.Columns, err = f.parseColumns(); err != nil {
		return st, err
	}
	return st, f.loadHierarchies(&st)
}

func (f *studyFlags) fromFile(fs *flag.FlagSet) (research.Study, error) {
	var others []string
	fs.Visit(func(fl *flag.Flag) {
		if !slices.Contains([]string{"definition", "json", "vault", "user", "passphrase-file", "code"}, fl.Name) {
			others = append(others, "--"+fl.Name)
		}
	})
	if len(others) > 0 {
		return research.Study{}, usage("cli4.study.definitionAlone", "Flags", strings.Join(others, ", "))
	}
	data, err := os.ReadFile(f.definition)
	if err != nil {
		return research.Study{}, fail(exitNotFound, err, "cli4.session.cannotOpen", "Flag", "--definition", "File", f.definition)
	}
	var st research.Study
	if err := strictJSON(data, &st); err != nil {
		return st, invalid(err, "cli4.badFile", "Flag", "--definition", "File", f.definition, "Problem", jsonProblem{err})
	}
	return st, nil
}

func (f *studyFlags) recipient(ctx *runContext, uc *app.Session) (research.Recipient, error) {
	r := research.Recipient{Org: f.org, Contact: f.contact, ID: f.recipientID, AgeRecipient: f.recipientKey}
	if r.Contact == "" {
		r.Contact = r.Org
	}
	if f.passFile != "" {
		if _, err := ctx.readSecretFile(f.passFile, "--recipient-passphrase-file"); err != nil {
			return r, err
		}
		r.Passphrase = true
	}
	if f.recipientUser != "" {
		users, err := uc.Researchers()
		if err != nil {
			return r, err
		}
		i := slices.IndexFunc(users, func(u vault.User) bool { return u.Name == f.recipientUser })
		if i < 0 {
			return r, fail(exitNotFound, nil, "cli4.study.recipientUser", "User", f.recipientUser)
		}
		r.User = users[i].ID
	}
	if r.ID == "" {
		if cat, err := uc.Catalogue(); err == nil {
			if p, ok := cat.Purpose(f.purpose); ok && len(p.Recipients) == 1 {
				r.ID = p.Recipients[0].ID
			}
		}
	}
	return r, nil
}

// parseColumns reads --columns: name:role pairs (the role after the last
// colon, so obs:4548-4:insensitive works).
func (f *studyFlags) parseColumns() ([]research.Column, error) {
	if strings.TrimSpace(f.columns) == "" {
		return nil, usage("cli4.study.columns")
	}
	var out []research.Column
	for i, part := range strings.Split(f.columns, ",") {
		j := strings.LastIndex(part, ":")
		if j <= 0 {
			return nil, usage("cli4.study.columnItem", "N", i+1, "Item", part)
		}
		name, role := strings.TrimSpace(part[:j]), strings.ToLower(strings.TrimSpace(part[j+1:]))
		c := research.Column{Name: name}
		switch role {
		case "qi", "quasi":
			c.Role = research.RoleQuasi
		case "sensitive":
			c.Role = research.RoleSensitive
		case "insensitive", "keep":
			c.Role = research.RoleInsensitive
		case "pseudonymise", "pseudonymize", "drop":
			c.Role, c.Treatment = research.RoleIdentifying, strings.Replace(role, "ize", "ise", 1)
		default:
			return nil, usage("cli4.study.columnRole", "N", i+1, "Name", name, "Role", role)
		}
		out = append(out, c)
	}
	if f.pseudonyms && !slices.ContainsFunc(out, func(c research.Column) bool { return c.Name == research.SrcPatient }) {
		out = append([]research.Column{{Name: research.SrcPatient, Role: research.RoleIdentifying, Treatment: research.IdentPseudonymise}}, out...)
		f.added = 1
	}
	return out, nil
}

func (f *studyFlags) loadHierarchies(st *research.Study) error {
	for _, h := range f.hierarchies {
		col, file, ok := strings.Cut(h, "=")
		i := slices.IndexFunc(st.Columns, func(c research.Column) bool { return c.Name == col })
		if !ok || i < 0 {
			return usage("cli4.study.hierarchy", "Value", h)
		}
		rows, err := readARXHierarchy(file)
		if err != nil {
			return err
		}
		st.Columns[i].Hierarchy = rows
	}
	return nil
}

// readARXHierarchy reads an ARX hierarchy CSV (';' or ',').
func readARXHierarchy(file string) ([][]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fail(exitNotFound, err, "cli4.session.cannotOpen", "Flag", "--hierarchy", "File", file)
	}
	r := csv.NewReader(strings.NewReader(string(data)))
	r.Comma = ';'
	if !strings.Contains(strings.SplitN(string(data), "\n", 2)[0], ";") {
		r.Comma = ','
	}
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, invalid(err, "cli4.badFile", "Flag", "--hierarchy", "File", file, "Problem", err)
	}
	return rows, nil
}

var slugDrop = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes a study code from a name: "Diabetes 2026" → "diabetes-2026".
func slug(name string) string {
	s := strings.Trim(slugDrop.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(s) > 32 {
		s = strings.TrimRight(s[:32], "-")
	}
	return s
}

// parseShare reads 0.05 or 5%.
func parseShare(s string) (float64, error) {
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
	if err != nil {
		return 0, usage("cli4.study.suppression", "Value", s)
	}
	if pct {
		v /= 100
	}
	return v, nil
}

// studyOut is a study in --json output.
type studyOut struct {
	Study        research.Study `json:"study"`
	SavedAt      time.Time      `json:"saved_at"`
	SavedBy      string         `json:"saved_by"`
	KeyDestroyed bool           `json:"key_destroyed"`
	Exports      int            `json:"exports"`
}

func studyJSON(r app.StudyRecord) studyOut {
	return studyOut{Study: r.Study, SavedAt: r.SavedAt, SavedBy: r.SavedBy, KeyDestroyed: r.KeyDestroyed, Exports: r.Exports}
}

func exportStudyList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.export.study.list")
	return leaf[[]app.StudyRecord]{nargs: noArgs, json: "cli3.flag.json",
		do: func(ctx *runContext, u unlocked, _ []string) ([]app.StudyRecord, error) {
			recs, err := u.uc.Studies()
			if err != nil {
				return nil, exportError(ctx.exportLoc(), err)
			}
			return recs, nil
		},
		show:   writeStudies,
		asJSON: studiesJSON,
	}.build(c)
}

// studiesJSON is the --json of study list and show.
func studiesJSON(_ unlocked, recs []app.StudyRecord) any { return mapEach(recs, studyJSON) }

func writeStudies(ctx *runContext, _ unlocked, recs []app.StudyRecord) error {
	loc := ctx.exportLoc()
	t := &table{}
	t.add(loc.T("export.col.id"), loc.T("export.col.version"), loc.T("export.col.name"), loc.T("export.col.recipient"),
		loc.T("export.col.level"), "k", loc.T("export.col.exports"), loc.T("export.col.key"))
	for _, r := range recs {
		s := r.Study
		t.add(s.ID, strconv.Itoa(s.Version), s.Name, s.Recipient.Org, levelText(loc, s.Level), strconv.Itoa(s.Privacy.K),
			loc.Int(r.Exports), keyText(loc, r.KeyDestroyed))
	}
	return t.write(ctx.stdout)
}

func levelText(loc *i18n.Localizer, level string) string {
	if level == research.LevelEncounter {
		return loc.T("export.level.encounter")
	}
	return loc.T("export.level.patient")
}

func keyText(loc *i18n.Localizer, destroyed bool) string {
	if destroyed {
		return loc.T("export.key.destroyed")
	}
	return loc.T("export.key.kept")
}

func exportStudyShow() *command {
	c := newCommand("show", "[flags] ID", "cli3.cmd.export.study.show")
	return leaf[[]app.StudyRecord]{nargs: exactArgs(1), json: "cli3.flag.export.study.show.json",
		do: func(ctx *runContext, u unlocked, args []string) ([]app.StudyRecord, error) {
			recs, err := u.uc.StudyVersions(args[0])
			if err != nil {
				return nil, exportError(ctx.exportLoc(), studyNotFound(args[0], err))
			}
			return recs, nil
		},
		show: func(ctx *runContext, _ unlocked, recs []app.StudyRecord) error {
			return writeStudy(ctx, ctx.exportLoc(), recs)
		},
		asJSON: studiesJSON,
	}.build(c)
}

func writeStudy(ctx *runContext, loc *i18n.Localizer, recs []app.StudyRecord) error {
	r := recs[len(recs)-1]
	s := r.Study
	w := ctx.stdout
	fmt.Fprintln(w, loc.T("export.show.head", "Name", s.Name, "ID", s.ID, "Version", s.Version))
	fmt.Fprintln(w, loc.T("export.show.purpose", "Purpose", loc.Label("purpose", s.Purpose, s.Purpose)))
	fmt.Fprintln(w, loc.T("export.show.recipient", "Org", s.Recipient.Org, "Contact", s.Recipient.Contact, "How", recipientHow(loc, s.Recipient)))
	fmt.Fprintln(w, loc.T("export.show.level", "Level", levelText(loc, s.Level), "Reference", isoDate(loc, s.ReferenceDate)))
	cohort := []string{}
	if s.Cohort.ICDPrefix != "" {
		cohort = append(cohort, "ICD-10 "+s.Cohort.ICDPrefix+"*")
	}
	if s.Cohort.From != "" || s.Cohort.To != "" {
		cohort = append(cohort, orDash(isoDate(loc, s.Cohort.From))+" … "+orDash(isoDate(loc, s.Cohort.To)))
	}
	if s.Cohort.AgeMin > 0 || s.Cohort.AgeMax > 0 {
		cohort = append(cohort, fmt.Sprintf("%d–%d", s.Cohort.AgeMin, s.Cohort.AgeMax))
	}
	if len(cohort) == 0 {
		cohort = append(cohort, loc.T("export.show.everyone"))
	}
	fmt.Fprintln(w, loc.T("export.show.cohort", "Cohort", strings.Join(cohort, "; ")))
	var cols []string
	for _, c := range s.Columns {
		role := c.Role
		if c.Role == research.RoleIdentifying {
			role = c.Treatment
		}
		cols = append(cols, c.Name+" ("+codeText(loc, "research.role."+role, "research.treatment."+role, role)+")")
	}
	fmt.Fprintln(w, loc.T("export.show.columns", "Columns", strings.Join(cols, ", ")))
	p := s.Privacy
	fmt.Fprintln(w, loc.T("export.show.model", "K", p.K, "L", loc.Float(p.L, 1), "T", loc.Float(p.T, 2), "Suppression", loc.Percent(p.Suppression, 1),
		"Metric", codeText(loc, "research.metric."+s.Metric, "", s.Metric), "Algorithm", codeText(loc, "research.algorithm."+s.Algorithm, "", s.Algorithm)))
	fmt.Fprintln(w, loc.T("export.show.key", "Key", keyText(loc, r.KeyDestroyed), "Exports", loc.Int(r.Exports)))
	fmt.Fprintln(w, loc.T("export.show.versions"))
	t := &table{}
	for _, v := range recs {
		t.add("  v"+strconv.Itoa(v.Study.Version), loc.DateTime(v.SavedAt), v.SavedBy)
	}
	return t.write(w)
}

func recipientHow(loc *i18n.Localizer, r research.Recipient) string {
	switch {
	case r.User != "":
		return loc.T("export.recipient.account")
	case r.Passphrase:
		return loc.T("export.recipient.passphrase")
	}
	return loc.T("export.recipient.key")
}

func exportStudyDestroyKey() *command {
	c := newCommand("destroy-key", "[flags] ID", "cli3.cmd.export.study.destroy-key")
	c.help = "cli3.help.export.study.destroy-key"
	reason := c.flags.String("reason", "", "cli3.flag.export.study.destroy-key.reason")
	check := func(ctx *runContext, _ []string) error {
		if strings.TrimSpace(*reason) == "" {
			return usageErrorf("%s", ctx.exportLoc().T("export.err.reason"))
		}
		return nil
	}
	return leaf[string]{nargs: exactArgs(1), check: check,
		do: func(ctx *runContext, u unlocked, args []string) (string, error) {
			if err := u.uc.DestroyStudyKey(args[0], *reason); err != nil {
				return "", exportError(ctx.exportLoc(), studyNotFound(args[0], err))
			}
			return args[0], nil
		},
		show: func(ctx *runContext, _ unlocked, id string) error {
			return ctx.say("export.study.key_destroyed", "ID", id)
		},
	}.build(c)
}

// studyNotFound names the study in a not-found error.
func studyNotFound(id string, err error) error {
	if errors.Is(err, vault.ErrNotFound) {
		return &studyMissing{id: id, err: err}
	}
	return err
}

type studyMissing struct {
	id  string
	err error
}

func (e *studyMissing) Error() string { return "no study " + e.id }
func (e *studyMissing) Unwrap() error { return e.err }

// isoDate writes a stored day ("2026-01-01") in the reader's format; a
// value that is not one stays as stored.
func isoDate(loc *i18n.Localizer, day string) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return loc.Date(d)
}

// codeText is the label of a code under the first message id the
// catalogue has (a column's role, or its treatment when identifying),
// else the code as stored.
func codeText(loc *i18n.Localizer, id, alt, code string) string {
	for _, m := range []string{id, alt} {
		if m != "" && loc.Has(m) {
			return loc.T(m)
		}
	}
	return code
}
