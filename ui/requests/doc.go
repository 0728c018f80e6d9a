// Package requests is the data-subject request queue of the desktop app
// (GDPR Art. 15–22, HIPAA access and amendment): the queue with its
// deadline countdown and filters, the intake of a new request with
// duplicate detection, the detail with identity verification, extension,
// denial citing a legal ground and completion, and what completing does:
// the erasure dialog with its final confirmation and certificate (page
// and PDF), the access or portability package (age file, passphrase-
// protected PDF and cover letter), restriction, rectification, objection
// and consent withdrawal.
//
// The shell builds it with New(env, catalogue, usecases). The patient
// search and the rectification's field checks are the patient form's,
// shared through ui/kit (kit.SearchQueries, kit.BuildPatient), as a
// feature imports neither the shell (custodia/ui) nor another feature. The use cases of package app check
// permissions and workflow and write the audit trail.
package requests
