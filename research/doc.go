// Package research is the research-export core (issue 7): a Study says who
// receives which columns of which patients under which privacy model; Run
// takes an in-memory clinical extract through the cohort criteria, the
// consent gate (consent.Index bulk decisions, exclusions counted by reason,
// no identities), keyed pseudonyms and per-patient date shifts, and the deid
// engine (the patient as entity column at encounter level); Package writes
// one age-encrypted file (data CSV and Parquet, codebook, report with
// charts, manifest of SHA-256 sums); Open is the researcher's side: it
// decrypts, checks the manifest and re-verifies k, l and t at patient level
// with deid/verify, which shares no code with the engine's search.
//
// The package is pure domain code: it imports consent, deid, the standard
// library, filippo.io/age and gonum.org/v1/plot, never the vault, a
// database or the user interface. The vault (studies, keys, disclosures,
// export history) and the front ends call it through the app layer.
//
// # Determinism
//
// The same study version and the same input give the same data, codebook
// and manifest bytes: rows are ordered by pseudonym then date, pseudonyms
// and date shifts are HMACs under the study key (deid.Pseudonymizer), and
// the engine's search is deterministic. Only the report's creation time
// and timings differ between runs.
//
// # Keys
//
// The study key is passed in (the vault's Session.StudyKey: a random key
// per study, made when the study is first saved and sealed under the
// research key). Pseudonyms are HMAC-SHA-256 of the patient id under it:
// stable across reruns of one study, unlinkable across studies; Reidentify
// recomputes them for the DPO. Destroying a study's key (the vault's
// DestroyStudyKey) makes its past packages impossible to re-identify from
// the vault, since no pseudonym can be recomputed (docs/design.md §12.1).
//
// # Gate
//
// RunGate asks consent.Index.AllowedPatients once per exported data
// category (demographics, diagnoses, clinical, lab-results, from the
// columns), then AllowedMany for the reasons of the excluded, mapped to
// codes (no-consent, withdrawn, deny-exception, objection, restriction,
// expired, re-consent-needed, refused, not-covered); erased and restricted
// records (the record's own flags) are excluded first. The mapping goes by
// the decision's typed code (consent.Decision.Code and Block), never by its
// text; a test maps every consent.ReasonCodes code a refusal can carry.
//
// # CSV
//
// Every cell of data.csv goes through internal/csvsafe: a cell starting
// with = + - @ (or a tab, carriage return or apostrophe) gets a leading
// apostrophe. The mapping is one to one, so the re-check's classes equal
// the engine's.
package research
