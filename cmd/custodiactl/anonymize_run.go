package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"custodia/app"
	"custodia/deid"
	"custodia/i18n"
)

// directIdentifiers pseudonymises, date-shifts, applies Safe Harbor and
// marks removed columns, in that order (pseudonyms and shifts need the
// original record column).
func (r *anonymizeRun) directIdentifiers() error {
	if err := r.pseudonymize(); err != nil {
		return err
	}
	if err := r.applySafeHarbor(); err != nil {
		return err
	}
	qis := map[string]bool{}
	for _, q := range splitList(r.o.qi) {
		qis[q] = true
	}
	for _, c := range splitList(r.o.remove) {
		if qis[c] {
			return usage("deid.cli.removeAndQI", "Column", c)
		}
		if err := r.table.SetRole(c, deid.RoleIdentifying); err != nil {
			return err
		}
		r.removed = append(r.removed, c)
	}
	r.lap("direct_identifiers")
	return nil
}

func (r *anonymizeRun) pseudonymize() error {
	o := r.o
	if o.pseudonymize == "" && o.shiftDates == "" {
		return nil
	}
	key, err := os.ReadFile(o.keyFile)
	if err != nil {
		return fileError("key", o.keyFile, err)
	}
	key = bytes.TrimRight(key, "\r\n")
	p, err := deid.NewPseudonymizer(key, o.prefix, 0)
	var ie *deid.InputError
	if errors.As(err, &ie) {
		ie.File = o.keyFile
	}
	if err != nil {
		return err
	}
	r.keyID = p.KeyID()
	cfg := deid.PseudoConfig{Actions: map[string]deid.ColumnAction{}, RecordColumn: o.recordColumn, MaxShiftDays: o.maxShift}
	for _, c := range splitList(o.pseudonymize) {
		cfg.Actions[c] = deid.ActionPseudonymize
		r.pseudoCols = append(r.pseudoCols, c)
	}
	for _, c := range splitList(o.shiftDates) {
		cfg.Actions[c] = deid.ActionShiftDate
		r.shifted = append(r.shifted, c)
	}
	return p.ApplyTable(r.table, cfg)
}

func (r *anonymizeRun) applySafeHarbor() error {
	o := r.o
	if !o.safeHarbor && o.identifiers == "" {
		return nil
	}
	kinds, err := r.safeHarborKinds()
	if err != nil {
		return err
	}
	qis := map[string]bool{}
	for _, q := range splitList(o.qi) {
		qis[q] = true
	}
	sh := deid.SafeHarbor{Kinds: map[string]deid.IdentifierKind{}, Now: r.ctx.now}
	if o.restrictedZIP3 != "" {
		for _, z := range splitList(o.restrictedZIP3) {
			if len(z) != 3 || strings.Trim(z, "0123456789") != "" {
				return usage("deid.cli.zip3", "Value", z)
			}
			sh.RestrictedZIP3 = append(sh.RestrictedZIP3, z)
		}
	}
	r.safeKinds = map[string]string{}
	for col, k := range kinds {
		if k == deid.KindNone {
			continue
		}
		if qis[col] && removedKind(k) {
			return usage("deid.cli.safeHarborQI", "Column", col, "Kind", k.String())
		}
		sh.Kinds[col] = k
		r.safeKinds[col] = k.String()
		if removedKind(k) {
			r.removed = append(r.removed, col)
		}
	}
	return sh.ApplyTable(r.table)
}

// removedKind reports whether Safe Harbor drops columns of kind k.
func removedKind(k deid.IdentifierKind) bool {
	switch k {
	case deid.KindNone, deid.KindZIP, deid.KindDate, deid.KindBirthDate, deid.KindAge:
		return false
	}
	return true
}

// safeHarborKinds maps columns to identifier kinds: recognised by name
// when --safe-harbor is set, overridden by --identifiers; pseudonymised and
// date-shifted columns are left alone.
func (r *anonymizeRun) safeHarborKinds() (map[string]deid.IdentifierKind, error) {
	kinds := map[string]deid.IdentifierKind{}
	if r.o.safeHarbor {
		for _, c := range r.table.Names() {
			if k := guessKind(c); k != deid.KindNone {
				kinds[c] = k
			}
		}
	}
	for _, item := range splitList(r.o.identifiers) {
		col, kind, ok := strings.Cut(item, "=")
		if !ok {
			return nil, usage("deid.cli.identifiersItem", "Item", item)
		}
		k, err := deid.ParseIdentifierKind(kind)
		if err != nil {
			return nil, usage("deid.cli.identifiersKind", "Column", col, "Problem", deidWords{err: err})
		}
		if r.table.ColumnIndex(strings.TrimSpace(col)) < 0 {
			return nil, usage("deid.cli.identifiersColumn", "Column", col)
		}
		kinds[strings.TrimSpace(col)] = k
	}
	for _, c := range append(splitList(r.o.pseudonymize), splitList(r.o.shiftDates)...) {
		delete(kinds, c)
	}
	return kinds, nil
}

// kindByName recognises common column names of direct identifiers
// (lower case, letters and digits only).
var kindByName = map[string]deid.IdentifierKind{
	"name": deid.KindName, "firstname": deid.KindName, "lastname": deid.KindName, "surname": deid.KindName,
	"givenname": deid.KindName, "familyname": deid.KindName, "fullname": deid.KindName, "patientname": deid.KindName,
	"address": deid.KindGeographic, "street": deid.KindGeographic, "streetaddress": deid.KindGeographic,
	"city": deid.KindGeographic, "town": deid.KindGeographic, "county": deid.KindGeographic,
	"precinct": deid.KindGeographic, "latitude": deid.KindGeographic, "longitude": deid.KindGeographic,
	"zip": deid.KindZIP, "zipcode": deid.KindZIP, "postcode": deid.KindZIP, "postalcode": deid.KindZIP,
	"dob": deid.KindBirthDate, "birthdate": deid.KindBirthDate, "dateofbirth": deid.KindBirthDate, "birthday": deid.KindBirthDate,
	"age": deid.KindAge, "phone": deid.KindPhone, "telephone": deid.KindPhone, "mobile": deid.KindPhone,
	"phonenumber": deid.KindPhone, "fax": deid.KindFax, "faxnumber": deid.KindFax,
	"email": deid.KindEmail, "emailaddress": deid.KindEmail, "ssn": deid.KindSSN, "socialsecuritynumber": deid.KindSSN,
	"mrn": deid.KindMRN, "medicalrecordnumber": deid.KindMRN, "healthplan": deid.KindHealthPlan,
	"insuranceid": deid.KindHealthPlan, "memberid": deid.KindHealthPlan, "beneficiaryid": deid.KindHealthPlan,
	"account": deid.KindAccount, "accountnumber": deid.KindAccount, "iban": deid.KindAccount,
	"license": deid.KindCertificate, "licence": deid.KindCertificate, "licensenumber": deid.KindCertificate,
	"certificate": deid.KindCertificate, "vin": deid.KindVehicle, "licenseplate": deid.KindVehicle,
	"deviceid": deid.KindDevice, "serialnumber": deid.KindDevice, "udi": deid.KindDevice,
	"url": deid.KindURL, "website": deid.KindURL, "ip": deid.KindIP, "ipaddress": deid.KindIP,
	"fingerprint": deid.KindBiometric, "voiceprint": deid.KindBiometric, "biometric": deid.KindBiometric,
	"photo": deid.KindPhoto, "picture": deid.KindPhoto, "faceimage": deid.KindPhoto,
}

func guessKind(col string) deid.IdentifierKind {
	var b strings.Builder
	for _, c := range strings.ToLower(col) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		}
	}
	n := b.String()
	if k, ok := kindByName[n]; ok {
		return k
	}
	if strings.Contains(n, "date") {
		return deid.KindDate
	}
	return deid.KindNone
}

// loadHierarchies reads the hierarchy of every quasi-identifier and
// sensitive column found in --hierarchies.
func (r *anonymizeRun) loadHierarchies() error {
	r.hier, r.hierFP = map[string]*deid.Hierarchy{}, map[string]deid.Fingerprint{}
	cols := append(splitList(r.o.qi), splitList(r.o.sensitive)...)
	files := map[string]string{}
	if r.o.hierarchies != "" {
		var err error
		if files, err = hierarchyFiles(r.o.hierarchies); err != nil {
			return err
		}
	}
	for _, c := range cols {
		path, ok := files[c]
		if !ok {
			r.noteMissingHierarchy(c)
			continue
		}
		if err := r.readHierarchy(c, path); err != nil {
			return err
		}
	}
	r.lap("hierarchies")
	return nil
}

func (r *anonymizeRun) noteMissingHierarchy(col string) {
	for _, q := range splitList(r.o.qi) {
		if q == col && r.o.algorithm == "optimal" && !r.o.quiet {
			fmt.Fprintf(r.ctx.stderr, "custodiactl: %s\n", r.ctx.words().T("deid.report.noHierarchy", "Column", col))
		}
	}
}

func (r *anonymizeRun) readHierarchy(col, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fileError("hierarchy", path, err)
	}
	defer f.Close()
	hr := deid.NewHashingReader(f)
	h, err := deid.ReadHierarchy(hr, filepath.Base(path), 0)
	var ie *deid.InputError
	if errors.As(err, &ie) && ie.File != "" {
		ie.File = path // the file as the user named it
	}
	if err != nil {
		return err
	}
	r.hier[col] = h
	r.hierFP[col] = deid.Fingerprint{File: filepath.Base(path), SHA256: hr.Sum()}
	return nil
}

// hierarchyFiles maps column names to hierarchy files in dir:
// <anything>_hierarchy_<column>.csv, else <column>.csv.
func hierarchyFiles(dir string) (map[string]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fileError("hierarchy directory", dir, err)
	}
	out := map[string]string{}
	plain := map[string]string{}
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(filepath.Ext(name), ".csv") {
			continue
		}
		base := strings.TrimSuffix(name, filepath.Ext(name))
		if i := strings.LastIndex(base, "_hierarchy_"); i >= 0 {
			out[base[i+len("_hierarchy_"):]] = filepath.Join(dir, name)
		} else {
			plain[base] = filepath.Join(dir, name)
		}
	}
	for c, p := range plain {
		if _, ok := out[c]; !ok {
			out[c] = p
		}
	}
	return out, nil
}

// setRoles marks quasi-identifiers and sensitive columns and types them:
// integer or date when every value parses, else string.
func (r *anonymizeRun) setRoles() error {
	for _, c := range splitList(r.o.qi) {
		if err := r.table.SetRole(c, deid.RoleQuasiIdentifying); err != nil {
			return err
		}
		r.detectType(c)
	}
	for _, c := range splitList(r.o.sensitive) {
		if err := r.table.SetRole(c, deid.RoleSensitive); err != nil {
			return err
		}
		r.detectType(c)
	}
	return nil
}

func (r *anonymizeRun) detectType(col string) {
	for _, t := range []deid.Type{deid.TypeInteger, deid.TypeDate} {
		if r.table.SetType(col, t) == nil {
			return
		}
	}
}

func (r *anonymizeRun) anonymize() error {
	models, err := r.models()
	if err != nil {
		return err
	}
	r.cfg = deid.Config{Models: models, SuppressionLimit: r.limit, Metric: r.metric, Hierarchies: r.hier, Now: r.ctx.now, Entity: r.o.entity}
	algo := map[string]func(context.Context, *deid.Table, deid.Config) (*deid.Result, error){
		"optimal": deid.Anonymize, "mondrian": deid.Mondrian, "none": deid.NoGeneralization,
	}[r.o.algorithm]
	err = withEngineGC(func() error {
		var err error
		r.result, err = algo(r.cc, r.table, r.cfg)
		return err
	})
	if errors.Is(err, deid.ErrNoSolution) && r.o.algorithm == "optimal" && r.table.Rows() < r.o.k {
		loc := r.ctx.words()
		return invalid(err, "deid.cli.kAboveRows", "File", r.o.input, "Rows", loc.Int(r.table.Rows()), "K", loc.Int(r.o.k))
	}
	var ns *deid.NoSolutionError
	if errors.As(err, &ns) && r.o.algorithm == "optimal" {
		advice := deid.NoSolutionAdvice(r.cc, r.table, r.cfg)
		ns.Advice = &advice
	}
	r.lap("anonymize")
	return err
}

func (r *anonymizeRun) write() error {
	rel := deid.NewRelease(r.table, r.result, r.mode)
	opts := deid.WriteOptions{Format: r.format, Separator: r.outSep, Suppressed: r.mode, Wrap: r.wrap}
	var err error
	r.written, err = deid.WriteFile(r.o.output, rel, opts)
	if err != nil {
		return fileError("output", r.o.output, err)
	}
	r.committed = true
	r.lap("write")
	return nil
}

func (r *anonymizeRun) writeReport() error {
	rep := deid.NewReport(r.table, r.result, r.reportConfig(), r.ctx.now)
	rep.Input = deid.ReportInput{
		File: filepath.Base(r.o.input), SHA256: r.inputHash.Sum(), Bytes: r.inputHash.Bytes(),
		Columns: r.columns, Hierarchies: r.hierFP,
	}
	rep.Output = &deid.ReportOutput{File: filepath.Base(r.o.output), Format: r.format, Records: r.written.Records,
		SHA256: r.written.SHA256, Recipients: r.nRecipients}
	for phase, d := range r.timings {
		rep.SetTiming(phase, d)
	}
	rep.SetTiming("total", r.ctx.now().Sub(r.start))
	if r.o.report != "" {
		if err := r.writeReportFile(rep); err != nil {
			return fileError("report", r.o.report, err)
		}
	}
	if r.o.quiet {
		return nil
	}
	_, err := io.WriteString(r.ctx.stdout, app.DeidReportText(r.ctx.words(), rep, r.cfg.Models, r.o.output))
	return err
}

// writeReportFile writes the report by its file name: the JSON machine
// format, or the page (.html) or summary (.txt) in the run's language.
func (r *anonymizeRun) writeReportFile(rep *deid.Report) error {
	loc := r.ctx.words()
	switch deid.FormatOfReport(r.o.report) {
	case "html":
		return writeFileAtomic(r.o.report, func(w io.Writer) error { return app.WriteDeidReportHTML(loc, w, rep, r.cfg.Models) })
	case "text":
		return writeFileAtomic(r.o.report, func(w io.Writer) error {
			_, err := io.WriteString(w, app.DeidReportText(loc, rep, r.cfg.Models, ""))
			return err
		})
	}
	return rep.WriteFile(r.o.report)
}

func (r *anonymizeRun) reportConfig() deid.ReportConfiguration {
	sep := string(r.outSep)
	if r.format != deid.FormatCSV {
		sep = ""
	}
	return deid.ReportConfiguration{
		QuasiIdentifiers: splitList(r.o.qi),
		Sensitive:        splitList(r.o.sensitive),
		Entity:           r.o.entity,
		Removed:          r.removed,
		Pseudonymized:    r.pseudoCols,
		DateShifted:      r.shifted,
		MaxShiftDays:     r.maxShiftDays(),
		PseudonymKeyID:   r.keyID,
		SafeHarbor:       r.safeKinds,
		SuppressedOutput: r.mode,
		Format:           r.format,
		Separator:        sep,
	}
}

func (r *anonymizeRun) maxShiftDays() int {
	if len(r.shifted) == 0 {
		return 0
	}
	return r.o.maxShift
}

// deidWords is an engine error worded in the run's language when
// reported (app.DeidErrorText); input names the input file, if any. An
// error without a code keeps the engine's English, which names columns
// and numbers, never values.
type deidWords struct {
	err   error
	input string
}

func (d deidWords) words(loc *i18n.Localizer) string {
	if text, ok := app.DeidErrorText(loc, d.err, app.DeidRun{Input: d.input}); ok {
		return text
	}
	return strings.TrimPrefix(d.err.Error(), "deid: ")
}
