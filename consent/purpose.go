package consent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// Kind groups purposes by what the practice does with the data.
type Kind string

// Purpose kinds of the catalogue.
const (
	KindTreatment        Kind = "treatment"
	KindCareCoordination Kind = "care-coordination"
	KindBilling          Kind = "billing"
	KindResearch         Kind = "research"
	KindRecall           Kind = "recall"
	KindMarketing        Kind = "marketing"
	KindSharing          Kind = "sharing"
)

var kinds = []Kind{KindTreatment, KindCareCoordination, KindBilling, KindResearch, KindRecall, KindMarketing, KindSharing}

// Data categories a consent or purpose can cover. Special ones are health
// data in the sense of GDPR Art. 9(1) and need an Art. 9(2) condition.
const (
	CatIdentity     = "identity"
	CatContact      = "contact"
	CatDemographics = "demographics"
	CatInsurance    = "insurance"
	CatBilling      = "billing"
	CatClinical     = "clinical"
	CatDiagnoses    = "diagnoses"
	CatMedications  = "medications"
	CatLabResults   = "lab-results"
	CatImaging      = "imaging"
	CatPsychNotes   = "psychotherapy-notes"
	CatGenetics     = "genetics"
	CatSexualHealth = "sexual-health"
)

// categorySpecial maps every known data category to whether it is special
// category data (Art. 9).
var categorySpecial = map[string]bool{
	CatIdentity: false, CatContact: false, CatDemographics: false, CatInsurance: false, CatBilling: false,
	CatClinical: true, CatDiagnoses: true, CatMedications: true, CatLabResults: true, CatImaging: true,
	CatPsychNotes: true, CatGenetics: true, CatSexualHealth: true,
}

// DataCategories returns the known data category codes, sorted.
func DataCategories() []string {
	out := make([]string, 0, len(categorySpecial))
	for c := range categorySpecial {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// KnownCategory reports whether c is a known data category.
func KnownCategory(c string) bool { _, ok := categorySpecial[c]; return ok }

// SpecialCategory reports whether c is special category (health) data.
func SpecialCategory(c string) bool { return categorySpecial[c] }

// Recipient is a named organisation data is disclosed to (never a patient).
type Recipient struct {
	ID        string `json:"id"`                  // code, e.g. "city-hospital"
	Name      string `json:"name"`                // organisation name
	Category  string `json:"category"`            // e.g. "health professional", "insurer", "processor", "research institute"
	Country   string `json:"country,omitempty"`   // ISO 3166-1 alpha-2; outside the EEA means a third-country transfer
	Safeguard string `json:"safeguard,omitempty"` // Art. 46 safeguard for third-country transfers
}

// Purpose is one entry of the purpose catalogue: why data is processed and on
// which lawful basis.
type Purpose struct {
	ID          string `json:"id"` // "treatment", or "research:<study>" for research
	Kind        Kind   `json:"kind"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Art6 is the point of GDPR Art. 6(1), a letter "a" to "f".
	Art6 string `json:"art6"`
	// Art9 is the point of GDPR Art. 9(2), "a" to "j", or "" when the
	// purpose uses no special category data.
	Art9 string `json:"art9,omitempty"`
	// ConsentRequired is true exactly when the basis is consent (6(1)(a) or 9(2)(a)).
	ConsentRequired bool `json:"consentRequired"`
	// ValidityMonths is how long a consent lasts before renewal; 0 = until withdrawn.
	ValidityMonths int         `json:"validityMonths,omitempty"`
	DataCategories []string    `json:"dataCategories"`
	DataSubjects   []string    `json:"dataSubjects,omitempty"` // e.g. "patients", "representatives"
	Recipients     []Recipient `json:"recipients,omitempty"`
	// Retired purposes accept no new grants; existing ones stay in the ledger.
	Retired bool `json:"retired,omitempty"`
}

var purposeIDPattern = regexp.MustCompile(`^[a-z][a-z0-9\-]{0,31}(:[a-z0-9][a-z0-9\-]{0,31})?$`)

// GDPRURI is the ELI of Regulation (EU) 2016/679.
const GDPRURI = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"

// Basis renders the lawful basis, e.g. "GDPR Art. 6(1)(b), Art. 9(2)(h)".
func (p Purpose) Basis() string {
	s := "GDPR Art. 6(1)(" + p.Art6 + ")"
	if p.Art9 != "" {
		s += ", Art. 9(2)(" + p.Art9 + ")"
	}
	return s
}

// BasisURIs returns the policy URIs of the lawful basis (GDPR ELI with an
// article fragment), used in FHIR Consent.policy.
func (p Purpose) BasisURIs() []string {
	out := []string{GDPRURI + "#art_6-1-" + p.Art6}
	if p.Art9 != "" {
		out = append(out, GDPRURI+"#art_9-2-"+p.Art9)
	}
	return out
}

// Recipient returns the named recipient with the given id.
func (p Purpose) Recipient(id string) (Recipient, bool) {
	for _, r := range p.Recipients {
		if r.ID == id {
			return r, true
		}
	}
	return Recipient{}, false
}

// Study returns the study code of a research purpose ("research:<study>").
func (p Purpose) Study() string {
	_, study, _ := strings.Cut(p.ID, ":")
	return study
}

// Validate checks one purpose; field names are the JSON names.
func (p Purpose) Validate() error {
	var v fields
	p.validateIdentity(&v)
	p.validateBasis(&v)
	p.validateScope(&v)
	return v.err()
}

func (p Purpose) validateIdentity(v *fields) {
	if !purposeIDPattern.MatchString(p.ID) {
		v.rule("id", RulePurposeCode)
	}
	if !slices.Contains(kinds, p.Kind) {
		v.rule("kind", RuleUnknownCode, p.Kind)
	}
	isResearchID := strings.HasPrefix(p.ID, "research:")
	if p.Kind == KindResearch && !isResearchID {
		v.rule("id", RuleResearchID)
	}
	if p.Kind != KindResearch && strings.Contains(p.ID, ":") && (isResearchID || p.Kind != KindSharing) {
		v.rule("id", RuleQualifier)
	}
	if strings.TrimSpace(p.Name) == "" {
		v.rule("name", RuleRequired)
	}
	if p.ValidityMonths < 0 || p.ValidityMonths > 120 {
		v.rule("validityMonths", RuleValidityMonths)
	}
}

// Art6Points are the points of GDPR Art. 6(1) a purpose may name ("a" to
// "f"); Art9Points those of Art. 9(2) ("a" to "j").
func Art6Points() []string { return []string{"a", "b", "c", "d", "e", "f"} }

// Art9Points: see Art6Points.
func Art9Points() []string { return []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"} }

func (p Purpose) validateBasis(v *fields) {
	if !slices.Contains(Art6Points(), p.Art6) {
		v.rule("art6", RuleArt6Point)
	}
	if p.Art9 != "" && !slices.Contains(Art9Points(), p.Art9) {
		v.rule("art9", RuleArt9Point)
	}
	consentBased := p.Art6 == "a" || p.Art9 == "a"
	if consentBased != p.ConsentRequired {
		v.rule("consentRequired", RuleConsentBasis, consentBased)
	}
	switch p.Kind {
	case KindTreatment, KindCareCoordination:
		if p.Art9 != "h" {
			v.rule("art9", RuleCareArt9)
		}
	case KindResearch:
		if p.Art9 != "a" && p.Art9 != "j" {
			v.rule("art9", RuleResearchArt9)
		}
	case KindMarketing:
		if p.Art6 != "a" {
			v.rule("art6", RuleMarketingConsent)
		}
	}
	for _, c := range p.DataCategories {
		if SpecialCategory(c) && p.Art9 == "" {
			v.rule("art9", RuleHealthArt9, c)
			break
		}
	}
}

func (p Purpose) validateScope(v *fields) {
	if len(p.DataCategories) == 0 {
		v.rule("dataCategories", RuleCategoryNeeded)
	}
	seen := map[string]bool{}
	for i, c := range p.DataCategories {
		if !KnownCategory(c) {
			v.rule(fmt.Sprintf("dataCategories[%d]", i), RuleUnknownCode, c)
		}
		if seen[c] {
			v.rule(fmt.Sprintf("dataCategories[%d]", i), RuleDuplicate, fmt.Sprintf("%q", c))
		}
		seen[c] = true
	}
	if p.Kind == KindSharing && len(p.Recipients) == 0 {
		v.rule("recipients", RuleRecipientNeeded)
	}
	ids := map[string]bool{}
	for i, r := range p.Recipients {
		f := fmt.Sprintf("recipients[%d]", i)
		if !codePattern.MatchString(r.ID) {
			v.rule(f+".id", RuleCode)
		}
		if ids[r.ID] {
			v.rule(f+".id", RuleDuplicate, fmt.Sprintf("recipient %q", r.ID))
		}
		ids[r.ID] = true
		if strings.TrimSpace(r.Name) == "" {
			v.rule(f+".name", RuleRequired)
		}
		if r.Country != "" && !IsCountryCode(r.Country) {
			v.rule(f+".country", RuleCountryCode)
		}
		if r.Country != "" && !InEEA(r.Country) && r.Safeguard == "" {
			v.rule(f+".safeguard", RuleSafeguard)
		}
	}
}

// ThirdCountry reports whether r sits outside the EEA.
func (r Recipient) ThirdCountry() bool { return r.Country != "" && !InEEA(r.Country) }

var eea = strings.Fields("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO")

// InEEA reports whether an ISO 3166-1 alpha-2 code is an EEA state.
func InEEA(country string) bool { return slices.Contains(eea, country) }

// IsCountryCode reports whether s is the ISO 3166-1 alpha-2 code of a
// country, in capitals ("DE"): not a private-use code such as "XX" or
// "ZZ", nor a grouping such as "EU".
func IsCountryCode(s string) bool {
	if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		return false
	}
	r, err := language.ParseRegion(s)
	return err == nil && r.IsCountry()
}

// ValidateCatalogue checks every purpose and that ids are unique. Field names
// are prefixed "[i]" with the purpose's position.
func ValidateCatalogue(ps []Purpose) error {
	var v fields
	seen := map[string]int{}
	for i, p := range ps {
		prefix := fmt.Sprintf("[%d]", i)
		v.merge(prefix, p.Validate())
		if j, dup := seen[p.ID]; dup {
			v.rule(prefix+".id", RuleDuplicate, fmt.Sprintf("of [%d]", j))
		}
		seen[p.ID] = i
	}
	return v.err()
}

// LoadPurposes reads a purpose catalogue (a JSON array, the format of
// assets/purposes.json) and validates it. Syntax errors name line and column;
// validation errors name the entry and field.
func LoadPurposes(r io.Reader) ([]Purpose, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read purposes: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ps []Purpose
	if err := dec.Decode(&ps); err != nil {
		return nil, jsonError(data, err)
	}
	if err := ValidateCatalogue(ps); err != nil {
		return nil, fmt.Errorf("purposes: %w", err)
	}
	return ps, nil
}

// DecodeStrict decodes one JSON value into v, refusing unknown fields; a
// problem is a *ValidationError with a rule code, naming the line and
// column (syntax) or the field path (types, unknown fields).
func DecodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	return nil
}

// jsonError turns a decoding error into a ValidationError naming the line
// and column (syntax) or the field path (types, unknown fields).
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset)
		return invalidField(fmt.Sprintf("line %d, column %d", line, col), RuleJSONSyntax, syn.Error())
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset)
		ve := invalidField("$."+typ.Field, RuleJSONType, typ.Type, typ.Value, line, col)
		ve.Fields[0].Allowed = []string{jsonKind(typ.Type)}
		return ve
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return invalidField("$", RuleJSONTruncated)
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return invalidField("$."+strings.Trim(name, `"`), RuleJSONUnknownField, msg)
	}
	return invalidField("$", RuleJSONSyntax, msg)
}

// jsonKind names the JSON type a Go type decodes from: string, number,
// boolean, array or object.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map, reflect.Pointer, reflect.Interface:
		return "object"
	}
	return "number"
}

func lineCol(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	line, col = 1, 1
	for _, b := range data[:offset] {
		if b == '\n' {
			line++
			col = 1
			continue
		}
		col++
	}
	return line, col
}
