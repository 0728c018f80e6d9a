package auditexport

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/vault"
)

// FHIR code systems used.
const (
	sysAuditEventType = "http://terminology.hl7.org/CodeSystem/audit-event-type"
	sysDICOM          = "http://dicom.nema.org/resources/ontology/DCM"
	sysSourceType     = "http://terminology.hl7.org/CodeSystem/security-source-type"
	sysAction         = "urn:custodia:audit-action"
	sysUser           = "urn:custodia:user"
	sysObject         = "urn:custodia:object"
)

type coding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

type identifier struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

type reference struct {
	Reference  string      `json:"reference,omitempty"`
	Identifier *identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

type agent struct {
	Requestor bool      `json:"requestor"`
	Who       reference `json:"who"`
}

type source struct {
	Observer reference `json:"observer"`
	Type     []coding  `json:"type,omitempty"`
}

type entityDetail struct {
	Type        string `json:"type"`
	ValueString string `json:"valueString"`
}

type entity struct {
	What   *reference     `json:"what,omitempty"`
	Detail []entityDetail `json:"detail,omitempty"`
}

// AuditEvent is the FHIR R4 resource (the elements Custodia fills).
type AuditEvent struct {
	ResourceType string   `json:"resourceType"`
	ID           string   `json:"id"`
	Type         coding   `json:"type"`
	Subtype      []coding `json:"subtype"`
	Action       string   `json:"action"`
	Recorded     string   `json:"recorded"`
	Outcome      string   `json:"outcome"`
	Agent        []agent  `json:"agent"`
	Source       source   `json:"source"`
	Entity       []entity `json:"entity,omitempty"`
}

// FHIRAuditEvent maps one entry to an AuditEvent.
func FHIRAuditEvent(vaultID string, e vault.AuditEntry) AuditEvent {
	ev := AuditEvent{
		ResourceType: "AuditEvent",
		ID:           fmt.Sprintf("%s-%d", vaultID, e.Seq),
		Type:         eventType(e.Action),
		Subtype:      []coding{{System: sysAction, Code: e.Action}},
		Action:       actionCode(e.Action),
		Recorded:     e.Time.UTC().Format("2006-01-02T15:04:05.000000Z"),
		Outcome:      outcomeCode(e),
		Agent:        []agent{{Requestor: true, Who: userRef(e.UserID)}},
		Source: source{Observer: reference{Identifier: &identifier{System: "urn:custodia:vault", Value: vaultID}, Display: "Custodia vault"},
			Type: []coding{{System: sysSourceType, Code: "4", Display: "Application Server"}}},
	}
	var en entity
	if e.Object != "" {
		en.What = objectRef(e.Object)
	}
	if e.Detail != "" {
		en.Detail = []entityDetail{{Type: "custodia-detail", ValueString: e.Detail}}
	}
	if en.What != nil || en.Detail != nil {
		ev.Entity = []entity{en}
	}
	return ev
}

func eventType(action string) coding {
	switch {
	case strings.HasPrefix(action, "unlock"):
		return coding{System: sysDICOM, Code: "110114", Display: "User Authentication"}
	case strings.HasPrefix(action, "audit."):
		return coding{System: sysDICOM, Code: "110101", Display: "Audit Log Used"}
	case strings.HasPrefix(action, "backup.") || strings.HasPrefix(action, "request.access-package"):
		return coding{System: sysDICOM, Code: "110106", Display: "Export"}
	case strings.HasPrefix(action, "user.") || strings.HasPrefix(action, "setting.") || strings.HasPrefix(action, "recovery."):
		return coding{System: sysDICOM, Code: "110136", Display: "Security Roles Changed"}
	}
	return coding{System: sysAuditEventType, Code: "rest", Display: "RESTful Operation"}
}

// actionCode is C, R, U, D or E (execute) as FHIR's audit-event-action.
func actionCode(action string) string {
	verb := action[strings.LastIndexByte(action, '.')+1:]
	switch verb {
	case "create", "add", "append", "begin":
		return "C"
	case "read", "search", "list", "facts", "items", "status", "last", "export":
		return "R"
	case "update", "rectify", "role", "set", "enable", "disable", "change", "reset", "rotate", "transition", "enrol":
		return "U"
	case "delete", "execute", "purge", "reapply":
		return "D"
	}
	return "E"
}

// outcomeCode: 0 success, 4 minor failure (denied), 8 serious failure,
// 12 major failure (tampering detected).
func outcomeCode(e vault.AuditEntry) string {
	switch {
	case e.Action == "audit.tamper":
		return "12"
	case e.Outcome == "ok":
		return "0"
	case e.Outcome == "denied":
		return "4"
	}
	return "8"
}

func userRef(id string) reference {
	if id == "" {
		return reference{Display: "unknown user"}
	}
	return reference{Identifier: &identifier{System: sysUser, Value: id}}
}

func objectRef(object string) *reference {
	kind, id, _ := strings.Cut(object, ":")
	switch kind {
	case "patient":
		return &reference{Reference: "Patient/" + id}
	case "user":
		return &reference{Identifier: &identifier{System: sysUser, Value: id}}
	}
	return &reference{Identifier: &identifier{System: sysObject, Value: object}}
}

type bundleEntry struct {
	FullURL  string     `json:"fullUrl"`
	Resource AuditEvent `json:"resource"`
}

type bundle struct {
	ResourceType string        `json:"resourceType"`
	Type         string        `json:"type"`
	Timestamp    string        `json:"timestamp"`
	Entry        []bundleEntry `json:"entry,omitempty"`
}

// WriteFHIRBundle writes a FHIR R4 Bundle (type collection) of AuditEvents.
func WriteFHIRBundle(w io.Writer, vaultID string, es []vault.AuditEntry, now time.Time) error {
	b := bundle{ResourceType: "Bundle", Type: "collection", Timestamp: now.UTC().Format(time.RFC3339)}
	for _, e := range es {
		ev := FHIRAuditEvent(vaultID, e)
		b.Entry = append(b.Entry, bundleEntry{FullURL: "urn:custodia:audit:" + ev.ID, Resource: ev})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}
