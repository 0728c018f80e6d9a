package consent

import (
	"encoding/json"
	"fmt"
	"time"
)

// PortableData is the machine-readable answer to a portability request
// (GDPR Art. 20): the data the patient provided (identity and contact
// details) and the consent decisions they made, in one JSON key style
// (lowerCamelCase throughout), under its own Art. 20 title. It is personal
// data; the vault encrypts it for delivery.
type PortableData struct {
	Title       string            `json:"title"`
	Format      string            `json:"format"`
	SubjectID   string            `json:"subjectId"`
	RequestID   string            `json:"requestId"`
	GeneratedAt time.Time         `json:"generatedAt"`
	Controller  Controller        `json:"controller"`
	Record      []PortableField   `json:"record"`
	Consents    []PortableConsent `json:"consents"`
}

// PortableFormat names the layout of PortableData.
const PortableFormat = "custodia-portability-v1"

// PortableField is one field the patient provided. Section and Field are
// the vault's English words; SectionKind and Code say what they are in
// codes (empty for a section stored before codes).
type PortableField struct {
	Section     string      `json:"section"`
	Field       string      `json:"field"`
	Value       string      `json:"value"`
	SectionKind SectionKind `json:"sectionKind,omitempty"`
	Code        RowCode     `json:"code,omitzero"`
}

// PortableConsent is one consent decision the patient made.
type PortableConsent struct {
	EventID    string    `json:"eventId"`
	Type       EventType `json:"type"`
	PurposeID  string    `json:"purposeId"`
	Purpose    string    `json:"purpose"`
	Time       time.Time `json:"time"`
	ValidUntil time.Time `json:"validUntil,omitzero"`
	Categories []string  `json:"categories"`
	Recipients []string  `json:"recipients"`
}

// Portable derives the Art. 20 subset of a portability report. ErrInvalid
// for reports of other request types.
func (a AccessReport) Portable(purposeName func(id string) string) (PortableData, error) {
	if a.RequestType != ReqPortability {
		return PortableData{}, fmt.Errorf("request %s is not a portability request: %w", a.RequestID, ErrInvalid)
	}
	d := PortableData{Title: a.Title, Format: PortableFormat, SubjectID: a.SubjectID, RequestID: a.RequestID,
		GeneratedAt: a.GeneratedAt, Controller: a.Controller, Record: []PortableField{}, Consents: []PortableConsent{}}
	for _, s := range a.Sections {
		if !s.Portable {
			continue
		}
		for i, r := range s.Rows {
			code, _ := s.Code(i)
			d.Record = append(d.Record, PortableField{Section: s.Title, Field: r[0], Value: r[1], SectionKind: s.Kind, Code: code})
		}
	}
	for _, e := range a.Events {
		if e.Type == Erased || e.Type == Expired {
			continue // not decisions of the patient
		}
		c := PortableConsent{EventID: e.ID, Type: e.Type, PurposeID: e.PurposeID, Purpose: purposeName(e.PurposeID), Time: e.Time,
			ValidUntil: e.ValidUntil, Categories: orEmpty(e.Categories), Recipients: orEmpty(e.Recipients)}
		d.Consents = append(d.Consents, c)
	}
	return d, nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// JSON renders the portable data as indented JSON.
func (d PortableData) JSON() ([]byte, error) { return json.MarshalIndent(d, "", "  ") }
