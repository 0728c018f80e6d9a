package vault

import "custodia/consent"

// AccessReport returns the report of an access (GDPR Art. 15),
// portability (Art. 20) or HIPAA access request: the same report
// AccessPackage puts in its archive (purposes, recipients, retention,
// sources, rights, the stored record), for the caller to render into a
// document it protects itself, such as a passphrase-protected PDF. The
// report is personal data: the caller keeps it in memory only. Needs
// PermRequestDecide; audited with the request id. Returns
// *ValidationError when requestID is not a verified access request of
// this patient, ErrNotFound for an unknown patient.
func (s *Session) AccessReport(patientID, requestID string, ctl consent.Controller) (consent.AccessReport, error) {
	var report consent.AccessReport
	object := "request:" + requestID
	err := s.run(PermRequestDecide, "request.access-report", object, func(tx *txn, k *keys) error {
		var err error
		if report, err = s.accessReport(tx, k, patientID, requestID, ctl); err != nil {
			return err
		}
		return s.audit(tx, k, "request.access-report", object, outcomeOK, "patient="+patientID)
	})
	return report, err
}
