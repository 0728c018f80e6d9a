package consent

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Catalogue is a read-only view of the purposes and consent texts, used to
// check events and to answer Allowed. Build one with NewCatalogue.
type Catalogue struct {
	purposes map[string]*purposeEntry
	// texts maps purpose id + "\x00" + language to versions sorted ascending.
	texts map[string][]Text
}

// NewCatalogue validates and indexes purposes and texts. Texts must belong
// to a purpose in the catalogue and be unique per purpose, language, version.
func NewCatalogue(purposes []Purpose, texts []Text) (*Catalogue, error) {
	if err := ValidateCatalogue(purposes); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	c := &Catalogue{purposes: map[string]*purposeEntry{}, texts: map[string][]Text{}}
	for _, p := range purposes {
		c.purposes[p.ID] = &purposeEntry{p: p, basis: p.Basis(), noConsentReason: "lawful basis " + p.Basis() + " does not require consent"}
	}
	var v fields
	for i, t := range texts {
		f := fmt.Sprintf("texts[%d]", i)
		v.merge(f, t.Validate())
		if _, ok := c.purposes[t.PurposeID]; !ok {
			v.rule(f+".purpose", RuleUnknownCode, t.PurposeID)
		}
		if _, ok := c.Text(t.PurposeID, t.Language, t.Version); ok {
			v.rule(f+".version", RuleDuplicate, fmt.Sprintf("version %d for %s/%s", t.Version, t.PurposeID, t.Language))
		}
		k := textKey(t.PurposeID, t.Language)
		c.texts[k] = append(c.texts[k], t)
	}
	if err := v.err(); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	for _, vs := range c.texts {
		slices.SortFunc(vs, func(a, b Text) int { return cmp.Compare(a.Version, b.Version) })
	}
	return c, nil
}

// purposeEntry caches what Allowed needs so that it does not allocate.
type purposeEntry struct {
	p               Purpose
	basis           string
	noConsentReason string
}

func textKey(purpose, lang string) string { return purpose + "\x00" + lang }

// Purpose returns the purpose with the given id.
func (c *Catalogue) Purpose(id string) (Purpose, bool) {
	if e, ok := c.purposes[id]; ok {
		return e.p, true
	}
	return Purpose{}, false
}

// Purposes returns all purposes sorted by id.
func (c *Catalogue) Purposes() []Purpose {
	out := make([]Purpose, 0, len(c.purposes))
	for _, e := range c.purposes {
		out = append(out, e.p)
	}
	slices.SortFunc(out, func(a, b Purpose) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Text returns one text version.
func (c *Catalogue) Text(purpose, lang string, version int) (Text, bool) {
	for _, t := range c.texts[textKey(purpose, lang)] {
		if t.Version == version {
			return t, true
		}
	}
	return Text{}, false
}

// LatestText returns the highest version of a purpose's text in a language
// that is effective at the given time.
func (c *Catalogue) LatestText(purpose, lang string, at time.Time) (Text, bool) {
	vs := c.texts[textKey(purpose, lang)]
	for i := len(vs) - 1; i >= 0; i-- {
		if !vs[i].EffectiveFrom.After(at) {
			return vs[i], true
		}
	}
	return Text{}, false
}

// supersededAt returns when a grant given on version v stops counting
// because a later version with a material change became effective, and the
// superseding version; ok is false if no material change follows v.
func (c *Catalogue) supersededAt(purpose, lang string, v int) (at Text, ok bool) {
	for _, t := range c.texts[textKey(purpose, lang)] {
		if t.Version > v && t.Material && (!ok || t.EffectiveFrom.Before(at.EffectiveFrom)) {
			at, ok = t, true
		}
	}
	return at, ok
}
