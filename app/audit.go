package app

import (
	"io"
	"sync"
	"time"

	"custodia/auditexport"
	"custodia/vault"
)

// The audit use cases need PermAuditRead (administrators and the DPO);
// the vault checks it and records each read in the trail itself.

// AuditVerifier checks the whole trail; *vault.Session is one.
type AuditVerifier interface {
	// VerifyAudit returns a *vault.AuditError wrapping
	// vault.ErrAuditBroken that names the first bad entry.
	VerifyAudit() (checked int64, err error)
}

// AnchorVerifier checks the trail against a signed anchor made earlier.
type AnchorVerifier interface {
	VerifyAnchor(a vault.Anchor) (checked int64, err error)
}

// AuditPager pages through the trail as one recorded read; *vault.Session
// is one (vault.Session.AuditPage says what is recorded when).
type AuditPager interface {
	AuditPage(read vault.AuditRead, afterSeq int64, limit int) ([]vault.AuditEntry, vault.AuditRead, error)
}

// Anchorer signs anchors of the trail and tells when the last was made.
type Anchorer interface {
	Anchor() (vault.Anchor, error)
	LastAnchor() (at time.Time, seq int64, err error)
}

// AuditFeed is what an export reads: every entry in order, and the
// vault's id that the exported records carry.
type AuditFeed interface {
	AuditFeed(afterSeq int64, limit int) ([]vault.AuditEntry, error)
	VaultID() string
}

// VerifyAudit checks the trail's hash chain, signatures and keys and
// returns how many entries it checked.
func VerifyAudit(v AuditVerifier) (int64, error) { return v.VerifyAudit() }

// VerifyAuditAnchor checks the trail against an anchor file's content:
// it also detects a vault rolled back to an older copy, a cut tail and a
// trail re-chained since the anchor. ErrBadAnchor when data is not an
// anchor (the cause names the field).
func VerifyAuditAnchor(v AnchorVerifier, data []byte) (int64, error) {
	a, err := vault.ParseAnchor(data)
	if err != nil {
		return 0, errorf(ErrBadAnchor, err, "not an anchor file: %v", err)
	}
	return v.VerifyAnchor(a)
}

// AuditReading is one person's reading of the trail, page by page: a view
// of the desktop's audit screen from its opening (or reload) on, or one
// "custodiactl audit list". The vault records it once, however many pages
// it reads; reaching entries added since it opened is recorded as its
// continuation. Its pages may be read from any goroutine, one at a time.
type AuditReading struct {
	p  AuditPager
	mu sync.Mutex
	id vault.AuditRead // 0 until the first page opened the read
}

// ReadAudit starts a reading of the trail; nothing is read or recorded
// until its first page.
func ReadAudit(p AuditPager) *AuditReading { return &AuditReading{p: p} }

// auditPageMax is the most entries one vault page returns.
const auditPageMax = 10000

// Entries returns up to limit entries after the sequence number after,
// oldest first, as pages of this reading (a limit over the vault's page
// size is read in several pages, still one read). ErrBadPage for a
// negative after or a limit below 1.
func (r *AuditReading) Entries(after int64, limit int) ([]vault.AuditEntry, error) {
	if err := CheckPage(after, limit); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []vault.AuditEntry
	for len(out) < limit {
		n := min(limit-len(out), auditPageMax)
		es, id, err := r.p.AuditPage(r.id, after, n)
		if err != nil {
			return out, err
		}
		r.id = id
		out = append(out, es...)
		if len(es) < n {
			break
		}
		after = es[len(es)-1].Seq
	}
	return out, nil
}

// AnchorAudit verifies the trail and signs an anchor of it, returned with
// the file content to keep outside the vault: it holds no personal data
// and no secret. A broken trail is never anchored.
func AnchorAudit(a Anchorer) (vault.Anchor, []byte, error) {
	an, err := a.Anchor()
	if err != nil {
		return vault.Anchor{}, nil, err
	}
	data, err := an.Marshal()
	return an, data, err
}

// LastAnchor says when the newest anchor was made and which entry it
// anchored (zero when never).
func LastAnchor(a Anchorer) (time.Time, int64, error) { return a.LastAnchor() }

// AuditFormat is a SIEM export format.
type AuditFormat string

// The audit export formats.
const (
	AuditJSONL  AuditFormat = "jsonl"  // JSON Lines, one entry a line
	AuditSyslog AuditFormat = "syslog" // RFC 5424 messages, one a line
	AuditFHIR   AuditFormat = "fhir"   // a FHIR R4 Bundle of AuditEvents
)

// ParseAuditFormat reads a format name; ErrBadAuditFormat otherwise.
func ParseAuditFormat(s string) (AuditFormat, error) {
	switch f := AuditFormat(s); f {
	case AuditJSONL, AuditSyslog, AuditFHIR:
		return f, nil
	}
	return "", errorf(ErrBadAuditFormat, nil, "audit export format %q: want jsonl, syslog or fhir", s)
}

// AuditExport says what to export and how.
type AuditExport struct {
	Format AuditFormat
	After  int64     // entries after this sequence number
	Host   string    // syslog HOSTNAME ("-" for none)
	Now    time.Time // the FHIR Bundle's timestamp
}

// ExportAudit writes the trail after x.After up to the entry that was
// newest when the export started. Entries carry ids only: patients appear
// by id, staff by user id. It returns how many entries it wrote.
func ExportAudit(f AuditFeed, w io.Writer, x AuditExport) (int, error) {
	if _, err := ParseAuditFormat(string(x.Format)); err != nil {
		return 0, err
	}
	es, err := allEntries(f, x.After)
	if err != nil {
		return 0, err
	}
	switch x.Format {
	case AuditJSONL:
		err = auditexport.WriteJSONL(w, f.VaultID(), es)
	case AuditSyslog:
		err = auditexport.WriteSyslog(w, x.Host, f.VaultID(), es)
	default:
		err = auditexport.WriteFHIRBundle(w, f.VaultID(), es, x.Now)
	}
	return len(es), err
}

// auditBatch is how many entries one AuditFeed call reads.
const auditBatch = 10000

func allEntries(f AuditFeed, after int64) ([]vault.AuditEntry, error) {
	var out []vault.AuditEntry
	for {
		es, err := f.AuditFeed(after, auditBatch)
		if err != nil || len(es) == 0 {
			return out, err
		}
		out = append(out, es...)
		after = es[len(es)-1].Seq
		if len(es) < auditBatch {
			return out, nil
		}
	}
}
