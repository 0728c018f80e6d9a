package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"custodia/consent"
	"custodia/vault"
)

// jurisdiction is the practice's country and region as stored with
// "practice set" ("DE-BY"), or "" when none are stored (deadlines then move
// past weekends only).
func (g *gdpr) jurisdiction() (string, error) {
	if g.practice == nil {
		return "", nil
	}
	p, err := g.practice()
	if errors.Is(err, vault.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return p.Jurisdiction().String(), nil
}

// withJurisdiction gives requests recorded before Custodia knew the
// practice's country the practice's current one, so their deadlines count
// its public holidays; the next workflow step stores it.
func (g *gdpr) withJurisdiction(reqs []consent.Request) ([]consent.Request, error) {
	j, err := g.jurisdiction()
	if err != nil {
		return reqs, err
	}
	return consent.WithJurisdiction(reqs, consent.ParseJurisdiction(j)), nil
}

// dueRule says which rule decided the due date: the roll-forward ("Sat 28
// Feb → Mon 2 Mar (weekend)"), or "-" when the counted day is a working day.
func dueRule(r consent.Request) string {
	if rule := r.Deadline().Rule(); rule != "" {
		return rule
	}
	return "-"
}

// parseTold reads --told-at: a date (YYYY-MM-DD, the practice's day) or
// RFC 3339; empty means now.
func parseTold(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return now, nil
	}
	if d, err := time.ParseInLocation(dateLayout, s, time.Local); err == nil {
		return d, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, usageErrorf("--told-at %q: use YYYY-MM-DD or RFC 3339", s)
	}
	return t, nil
}

// extendNotice builds the domain's extension notice from the flags.
func extendNotice(months int, reason, toldAt, toldVia string, now time.Time) (consent.ExtensionNotice, error) {
	at, err := parseTold(toldAt, now)
	if err != nil {
		return consent.ExtensionNotice{}, err
	}
	return consent.ExtensionNotice{Months: months, Reason: reason, ToldAt: at, ToldVia: toldVia}, nil
}

// extensionText describes a recorded extension.
func extensionText(x *consent.Extension) string {
	s := fmt.Sprintf("by %d month(s) on %s: %s", x.Months, x.At.Format(dateLayout), x.Reason)
	if x.ToldVia != "" {
		s += fmt.Sprintf("; requester told by %s on %s", x.ToldVia, x.ToldAt.Format(dateLayout))
	}
	return s
}
