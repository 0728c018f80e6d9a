package consent

// MappingKind is the code of one line of how a foreign Consent was read
// (Imported.Mapping) or of what stays in the source system
// (Imported.Notes). Front ends word it by this code with the line's
// Path, From and To; String is the English line for logs.
type MappingKind string

// How elements of a foreign Consent were read.
const (
	MapPurposeGiven     MappingKind = "purpose-given"      // To: the purpose the importer named
	MapPurpose          MappingKind = "purpose"            // From: system and code; To: purpose id
	MapValidUntil       MappingKind = "valid-until"        // From: period end; To: valid until (RFC 3339, exclusive)
	MapRepresentative   MappingKind = "representative"     // a RelatedPerson performer became the representative
	MapDenyExceptPermit MappingKind = "deny-except-permit" // deny all except one permit: a grant
	MapRefusal          MappingKind = "refusal"            // From: status; To: root provision type
	MapGrant            MappingKind = "grant"              // From: status
	MapException        MappingKind = "exception"          // From: categories; To: recipients ("" = everyone)
	MapExcluded         MappingKind = "excluded"           // To: recipients excluded
	MapActorRole        MappingKind = "actor-role"         // From: role code; To: practice or ignore
	MapRecipient        MappingKind = "recipient"          // From: role code and reference; To: recipient id
	MapCategory         MappingKind = "category"           // From: system and code; To: categories
)

// What stays in the source system.
const (
	NoteDocument     MappingKind = "note-document"     // the signed document
	NoteVerification MappingKind = "note-verification" // the verification
	NotePolicy       MappingKind = "note-policy"       // From: the policy URI, recorded as the source
	NotePerformer    MappingKind = "note-performer"    // From: the resource type that recorded the consent
)

// MappingKinds lists every kind a MappingLine can carry.
func MappingKinds() []MappingKind {
	return []MappingKind{MapPurposeGiven, MapPurpose, MapValidUntil, MapRepresentative, MapDenyExceptPermit, MapRefusal,
		MapGrant, MapException, MapExcluded, MapActorRole, MapRecipient, MapCategory,
		NoteDocument, NoteVerification, NotePolicy, NotePerformer}
}

// MappingLine is one line of how a foreign Consent was read: Path is the
// JSON path, From what the source says and To what Custodia records
// (codes and URIs, never personal data).
type MappingLine struct {
	Kind     MappingKind
	Path     string
	From, To string
	text     string
}

// String is the English line, for logs and tests.
func (m MappingLine) String() string { return m.text }
