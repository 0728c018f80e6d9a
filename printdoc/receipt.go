package printdoc

import (
	"io"
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// ReceiptDoc is a consent receipt with the patient's name for print (the
// Kantara receipt itself carries only the patient id).
type ReceiptDoc struct {
	Receipt consent.Receipt
	Patient Person
	// Loc words the page, in the language of the consent text (the
	// receipt's Language); nil: English.
	Loc *i18n.Localizer
	// Texts are the exact consent texts the evidence points to, printed
	// in full under "Text shown" (none: only their references).
	Texts []consent.Text
	// Grants are the grant events the receipt was made from (in its
	// order) and Catalogue their purposes: with them the page words
	// purposes, method, period and text in Loc's language instead of the
	// receipt's English (the Kantara JSON stays English).
	Grants    []consent.Event
	Catalogue *consent.Catalogue
}

// ConsentReceipt writes the consent receipt: who gave which consents when,
// to which controller, for which data and recipients, how long they last,
// the evidence, and how to withdraw.
func ConsentReceipt(w io.Writer, d ReceiptDoc) error {
	p, err := receiptPage(d)
	if err != nil {
		return err
	}
	return p.output(w)
}

func receiptPage(d ReceiptDoc) (*page, error) {
	r := d.Receipt
	loc := d.Loc
	if loc == nil {
		loc = i18n.MustLoad().Localizer("en")
	}
	given := time.Unix(r.ConsentTimestamp, 0).UTC()
	words := receiptWords{loc: loc, grants: d.Grants, cat: d.Catalogue}
	title := loc.T("printdoc.receipt.title")
	p := newPage(loc, title, title+" – "+d.Patient.Name()+" – "+loc.Date(given), given)
	p.title(title)
	pairs := [][2]string{receiptPatient(loc, d.Patient, ""),
		{loc.T("printdoc.receipt.given"), words.given(given, joinNonEmpty(", ", locTime(loc, given), r.CollectionMethod))}}
	for _, c := range r.PIIControllers {
		pairs = append(pairs, [2]string{loc.T("printdoc.receipt.controller"), joinNonEmpty(", ", c.PIIController, c.Address.StreetAddress, loc.Country(c.Address.AddressCountry))},
			[2]string{loc.T("printdoc.receipt.contact"), joinNonEmpty(" · ", c.Email, c.Phone)},
			[2]string{loc.T("printdoc.receipt.dpo"), orDash(c.Contact)})
	}
	pairs = append(pairs, [2]string{loc.T("printdoc.receipt.jurisdiction"), loc.Country(r.Jurisdiction)}, [2]string{loc.T("printdoc.receipt.policy"), r.PolicyURL})
	p.fields(pairs)
	shares := r.Shares()
	for _, s := range r.Services {
		p.heading(s.Service)
		rows := make([][]string, len(s.Purposes))
		for i, x := range s.Purposes {
			rows[i] = []string{words.purpose(i, x.Purpose), strings.Join(words.categories(x.PIICategory), ", "), sharedWith(loc, x, shares), words.termination(i, x.Termination)}
		}
		p.table([]float64{27, 23, 25, 25}, []string{loc.T("printdoc.receipt.purpose"), loc.T("printdoc.receipt.data"),
			loc.T("printdoc.receipt.shared"), loc.T("printdoc.receipt.valid")}, rows)
	}
	if r.Sensitive {
		p.para(loc.T("printdoc.receipt.sensitive", "List", strings.Join(words.categories(r.SPICat), ", ")))
	}
	p.heading(loc.T("printdoc.receipt.evidence"))
	var rows [][]string
	for i, e := range r.Evidence() {
		by := loc.T("printdoc.receipt.bypatient")
		if e.Representative != "" {
			by = loc.T("printdoc.receipt.byrep", "Relation", loc.Label("relation", e.Representative, ""))
		}
		rows = append(rows, []string{words.purpose(i, e.Purpose), orDash(words.textRef(i, e.TextRef)), orDash(e.TextSHA256), by})
	}
	p.table([]float64{25, 25, 35, 15}, []string{loc.T("printdoc.receipt.purpose"), loc.T("printdoc.receipt.textshown"),
		loc.T("printdoc.receipt.sha"), loc.T("printdoc.receipt.by")}, rows)
	for _, t := range d.Texts {
		p.heading(loc.T("printdoc.receipt.textof", "Version", t.Version, "Language", loc.Label("language", t.Language, "")))
		p.para(t.Body)
	}
	p.para(loc.T("printdoc.receipt.withdraw"))
	p.small(loc.T("printdoc.receipt.footer", "ID", r.ConsentReceiptID, "Version", r.Version, "Language", loc.Label("language", r.Language, "")))
	return p, nil
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}
