package vault

import (
	"archive/tar"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"filippo.io/age"

	"custodia/consent"
	"custodia/internal/csvsafe"
)

// AccessRecipient says how an access or portability package is encrypted
// for delivery (exactly one of Passphrase and X25519) and who issues it.
type AccessRecipient struct {
	// Passphrase encrypts with age's scrypt recipient; tell it to the data
	// subject by another channel than the package.
	Passphrase string
	// X25519 is an age public key ("age1...") of the data subject.
	X25519 string
	// ScryptWorkFactor is log2 of scrypt's N; 0 uses age's default.
	ScryptWorkFactor int
	// Controller is the practice, printed on the page.
	Controller consent.Controller
	// Pages writes the package's printable pages in the reader's
	// language (printdoc.AccessPages); required: a package without them
	// is refused with a *ValidationError on "recipient.Pages".
	Pages AccessPages
}

// AccessPages writes the printable HTML pages of an access or
// portability package (the front ends word them in the reader's
// language; the vault stays free of translations).
type AccessPages interface {
	Access(w io.Writer, r consent.AccessReport) error
	Portable(w io.Writer, d consent.PortableData) error
}

// check returns the age recipient to encrypt for, or a *ValidationError
// naming every bad field: the recipient (exactly one of a passphrase of
// ten characters or more and an X25519 key) and the pages.
func (r AccessRecipient) check() (age.Recipient, error) {
	rec, err := r.ageRecipient()
	if r.Pages != nil {
		return rec, err
	}
	var fs []FieldError
	var ve *ValidationError
	if errors.As(err, &ve) {
		fs = ve.Fields
	}
	ruleErrors(&fs)("recipient.Pages", RuleAccessPages)
	return nil, &ValidationError{Fields: fs}
}

func (r AccessRecipient) ageRecipient() (age.Recipient, error) {
	switch {
	case (r.Passphrase == "") == (r.X25519 == ""):
		return nil, invalidRule("recipient", RuleRecipientEither)
	case r.X25519 != "":
		rec, err := age.ParseX25519Recipient(r.X25519)
		if err != nil {
			return nil, invalidRule("recipient.X25519", RuleAgeRecipient)
		}
		return rec, nil
	}
	if len(r.Passphrase) < 10 {
		err := invalidRule("recipient.Passphrase", RuleMinLength, 10)
		err.(*ValidationError).Fields[0].Allowed = []string{"10"}
		return nil, err
	}
	rec, err := age.NewScryptRecipient(r.Passphrase)
	if err != nil {
		return nil, invalidRule("recipient.Passphrase", RuleUnusable)
	}
	if r.ScryptWorkFactor != 0 {
		rec.SetWorkFactor(r.ScryptWorkFactor)
	}
	return rec, nil
}

// Files of a portability package (GDPR Art. 20): the data the patient
// provided and their consent decisions, machine-readable.
const (
	PortabilityFileHTML      = "portability/index.html"
	PortabilityFileJSON      = "portability/data.json" // consent.PortableData
	PortabilityFileRecordCSV = "portability/record.csv"
)

// Files of an access package (inside a tar archive, inside the age stream).
const (
	AccessFileHTML        = "access/index.html"      // the human-readable page
	AccessFileJSON        = "access/report.json"     // consent.AccessReport
	AccessFileRecordCSV   = "access/record.csv"      // section, field, value
	AccessFileDisclosures = "access/disclosures.csv" // who received the data
)

// AccessPackage answers an access (GDPR Art. 15), portability (Art. 20) or
// HIPAA access request of a patient: it builds the consent.AccessReport
// (purposes, consents with their history, requests, disclosures and the
// stored record, including what an erasure kept and the rectification
// history) and writes to w an age-encrypted tar archive holding a printable
// HTML page, the report as JSON and the record and disclosures as CSV. The
// plaintext exists only in memory. Needs PermRequestDecide; audited with
// the request id and size. Returns *ValidationError for a bad recipient or
// no pages (AccessRecipient.Pages; both before anything is written or
// audited) or when requestID is not a verified access request of this
// patient, ErrNotFound for an unknown patient.
func (s *Session) AccessPackage(patientID, requestID string, w io.Writer, recipient AccessRecipient) error {
	rec, err := recipient.check()
	if err != nil {
		return err
	}
	object := "request:" + requestID
	return s.run(PermRequestDecide, "request.access-package", object, func(tx *txn, k *keys) error {
		report, err := s.accessReport(tx, k, patientID, requestID, recipient.Controller)
		if err != nil {
			return err
		}
		files, err := packageFiles(tx, report, recipient.Pages)
		if err != nil {
			return err
		}
		cw := &countWriter{w: w}
		if err := writeAccessArchive(cw, rec, report.GeneratedAt, files); err != nil {
			return err
		}
		return s.audit(tx, k, "request.access-package", object, outcomeOK, fmt.Sprintf("patient=%s bytes=%d", patientID, cw.n))
	})
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (s *Session) accessReport(tx *txn, k *keys, patientID, requestID string, ctl consent.Controller) (consent.AccessReport, error) {
	r, err := getRequest(tx, k, requestID)
	if err != nil {
		return consent.AccessReport{}, invalid("requestID", fmt.Sprintf("no data-subject request %s", requestID))
	}
	if err := checkAccessRequest(r, patientID); err != nil {
		return consent.AccessReport{}, err
	}
	sections, err := s.recordSections(tx, k, patientID)
	if err != nil {
		return consent.AccessReport{}, err
	}
	in, err := accessInput(tx, k, r, ctl)
	if err != nil {
		return consent.AccessReport{}, err
	}
	in.Sections = sections
	if p, err := k.loadPatient(tx, patientID, patientColumns); err == nil {
		in.Triggers = accessTriggers(p)
	}
	in.RecordSources = recordSources(tx, patientID)
	if in.Consultations, err = consultations(tx, patientID); err != nil {
		return consent.AccessReport{}, err
	}
	return consent.BuildAccessReport(in, s.v.now())
}

func checkAccessRequest(r consent.Request, patientID string) error {
	types := []consent.RequestType{consent.ReqAccess, consent.ReqPortability, consent.ReqHIPAAAccess}
	switch {
	case r.SubjectID != patientID || !slices.Contains(types, r.Type):
		return invalid("requestID", fmt.Sprintf("request %s is not an access request of patient %s", r.ID, patientID))
	case r.Verification == nil || !r.Verification.Verified:
		return invalid("requestID", fmt.Sprintf("request %s: the requester's identity is not verified", r.ID))
	case r.State != consent.StateInProgress && r.State != consent.StateCompleted:
		return invalid("requestID", fmt.Sprintf("request %s is %s", r.ID, r.State))
	}
	return nil
}

// accessInput loads the consent data of the request's subject.
func accessInput(tx *txn, k *keys, r consent.Request, ctl consent.Controller) (consent.AccessInput, error) {
	in := consent.AccessInput{Request: r, Controller: ctl}
	cat, err := catalogue(tx)
	if err != nil {
		return in, err
	}
	if in.Events, err = listEvents(tx, k, consent.EventFilter{PatientID: r.SubjectID}); err != nil {
		return in, err
	}
	if in.Requests, err = listRequests(tx, k, consent.RequestFilter{SubjectID: r.SubjectID}); err != nil {
		return in, err
	}
	if in.Disclosures, err = listDisclosures(tx, r.SubjectID); err != nil {
		return in, err
	}
	if in.NamedRecipients, err = studyRecipients(tx, k, in.Disclosures); err != nil {
		return in, err
	}
	if in.Rules, err = listRetentionRules(tx); err != nil {
		return in, err
	}
	in.Index, err = consent.BuildIndex(cat, in.Events, consent.BlocksFromRequests(in.Requests))
	return in, err
}

// fieldLabels are the people-facing names of the patient columns.
var fieldLabels = map[string]string{
	"given_name": "Given name", "family_name": "Family name", "birth_date": "Birth date", "sex": "Sex",
	"address": "Address", "postcode": "Postcode", "phone": "Phone", "email": "E-mail",
	"insurance_number": "Insurance number", "mrn": "Medical record number", "diagnosis": "Diagnoses (ICD-10)", "notes": "Clinical notes",
}

// recordSections renders the stored record: the patient's fields (or what
// an erasure left) and the rectification history.
func (s *Session) recordSections(tx *txn, k *keys, patientID string) ([]consent.RecordSection, error) {
	var out []consent.RecordSection
	p, err := k.loadPatient(tx, patientID, patientColumns)
	switch {
	case err == nil:
		out = patientSections(p)
		clin, err := s.clinicalSections(tx, k, patientID)
		if err != nil {
			return nil, err
		}
		out = append(out, clin...)
	case errors.Is(err, ErrNotFound):
		erased, err := s.erasedSection(tx, k, patientID)
		if err != nil {
			return nil, err
		}
		out = append(out, erased)
	default:
		return nil, err
	}
	hist, err := s.readHistory(tx, k, patientID)
	if err != nil {
		return nil, err
	}
	if len(hist) > 0 {
		out = append(out, historySection(hist))
	}
	return out, nil
}

func patientSections(p Patient) []consent.RecordSection {
	ident := consent.RecordSection{Title: "Identity and contact details", Kind: consent.SectionIdentity, Portable: true}
	clin := consent.RecordSection{Title: "Clinical record", Kind: consent.SectionClinical}
	values := p.encryptedValues()
	for i, c := range patientColumns {
		sec := &ident
		if clinicalColumn(c) {
			sec = &clin
		}
		addRow(sec, fieldLabels[c], values[i], consent.RowCode{Field: c})
	}
	restricted := "no"
	if p.Restricted {
		restricted = "yes (GDPR Art. 18)"
	}
	addRow(&ident, "Processing restricted", restricted, consent.RowCode{Field: consent.FieldRestricted, Restricted: p.Restricted})
	return []consent.RecordSection{ident, clin}
}

// addRow adds a row with its code to a record section.
func addRow(s *consent.RecordSection, label, value string, code consent.RowCode) {
	s.Rows = append(s.Rows, [2]string{label, value})
	s.Codes = append(s.Codes, code)
}

func (s *Session) erasedSection(tx *txn, k *keys, patientID string) (consent.RecordSection, error) {
	head, err := erasedHeader(tx, patientID)
	if err != nil {
		return consent.RecordSection{}, err
	}
	fields, err := s.erasedFields(tx, k, patientID)
	if err != nil {
		return consent.RecordSection{}, err
	}
	sec := consent.RecordSection{Title: "Record after erasure on " + head.ErasedAt.Format(time.DateOnly), Kind: consent.SectionErased, Date: head.ErasedAt}
	for _, f := range fields {
		addRow(&sec, fieldLabel(f.Field)+" ("+string(f.Action)+")", f.Value, consent.RowCode{Field: fieldCode(f.Field), Action: f.Action, Item: storedItem(f.Field, f.Value)})
	}
	return sec, nil
}

func historySection(hist []FieldChange) consent.RecordSection {
	sec := consent.RecordSection{Title: "Earlier values changed by rectification", Kind: consent.SectionHistory}
	for _, h := range hist {
		addRow(&sec, fmt.Sprintf("%s, until %s", fieldLabel(h.Field), h.At.Format(time.DateOnly)), h.OldValue, consent.RowCode{Field: fieldCode(h.Field), Date: h.At, Item: storedItem(h.Field, h.OldValue)})
	}
	return sec
}

// writeAccessArchive streams the tar archive through age into w.
func writeAccessArchive(w io.Writer, rec age.Recipient, modTime time.Time, files []archiveFile) error {
	defer func() {
		for _, f := range files {
			clear(f.data)
		}
	}()
	enc, err := age.Encrypt(w, rec)
	if err != nil {
		return fmt.Errorf("vault: access package: %w", err)
	}
	tw := tar.NewWriter(enc)
	for _, f := range files {
		hdr := &tar.Header{Name: f.name, Mode: 0o600, Size: int64(len(f.data)), ModTime: modTime, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("vault: access package: %w", err)
		}
		if _, err := tw.Write(f.data); err != nil {
			return fmt.Errorf("vault: access package: %w", err)
		}
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("vault: access package: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("vault: access package: %w", err)
	}
	return nil
}

// packageFiles renders the files of the package: a portability request
// gets the Art. 20 subset under its own title, the others the full report.
func packageFiles(tx *txn, report consent.AccessReport, pages AccessPages) ([]archiveFile, error) {
	if report.RequestType != consent.ReqPortability {
		return accessFiles(report, pages)
	}
	cat, err := catalogue(tx)
	if err != nil {
		return nil, err
	}
	data, err := report.Portable(func(id string) string {
		if p, ok := cat.Purpose(id); ok {
			return p.Name
		}
		return id
	})
	if err != nil {
		return nil, err
	}
	return portableFiles(data, pages)
}

func portableFiles(d consent.PortableData, pages AccessPages) ([]archiveFile, error) {
	var page bytes.Buffer
	if err := pages.Portable(&page, d); err != nil {
		return nil, fmt.Errorf("vault: portability page: %w", err)
	}
	js, err := d.JSON()
	if err != nil {
		return nil, fmt.Errorf("vault: portability data: %w", err)
	}
	var sections []consent.RecordSection
	for _, f := range d.Record {
		if len(sections) == 0 || sections[len(sections)-1].Title != f.Section {
			sections = append(sections, consent.RecordSection{Title: f.Section})
		}
		last := &sections[len(sections)-1]
		last.Rows = append(last.Rows, [2]string{f.Field, f.Value})
	}
	rec, err := recordCSV(sections)
	if err != nil {
		return nil, err
	}
	return []archiveFile{{PortabilityFileHTML, page.Bytes()}, {PortabilityFileJSON, js}, {PortabilityFileRecordCSV, rec}}, nil
}

type archiveFile struct {
	name string
	data []byte
}

func accessFiles(report consent.AccessReport, pages AccessPages) ([]archiveFile, error) {
	var page, disc bytes.Buffer
	if err := pages.Access(&page, report); err != nil {
		return nil, fmt.Errorf("vault: access page: %w", err)
	}
	js, err := report.JSON()
	if err != nil {
		return nil, fmt.Errorf("vault: access report: %w", err)
	}
	if err := report.WriteDisclosuresCSV(&disc); err != nil {
		return nil, fmt.Errorf("vault: access disclosures: %w", err)
	}
	rec, err := recordCSV(report.Sections)
	if err != nil {
		return nil, err
	}
	return []archiveFile{{AccessFileHTML, page.Bytes()}, {AccessFileJSON, js}, {AccessFileRecordCSV, rec}, {AccessFileDisclosures, disc.Bytes()}}, nil
}

func recordCSV(sections []consent.RecordSection) ([]byte, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	if err := cw.Write([]string{"section", "field", "value"}); err != nil {
		return nil, err
	}
	for _, s := range sections {
		for _, r := range s.Rows {
			if err := cw.Write(csvsafe.Row([]string{s.Title, r[0], r[1]})); err != nil {
				return nil, err
			}
		}
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}
