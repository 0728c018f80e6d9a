package main

import (
	"fmt"
	"io"
	"os"

	"filippo.io/age"
)

// recipients parses --recipient (comma-separated age X25519 public keys)
// and --recipients-file (one per line, # comments) into age recipients.
func (r *anonymizeRun) recipients() ([]age.Recipient, error) {
	var out []age.Recipient
	for _, s := range splitList(r.o.recipient) {
		rc, err := age.ParseX25519Recipient(s)
		if err != nil {
			return nil, usage("deid.cli.recipient")
		}
		out = append(out, rc)
	}
	if r.o.recipientsFile != "" {
		f, err := os.Open(r.o.recipientsFile)
		if err != nil {
			return nil, fileError("recipients", r.o.recipientsFile, err)
		}
		defer f.Close()
		rs, err := age.ParseRecipients(f)
		if err != nil {
			return nil, invalid(err, "deid.cli.recipientsFile", "File", r.o.recipientsFile)
		}
		out = append(out, rs...)
	}
	return out, nil
}

// setEncryption sets r.wrap to a writer wrapper that encrypts the export
// for the recipients, or leaves it nil when there are none.
func (r *anonymizeRun) setEncryption() error {
	rs, err := r.recipients()
	if err != nil || len(rs) == 0 {
		return err
	}
	r.nRecipients = len(rs)
	r.wrap = func(w io.Writer) (io.WriteCloser, error) {
		wc, err := age.Encrypt(w, rs...)
		if err != nil {
			return nil, fmt.Errorf("encrypt for recipients: %w", err)
		}
		return wc, nil
	}
	return nil
}
