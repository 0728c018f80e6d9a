package research

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"custodia/consent"
	"custodia/deid"
)

// ErrInvalidStudy marks a study definition that cannot be run; the
// *ValidationError wrapping it names every offending field.
var ErrInvalidStudy = errors.New("research: invalid study")

// Row levels.
const (
	LevelPatient   = "patient"
	LevelEncounter = "encounter"
)

// Column roles.
const (
	RoleIdentifying = "identifying"
	RoleQuasi       = "quasi"
	RoleSensitive   = "sensitive"
	RoleInsensitive = "insensitive"
)

// Treatments of an identifying column.
const (
	IdentDrop         = "drop"
	IdentPseudonymise = "pseudonymise"
)

// l-diversity variants.
const (
	LDistinct  = "distinct"
	LEntropy   = "entropy"
	LRecursive = "recursive"
)

// Algorithms.
const (
	AlgorithmOptimal  = "optimal"
	AlgorithmMondrian = "mondrian"
)

// Study is one version of an export definition (issue 7 §2).
type Study struct {
	ID      string `json:"id"`      // short code, e.g. "diabetes-2026"
	Version int    `json:"version"` // 1, 2, …; a changed definition is a new version
	Name    string `json:"name"`
	// Purpose is a research purpose of the catalogue ("research:registry").
	Purpose   string    `json:"purpose"`
	Recipient Recipient `json:"recipient"`
	Cohort    Cohort    `json:"cohort"`
	Level     string    `json:"level"` // LevelPatient or LevelEncounter
	// ReferenceDate is the day ages are computed at (fixed, so reruns agree).
	ReferenceDate string   `json:"referenceDate"`
	Columns       []Column `json:"columns"`
	Privacy       Privacy  `json:"privacy"`
	Metric        string   `json:"metric"`    // deid metric: dm, aecs, precision, entropy, intensity, loss
	Algorithm     string   `json:"algorithm"` // optimal or mondrian
	// DateShiftDays > 0 moves every date of a patient by the same keyed
	// number of days in [-n, -1] ∪ [1, n] (consistent within the study).
	DateShiftDays int `json:"dateShiftDays,omitempty"`
}

// Recipient is who receives the package. Exactly one of AgeRecipient,
// Passphrase and User: the passphrase itself is never part of the study
// (it is handed to Package at run time), and a researcher account's key
// is looked up in the vault at run time (PackageOptions.AgeRecipient).
type Recipient struct {
	Org          string `json:"org"`
	Contact      string `json:"contact"`
	ID           string `json:"id,omitempty"` // catalogue recipient id ("" = the practice's own research)
	AgeRecipient string `json:"ageRecipient,omitempty"`
	Passphrase   bool   `json:"passphrase,omitempty"`
	// User is the id of a researcher account of the vault: the package is
	// encrypted to that account's own key and opens in its session.
	User string `json:"user,omitempty"`
}

// Cohort are the optional selection criteria.
type Cohort struct {
	ICDPrefix string `json:"icdPrefix,omitempty"` // e.g. "E11": at least one encounter with a code under it
	From      string `json:"from,omitempty"`      // encounter date range, inclusive (YYYY-MM-DD)
	To        string `json:"to,omitempty"`
	AgeMin    int    `json:"ageMin,omitempty"` // age at the reference date, inclusive; 0 = no bound
	AgeMax    int    `json:"ageMax,omitempty"`
}

// Column is one exported column: Name is a source of the extract (see
// Sources) and the column's name in the package.
type Column struct {
	Name string `json:"name"`
	Role string `json:"role"`
	// Identifying columns: IdentDrop or IdentPseudonymise (default drop).
	Treatment string `json:"treatment,omitempty"`
	// Hierarchy overrides the built-in one: ARX CSV rows (level 0 first).
	Hierarchy [][]string `json:"hierarchy,omitempty"`
	// Bins is the number of quantile bins of an observation value (default 4).
	Bins int `json:"bins,omitempty"`
}

// Privacy is the model every package must satisfy.
type Privacy struct {
	K           int     `json:"k"`
	L           float64 `json:"l,omitempty"`
	LVariant    string  `json:"lVariant,omitempty"` // distinct (default), entropy, recursive
	C           float64 `json:"c,omitempty"`        // recursive (c,l)
	T           float64 `json:"t,omitempty"`
	AverageRisk float64 `json:"averageRisk,omitempty"`
	Suppression float64 `json:"suppression"` // 0..1
}

// Source columns of the extract.
const (
	SrcPatient   = "patient_id"
	SrcAge       = "age"
	SrcBirthYear = "birth_year"
	SrcSex       = "sex"
	SrcPostcode  = "postcode"
	SrcDiagnosis = "diagnosis"
	SrcDate      = "encounter_date"
	SrcKind      = "encounter_kind"
	SrcObsPrefix = "obs:" // obs:<LOINC>, e.g. obs:4548-4 (HbA1c)
)

// Sources lists the column names a study may export.
func Sources() []string {
	return []string{SrcPatient, SrcAge, SrcBirthYear, SrcSex, SrcPostcode, SrcDiagnosis, SrcDate, SrcKind, SrcObsPrefix + "<LOINC>"}
}

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
	loincPattern = regexp.MustCompile(`^[0-9]{1,7}-[0-9]$`)
	icdPrefix    = regexp.MustCompile(`^[A-Z]([0-9]([0-9A-Z](\.[0-9A-Z]{0,4})?)?)?$`)
	ageRecipient = regexp.MustCompile(`^age1[02-9ac-hj-np-z]{58}$`)
)

// Category returns the consent data category a source column belongs to.
func Category(source string) string {
	switch {
	case source == SrcDiagnosis:
		return consent.CatDiagnoses
	case source == SrcDate || source == SrcKind:
		return consent.CatClinical
	case strings.HasPrefix(source, SrcObsPrefix):
		return consent.CatLabResults
	default:
		return consent.CatDemographics
	}
}

// Categories returns the data categories the study exports, sorted.
func (s *Study) Categories() []string {
	var out []string
	for _, c := range s.Columns {
		if c.Role == RoleIdentifying && c.treatment() == IdentDrop {
			continue
		}
		if cat := Category(c.Name); !slices.Contains(out, cat) {
			out = append(out, cat)
		}
	}
	slices.Sort(out)
	return out
}

func (c Column) treatment() string {
	if c.Treatment == "" {
		return IdentDrop
	}
	return c.Treatment
}

// Field is one offending field of a study, by JSON path. Message keeps
// the English text for logs; Rule is the code of the broken rule (the
// codes of consent.FieldRule and StudyRules) that front ends word
// through custodia/i18n, Allowed the values the field accepts, and Min,
// Max, Count and Code the values the rule names (a range's bounds, the
// sensitive columns found, a category or column code).
type Field struct {
	Path    string            `json:"path"`
	Message string            `json:"message"`
	Rule    consent.FieldRule `json:"rule,omitempty"`
	Allowed []string          `json:"allowed,omitempty"`
	Min     float64           `json:"min,omitempty"`
	Max     float64           `json:"max,omitempty"`
	Count   int               `json:"count,omitempty"`
	Code    string            `json:"code,omitempty"`
}

// ValidationError lists every offending field; it wraps ErrInvalidStudy.
type ValidationError struct{ Fields []Field }

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Path + ": " + f.Message
	}
	return "research: invalid study: " + strings.Join(parts, "; ")
}

func (e *ValidationError) Unwrap() error { return ErrInvalidStudy }

type fields []Field

// Validate checks the study against itself and the purpose catalogue
// (nil: the purpose is only checked for the "research:" shape).
func (s *Study) Validate(cat *consent.Catalogue) error {
	var v fields
	s.validateHead(&v, cat)
	s.validateCohort(&v)
	s.validateColumns(&v)
	s.validatePrivacy(&v)
	if len(v) > 0 {
		return &ValidationError{Fields: v}
	}
	return nil
}

func (s *Study) validateHead(v *fields, cat *consent.Catalogue) {
	if !idPattern.MatchString(s.ID) {
		v.rule("id", RuleStudyID, "must be 1-32 lower-case letters, digits or dashes")
	}
	if s.Version < 1 {
		v.rule("version", consent.RuleAtLeastOne, "must be 1 or more")
	}
	if strings.TrimSpace(s.Name) == "" {
		v.rule("name", consent.RuleRequired, "required")
	}
	if strings.TrimSpace(s.Purpose) == "" {
		v.rule("purpose", consent.RuleRequired, "required")
	} else if !strings.HasPrefix(s.Purpose, "research:") {
		v.rule("purpose", consent.RuleResearchID, "must be a research purpose (research:<study>)")
	} else if cat != nil {
		p, ok := cat.Purpose(s.Purpose)
		if !ok || p.Kind != consent.KindResearch {
			v.rule("purpose", RuleNotResearchPurpose, "not a research purpose of the catalogue").Code = s.Purpose
		} else {
			s.validateCategories(v, p)
		}
	}
	r := s.Recipient
	if strings.TrimSpace(r.Org) == "" {
		v.rule("recipient.org", consent.RuleRequired, "required")
	}
	if strings.TrimSpace(r.Contact) == "" {
		v.rule("recipient.contact", consent.RuleRequired, "required")
	}
	ways := 0
	for _, set := range []bool{r.AgeRecipient != "", r.Passphrase, r.User != ""} {
		if set {
			ways++
		}
	}
	switch {
	case ways > 1:
		v.rule("recipient", RuleRecipientSeveral, "one of an age recipient, a passphrase or a researcher account, not several")
	case ways == 0:
		v.rule("recipient", RuleRecipientNone, "an age recipient (age1…), a passphrase or a researcher account is required")
	case r.AgeRecipient != "" && !ageRecipient.MatchString(r.AgeRecipient):
		v.rule("recipient.ageRecipient", RuleAgeRecipient, "not an age X25519 recipient (age1 followed by 58 characters)")
	}
	if s.Level != LevelPatient && s.Level != LevelEncounter {
		v.oneOf("level", fmt.Sprintf("must be %q or %q", LevelPatient, LevelEncounter), LevelPatient, LevelEncounter)
	}
	if _, err := time.Parse(time.DateOnly, s.ReferenceDate); err != nil {
		v.rule("referenceDate", RuleDate, "must be a date YYYY-MM-DD")
	}
	if _, err := deid.ParseMetric(s.Metric); err != nil {
		v.oneOf("metric", "unknown metric (dm, aecs, precision, entropy, intensity, loss)", "dm", "aecs", "precision", "entropy", "intensity", "loss")
	}
	if s.Algorithm != AlgorithmOptimal && s.Algorithm != AlgorithmMondrian {
		v.oneOf("algorithm", fmt.Sprintf("must be %q or %q", AlgorithmOptimal, AlgorithmMondrian), AlgorithmOptimal, AlgorithmMondrian)
	}
	if s.DateShiftDays < 0 || s.DateShiftDays > 3650 {
		v.between("dateShiftDays", 0, 3650, "must be 0 (off) to 3650")
	}
}

func (s *Study) validateCategories(v *fields, p consent.Purpose) {
	for _, c := range s.Categories() {
		if !slices.Contains(p.DataCategories, c) {
			v.rule("columns", consent.RuleNotPurposeCategory, "category %q is not processed for purpose %q", c, p.ID).Code = c
		}
	}
	if s.Recipient.ID != "" && !slices.ContainsFunc(p.Recipients, func(r consent.Recipient) bool { return r.ID == s.Recipient.ID }) {
		v.rule("recipient.id", consent.RuleNotPurposeRecipient, "not a recipient named by purpose %q", p.ID).Code = s.Recipient.ID
	}
}

func (s *Study) validateCohort(v *fields) {
	c := s.Cohort
	if c.ICDPrefix != "" && !icdPrefix.MatchString(c.ICDPrefix) {
		v.rule("cohort.icdPrefix", RuleICDPrefix, "not an ICD-10 code prefix (e.g. E11, E11.9, I)")
	}
	var from, to time.Time
	var err error
	if c.From != "" {
		if from, err = time.Parse(time.DateOnly, c.From); err != nil {
			v.rule("cohort.from", RuleDate, "must be a date YYYY-MM-DD")
		}
	}
	if c.To != "" {
		if to, err = time.Parse(time.DateOnly, c.To); err != nil {
			v.rule("cohort.to", RuleDate, "must be a date YYYY-MM-DD")
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.rule("cohort.to", RuleBeforeFrom, "before cohort.from")
	}
	if c.AgeMin < 0 || c.AgeMax < 0 || c.AgeMax > 150 {
		v.between("cohort.ageMin", 0, 150, "ages must be 0-150")
	}
	if c.AgeMax != 0 && c.AgeMax < c.AgeMin {
		v.rule("cohort.ageMax", RuleBelowMin, "below cohort.ageMin")
	}
}

func (s *Study) validateColumns(v *fields) {
	if len(s.Columns) == 0 {
		v.rule("columns", RuleColumnNeeded, "at least one column")
	}
	seen := map[string]bool{}
	sensitive := 0
	for i, c := range s.Columns {
		p := fmt.Sprintf("columns[%d]", i)
		if seen[c.Name] {
			v.rule(p+".name", consent.RuleDuplicate, "duplicate column").Code = c.Name
		}
		seen[c.Name] = true
		if !knownSource(c.Name) {
			v.addOneOf(p+".name", "unknown column (one of %s)", Sources())
		}
		if s.Level == LevelPatient && (c.Name == SrcDate || c.Name == SrcKind) {
			v.rule(p+".name", RuleEncounterColumn, "an encounter column needs level %q", LevelEncounter).Code = c.Name
		}
		switch c.Role {
		case RoleIdentifying:
			if c.Name != SrcPatient {
				v.rule(p+".role", RuleOnlyPatientIdent, "only %s is identifying", SrcPatient).Code = SrcPatient
			}
			if c.Treatment != "" && c.Treatment != IdentDrop && c.Treatment != IdentPseudonymise {
				v.oneOf(p+".treatment", fmt.Sprintf("must be %q or %q", IdentDrop, IdentPseudonymise), IdentDrop, IdentPseudonymise)
			}
		case RoleQuasi, RoleInsensitive:
		case RoleSensitive:
			sensitive++
		default:
			v.oneOf(p+".role", "must be identifying, quasi, sensitive or insensitive", RoleIdentifying, RoleQuasi, RoleSensitive, RoleInsensitive)
		}
		if c.Name == SrcPatient && c.Role != RoleIdentifying {
			v.rule(p+".role", RulePatientIdent, "the patient id can only be identifying (dropped or pseudonymised)")
		}
		if c.Bins < 0 || c.Bins > 20 {
			v.between(p+".bins", 0, 20, "must be 0 (default 4) to 20")
		}
		if len(c.Hierarchy) > 0 {
			if _, err := deid.NewHierarchy(c.Hierarchy); err != nil {
				v.rule(p+".hierarchy", RuleHierarchy, "not a valid ARX hierarchy")
			}
		}
	}
	if s.Level == LevelEncounter && !s.pseudonymised() {
		v.rule("columns", RuleEncounterPseudonym, "encounter level needs %s pseudonymised: k is counted and re-checked per patient", SrcPatient).Code = SrcPatient
	}
	if !slices.ContainsFunc(s.Columns, func(c Column) bool { return c.Role == RoleQuasi }) {
		v.rule("columns", RuleQuasiNeeded, "at least one quasi-identifying column")
	}
	needS := s.Privacy.L > 0 || s.Privacy.T > 0
	if needS && sensitive != 1 {
		v.rule("columns", RuleOneSensitive, "l-diversity and t-closeness need exactly one sensitive column (found %d)", sensitive).Count = sensitive
	}
	if sensitive > 1 {
		v.rule("columns", RuleSensitiveAtMostOne, "at most one sensitive column").Count = sensitive
	}
}

func knownSource(name string) bool {
	switch name {
	case SrcPatient, SrcAge, SrcBirthYear, SrcSex, SrcPostcode, SrcDiagnosis, SrcDate, SrcKind:
		return true
	}
	code, ok := strings.CutPrefix(name, SrcObsPrefix)
	return ok && loincPattern.MatchString(code)
}

func (s *Study) validatePrivacy(v *fields) {
	p := s.Privacy
	if p.K < 2 || p.K > 1000 {
		v.between("privacy.k", 2, 1000, "must be 2-1000")
	}
	if p.L != 0 && p.L < 1 {
		v.rule("privacy.l", RuleLBound, "must be 0 (off) or at least 1")
	}
	switch p.LVariant {
	case "", LDistinct, LEntropy:
	case LRecursive:
		if p.C <= 0 {
			v.rule("privacy.c", RuleCPositive, "recursive (c,l)-diversity needs c > 0")
		}
	default:
		v.oneOf("privacy.lVariant", "must be distinct, entropy or recursive", LDistinct, LEntropy, LRecursive)
	}
	if p.T < 0 || p.T > 1 {
		v.between("privacy.t", 0, 1, "must be 0 (off) to 1")
	}
	if p.AverageRisk < 0 || p.AverageRisk > 1 {
		v.between("privacy.averageRisk", 0, 1, "must be 0 (off) to 1")
	}
	if p.Suppression < 0 || p.Suppression > 1 {
		v.between("privacy.suppression", 0, 1, "must be 0-1")
	}
	if s.Level == LevelEncounter && s.Algorithm == AlgorithmOptimal && (p.T > 0 || p.AverageRisk > 0 || (p.L > 0 && p.LVariant != "" && p.LVariant != LDistinct)) {
		v.rule("privacy", RuleEncounterModel, "at encounter level the patient-level search supports k and distinct l only")
	}
}

// Canonical returns the study's canonical JSON: fields in declaration
// order, no insignificant space. Equal definitions give equal bytes.
func (s *Study) Canonical() ([]byte, error) {
	return json.Marshal(s)
}

// Hash is the SHA-256 (hex) of the canonical JSON.
func (s *Study) Hash() (string, error) {
	b, err := s.Canonical()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// ParseStudy decodes a study (unknown fields rejected, errors by JSON
// path) and validates it.
func ParseStudy(b []byte, cat *consent.Catalogue) (*Study, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var s Study
	if err := dec.Decode(&s); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, &ValidationError{Fields: []Field{{Path: te.Field, Message: "wrong type (" + te.Type.String() + " expected)",
				Rule: RuleWrongType, Code: JSONKind(te.Type)}}}
		}
		return nil, fmt.Errorf("%w: %v", ErrInvalidStudy, err)
	}
	if err := s.Validate(cat); err != nil {
		return nil, err
	}
	return &s, nil
}

func (s *Study) sensitive() (Column, bool) {
	i := slices.IndexFunc(s.Columns, func(c Column) bool { return c.Role == RoleSensitive })
	if i < 0 {
		return Column{}, false
	}
	return s.Columns[i], true
}

func (s *Study) reference() time.Time {
	t, _ := time.Parse(time.DateOnly, s.ReferenceDate)
	return t
}

func (s *Study) pseudonymised() bool {
	return slices.ContainsFunc(s.Columns, func(c Column) bool {
		return c.Name == SrcPatient && c.Role == RoleIdentifying && c.Treatment == IdentPseudonymise
	})
}
