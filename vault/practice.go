package vault

import (
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"custodia/consent"
)

// maxPracticeField bounds each practice detail (characters).
const maxPracticeField = 300

// Practice returns the practice's details (the controller printed on
// receipts, access packages, the ROPA and breach notices). Any unlocked,
// enabled user may read them: they are the practice's published contact
// details, so reads are not audited. ErrNotFound when they were never set;
// ErrLocked, ErrUserDisabled, ErrIntegrity.
func (s *Session) Practice() (consent.Controller, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return consent.Controller{}, ErrLocked
	}
	s.touch()
	var c consent.Controller
	err := s.v.inTxMode(relaxed, func(tx *txn) error {
		if _, err := s.currentUser(tx); err != nil {
			return err
		}
		var found bool
		var err error
		if c, found, err = readPractice(tx, s.k); err == nil && !found {
			err = fmt.Errorf("practice details: %w", ErrNotFound)
		}
		return err
	})
	return c, err
}

// SetPractice stores the practice's details, replacing earlier ones. Needs
// PermGovernance; audited as "practice.set" (the entry names no value).
// *ValidationError (see CheckPractice).
func (s *Session) SetPractice(c consent.Controller) error {
	c = TrimPractice(c)
	return s.run(PermGovernance, "practice.set", "practice", func(tx *txn, k *keys) error {
		if err := CheckPractice(c); err != nil {
			return err // after the permission check: a denial is a denial
		}
		return s.storePractice(tx, k, c)
	})
}

// storePractice writes checked details and audits the change.
func (s *Session) storePractice(tx *txn, k *keys, c consent.Controller) error {
	ct, err := k.sealVault(catCommon, "practice", "1", c)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO practice (id, updated_at, updated_by, ciphertext) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, updated_by = excluded.updated_by,
		ciphertext = excluded.ciphertext`, s.v.now().UnixNano(), s.User().ID, ct); err != nil {
		return fmt.Errorf("vault: store practice details: %w", err)
	}
	return s.audit(tx, k, "practice.set", "practice", outcomeOK, "")
}

// readPractice returns the stored details, found false when never set.
func readPractice(tx *txn, k *keys) (c consent.Controller, found bool, err error) {
	var ct []byte
	err = tx.QueryRow("SELECT ciphertext FROM practice WHERE id = 1").Scan(&ct)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("vault: read practice details: %w", err)
	}
	return c, true, k.openVault(catCommon, "practice", "1", ct, &c)
}

// TrimPractice removes leading and trailing white space from every field
// and upper-cases the country code.
func TrimPractice(c consent.Controller) consent.Controller {
	for _, f := range []*string{&c.Name, &c.Address, &c.Country, &c.Region, &c.Email, &c.Phone, &c.URL, &c.DPOContact} {
		*f = strings.TrimSpace(*f)
	}
	c.Country, c.Region = strings.ToUpper(c.Country), strings.ToUpper(c.Region)
	return c
}

// CheckPractice validates practice details: name, address and country
// (ISO 3166 alpha-2, the receipts' jurisdiction) are required; a region
// must be one Custodia knows the public holidays of (consent.RegionCodes), and a way
// to reach the practice (e-mail or phone); an e-mail must be one address,
// a URL must start with https:// or http://. Messages never repeat values;
// field names are the JSON names of consent.Controller.
func CheckPractice(c consent.Controller) error {
	var fs []FieldError
	add := ruleErrors(&fs)
	for _, f := range []struct{ name, v string }{{"name", c.Name}, {"address", c.Address}, {"country", c.Country},
		{"email", c.Email}, {"phone", c.Phone}, {"url", c.URL}, {"dpoContact", c.DPOContact}} {
		if utf8.RuneCountInString(f.v) > maxPracticeField {
			add(f.name, RuleTooLong)
		}
		if strings.ContainsAny(f.v, "\x00\r") {
			add(f.name, RuleControl)
		}
	}
	if strings.TrimSpace(c.Name) == "" {
		add("name", RuleRequired)
	}
	if strings.TrimSpace(c.Address) == "" {
		add("address", RuleRequired)
	}
	if strings.TrimSpace(c.Country) == "" {
		add("country", RuleCountryNeeded)
	} else if !isCountryCode(c.Country) {
		add("country", RuleCountryCode)
	}
	if c.Region != "" && isCountryCode(c.Country) && consent.CheckJurisdiction(c.Jurisdiction()) != nil {
		if codes := consent.RegionCodes(c.Country); len(codes) > 0 {
			add("region", RuleRegion, strings.Join(codes, ", "))
			fs[len(fs)-1].Allowed = codes
		} else {
			add("region", RuleNoRegions)
		}
	}
	if strings.TrimSpace(c.Email) == "" && strings.TrimSpace(c.Phone) == "" {
		add("email", RuleEmailOrPhone)
	}
	if c.Email != "" && !isEmail(c.Email) {
		add("email", RuleOneEmail)
	}
	if c.URL != "" && !strings.HasPrefix(c.URL, "https://") && !strings.HasPrefix(c.URL, "http://") {
		add("url", RuleURLScheme)
	}
	if _, email := SplitDPOContact(c.DPOContact); email != "" && !isEmail(email) {
		add("dpoContact", RuleDPOEmail)
	}
	if len(fs) > 0 {
		return &ValidationError{Fields: fs}
	}
	return nil
}

func isCountryCode(s string) bool { return consent.IsCountryCode(s) }

func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// DPOContact joins the DPO's name and e-mail into Controller.DPOContact
// ("Name <e-mail>", or whichever is given).
func DPOContact(name, email string) string {
	name, email = strings.TrimSpace(name), strings.TrimSpace(email)
	switch {
	case name == "":
		return email
	case email == "":
		return name
	}
	return name + " <" + email + ">"
}

// SplitDPOContact reverses DPOContact. A contact that is one e-mail
// address gives only the e-mail; free text gives only the name.
func SplitDPOContact(s string) (name, email string) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, " <"); i >= 0 && strings.HasSuffix(s, ">") {
		return strings.TrimSpace(s[:i]), s[i+2 : len(s)-1]
	}
	if strings.Contains(s, "@") && !strings.ContainsAny(s, " <>") {
		return "", s
	}
	return s, ""
}
