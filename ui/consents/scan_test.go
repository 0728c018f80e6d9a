package consents

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/ui/internal/uitest"
	"custodia/vault"
)

// fakePDF is a synthetic signed form: a PDF header and filler.
func fakePDF(n int) []byte {
	return append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{'x'}, n)...)
}

func TestGrantWithSignedScanAndSaveIt(t *testing.T) {
	f, p := newTestPanel(t, vault.RoleFrontDesk)
	p.Select("recall")
	p.OpenGrant()
	g := p.GrantForm
	if g.scanAttached() || !strings.Contains(g.scanInfo.Text, "optional") {
		t.Fatalf("new dialog has a scan: %q", g.scanInfo.Text)
	}
	form := fakePDF(4000)
	g.AttachScan("signed.pdf", form)
	if !g.scanAttached() || g.Problem() != "" || !strings.Contains(g.scanInfo.Text, "application/pdf") {
		t.Fatalf("attach: attached %v, problem %q, info %q", g.scanAttached(), g.Problem(), g.scanInfo.Text)
	}
	g.Submit()
	if g.Problem() != "" {
		t.Fatal(g.Problem())
	}
	events, _ := f.cs.Store.ListEvents(context.Background(), consent.EventFilter{PatientID: "p000001"})
	if len(events) != 1 || events[0].Scan == nil {
		t.Fatalf("ledger %+v: want one grant with a scan", events)
	}
	a := events[0].Scan
	sum := sha256.Sum256(form)
	stored := f.cs.Scans[a.Ref]
	if a.SHA256 != hex.EncodeToString(sum[:]) || a.ContentType != "application/pdf" || stored.PatientID != "p000001" || !bytes.Equal(stored.Data, form) {
		t.Fatalf("attachment %+v does not describe the stored scan", a)
	}
	if !strings.Contains(p.timeline.Cell(0, 5), testLoc().T("consent.detail.scan")) || !strings.Contains(p.Status(), "signed form") {
		t.Fatalf("timeline details %q, status %q", p.timeline.Cell(0, 5), p.Status())
	}
	if p.scanSavable() {
		t.Fatal("Save scan enabled with no ledger row selected")
	}
	p.SelectEvent(0)
	if !p.scanSavable() {
		t.Fatal("Save scan disabled for the event with a scan")
	}
	var out bytes.Buffer
	if err := p.writeScan(&out); err != nil || !bytes.Equal(out.Bytes(), form) || f.cs.ScanReads != 1 {
		t.Fatalf("writeScan: %v, %d bytes, %d reads", err, out.Len(), f.cs.ScanReads)
	}
	// A stored scan that no longer matches the ledger's hash is refused.
	f.cs.Scans[a.Ref] = uitest.Scan{PatientID: "p000001", ContentType: "application/pdf", Data: fakePDF(10)}
	if err := p.writeScan(&bytes.Buffer{}); !errors.Is(err, vault.ErrIntegrity) {
		t.Fatalf("tampered scan: %v, want ErrIntegrity", err)
	}
}

func TestGrantRefusesWrongOrOversizedScan(t *testing.T) {
	f, p := newTestPanel(t, vault.RoleFrontDesk)
	p.Select("recall")
	p.OpenGrant()
	g := p.GrantForm
	g.AttachScan("notes.txt", []byte("just text, not a scan"))
	if g.scanAttached() || !strings.Contains(g.Problem(), "PDF, PNG or JPEG") {
		t.Fatalf("text file: attached %v, problem %q", g.scanAttached(), g.Problem())
	}
	g.AttachScan("huge.pdf", fakePDF(vault.MaxScanSize))
	if g.scanAttached() || !strings.Contains(g.Problem(), "larger than 20 MiB") {
		t.Fatalf("oversized: attached %v, problem %q", g.scanAttached(), g.Problem())
	}
	// PNG and JPEG are recognised by their bytes, whatever the name.
	for _, c := range []struct{ data, ct string }{{"\x89PNG\r\n\x1a\nrest", "image/png"}, {"\xFF\xD8\xFF\xE0rest", "image/jpeg"}} {
		g.AttachScan("scan.bin", []byte(c.data))
		if !g.scanAttached() || g.scan.contentType != c.ct {
			t.Errorf("%s not recognised: problem %q", c.ct, g.Problem())
		}
	}
	g.removeScan()
	if g.scanAttached() {
		t.Fatal("scan still attached after Remove")
	}
	g.Submit()
	events, _ := f.cs.Store.ListEvents(context.Background(), consent.EventFilter{PatientID: "p000001"})
	if len(events) != 1 || events[0].Scan != nil || len(f.cs.Scans) != 0 {
		t.Fatalf("grant without scan stored a scan: %+v", events)
	}
	p.SelectEvent(0)
	if p.scanSavable() || strings.Contains(p.timeline.Cell(0, 5), testLoc().T("consent.detail.scan")) {
		t.Fatal("event without a scan offers Save scan or shows the marker")
	}
}

// TestScanThroughTheVaultAdapter: the adapter stores the scan with the
// vault's PutScan and reads it back with Scan.
func TestScanThroughTheVaultAdapter(t *testing.T) {
	_, s := vault.NewTestVault(t)
	p, err := s.AddPatient(vault.Patient{GivenName: "Zyx", FamilyName: "Qwertz", Sex: "unknown", BirthDate: time.Date(1980, 5, 17, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	a := usecase.FromVault(s)
	form := fakePDF(100)
	att, err := a.PutScan(p.ID, "application/pdf", form)
	if err != nil {
		t.Fatal(err)
	}
	ct, data, err := a.Scan(att.Ref)
	if err != nil || ct != "application/pdf" || !bytes.Equal(data, form) {
		t.Fatalf("Scan = %q, %d bytes, %v", ct, len(data), err)
	}
}
