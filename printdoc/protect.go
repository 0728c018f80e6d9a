package printdoc

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// asPDF20 marks a document PDF 2.0 in its header, so that pdfcpu writes
// the standard security handler of ISO 32000-2 (V 5, R 6, AESV3); for an
// older version it writes revision 5, an Adobe extension readers such as
// poppler reject. The header has the same length, so offsets stay valid;
// what fpdf writes is valid PDF 2.0 as well.
func asPDF20(doc []byte) []byte {
	const head = "%PDF-"
	if len(doc) < 8 || !bytes.HasPrefix(doc, []byte(head)) {
		return doc
	}
	out := bytes.Clone(doc)
	copy(out[len(head):], "2.0")
	return out
}

// ErrNoPassphrase: a document was to be protected with an empty passphrase.
var ErrNoPassphrase = errors.New("printdoc: empty passphrase")

// Protect writes doc encrypted with AES-256 (PDF 2.0 standard security
// handler, revision 6) under the user password passphrase: no reader
// opens it without the passphrase. The owner password is random and
// forgotten at once, so the permissions (printing allowed) cannot be
// lifted. doc stays in memory; only the encrypted bytes reach w.
func Protect(w io.Writer, doc []byte, passphrase string) error {
	if passphrase == "" {
		return ErrNoPassphrase
	}
	var owner [32]byte
	if _, err := rand.Read(owner[:]); err != nil {
		return fmt.Errorf("printdoc: owner password: %w", err)
	}
	// pdfcpu would otherwise write its configuration folder into the
	// user's home on first use; the switch is pdfcpu's own, set the same
	// way every time.
	api.DisableConfigDir()
	conf := model.NewAESConfiguration(passphrase, hex.EncodeToString(owner[:]), 256)
	conf.Permissions = model.PermissionsPrint
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(asPDF20(doc)), &out, conf); err != nil {
		return fmt.Errorf("printdoc: encrypting the PDF: %w", err)
	}
	_, err := w.Write(out.Bytes())
	return err
}
