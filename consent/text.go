package consent

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"
)

// Text is one version of the consent wording shown for a purpose in one
// language. Once a consent event points at it, it never changes (the store
// refuses with ErrImmutable); a new wording is a new version.
type Text struct {
	PurposeID string `json:"purpose"`
	Language  string `json:"language"` // BCP 47, e.g. "en", "de", "fr-CH"
	Version   int    `json:"version"`  // 1, 2, ...
	Body      string `json:"body"`
	// SHA256 is the lower-case hex SHA-256 of Body's UTF-8 bytes.
	SHA256 string `json:"sha256"`
	// Material marks a change that requires re-consent: grants given on an
	// earlier version stop counting from EffectiveFrom.
	Material      bool      `json:"material"`
	EffectiveFrom time.Time `json:"effectiveFrom"`
}

var langPattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// HashText returns the lower-case hex SHA-256 of a consent text.
func HashText(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// NewText builds a text version with its hash.
func NewText(purposeID, lang string, version int, body string, material bool, from time.Time) Text {
	return Text{PurposeID: purposeID, Language: lang, Version: version, Body: body,
		SHA256: HashText(body), Material: material, EffectiveFrom: from}
}

// Validate checks fields and that SHA256 matches Body.
func (t Text) Validate() error {
	var v fields
	if !purposeIDPattern.MatchString(t.PurposeID) {
		v.rule("purpose", RuleNotAnID)
	}
	if !langPattern.MatchString(t.Language) {
		v.rule("language", RuleLanguageTag)
	}
	if t.Version < 1 {
		v.rule("version", RuleAtLeastOne)
	}
	if strings.TrimSpace(t.Body) == "" {
		v.rule("body", RuleRequired)
	}
	if t.SHA256 != HashText(t.Body) {
		v.rule("sha256", RuleTextHash)
	}
	if t.EffectiveFrom.IsZero() {
		v.rule("effectiveFrom", RuleRequired)
	}
	return v.err()
}

// manifestEntry is one line of consent-texts/manifest.json.
type manifestEntry struct {
	Purpose       string `json:"purpose"`
	Language      string `json:"language"`
	Version       int    `json:"version"`
	Material      bool   `json:"material"`
	EffectiveFrom string `json:"effectiveFrom"` // YYYY-MM-DD, UTC
	File          string `json:"file"`
}

// LoadTexts reads consent texts from fsys: a manifest.json listing purpose,
// language, version, material flag, effective date and file name of each
// version, and the files themselves (UTF-8 text).
func LoadTexts(fsys fs.FS) ([]Text, error) {
	data, err := fs.ReadFile(fsys, "manifest.json")
	if err != nil {
		return nil, fmt.Errorf("consent texts: %w", err)
	}
	var entries []manifestEntry
	if err := strictUnmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("consent texts manifest.json: %w", err)
	}
	var v fields
	var out []Text
	for i, e := range entries {
		t, err := loadText(fsys, e)
		if err != nil {
			v.merge(fmt.Sprintf("manifest.json[%d]", i), err)
			continue
		}
		out = append(out, t)
	}
	if err := v.err(); err != nil {
		return nil, fmt.Errorf("consent texts: %w", err)
	}
	return out, nil
}

func loadText(fsys fs.FS, e manifestEntry) (Text, error) {
	from, err := time.Parse(time.DateOnly, e.EffectiveFrom)
	if err != nil {
		return Text{}, invalidField("effectiveFrom", RuleISODate)
	}
	body, err := fs.ReadFile(fsys, e.File)
	if err != nil {
		return Text{}, invalidField("file", RuleTextFile, err)
	}
	t := NewText(e.Purpose, e.Language, e.Version, string(body), e.Material, from)
	return t, t.Validate()
}

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	return nil
}
