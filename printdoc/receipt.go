package printdoc

import (
	"io"
	"strings"
	"time"

	"custodia/consent"
)

// ReceiptDoc is a consent receipt with the patient's name for print (the
// Kantara receipt itself carries only the patient id).
type ReceiptDoc struct {
	Receipt consent.Receipt
	Patient Person
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
	given := time.Unix(r.ConsentTimestamp, 0).UTC()
	p := newPage("Consent receipt", "Consent receipt – "+d.Patient.Name()+" – "+dateText(given), given)
	p.title("Consent receipt")
	pairs := [][2]string{{"Patient", d.Patient.Label()}, {"Given", given.Format("2006-01-02 15:04 UTC") + ", " + r.CollectionMethod}}
	for _, c := range r.PIIControllers {
		pairs = append(pairs, [2]string{"Controller", joinNonEmpty(", ", c.PIIController, c.Address.StreetAddress, c.Address.AddressCountry)},
			[2]string{"Contact", joinNonEmpty(" · ", c.Email, c.Phone)},
			[2]string{"Data protection officer", orDash(c.Contact)})
	}
	pairs = append(pairs, [2]string{"Jurisdiction", r.Jurisdiction}, [2]string{"Privacy policy", r.PolicyURL})
	p.fields(pairs)
	for _, s := range r.Services {
		p.heading(s.Service)
		rows := make([][]string, len(s.Purposes))
		for i, x := range s.Purposes {
			shared := "nobody outside the practice"
			if x.ThirdPartyDisclosure {
				shared = x.ThirdPartyName
			}
			rows[i] = []string{x.Purpose, strings.Join(x.PIICategory, ", "), shared, x.Termination}
		}
		p.table([]float64{30, 25, 20, 25}, []string{"Purpose", "Data", "Shared with", "Valid"}, rows)
	}
	if r.Sensitive {
		p.para("This consent covers health data (GDPR Art. 9): " + strings.Join(r.SPICat, ", ") + ".")
	}
	p.heading("Evidence")
	var rows [][]string
	for _, e := range r.Evidence() {
		by := "the patient"
		if e.Representative != "" {
			by = "representative (" + e.Representative + ")"
		}
		rows = append(rows, []string{e.Purpose, orDash(e.TextRef), orDash(e.TextSHA256), by})
	}
	p.table([]float64{25, 25, 35, 15}, []string{"Purpose", "Text shown", "Text SHA-256", "Given by"}, rows)
	p.para("You can withdraw any of these consents at any time, at the front desk, by letter or by e-mail, as easily as you gave it. " +
		"Withdrawal does not affect your treatment or the lawfulness of processing before it.")
	p.small("Receipt " + r.ConsentReceiptID + " · " + r.Version + " · language " + r.Language)
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
