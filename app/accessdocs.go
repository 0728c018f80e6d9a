package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"custodia/consent"
	"custodia/i18n"
	"custodia/internal/passphrase"
	"custodia/printdoc"
	"custodia/vault"
)

// AccessDocs says where the documents of an access package a patient can
// open go, and in which language.
type AccessDocs struct {
	// Localizer is the documents' language (the patient's).
	Localizer *i18n.Localizer
	// PDF receives the passphrase-protected report; Letter the cover
	// letter. The front end opens its files (or buffers) and calls write.
	PDF, Letter func(write func(io.Writer) error) error
	// PDFName and ArchiveName are the file names the letter names;
	// ArchiveName is "" when no age archive goes with the PDF.
	PDFName, ArchiveName string
	// Controller is the practice on the documents; empty: Controller().
	Controller consent.Controller
	// Passphrase, when set, receives the generated passphrase once the
	// documents are written as part of CompleteRequest (Work.Documents);
	// AccessDocuments returns it instead.
	Passphrase func(pass string)
}

// AccessDocuments makes the human-readable part of an access or
// portability package as a PDF a patient opens in any PDF reader: the
// vault's report (what is held, purposes, recipients, retention,
// sources, rights; the read is checked and audited) is rendered in
// memory, encrypted with AES-256 under a passphrase generated here (six
// words, see internal/passphrase) and handed to d.PDF; the unprotected
// cover letter, which says how to open the files and nothing about the
// patient's health, goes to d.Letter. The passphrase is returned for the
// DPO to hand over separately; it is never stored. The request must be a
// verified access request (the vault refuses others); a verified request
// not yet in progress moves there (preparing the answer is working on
// it), a completed one stays completed.
func (s *Session) AccessDocuments(r consent.Request, d AccessDocs) (string, error) {
	if err := checkDocs(r, d); err != nil {
		return "", err
	}
	if r.Verification != nil && r.Verification.Verified {
		var err error
		if r, err = s.storeInProgress(r); err != nil {
			return "", err
		}
	}
	return s.writeAccessDocuments(r, d)
}

func checkDocs(r consent.Request, d AccessDocs) error {
	if d.Localizer == nil || d.PDF == nil || d.Letter == nil {
		return fmt.Errorf("request %s: the access documents need a language and somewhere to go: %w", r.ID, consent.ErrInvalid)
	}
	return nil
}

// writeAccessDocuments makes the protected PDF and the cover letter of a
// request already in progress (or completed) and returns the passphrase.
func (s *Session) writeAccessDocuments(r consent.Request, d AccessDocs) (string, error) {
	if d.Controller.Name == "" {
		c, err := s.Controller()
		if err != nil {
			return "", err
		}
		d.Controller = c
	}
	report, err := s.v.AccessReport(r.SubjectID, r.ID, d.Controller)
	if err != nil {
		return "", err
	}
	pass, err := passphrase.New().Generate()
	if err != nil {
		return "", err
	}
	if err := d.PDF(func(w io.Writer) error { return protectedReport(w, d.Localizer, report, r, pass) }); err != nil {
		return "", err
	}
	who, err := s.person(r.SubjectID)
	if err != nil {
		return "", err
	}
	letter := printdoc.PackageLetter{Controller: d.Controller, Patient: who, Received: r.ReceivedAt, Issued: s.Now(),
		PDFName: d.PDFName, ArchiveName: d.ArchiveName}
	if err := d.Letter(func(w io.Writer) error { return printdoc.AccessPackageLetter(w, d.Localizer, letter) }); err != nil {
		return "", err
	}
	return pass, nil
}

// protectedReport renders the report in memory, wipes the plaintext
// after encrypting it and writes only the encrypted PDF to w.
func protectedReport(w io.Writer, loc *i18n.Localizer, report consent.AccessReport, r consent.Request, pass string) error {
	var plain bytes.Buffer
	defer func() { clear(plain.Bytes()) }()
	if err := printdoc.AccessReportPDF(&plain, loc, report, r.ReceivedAt); err != nil {
		return err
	}
	return printdoc.Protect(w, plain.Bytes(), pass)
}

// person is how the letter addresses the patient: by name where the role
// may read identities, else (or once erased) by a short reference.
func (s *Session) person(id string) (printdoc.Person, error) {
	ref := printdoc.Person{Ref: ShortRef(id)} // as every screen shows it
	if !s.User().Role.Can(vault.PermPatientRead) {
		return ref, nil
	}
	p, err := s.v.GetPatient(id)
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return ref, nil
	case err != nil:
		return ref, err
	}
	return printdoc.Person{Family: p.FamilyName, Given: p.GivenName, BirthDate: p.BirthDate, Ref: ref.Ref}, nil
}
