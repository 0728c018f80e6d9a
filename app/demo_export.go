package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"custodia/vault"
	"custodia/vault/demo"
)

// DemoOption changes what CreateDemoVault makes.
type DemoOption func(*demoConfig)

type demoConfig struct {
	export bool
	lang   string // the language of the demo's stored words; "" for German
}

// WithDemoLanguage makes CreateDemoVault store the demo's own words (its
// research purpose, study, requests and breach) in lang, the language of
// the program making it ("de" or "en"; others get German, the demo
// practice's language). A demo vault is made once; its words stay.
func WithDemoLanguage(lang string) DemoOption { return func(c *demoConfig) { c.lang = lang } }

// WithDemoExport makes CreateDemoVault run the demo study (demo.StudyID)
// once, so that the export history and the re-identification page have an
// export to show on first look. It runs through RunExport, the use case of
// the desktop and the CLI, as the demo's DPO (the researcher may not read
// the clinical extract): audited, with its history entry and one
// disclosure per exported patient, like any export. The package is
// encrypted to the demo researcher's account and goes to
// DemoExportDir(path); nothing is written in plaintext. The shipped demo
// uses it; tests that make demo vaults leave it out (it adds the run).
func WithDemoExport() DemoOption { return func(c *demoConfig) { c.export = true } }

// DemoExportDir is where a demo vault's research packages go: a folder
// next to it named after it ("demo.vault" → "demo-exports").
func DemoExportDir(vaultPath string) string {
	return strings.TrimSuffix(vaultPath, filepath.Ext(vaultPath)) + "-exports"
}

// demoUser is the demo account of a role.
func demoUser(r vault.Role) (demo.User, error) {
	for _, u := range demo.Users() {
		if u.Role == r {
			return u, nil
		}
	}
	return demo.User{}, fmt.Errorf("app: the demo has no %s account", r)
}

// runDemoExport runs the demo study once as the demo DPO and returns the
// package's path.
func runDemoExport(ctx context.Context, path string, opts vault.Options) (string, error) {
	u, err := demoUser(vault.RoleDPO)
	if err != nil {
		return "", err
	}
	v, err := vault.Open(path, opts)
	if err != nil {
		return "", err
	}
	defer v.Close()
	s, vs, err := Unlock(ctx, v, u.Name, []byte(u.Passphrase), Options{Now: opts.Now})
	if err != nil {
		return "", err
	}
	defer vs.Session.Lock()
	dir := DemoExportDir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	out, err := freePackagePath(dir, demo.StudyID+"-"+s.Now().Format("2006-01-02"))
	if err != nil {
		return "", err
	}
	if _, err := s.RunExport(ctx, demo.StudyID, out, ExportOptions{Language: "de"}); err != nil {
		return "", fmt.Errorf("app: the demo study's export: %w", err)
	}
	return out, nil
}

// freePackagePath is dir/name.age, or name-2.age, name-3.age … when a
// package of an earlier demo vault is still there (never overwritten).
func freePackagePath(dir, name string) (string, error) {
	for i := 1; i < 1000; i++ {
		p := filepath.Join(dir, name+".age")
		if i > 1 {
			p = filepath.Join(dir, fmt.Sprintf("%s-%d.age", name, i))
		}
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("app: no free package name in %s", dir)
}
