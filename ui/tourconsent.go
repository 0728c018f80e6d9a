//go:build tour

package ui

import (
	"errors"
	"fmt"
	"io"
	"time"

	"custodia/consent"
	"custodia/ui/consents"
	"custodia/ui/governance"
	"custodia/ui/kit"
	"custodia/ui/requests"
	"custodia/vault"
)

// consentTour shows the consent panel, the request queue and its dialogs,
// and the governance screens as the demo data-protection officer. Every
// person shown is synthetic.
func (t *tour) consentTour() error {
	var dpo DemoUser
	for _, u := range t.a.demo.Users {
		if u.Role == vault.RoleDPO {
			dpo = u
		}
	}
	if dpo.Name == "" {
		return errors.New("tour: the demo vault has no DPO account")
	}
	t.do(func() { t.a.lock() })
	if err := t.unlockAs(dpo); err != nil {
		return err
	}
	steps := []func() error{t.consentPanel, t.requestQueue, t.requestDialogs, t.erasure, t.governance, t.frontDeskRequest}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// waitIdle waits until busy reports false.
func (t *tour) waitIdle(what string, busy func() bool) error {
	return t.wait(what, 2*time.Minute, func() bool { return !busy() })
}

func (t *tour) consentPanel() error {
	p := t.a.main.Patients
	if err := t.wait("the patient list", time.Minute, func() bool { _, ok := p.Row(4); return ok }); err != nil {
		return err
	}
	t.do(func() { p.Select(4) })
	if err := t.wait("the patient form", time.Minute, func() bool { return p.Form.PatientID() != "" }); err != nil {
		return err
	}
	var panel *consents.Panel
	t.do(func() { panel = t.a.main.openPatientConsents() })
	if err := t.wait("the consents", time.Minute, func() bool { return len(panel.Rows()) > 0 }); err != nil {
		return err
	}
	for _, purpose := range []string{"recall", "marketing", "research:registry"} {
		t.do(func() { panel.Select(purpose); panel.OpenGrant() })
		if purpose == "recall" {
			t.do(func() { panel.GrantForm.AttachScan("signed-recall-consent.pdf", tourScanPDF()) })
			if err := t.snap("3x-consent-grant-scan"); err != nil {
				return err
			}
		}
		if purpose == "research:registry" {
			t.do(func() {
				panel.GrantForm.SetCategories([]string{consent.CatDemographics, consent.CatDiagnoses, consent.CatMedications})
			})
			if err := t.snap("2x-consent-grant"); err != nil {
				return err
			}
		}
		t.do(func() { panel.GrantForm.Submit() })
		if err := t.waitIdle("the grant", panel.Busy); err != nil {
			return err
		}
	}
	time.Sleep(1100 * time.Millisecond) // the withdrawal comes after the grant in the timeline
	t.do(func() { panel.Withdraw("marketing", consent.MethodVerbal) })
	if err := t.wait("the withdrawal", time.Minute, func() bool {
		r, _ := panel.Row("marketing")
		return r.State == consents.StateWithdrawn
	}); err != nil {
		return err
	}
	var receiptErr error
	t.do(func() {
		panel.Select("research:registry")
		receiptErr = panel.WriteReceipt(io.Discard)
		panel.Select("marketing")
	})
	if receiptErr != nil {
		return fmt.Errorf("tour: receipt: %w", receiptErr)
	}
	if err := t.snap("2x-consent-panel"); err != nil {
		return err
	}
	t.do(func() {
		panel.SelectScanEvent()
	})
	if err := t.snap("3x-consent-panel-scan"); err != nil {
		return err
	}
	t.do(func() { t.a.closeOverlays() })
	return nil
}

// tourScanPDF is a one-page synthetic "signed form" for the tour.
func tourScanPDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// tourRequests are synthetic requests received some days ago, so the queue
// shows red, amber and green clocks.
var tourRequests = []struct {
	row  int
	typ  consent.RequestType
	days int
}{
	{5, consent.ReqAccess, 40}, {6, consent.ReqErasure, 26}, {7, consent.ReqPortability, 3},
	{8, consent.ReqObjection, 12}, {9, consent.ReqRectification, 31}, {10, consent.ReqAccess, 24},
}

func (t *tour) requestQueue() error {
	m := t.a.main
	p := m.Patients
	if err := t.wait("more patients", time.Minute, func() bool { _, ok := p.Row(10); return ok }); err != nil {
		return err
	}
	var errs []error
	t.do(func() {
		cs, _ := consentSessionOf(t.a.session)
		uc := t.a.useCases(cs)
		for _, r := range tourRequests {
			row, _ := p.Row(r.row)
			in := consent.Intake{SubjectID: row.ID, Type: r.typ, Channel: consent.ChannelLetter, Requester: "the patient",
				RequesterRelation: consent.RelSelf, ReceivedAt: time.Now().AddDate(0, 0, -r.days), AcceptDuplicate: true}
			if r.typ == consent.ReqObjection {
				in.PurposeID = "recall"
			}
			if _, err := uc.OpenRequest(in); err != nil {
				errs = append(errs, err)
			}
		}
		m.Show(sectionRequests)
	})
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("tour: requests: %w", err)
	}
	q := m.Requests()
	if err := t.wait("the queue", time.Minute, func() bool { return len(q.Shown()) >= len(tourRequests) }); err != nil {
		return err
	}
	if err := t.snap("2x-requests"); err != nil {
		return err
	}
	if err := t.wait("the subjects' names", time.Minute, func() bool { return q.SubjectName(0) != "" }); err != nil {
		return err
	}
	return t.snap("3x-requests-names")
}

func (t *tour) requestDialogs() error {
	q := t.a.main.Requests()
	var subject string
	t.do(func() {
		row, _ := t.a.main.Patients.Row(tourRequests[0].row)
		subject = q.Shown()[0].SubjectID
		q.OpenIntake()
		q.Intake.SetIntake("", q.Shown()[0].Type, consent.ChannelEmail, time.Now().Format(kit.DateLayout))
		q.Intake.Search(row.MRN)
	})
	if err := t.wait("the patient search", time.Minute, func() bool { return q.Intake.Subject() == subject }); err != nil {
		return err
	}
	t.do(func() { q.Intake.Submit() })
	if err := t.wait("the duplicate warning", time.Minute, func() bool { return q.Intake.DuplicateShown() }); err != nil {
		return err
	}
	if err := t.snap("2x-request-intake-duplicate"); err != nil {
		return err
	}
	t.do(func() { t.a.closeOverlays(); q.Select(0) })
	if err := t.wait("the request detail", time.Minute, func() bool { return q.Detail != nil && q.Detail.Loaded() }); err != nil {
		return err
	}
	d := q.Detail
	t.do(func() { d.Verify(consent.VerifyIDDocument, true) })
	if err := t.wait("the verification", time.Minute, func() bool { return d.Request().Verification != nil && !d.Busy() }); err != nil {
		return err
	}
	if err := t.snap("2x-request-detail"); err != nil {
		return err
	}
	t.do(func() { d.OpenDeny(); d.DenyForm.Choose("gdpr-12-5-excessive") })
	if err := t.snap("2x-request-deny"); err != nil {
		return err
	}
	t.do(func() { t.a.closeOverlays() })
	return nil
}

// startRequest opens the first shown request of a type, verified and started.
func (t *tour) startRequest(typ consent.RequestType) (*requests.RequestDetail, error) {
	q := t.a.main.Requests()
	t.do(func() {
		for _, r := range q.Shown() {
			if r.Type == typ {
				q.Show(r.ID)
				return
			}
		}
	})
	if err := t.wait("the "+string(typ)+" request", time.Minute, func() bool {
		return q.Detail != nil && q.Detail.Loaded() && q.Detail.Request().Type == typ
	}); err != nil {
		return nil, err
	}
	d := q.Detail
	t.do(func() { d.Verify(consent.VerifyKnownToStaff, true) })
	if err := t.wait("the verification", time.Minute, func() bool { return d.Request().State == consent.StateVerifying && !d.Busy() }); err != nil {
		return nil, err
	}
	t.do(func() { d.Start() })
	err := t.wait("the start", time.Minute, func() bool { return d.Request().State == consent.StateInProgress && !d.Busy() })
	return d, err
}

func (t *tour) erasure() error {
	d, err := t.startRequest(consent.ReqErasure)
	if err != nil {
		return err
	}
	t.do(func() { d.Complete() })
	if err := t.wait("the plan attempt", time.Minute, func() bool { return d.Erasure != nil && !d.Erasure.Busy() }); err != nil {
		return err
	}
	e := d.Erasure
	t.do(func() { e.SetLastTreatment(time.Now().AddDate(-2, 0, 0).Format(kit.DateLayout)); e.Plan() })
	if err := t.wait("the erasure plan", time.Minute, func() bool { return len(e.Items()) > 0 }); err != nil {
		return err
	}
	t.do(func() { e.Confirm(true) })
	if err := t.snap("2x-erasure-plan"); err != nil {
		return err
	}
	t.do(func() { e.ConfirmExecute() })
	if err := t.snap("2x-erasure-confirm"); err != nil {
		return err
	}
	t.do(func() { e.Confirmation.Confirm() })
	if err := t.wait("the certificate", 2*time.Minute, func() bool { return e.Certificate != nil || (!e.Busy() && e.Problem() != "") }); err != nil {
		return err
	}
	if err := t.snap("2x-erasure-certificate"); err != nil {
		return err
	}
	t.do(func() { t.a.closeOverlays() })
	p, err := t.startRequest(consent.ReqPortability)
	if err != nil {
		return err
	}
	t.do(func() { p.Complete(); p.Package.SetPassphrase("Orchard-Violin-Harbour-93", "Orchard-Violin-Harbour-9") })
	if err := t.snap("2x-access-package"); err != nil {
		return err
	}
	t.do(func() { t.a.closeOverlays() })
	return nil
}

func (t *tour) governance() error {
	m := t.a.main
	t.do(func() { m.Show(sectionGovernance) })
	g := m.Governance()
	if err := t.wait("the retention schedule", time.Minute, func() bool { return g.Retention.RuleCount() > 0 }); err != nil {
		return err
	}
	if err := t.snap("2x-retention"); err != nil {
		return err
	}
	t.do(func() { g.ShowBreaches() })
	v := g.Breaches
	for _, b := range []struct {
		ago  time.Duration
		desc string
	}{{60 * time.Hour, "Appointment reminder sent to the wrong e-mail address"}, {5 * time.Hour, "Backup disk missing from the server room"}} {
		t.do(func() {
			v.OpenForm()
			v.Form.Fill(time.Now().Add(-b.ago).Format(governance.DateTimeLayout), []string{"confidentiality"}, b.desc,
				"Recipient asked to delete; process reviewed", consent.RiskRisk)
			v.Form.SetSubjects("1")
		})
		if b.ago < 10*time.Hour {
			if err := t.snap("2x-breach-form"); err != nil {
				return err
			}
		}
		t.do(func() { v.Form.Submit() })
		if err := t.wait("the breach entry", time.Minute, func() bool { return !v.Busy() && v.Form.Problem() == "" }); err != nil {
			return err
		}
	}
	if err := t.wait("the breach log", time.Minute, func() bool { return v.Rows() >= 2 }); err != nil {
		return err
	}
	t.do(func() { v.SelectRow(0) })
	if err := t.snap("2x-breach-log"); err != nil {
		return err
	}
	t.do(func() { g.ShowPractice() })
	if err := t.wait("the practice details", time.Minute, func() bool { return g.Practice.Loaded() && !g.Practice.Busy() }); err != nil {
		return err
	}
	if err := t.snap("3x-practice"); err != nil {
		return err
	}
	t.do(func() {
		g.Practice.Set("country", "Germany")
		g.Practice.Set("email", "")
		g.Practice.Set("phone", "")
		g.Practice.Submit()
	})
	if err := t.snap("3x-practice-invalid"); err != nil {
		return err
	}
	t.do(func() { g.Practice.Reload() })
	return t.waitIdle("the practice details", func() bool { return g.Practice.Busy() })
}

// frontDeskRequest shows a request as the front desk sees it: intake steps
// only, no decisions.
func (t *tour) frontDeskRequest() error {
	var desk DemoUser
	for _, u := range t.a.demo.Users {
		if u.Role == vault.RoleFrontDesk {
			desk = u
		}
	}
	t.do(func() { t.a.lock() })
	if err := t.unlockAs(desk); err != nil {
		return err
	}
	m := t.a.main
	t.do(func() { m.Show(sectionRequests) })
	q := m.Requests()
	if err := t.wait("the queue", time.Minute, func() bool { return len(q.Shown()) > 0 }); err != nil {
		return err
	}
	t.do(func() { q.Select(1) })
	if err := t.wait("the request detail", time.Minute, func() bool { return q.Detail != nil && q.Detail.Loaded() }); err != nil {
		return err
	}
	if err := t.snap("2x-request-frontdesk"); err != nil {
		return err
	}
	t.do(func() { m.Show(sectionGovernance); m.Governance().ShowPractice() })
	pv := m.Governance().Practice
	if err := t.wait("the practice details", time.Minute, func() bool { return pv.Loaded() && !pv.Busy() }); err != nil {
		return err
	}
	return t.snap("3x-practice-readonly")
}
