package vault

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"strconv"

	"github.com/google/uuid"

	"custodia/consent"
)

// MaxScanSize bounds a stored consent-form scan.
const MaxScanSize = 20 << 20

// scanSecret is a stored scan: it lives in subject_secrets (owner
// "scan:<ref>", category consents), so erasure treats it like the rest of
// the consent evidence.
type scanSecret struct {
	ContentType string `json:"contentType"`
	Data        []byte `json:"data"`
}

// PutScan stores a signed consent form (PDF or image) of a patient,
// encrypted under the patient's data key, and returns the attachment to put
// in Event.Scan. Needs PermConsentWrite. consent.ErrInvalid for an empty or
// oversized scan or a malformed content type.
func (c *ConsentStore) PutScan(ctx context.Context, patientID, contentType string, data []byte) (consent.Attachment, error) {
	if err := checkScan(patientID, contentType, data); err != nil {
		return consent.Attachment{}, err
	}
	sum, sum1 := sha256.Sum256(data), sha1.Sum(data)
	a := consent.Attachment{Ref: "scan-" + uuid.NewString(), ContentType: contentType,
		SHA256: hex.EncodeToString(sum[:]), SHA1: base64.StdEncoding.EncodeToString(sum1[:])}
	err := c.do(ctx, PermConsentWrite, "scan.put", "scan:"+a.Ref, func(tx *txn, k *keys) error {
		if err := k.putSecret(tx, "scan:"+a.Ref, patientID, string(consent.RecConsents), scanSecret{contentType, data}); err != nil {
			return err
		}
		return c.audit(tx, k, "scan.put", "scan:"+a.Ref, fmt.Sprintf("patient=%s bytes=%d", patientID, len(data)))
	})
	if err != nil {
		return consent.Attachment{}, err
	}
	return a, nil
}

func checkScan(patientID, contentType string, data []byte) error {
	var fs []consent.FieldError
	if !consent.ValidID(patientID) {
		fs = append(fs, consent.FieldError{Field: "patientId", Message: "must be a patient id", Rule: consent.RuleNotAnID})
	}
	if _, _, err := mime.ParseMediaType(contentType); err != nil {
		fs = append(fs, consent.FieldError{Field: "contentType", Message: "must be a media type such as application/pdf", Rule: consent.FieldRule(RuleMediaType)})
	}
	if len(data) == 0 || len(data) > MaxScanSize {
		fs = append(fs, consent.FieldError{Field: "data", Message: fmt.Sprintf("must hold 1 to %d bytes", MaxScanSize),
			Rule: consent.FieldRule(RuleScanSize), Allowed: []string{strconv.Itoa(MaxScanSize >> 20)}})
	}
	if len(fs) > 0 {
		return &consent.ValidationError{Fields: fs}
	}
	return nil
}

// Scan returns a stored scan's content type and bytes. Needs
// PermConsentRead; audited. consent.ErrNotFound for an unknown reference or
// a scan an erasure destroyed; ErrIntegrity if it fails authentication.
func (c *ConsentStore) Scan(ctx context.Context, ref string) (string, []byte, error) {
	var s scanSecret
	err := c.doRead(ctx, PermConsentRead, "scan.read", "scan:"+ref, func(tx *txn, k *keys) error {
		r := newSecretReader(tx, k)
		defer r.wipe()
		ok, err := r.get("scan:"+ref, &s)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("scan %s: %w", ref, consent.ErrNotFound)
		}
		return c.audit(tx, k, "scan.read", "scan:"+ref, fmt.Sprintf("bytes=%d", len(s.Data)))
	})
	if err != nil {
		return "", nil, err
	}
	return s.ContentType, s.Data, nil
}

// checkScanRef refuses an event whose scan is stored in the vault under
// another patient or with other bytes (scans kept elsewhere pass).
func checkScanRef(tx *txn, k *keys, e consent.Event) error {
	if e.Scan == nil {
		return nil
	}
	var subject string
	if err := tx.QueryRow("SELECT subject_id FROM subject_secrets WHERE owner = ?", "scan:"+e.Scan.Ref).Scan(&subject); err != nil {
		return nil
	}
	if subject != e.PatientID {
		return &consent.ValidationError{Fields: []consent.FieldError{{Field: "scan.ref", Message: "scan belongs to another patient", Rule: consent.FieldRule(RuleScanOtherPatient)}}}
	}
	var s scanSecret
	r := newSecretReader(tx, k)
	defer r.wipe()
	if ok, err := r.get("scan:"+e.Scan.Ref, &s); err != nil || !ok {
		return err
	}
	sum := sha256.Sum256(s.Data)
	if hex.EncodeToString(sum[:]) != e.Scan.SHA256 {
		return &consent.ValidationError{Fields: []consent.FieldError{{Field: "scan.sha256", Message: "does not match the stored scan", Rule: consent.FieldRule(RuleScanChanged)}}}
	}
	return nil
}
