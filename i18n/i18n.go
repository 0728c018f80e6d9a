package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var files embed.FS

// Languages are the languages Custodia ships, the first the fallback.
var languages = []string{"en", "de"}

// Languages returns the shipped language codes ("en", "de").
func Languages() []string { return slices.Clone(languages) }

// Catalog holds every shipped message of every language.
type Catalog struct {
	bundle *goi18n.Bundle
	ids    map[string]map[string]bool // language → message ids
}

// Load parses the embedded catalogues. An error names the file.
func Load() (*Catalog, error) {
	c := &Catalog{bundle: goi18n.NewBundle(language.English), ids: map[string]map[string]bool{}}
	c.bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	names, err := fs.Glob(files, "locales/*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if err := c.add(name); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// MustLoad is Load for composition roots and tests: the catalogues are
// embedded, so a parse error is a build defect.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func (c *Catalog) add(name string) error {
	data, err := files.ReadFile(name)
	if err != nil {
		return err
	}
	mf, err := c.bundle.ParseMessageFileBytes(data, name)
	if err != nil {
		return fmt.Errorf("i18n: %s: %w", name, err)
	}
	lang := mf.Tag.String()
	if !slices.Contains(languages, lang) {
		return fmt.Errorf("i18n: %s: language %q is not shipped", name, lang)
	}
	if c.ids[lang] == nil {
		c.ids[lang] = map[string]bool{}
	}
	for _, m := range mf.Messages {
		if c.ids[lang][m.ID] {
			return fmt.Errorf("i18n: %s: message %q defined twice", path.Base(name), m.ID)
		}
		c.ids[lang][m.ID] = true
	}
	return nil
}

// IDs returns the message ids of one language, sorted.
func (c *Catalog) IDs(lang string) []string {
	out := make([]string, 0, len(c.ids[lang]))
	for id := range c.ids[lang] {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// Has reports whether lang defines id.
func (c *Catalog) Has(lang, id string) bool { return c.ids[lang][id] }

// Localizer is one language of a Catalog.
type Localizer struct {
	lang string
	loc  *goi18n.Localizer
	en   *goi18n.Localizer // the fallback language, for Translate
}

// Localizer returns the best shipped match for a language preference:
// "de", "de-AT", "de_DE.UTF-8" or "" (English).
func (c *Catalog) Localizer(pref string) *Localizer {
	lang := Match(pref)
	return &Localizer{lang: lang, loc: goi18n.NewLocalizer(c.bundle, lang), en: goi18n.NewLocalizer(c.bundle, languages[0])}
}

// Match maps a locale preference (a BCP 47 tag or a POSIX locale such as
// "de_DE.UTF-8") to a shipped language; English when none fits.
func Match(pref string) string {
	pref, _, _ = strings.Cut(pref, ".")
	pref, _, _ = strings.Cut(pref, "@")
	pref = strings.ReplaceAll(pref, "_", "-")
	tag, err := language.Parse(pref)
	if err != nil || pref == "" || pref == "C" || pref == "POSIX" {
		return languages[0]
	}
	base, _ := tag.Base()
	if slices.Contains(languages, base.String()) {
		return base.String()
	}
	return languages[0]
}

// Lang is the localizer's language code ("en" or "de").
func (l *Localizer) Lang() string { return l.lang }

// T returns message id with the named arguments filled in, given as
// pairs: T("erasure.done", "Name", name). A missing message comes back as
// the id in brackets, never as an empty string.
func (l *Localizer) T(id string, pairs ...any) string {
	s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data(pairs)})
	if err != nil || s == "" {
		return "⟦" + id + "⟧"
	}
	return s
}

// N is T for a message with plural forms; the count is also the template
// argument .Count.
func (l *Localizer) N(id string, count int, pairs ...any) string {
	d := data(pairs)
	d["Count"] = count
	s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: d})
	if err != nil || s == "" {
		return "⟦" + id + "⟧"
	}
	return s
}

func data(pairs []any) map[string]any {
	d := make(map[string]any, len(pairs)/2+1)
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, ok := pairs[i].(string); ok {
			d[k] = pairs[i+1]
		}
	}
	return d
}
