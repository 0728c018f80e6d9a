package consent

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"testing"
)

func TestAccessReport(t *testing.T) {
	cat := defaults(t)
	events := ledgerSample(t, cat)
	pid := events[0].PatientID
	ix := mustIndex(t, cat, events, nil)
	req := newReq(t, ReqAccess, day(2030, 5, 1))
	req.SubjectID = pid
	other := Disclosure{ID: "d-other", PatientID: "someone-else", Recipient: "city-hospital", PurposeID: "care-coordination",
		Categories: []string{CatDiagnoses}, At: day(2027, 1, 1), RecordedBy: "u"}
	mine := other
	mine.ID, mine.PatientID = "d-mine", pid
	now := day(2030, 6, 1)
	rep, err := BuildAccessReport(AccessInput{Request: req, Controller: practice, Index: ix, Events: events,
		Disclosures: []Disclosure{other, mine}, Requests: []Request{req}, Rules: DefaultRetentionRules(),
		Sections: []RecordSection{{Title: "Identity", Rows: [][2]string{{"Name", "<Synthetic Person>"}}}}}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Disclosures) != 1 || rep.Disclosures[0].ID != "d-mine" || len(rep.Events) != len(events) || len(rep.Requests) != 1 {
		t.Errorf("report scope: %+v", rep)
	}
	// Oracle: consent column recomputed from the index.
	for _, p := range rep.Purposes {
		pp, _ := cat.Purpose(p.PurposeID)
		if !pp.ConsentRequired {
			if p.Consent != "" {
				t.Errorf("%s: consent %q for a non-consent purpose", p.PurposeID, p.Consent)
			}
			continue
		}
		want := "none"
		for _, s := range ix.Status(pid, now) {
			if s.PurposeID == p.PurposeID {
				want = s.Status
			}
		}
		if want == "none" && p.PurposeID == reg {
			want = "refused"
		}
		if p.Consent != want {
			t.Errorf("%s: consent %q, want %q", p.PurposeID, p.Consent, want)
		}
	}
	js, err := rep.JSON()
	if err != nil || !json.Valid(js) {
		t.Fatal(err)
	}
	var csvBuf bytes.Buffer
	if err := rep.WriteDisclosuresCSV(&csvBuf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&csvBuf).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "d-mine" {
		t.Errorf("csv %v %v", rows, err)
	}
	req.Type = ReqErasure
	if _, err := BuildAccessReport(AccessInput{Request: req, Index: ix}, now); !errors.Is(err, ErrInvalid) {
		t.Errorf("erasure request: %v", err)
	}
}
