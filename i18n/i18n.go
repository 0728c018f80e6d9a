package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var files embed.FS

// Languages are the languages Custodia ships, the first the fallback.
var languages = []string{"en", "de"}

// Languages returns the shipped language codes ("en", "de").
func Languages() []string { return slices.Clone(languages) }

// Catalog holds every shipped message of every language. A language's
// catalogues are parsed on first use (Localizer, IDs, Has): a command run
// in English never parses the German files. English, the fallback, is
// parsed by Load.
type Catalog struct {
	files map[string][]string  // language → catalogue files
	en    langOnce             // English messages (the fallback)
	langs map[string]*langOnce // language → its bundle (English included)
}

// langOnce parses one language's catalogues once.
type langOnce struct {
	once   sync.Once
	bundle *goi18n.Bundle
	msgs   []*goi18n.Message
	ids    map[string]bool
	err    error
}

// Load lists the embedded catalogues and parses the English ones. An error
// names the file.
func Load() (*Catalog, error) {
	names, err := fs.Glob(files, "locales/*.json")
	if err != nil {
		return nil, err
	}
	c := &Catalog{files: map[string][]string{}, langs: map[string]*langOnce{}}
	for _, name := range names {
		lang := path.Ext(strings.TrimSuffix(name, ".json"))
		lang = strings.TrimPrefix(lang, ".")
		if !slices.Contains(languages, lang) {
			return nil, fmt.Errorf("i18n: %s: language %q is not shipped", path.Base(name), lang)
		}
		c.files[lang] = append(c.files[lang], name)
	}
	for _, lang := range languages {
		c.langs[lang] = &langOnce{}
	}
	if err := c.parsed(languages[0]).err; err != nil {
		return nil, err
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

// Check parses every language's catalogues and returns the first error
// (tests: Load itself parses only the fallback language).
func (c *Catalog) Check() error {
	for _, lang := range languages {
		if err := c.parsed(lang).err; err != nil {
			return err
		}
	}
	return nil
}

// parsed returns lang's messages and bundle, parsing them on first use.
// The bundle of a language other than English also holds the English
// messages, so a missing message falls back to English as before.
func (c *Catalog) parsed(lang string) *langOnce {
	if lang == languages[0] {
		c.en.once.Do(func() { c.en.msgs, c.en.ids, c.en.err = c.parseFiles(lang) })
	}
	l := c.langs[lang]
	l.once.Do(func() {
		if lang != languages[0] {
			l.msgs, l.ids, l.err = c.parseFiles(lang)
		} else {
			l.msgs, l.ids, l.err = c.en.msgs, c.en.ids, c.en.err
		}
		if c.en.err != nil && l.err == nil {
			l.err = c.en.err
		}
		if l.err != nil {
			return
		}
		l.bundle = goi18n.NewBundle(language.English)
		l.err = l.bundle.AddMessages(language.English, c.en.msgs...)
		if l.err == nil && lang != languages[0] {
			l.err = l.bundle.AddMessages(language.Make(lang), l.msgs...)
		}
	})
	return l
}

// parseFiles parses one language's catalogues.
func (c *Catalog) parseFiles(lang string) ([]*goi18n.Message, map[string]bool, error) {
	var msgs []*goi18n.Message
	ids := map[string]bool{}
	for _, name := range c.files[lang] {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, nil, err
		}
		mf, err := goi18n.ParseMessageFileBytes(data, name, map[string]goi18n.UnmarshalFunc{"json": json.Unmarshal})
		if err != nil {
			return nil, nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		if tag := mf.Tag.String(); tag != lang {
			return nil, nil, fmt.Errorf("i18n: %s: language %q, file name says %q", path.Base(name), tag, lang)
		}
		for _, m := range mf.Messages {
			if ids[m.ID] {
				return nil, nil, fmt.Errorf("i18n: %s: message %q defined twice", path.Base(name), m.ID)
			}
			ids[m.ID] = true
		}
		msgs = append(msgs, mf.Messages...)
	}
	return msgs, ids, nil
}

// must returns lang's parsed catalogues; a parse error of an embedded
// catalogue is a build defect (the i18n tests parse every language).
func (c *Catalog) must(lang string) *langOnce {
	l := c.parsed(lang)
	if l.err != nil {
		panic(l.err)
	}
	return l
}

// IDs returns the message ids of one language, sorted.
func (c *Catalog) IDs(lang string) []string {
	if !slices.Contains(languages, lang) {
		return nil
	}
	ids := c.must(lang).ids
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// Has reports whether lang defines id.
func (c *Catalog) Has(lang, id string) bool {
	return slices.Contains(languages, lang) && c.must(lang).ids[id]
}

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
	b := c.must(lang).bundle
	return &Localizer{lang: lang, loc: goi18n.NewLocalizer(b, lang), en: goi18n.NewLocalizer(b, languages[0])}
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
