package auditexport

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/vault"
)

// Record is an audit entry as exported (JSON Lines).
type Record struct {
	Vault   string    `json:"vault"`
	Seq     int64     `json:"seq"`
	Time    time.Time `json:"time"`
	UserID  string    `json:"userId,omitempty"`
	Action  string    `json:"action"`
	Object  string    `json:"object,omitempty"`
	Outcome string    `json:"outcome"`
	Detail  string    `json:"detail,omitempty"`
}

func record(vaultID string, e vault.AuditEntry) Record {
	return Record{Vault: vaultID, Seq: e.Seq, Time: e.Time.UTC(), UserID: e.UserID, Action: e.Action,
		Object: e.Object, Outcome: e.Outcome, Detail: e.Detail}
}

// WriteJSONL writes one JSON object per entry and line.
func WriteJSONL(w io.Writer, vaultID string, es []vault.AuditEntry) error {
	enc := json.NewEncoder(w)
	for _, e := range es {
		if err := enc.Encode(record(vaultID, e)); err != nil {
			return err
		}
	}
	return nil
}

// Syslog facility and severities (RFC 5424 §6.2.1).
const (
	facilityAuthPriv = 10
	sevCritical      = 2
	sevWarning       = 4
	sevNotice        = 5
	sevInfo          = 6
	// sdID is the structured-data id; 32473 is the enterprise number
	// RFC 5612 reserves for documentation and examples.
	sdID = "custodia@32473"
)

func severity(e vault.AuditEntry) int {
	switch {
	case e.Action == "audit.tamper":
		return sevCritical
	case e.Outcome == "denied" || e.Outcome == "failed":
		return sevWarning
	case strings.HasPrefix(e.Action, "erasure.") || strings.HasPrefix(e.Action, "user.") || strings.HasPrefix(e.Action, "backup."):
		return sevNotice
	}
	return sevInfo
}

// Syslog formats one entry as an RFC 5424 message (without transport
// framing): PRI, version 1, the entry's time, host, app name "custodia",
// no process id, the action as MSGID, structured data with the vault, seq,
// user id, object and outcome, and the detail as the message.
func Syslog(host, vaultID string, e vault.AuditEntry) string {
	pri := facilityAuthPriv*8 + severity(e)
	sd := fmt.Sprintf(`[%s vault="%s" seq="%d" user="%s" object="%s" outcome="%s"]`, sdID,
		sdEscape(vaultID), e.Seq, sdEscape(e.UserID), sdEscape(e.Object), sdEscape(e.Outcome))
	msg := ""
	if e.Detail != "" {
		msg = " " + strings.Map(noControl, e.Detail)
	}
	return fmt.Sprintf("<%d>1 %s %s custodia - %s %s%s", pri, e.Time.UTC().Format("2006-01-02T15:04:05.000000Z"),
		headerField(host, 255), headerField(e.Action, 32), sd, msg)
}

// headerField makes a header field printable US-ASCII without spaces, at
// most n characters; "-" when empty (RFC 5424 NILVALUE).
func headerField(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if r > 32 && r < 127 && b.Len() < n {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "-"
	}
	return b.String()
}

// sdEscape escapes '"', '\' and ']' in a structured-data value (§6.3.3).
func sdEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, `]`, `\]`).Replace(strings.Map(noControl, s))
}

func noControl(r rune) rune {
	if r < 32 || r == 127 {
		return ' '
	}
	return r
}

// WriteSyslog writes one RFC 5424 message per line.
func WriteSyslog(w io.Writer, host, vaultID string, es []vault.AuditEntry) error {
	for _, e := range es {
		if _, err := fmt.Fprintln(w, Syslog(host, vaultID, e)); err != nil {
			return err
		}
	}
	return nil
}
