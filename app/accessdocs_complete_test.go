package app_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
)

// TestCompleteWithProtectedDocuments: answering an access request with
// the protected PDF alone completes it through CompleteRequest, as the age
// package does: the request is closed, the step is audited, the PDF opens
// with the passphrase handed back, and a second completion is refused.
func TestCompleteWithProtectedDocuments(t *testing.T) {
	_, s, vs := newVault(t)
	p := addPatient(t, vs, "Docs")
	r := openVerified(t, s, p.ID, consent.ReqAccess)
	var pdf, letter bytes.Buffer
	var pass string
	docs := &app.AccessDocs{Localizer: i18n.MustLoad().Localizer("en"), PDFName: "Access.pdf",
		Controller: consent.Controller{Name: "Synthetic Practice", DPOContact: "dpo@example.org"},
		PDF:        func(write func(io.Writer) error) error { return write(&pdf) },
		Letter:     func(write func(io.Writer) error) error { return write(&letter) },
		Passphrase: func(p string) { pass = p }}
	closed, _, err := s.CompleteRequest(r, app.Work{Documents: docs})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Request(r.ID); closed.State != consent.StateCompleted || got.State != consent.StateCompleted {
		t.Fatalf("request %s (stored %s) after the protected documents, want completed", closed.State, got.State)
	}
	if pass == "" || letter.Len() == 0 {
		t.Fatal("no passphrase handed back, or no cover letter")
	}
	if err := api.Decrypt(bytes.NewReader(pdf.Bytes()), io.Discard, model.NewAESConfiguration(pass, "", 256)); err != nil {
		t.Fatalf("the PDF does not open with the passphrase handed back: %v", err)
	}
	steps := map[string]bool{}
	entries, _ := vs.AuditEntries(0, 1000)
	for _, e := range entries {
		if e.Object == "request:"+r.ID {
			steps[e.Action] = true
		}
	}
	if !steps["request.access-report"] || !steps["request.transition"] {
		t.Fatalf("audited steps of the request: %v; want the report read and the transitions", steps)
	}
	if _, _, err := s.CompleteRequest(closed, app.Work{Documents: docs}); err == nil {
		t.Fatal("a completed request was completed again")
	}
}
