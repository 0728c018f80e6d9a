package printdoc

import (
	"io"
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// AuthorityNotice writes the notification to the supervisory authority
// (GDPR Art. 33(3)) in loc's language (the user's; nil: English): the
// contents Art. 33(3) requires, worded and laid out on paper. Codes (nature, categories, risk, decision) print as labels; the
// practice's own words (description, consequences, measures) as written.
func AuthorityNotice(w io.Writer, loc *i18n.Localizer, b consent.Breach, c consent.Controller, now time.Time) error {
	return authorityPage(english(loc), b, c, now).output(w)
}

// AuthorityNoticeText writes the same notice as plain UTF-8 text, for a
// form or an e-mail to the authority.
func AuthorityNoticeText(w io.Writer, loc *i18n.Localizer, b consent.Breach, c consent.Controller, now time.Time) error {
	t := &textSheet{}
	authorityBody(t, english(loc), b, c, now)
	return t.output(w)
}

func authorityPage(loc *i18n.Localizer, b consent.Breach, c consent.Controller, now time.Time) *page {
	p := newPage(loc, loc.T("pdfdocs.breach.authority.meta"), loc.T("pdfdocs.breach.authority.footer", "Practice", c.Name, "Date", loc.Date(now)), now)
	authorityBody(p, loc, b, c, now)
	return p
}

func authorityBody(p sheet, loc *i18n.Localizer, b consent.Breach, c consent.Controller, now time.Time) {
	p.para(loc.T("pdfdocs.date", "Date", loc.Date(now)))
	p.title(loc.T("pdfdocs.breach.authority.title"))
	pairs := [][2]string{
		{loc.T("pdfdocs.breach.controller"), joinNonEmpty(", ", c.Name, c.Address, countryName(loc, c.Country))},
		{loc.T("pdfdocs.breach.ref"), b.ID},
	}
	if b.AuthorityReference != "" {
		pairs = append(pairs, [2]string{loc.T("pdfdocs.breach.authorityref"), b.AuthorityReference})
	}
	pairs = append(pairs, [2]string{loc.T("pdfdocs.breach.aware"), locTime(loc, b.AwareAt.UTC())})
	if !b.OccurredAt.IsZero() {
		pairs = append(pairs, [2]string{loc.T("pdfdocs.breach.occurred"), locTime(loc, b.OccurredAt.UTC())})
	}
	if b.DelayReason != "" {
		pairs = append(pairs, [2]string{loc.T("pdfdocs.breach.delay"), b.DelayReason})
	}
	pairs = append(pairs,
		[2]string{loc.T("pdfdocs.breach.nature"), labels(loc, "nature", b.Nature)},
		[2]string{loc.T("pdfdocs.breach.categories"), labels(loc, "category", b.DataCategories)},
		[2]string{loc.T("pdfdocs.breach.subjects"), approxText(loc, b.SubjectsApprox)},
		[2]string{loc.T("pdfdocs.breach.records"), approxText(loc, b.RecordsApprox)})
	p.fields(pairs)
	p.para(b.Description)
	if !b.SubjectsApprox.Known() || !b.RecordsApprox.Known() || b.Consequences == consent.ConsequencesUnknown {
		p.para(loc.T("pdfdocs.breach.phased"))
	}
	// Art. 33(3) in its order: (a) above, (b) the contact, (c) and (d) below.
	p.fields([][2]string{{loc.T("pdfdocs.breach.contact"), joinNonEmpty(", ", orDash(c.DPOContact), c.Email, c.Phone)}})
	p.heading(loc.T("pdfdocs.breach.consequences"))
	p.para(consequences(loc, b.Consequences, "pdfdocs.breach.consequences.unknown"))
	p.heading(loc.T("pdfdocs.breach.measures"))
	p.para(b.Measures)
	decision := loc.T("pdfdocs.breach.decision.none")
	if b.SubjectsDecision != "" {
		decision = loc.Label("subjects", b.SubjectsDecision, "")
	}
	pairs = [][2]string{{loc.T("pdfdocs.breach.risk"), loc.Label("risk", b.Risk, "")}, {loc.T("pdfdocs.breach.decision"), decision}}
	if b.DecisionReason != "" {
		pairs = append(pairs, [2]string{loc.T("pdfdocs.breach.reasoning"), b.DecisionReason})
	}
	p.fields(pairs)
}

// SubjectLetter writes the letter to patients affected by a breach (GDPR
// Art. 34(2)) in loc's language (nil: English); to is the addressee, zero
// for a letter without one (for example a public communication). It
// fails like consent.Breach.SubjectNoticeAllowed (ErrNotDecided) unless the
// decision is to notify, and then writes nothing.
func SubjectLetter(w io.Writer, loc *i18n.Localizer, b consent.Breach, c consent.Controller, to Person, now time.Time) error {
	if err := b.SubjectNoticeAllowed(); err != nil {
		return err
	}
	return subjectPage(english(loc), b, c, to, now).output(w)
}

// SubjectLetterText writes the same letter as plain UTF-8 text; it refuses
// like SubjectLetter.
func SubjectLetterText(w io.Writer, loc *i18n.Localizer, b consent.Breach, c consent.Controller, to Person, now time.Time) error {
	if err := b.SubjectNoticeAllowed(); err != nil {
		return err
	}
	t := &textSheet{}
	subjectBody(t, english(loc), b, c, to, now)
	return t.output(w)
}

func subjectPage(loc *i18n.Localizer, b consent.Breach, c consent.Controller, to Person, now time.Time) *page {
	p := newPage(loc, loc.T("pdfdocs.breach.subject.meta"), loc.T("pdfdocs.breach.subject.footer", "Practice", c.Name, "Date", loc.Date(now)), now)
	subjectBody(p, loc, b, c, to, now)
	return p
}

func subjectBody(p sheet, loc *i18n.Localizer, b consent.Breach, c consent.Controller, to Person, now time.Time) {
	p.small(letterhead(loc, c))
	if to.Name() != "" {
		p.para(loc.T("pdfdocs.to", "Name", addressee(loc, to)))
	}
	p.para(loc.T("pdfdocs.date", "Date", loc.Date(now)))
	p.title(loc.T("pdfdocs.breach.subject.title"))
	p.para(loc.T("pdfdocs.breach.subject.dear") + "\n\n" +
		loc.T("pdfdocs.breach.subject.intro", "Date", loc.LongDate(b.AwareAt), "Practice", c.Name))
	p.heading(loc.T("pdfdocs.breach.subject.what"))
	p.para(b.Description)
	p.heading(loc.T("pdfdocs.breach.subject.data"))
	p.para(labels(loc, "category", b.DataCategories))
	p.heading(loc.T("pdfdocs.breach.subject.consequences"))
	p.para(consequences(loc, b.Consequences, "pdfdocs.breach.subject.unknown"))
	p.heading(loc.T("pdfdocs.breach.subject.measures"))
	p.para(b.Measures)
	p.para(loc.T("pdfdocs.breach.subject.questions", "Contact", joinNonEmpty(", ", orDash(c.DPOContact), c.Email, c.Phone)) + "\n" +
		loc.T("pdfdocs.breach.subject.complaint"))
	p.para(loc.T("pdfdocs.regards", "Practice", c.Name))
}

// sender prints the controller's letterhead in the page's language.
func (p *page) sender(c consent.Controller) {
	p.small(letterhead(english(p.loc), c))
	p.pdf.Ln(4)
}

// letterhead is the practice's name, address, country (named in loc's
// language, not as its ISO code), phone and e-mail on one line.
func letterhead(loc *i18n.Localizer, c consent.Controller) string {
	return joinNonEmpty(" · ", c.Name, c.Address, countryName(loc, c.Country), c.Phone, c.Email)
}

// labels words codes of a kind (labels.<kind>.<code>), joined.
func labels(loc *i18n.Localizer, kind string, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = loc.Label(kind, c, "")
	}
	return orDash(strings.Join(out, ", "))
}

func approxText(loc *i18n.Localizer, a consent.Approx) string {
	if !a.Known() {
		return loc.T("pdfdocs.unknown")
	}
	return loc.Int(a.N())
}

// consequences is the practice's text, or the unknown message when they
// recorded that the consequences are not known yet.
func consequences(loc *i18n.Localizer, text, unknownID string) string {
	if strings.TrimSpace(text) == consent.ConsequencesUnknown {
		return loc.T(unknownID)
	}
	return text
}
