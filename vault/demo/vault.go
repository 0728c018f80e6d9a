package demo

import (
	"fmt"
	"os"
	"time"

	"custodia/consent"
	"custodia/vault"
)

// The demo administrator. Not secret: documented so anyone can open a demo.
const (
	AdminName       = "demo"
	AdminPassphrase = "demo-passphrase-not-secret"
	// Seed is the seed CreateDemoVault passes to Patients.
	Seed = 20260101
	// batchSize is how many patients go into one AddPatients transaction.
	batchSize = 1000
)

// User is one demo account and its (public) passphrase.
type User struct {
	Name       string
	Role       vault.Role
	Passphrase string
}

// Credentials are the accounts of a demo vault and its recovery code.
type Credentials struct {
	Users        []User // the administrator first
	RecoveryCode string
}

// Users returns the demo accounts: the administrator and one user per
// other role, named after the role.
func Users() []User {
	users := []User{{AdminName, vault.RoleAdmin, AdminPassphrase}}
	for _, r := range vault.Roles() {
		if r != vault.RoleAdmin {
			users = append(users, User{string(r), r, string(r) + "-passphrase-not-secret"})
		}
	}
	return users
}

// Practice returns the synthetic practice of a German demo (PracticeIn).
func Practice() consent.Controller { return PracticeIn(TextsIn("de")) }

// PracticeIn returns the synthetic practice a demo vault prints on its
// receipts, access packages, ROPA and breach notices, named in t's
// language (the address is the practice's, in Berlin).
func PracticeIn(t Texts) consent.Controller {
	return consent.Controller{Name: t.PracticeName, Address: "Beispielstraße 1, 10115 Berlin",
		Country: "DE", Email: "privacy@practice.example", Phone: "+49 30 000000", URL: "https://practice.example/privacy",
		DPOContact: vault.DPOContact("Dana Beispiel ("+t.DPOTitle+")", "dpo@practice.example")}
}

// CreateDemoVault creates a vault at path (which must not exist) with the
// demo accounts, n synthetic patients from Records(n, Seed, now) with
// their encounters and observations, and the consent and governance data
// of addGovernance (research consents, requests, a breach, retention), and
// the ready research study StudyID addressed to the researcher account. If
// anything fails, the partly written file is removed and the error returned.
func CreateDemoVault(path string, n int, opts vault.Options) (Credentials, error) {
	return CreateDemoVaultIn(path, n, TextsIn("de"), opts)
}

// CreateDemoVaultIn is CreateDemoVault with the demo's stored words (its
// research purpose, study, requests and breach) in t's language.
func CreateDemoVaultIn(path string, n int, t Texts, opts vault.Options) (Credentials, error) {
	if n < 0 {
		return Credentials{}, fmt.Errorf("demo: negative patient count: %w", vault.ErrValidation)
	}
	code, err := vault.Create(path, AdminName, []byte(AdminPassphrase), opts)
	if err != nil {
		return Credentials{}, err
	}
	if err := fill(path, n, t, opts); err != nil {
		removeVaultFiles(path)
		return Credentials{}, err
	}
	return Credentials{Users: Users(), RecoveryCode: code}, nil
}

// fill adds the demo users and patients to a new vault.
func fill(path string, n int, t Texts, opts vault.Options) error {
	v, err := vault.Open(path, opts)
	if err != nil {
		return err
	}
	defer v.Close()
	s, err := v.Unlock(AdminName, []byte(AdminPassphrase))
	if err != nil {
		return err
	}
	defer s.Lock()
	researcher := ""
	for _, u := range Users()[1:] {
		added, err := s.AddUser(u.Name, u.Role, []byte(u.Passphrase))
		if err != nil {
			return fmt.Errorf("demo: add user %s: %w", u.Name, err)
		}
		if u.Role == vault.RoleResearcher {
			researcher = added.ID
		}
	}
	if err := s.SetPractice(PracticeIn(t)); err != nil {
		return fmt.Errorf("demo: practice details: %w", err)
	}
	made := Records(n, Seed, now(opts))
	wordDiagnoses(made, t)
	recs, err := addRecords(s, made)
	if err != nil {
		return err
	}
	if err := addGovernance(s, recs, now(opts), t); err != nil {
		return err
	}
	return addStudy(s, researcher, now(opts), t)
}

// addRecords stores the patients with their clinical history, batchSize
// patients per transaction.
func addRecords(s *vault.Session, recs []vault.PatientRecord) ([]vault.PatientRecord, error) {
	out := make([]vault.PatientRecord, 0, len(recs))
	for start := 0; start < len(recs); start += batchSize {
		end := min(start+batchSize, len(recs))
		stored, err := s.AddPatientRecords(recs[start:end])
		if err != nil {
			return nil, fmt.Errorf("demo: add patients %d to %d: %w", start+1, end, err)
		}
		out = append(out, stored...)
	}
	return out, nil
}

func now(opts vault.Options) time.Time {
	if opts.Now != nil {
		return opts.Now()
	}
	return time.Now()
}

// removeVaultFiles deletes a vault file and its SQLite side files.
func removeVaultFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(path + suffix)
	}
}
