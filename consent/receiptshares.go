package consent

import "slices"

// ReceiptShare is one recipient on a printable receipt, as codes and
// stored names for renderings in the reader's language: the purpose, the
// recipient, where it is, the transfer safeguard (outside the EEA) and the
// data categories it may receive.
type ReceiptShare struct {
	PurposeID, Purpose     string
	RecipientID, Recipient string
	Country                string
	ThirdCountry           bool
	Safeguard              string // as stored; "" inside the EEA
	Categories             []string
}

func shareCodes(p Purpose, r Recipient, cats []string) ReceiptShare {
	s := ReceiptShare{PurposeID: p.ID, Purpose: p.Name, RecipientID: r.ID, Recipient: r.Name, Country: r.Country,
		ThirdCountry: r.ThirdCountry(), Categories: slices.Clone(cats)}
	if s.ThirdCountry {
		s.Safeguard = r.Safeguard
	}
	return s
}

// Shares returns what each recipient may receive (not part of the Kantara
// JSON), for the printable renderings (printdoc's receipt page and PDF).
func (r Receipt) Shares() []ReceiptShare {
	out := make([]ReceiptShare, len(r.shares))
	for i, s := range r.shares {
		out[i] = s.share
		out[i].Categories = slices.Clone(s.share.Categories)
	}
	return out
}
