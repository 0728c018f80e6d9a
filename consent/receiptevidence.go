package consent

// ReceiptEvidence is the evidence behind one purpose of a receipt: the
// ledger record, the consent text shown (purpose, language, version) and
// its SHA-256, and who gave the consent when it was a representative.
type ReceiptEvidence struct {
	EventID        string
	Purpose        string
	TextRef        string
	TextSHA256     string
	Representative string // relation of a representative; "" when the patient
}

// Evidence returns the receipt's evidence lines (not part of the Kantara
// JSON), for the printable renderings (printdoc's receipt page and PDF).
func (r Receipt) Evidence() []ReceiptEvidence {
	out := make([]ReceiptEvidence, len(r.evidence))
	for i, e := range r.evidence {
		out[i] = ReceiptEvidence(e)
	}
	return out
}
