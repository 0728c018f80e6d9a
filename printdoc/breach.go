package printdoc

import (
	"bytes"
	"io"
	"strings"
	"time"

	"custodia/consent"
)

// AuthorityNotice writes the notification to the supervisory authority
// (GDPR Art. 33(3)): the same text as consent.Breach.WriteAuthorityNotice,
// laid out on paper.
func AuthorityNotice(w io.Writer, b consent.Breach, c consent.Controller, now time.Time) error {
	p, err := authorityPage(b, c, now)
	if err != nil {
		return err
	}
	return p.output(w)
}

func authorityPage(b consent.Breach, c consent.Controller, now time.Time) (*page, error) {
	var buf bytes.Buffer
	if err := b.WriteAuthorityNotice(&buf, c); err != nil {
		return nil, err
	}
	p := newPage("Notification of a personal data breach", "Breach notification – "+c.Name+" – "+dateText(now), now)
	p.letterText(buf.String(), "", now)
	return p, nil
}

// SubjectLetter writes the letter to a patient affected by a breach (GDPR
// Art. 34(2)); to is the addressee, zero for a letter without one (for
// example a public communication). It fails like
// consent.Breach.WriteSubjectNotice unless the decision is to notify.
func SubjectLetter(w io.Writer, b consent.Breach, c consent.Controller, to Person, now time.Time) error {
	p, err := subjectPage(b, c, to, now)
	if err != nil {
		return err
	}
	return p.output(w)
}

func subjectPage(b consent.Breach, c consent.Controller, to Person, now time.Time) (*page, error) {
	var buf bytes.Buffer
	if err := b.WriteSubjectNotice(&buf, c); err != nil {
		return nil, err
	}
	p := newPage("Information about a personal data breach", "Breach information – "+c.Name+" – "+dateText(now), now)
	p.sender(c)
	p.letterText(buf.String(), to.Label(), now)
	return p, nil
}

// sender prints the controller's letterhead.
func (p *page) sender(c consent.Controller) {
	p.small(joinNonEmpty(" · ", c.Name, c.Address, c.Country, c.Phone, c.Email))
	p.pdf.Ln(4)
}

// letterText lays out a plain-text notice: its first line is the title,
// the rest are paragraphs. to, if given, is printed as the addressee.
func (p *page) letterText(text, to string, now time.Time) {
	title, body, _ := strings.Cut(strings.TrimSpace(text), "\n")
	if to != "" {
		p.para("To: " + to)
	}
	p.para("Date: " + dateText(now))
	p.title(title)
	p.para(strings.TrimSpace(body))
}
