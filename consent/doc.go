// Package consent is Custodia's GDPR domain: purposes and lawful bases, the
// consent ledger and the decisions derived from it, data-subject requests
// and their legal deadlines, retention and erasure, the records of
// processing, the breach log, and the FHIR R4 and Kantara mappings. It is
// pure Go: the standard library plus custodia/internal/csvsafe (formula
// guarding of the CSV cells it writes), no database, no user interface, no
// clock of its own (every function takes the time it needs). Decisions
// carry typed codes (Decision.Code, Block); the front ends word them
// through custodia/i18n, this package never does.
//
// # Purposes and texts
//
// A Purpose names why data is processed, on which point of GDPR Art. 6(1)
// and 9(2) (care on 9(2)(h), research on 9(2)(a) or 9(2)(j)), whether
// consent is required, for how long a consent lasts, which data categories
// and which named recipients it covers. LoadPurposes reads the catalogue
// shipped in assets/purposes.json; LoadTexts the consent texts. A Text is
// one version of the wording per purpose and language, with its SHA-256 and
// a Material flag: a material change makes earlier grants stop counting
// from its effective date (re-consent). Catalogue bundles both.
//
// # Ledger and decisions
//
// Events (granted, withdrawn, expired, renewed, refused, erased) are
// appended, never changed. An erased event (Erase, written by the vault
// when it carries out an erasure) ends every grant of the patient and makes
// Allowed answer no with the reason "erased" for every purpose; the rule
// lives in the index's blocks (BlockErasure), so every path that applies
// blocks follows it. Stores refuse later events and requests (but access)
// with an *ErasedError (ErrErased); CloseForErasure closes the patient's
// other open requests with the reason recorded. Index derives the state: Index.Allowed answers whether a
// patient's data of a category may be used for a purpose and disclosed to a
// recipient at a time, with the reason, the deciding event and the lawful
// basis. Granularity is purpose × recipient × data category, with deny
// exceptions. Objections (Art. 21) and restrictions (Art. 18) become Blocks
// (BlocksFromRequests). Index.DueForRenewal lists grants that expire or
// whose text changed materially. Index.AllowedMany and AllowedPatients
// decide one Query (purpose, recipient, category, time) for a whole cohort
// with the same rules as Allowed (cohort filtering for exports and
// retention lists). LoadIndex builds an Index of the whole ledger from a
// Store, LoadPatientIndex one of a single patient.
//
// # Data-subject requests
//
// NewRequest takes a request in (duplicate detection), Verify records the
// identity check, Advance moves it through the workflow (received →
// verifying → in progress → completed; denied with a legal ground;
// withdrawn), Extend extends the deadline once. Every step returns a
// Transition for the audit trail. Deadlines follow Art. 12(3): one calendar
// month, clamped to the month's end (AddMonthsClamped), and a period that
// ends on a Saturday, Sunday or public holiday ends on the next working
// day (Regulation 1182/71 Art. 3(4)). The request keeps the practice's
// Jurisdiction from intake; Jurisdiction.Holidays computes the public
// holidays of DE (16 states), AT, CH (cantons), FR, NL, BE, LU, IT, ES,
// IE, DK, PL and SE, movable feasts from Easter. Request.Deadline says
// which rule decided the date ("Sat 28 Feb → Mon 2 Mar (weekend)"). An
// extension adds its months to the original end and records when and how
// the requester was told. HIPAA requests use 30 or 60 calendar days; the
// breach clock counts hours. Request.Clock gives red/amber/green (amber: AmberDays or
// fewer left). The Actor carries the user id and role; the vault maps its
// roles onto the Role* constants, and only the DPO and administrators
// complete, deny or extend.
//
// # Governance
//
// RecipientsToNotify (Art. 19), PlanErasure and ErasureCertificate (Art.
// 17 with 17(3) exceptions), DueForDeletion, DeletionBatch and
// RetentionCertificate (retention schedule with DPO approval; data kept
// after an erasure is due from its own keep-until date). Retention
// schedules are data: LoadSchedules reads the rules shipped per country,
// each with its legal source and whether it counts from the year-end
// (§ 199 BGB), and PlanSchedule switches the working copy with the
// practice's country. BuildROPA (Art. 30, HTML and CSV) adds staff
// accounts and the audit trail, request handling and breach handling to
// the catalogue's purposes, and lists only the security controls the
// vault reports. Breach (Art. 33 72-hour clock, Art. 34): numbers may be
// unknown (Approx), consequences are required or "unknown", and the
// Art. 34 letter is refused with ErrNotDecided until the decision is
// recorded.
//
// # FHIR
//
// ExportFHIR and Index.ExportPatientFHIR write R4 Consents (fhir.go
// documents the mapping, including how a grant to every recipient and a
// one-recipient withdrawal are written); ImportFHIR reads them back
// exactly. ImportConsents also reads Consents of other systems (HL7 R4, IHE
// PCF) through a FHIRMapping (assets/fhir-consent-map.json, editable),
// refusing only what Custodia cannot represent, with the JSON path.
//
// # Receipts and access
//
// ScopeOf is what one grant really covers (categories, recipients, deny
// exceptions, the rule Allowed applies); Kantara receipts, access reports
// (Art. 15 with sources, automated decisions, transfers and the
// consultation log) and portability data (Art. 20, PortableData) are built
// from the patient's own ledger and disclosures. This package builds the
// data only: the pages people read (receipt, certificate, access and
// portability pages, HTML and PDF) are package printdoc's, worded in the
// reader's language.
//
// # Storage
//
// Store is the persistence this package needs, with its error contract;
// the vault implements it, consent/memstore is the reference, and
// consent/storetest is the conformance suite every implementation runs.
//
// # Errors
//
// Sentinels (ErrNotFound, ErrExists, ErrConflict, ErrImmutable, ErrInvalid,
// ErrDuplicate, ErrTransition, ErrPermission, ErrErased) are wrapped with %w; a
// *ValidationError lists the offending fields or JSON paths. Messages carry
// ids and codes, never personal data.
//
// # Imports
//
// Besides the standard library, only golang.org/x/text/language, whose
// region table tells a country's ISO 3166 code from a private-use code
// (IsCountryCode).
package consent
