package consent

import (
	"bytes"
	"testing"
	"time"

	"custodia/assets"
)

// day returns midnight UTC of a date.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// defaults loads the shipped catalogue and texts.
func defaults(t testing.TB) *Catalogue {
	t.Helper()
	ps, err := LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		t.Fatalf("shipped purposes: %v", err)
	}
	ts, err := LoadTexts(assets.ConsentTexts())
	if err != nil {
		t.Fatalf("shipped texts: %v", err)
	}
	cat, err := NewCatalogue(ps, ts)
	if err != nil {
		t.Fatalf("catalogue: %v", err)
	}
	return cat
}

// grant builds a valid grant event of a synthetic patient on the latest
// English text effective at the time.
func grant(t testing.TB, cat *Catalogue, id, patient, purpose string, at time.Time) Event {
	t.Helper()
	e := Event{ID: id, Type: Granted, PatientID: patient, PurposeID: purpose, Time: at,
		RecordedBy: "user-1", Method: MethodScreen}
	if txt, ok := cat.LatestText(purpose, "en", at); ok {
		e.TextLanguage, e.TextVersion, e.TextSHA256 = txt.Language, txt.Version, txt.SHA256
	}
	return e
}

func mustIndex(t testing.TB, cat *Catalogue, events []Event, blocks []Block) *Index {
	t.Helper()
	ix, err := BuildIndex(cat, events, blocks)
	if err != nil {
		t.Fatalf("BuildIndex: %v", err)
	}
	return ix
}
