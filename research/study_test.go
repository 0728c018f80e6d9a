package research

import (
	"bytes"
	"errors"
	"testing"

	"custodia/assets"
	"custodia/consent"
)

func catalogue(t testing.TB) *consent.Catalogue {
	t.Helper()
	ps, err := consent.LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := consent.LoadTexts(assets.ConsentTexts())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := consent.NewCatalogue(ps, ts)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func sampleStudy() *Study {
	return &Study{
		ID: "diabetes-2026", Version: 1, Name: "Diabetes registry", Purpose: "research:registry",
		Recipient:     Recipient{Org: "University research institute", Contact: "study office", ID: "university-institute", Passphrase: true},
		Level:         LevelPatient,
		ReferenceDate: "2026-01-01",
		Columns: []Column{
			{Name: SrcPatient, Role: RoleIdentifying, Treatment: IdentPseudonymise},
			{Name: SrcAge, Role: RoleQuasi}, {Name: SrcSex, Role: RoleQuasi}, {Name: SrcPostcode, Role: RoleQuasi},
			{Name: SrcDiagnosis, Role: RoleSensitive},
		},
		Privacy: Privacy{K: 3, L: 2, Suppression: 0.1},
		Metric:  "loss", Algorithm: AlgorithmOptimal,
	}
}

func TestStudyValidation(t *testing.T) {
	cat := catalogue(t)
	if err := sampleStudy().Validate(cat); err != nil {
		t.Fatalf("sample study: %v", err)
	}
	cases := []struct {
		path string
		edit func(*Study)
	}{
		{"id", func(s *Study) { s.ID = "Bad ID" }},
		{"purpose", func(s *Study) { s.Purpose = "care:treatment" }},
		{"purpose", func(s *Study) { s.Purpose = "research:unknown" }},
		{"recipient", func(s *Study) { s.Recipient.Passphrase = false }},
		{"recipient.ageRecipient", func(s *Study) { s.Recipient.Passphrase, s.Recipient.AgeRecipient = false, "age1xyz" }},
		{"recipient.id", func(s *Study) { s.Recipient.ID = "insurer" }},
		{"level", func(s *Study) { s.Level = "visit" }},
		{"referenceDate", func(s *Study) { s.ReferenceDate = "01.01.2026" }},
		{"cohort.icdPrefix", func(s *Study) { s.Cohort.ICDPrefix = "11E" }},
		{"cohort.to", func(s *Study) { s.Cohort.From, s.Cohort.To = "2025-01-01", "2024-01-01" }},
		{"cohort.ageMax", func(s *Study) { s.Cohort.AgeMin, s.Cohort.AgeMax = 50, 40 }},
		{"columns[1].name", func(s *Study) { s.Columns[1].Name = "name" }},
		{"columns[2].name", func(s *Study) { s.Columns[2].Name = SrcAge }},
		{"columns[1].name", func(s *Study) { s.Columns[1].Name = SrcDate }},
		{"columns[0].role", func(s *Study) { s.Columns[0].Role = RoleQuasi }},
		{"columns[0].treatment", func(s *Study) { s.Columns[0].Treatment = "hash" }},
		{"columns[1].hierarchy", func(s *Study) { s.Columns[1].Hierarchy = [][]string{{"1", "*"}, {"1", "*"}} }},
		{"columns", func(s *Study) { s.Columns[4].Role = RoleQuasi; s.Columns = s.Columns[:4] }},
		{"privacy.k", func(s *Study) { s.Privacy.K = 1 }},
		{"privacy.c", func(s *Study) { s.Privacy.LVariant = LRecursive }},
		{"privacy.suppression", func(s *Study) { s.Privacy.Suppression = 1.5 }},
		{"metric", func(s *Study) { s.Metric = "fast" }},
		{"algorithm", func(s *Study) { s.Algorithm = "greedy" }},
		{"privacy", func(s *Study) { s.Level = LevelEncounter; s.Privacy.T = 0.2 }},
	}
	for _, tc := range cases {
		s := sampleStudy()
		tc.edit(s)
		err := s.Validate(cat)
		var ve *ValidationError
		if !errors.Is(err, ErrInvalidStudy) || !errors.As(err, &ve) {
			t.Errorf("%s: got %v, want a validation error", tc.path, err)
			continue
		}
		found := false
		for _, f := range ve.Fields {
			found = found || f.Path == tc.path
		}
		if !found {
			t.Errorf("%s: fields %v do not name it", tc.path, ve.Fields)
		}
	}
}

func TestStudyCanonicalHash(t *testing.T) {
	a, b := sampleStudy(), sampleStudy()
	ha, _ := a.Hash()
	hb, _ := b.Hash()
	if ha != hb {
		t.Fatal("equal studies hash differently")
	}
	b.Privacy.K = 4
	if hc, _ := b.Hash(); hc == ha {
		t.Fatal("a changed k keeps the hash")
	}
	raw, _ := a.Canonical()
	back, err := ParseStudy(raw, catalogue(t))
	if err != nil {
		t.Fatal(err)
	}
	if hd, _ := back.Hash(); hd != ha {
		t.Fatal("canonical JSON does not round-trip")
	}
	_, err = ParseStudy([]byte(`{"id":"x","privacy":{"k":"five"}}`), nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Path != "privacy.k" {
		t.Fatalf("type error not named by path: %v", err)
	}
	if _, err := ParseStudy([]byte(`{"id":"x","colour":1}`), nil); !errors.Is(err, ErrInvalidStudy) {
		t.Fatalf("unknown field: %v", err)
	}
}
