package memstore

import (
	"slices"

	"custodia/consent"
)

// The clone functions copy every slice and pointer so that callers never
// share memory with the store.

func clonePurpose(p consent.Purpose) consent.Purpose {
	p.DataCategories = slices.Clone(p.DataCategories)
	p.DataSubjects = slices.Clone(p.DataSubjects)
	p.Recipients = slices.Clone(p.Recipients)
	return p
}

func cloneEvent(e consent.Event) consent.Event {
	e.Recipients = slices.Clone(e.Recipients)
	e.Categories = slices.Clone(e.Categories)
	if e.Deny != nil {
		deny := make([]consent.Deny, len(e.Deny))
		for i, d := range e.Deny {
			deny[i] = consent.Deny{Categories: slices.Clone(d.Categories), Recipients: slices.Clone(d.Recipients)}
		}
		e.Deny = deny
	}
	if e.Representative != nil {
		r := *e.Representative
		e.Representative = &r
	}
	if e.Scan != nil {
		s := *e.Scan
		e.Scan = &s
	}
	return e
}

func cloneRequest(r consent.Request) consent.Request {
	r.Categories = slices.Clone(r.Categories)
	if r.Verification != nil {
		v := *r.Verification
		r.Verification = &v
	}
	if r.Extension != nil {
		x := *r.Extension
		r.Extension = &x
	}
	return r
}

func cloneBreach(b consent.Breach) consent.Breach {
	b.Nature = slices.Clone(b.Nature)
	b.DataCategories = slices.Clone(b.DataCategories)
	return b
}
