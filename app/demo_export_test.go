package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/app"
	"custodia/vault"
	"custodia/vault/demo"
)

func demoOptions() vault.Options {
	weak := vault.WeakKDFParams()
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	return vault.Options{KDF: &weak, Now: func() time.Time { return now }}
}

// unlockDemo opens the demo account of role.
func unlockDemo(t *testing.T, path string, role vault.Role, opts vault.Options) *app.Session {
	t.Helper()
	v, err := vault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	for _, u := range demo.Users() {
		if u.Role == role {
			s, vs, err := app.Unlock(context.Background(), v, u.Name, []byte(u.Passphrase), app.Options{Now: opts.Now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(vs.Session.Lock)
			return s
		}
	}
	t.Fatalf("no demo %s", role)
	return nil
}

// The shipped demo (WithDemoExport) holds one run of its study: in the
// export history of the DPO and of the researcher it is addressed to,
// audited as an export by the DPO, its package beside the vault encrypted
// to the researcher's account (it opens with their key, and no temporary
// or plaintext file is left). Without the option nothing is run (issue 10).
func TestShippedDemoHoldsOneExport(t *testing.T) {
	opts := demoOptions()
	dir := t.TempDir()
	path := filepath.Join(dir, "demo.vault")
	if _, err := app.CreateDemoVault(path, 60, opts, app.WithDemoExport()); err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(app.DemoExportDir(path))
	if err != nil || len(files) != 1 || !strings.HasSuffix(files[0].Name(), ".age") || !strings.HasPrefix(files[0].Name(), demo.StudyID) {
		t.Fatalf("exports beside the vault: %v, %v", files, err)
	}
	pkg := filepath.Join(app.DemoExportDir(path), files[0].Name())
	data, err := os.ReadFile(pkg)
	if err != nil || !bytes.HasPrefix(data, []byte("age-encryption.org/v1\n")) {
		t.Fatalf("the package is not an age file (%v)", err)
	}
	if all, _ := os.ReadDir(dir); len(all) != 2 { // the vault and the exports folder, nothing else
		t.Errorf("beside the vault: %v", all)
	}
	for _, role := range []vault.Role{vault.RoleDPO, vault.RoleResearcher} {
		h, err := unlockDemo(t, path, role, opts).ExportHistory(demo.StudyID)
		if err != nil || len(h) != 1 || h[0].FileName != files[0].Name() || h[0].Included == 0 {
			t.Fatalf("%s: history %+v, %v", role, h, err)
		}
	}
	researcher := unlockDemo(t, path, vault.RoleResearcher, opts)
	if _, err := researcher.OpenPackage(context.Background(), pkg, filepath.Join(t.TempDir(), "open"), ""); err != nil {
		t.Errorf("the researcher cannot open the package with their own key: %v", err)
	}
	admin := unlockDemo(t, path, vault.RoleAdmin, opts)
	es, err := app.ReadAudit(admin.Vault().(app.VaultSession)).Entries(0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	exported := 0
	for _, e := range es {
		if e.Action == "research.export" && e.Outcome == "ok" {
			exported++
		}
	}
	if exported == 0 {
		t.Errorf("the demo export is not in the audit trail")
	}

	plain := filepath.Join(t.TempDir(), "plain.vault")
	if _, err := app.CreateDemoVault(plain, 20, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(app.DemoExportDir(plain)); !os.IsNotExist(err) {
		t.Errorf("a demo without the option has an exports folder (%v)", err)
	}
}

// BenchmarkCreateDemoVault: what running the demo study adds to making
// the demo (300 patients; the shipped demo has 2000).
func BenchmarkCreateDemoVault(b *testing.B) {
	for _, c := range []struct {
		name string
		more []app.DemoOption
	}{{"plain", nil}, {"export", []app.DemoOption{app.WithDemoExport()}}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				path := filepath.Join(b.TempDir(), "demo.vault")
				if _, err := app.CreateDemoVault(path, 300, demoOptions(), c.more...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// WithDemoLanguage("en") makes a demo whose researcher reads the study's
// title, recipient and contact in English, and whose DPO reads the
// registry purpose by its English name; the default stays German (issue 10).
func TestDemoInTheLanguageOfItsMaker(t *testing.T) {
	for _, c := range []struct {
		opts []app.DemoOption
		lang string
	}{{[]app.DemoOption{app.WithDemoLanguage("en")}, "en"}, {nil, "de"}} {
		opts := demoOptions()
		path := filepath.Join(t.TempDir(), "demo.vault")
		if _, err := app.CreateDemoVault(path, 20, opts, c.opts...); err != nil {
			t.Fatal(err)
		}
		words := demo.TextsIn(c.lang)
		studies, err := unlockDemo(t, path, vault.RoleResearcher, opts).Studies()
		if err != nil || len(studies) != 1 {
			t.Fatalf("%s: studies %v, %v", c.lang, studies, err)
		}
		st := studies[0].Study
		if st.Name != words.StudyName || st.Recipient.Org != words.RecipientOrg || st.Recipient.Contact != words.Contact {
			t.Errorf("%s: study %q, recipient %q, contact %q", c.lang, st.Name, st.Recipient.Org, st.Recipient.Contact)
		}
		cat, err := unlockDemo(t, path, vault.RoleDPO, opts).Catalogue()
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := cat.Purpose(st.Purpose); !ok || p.Name != words.PurposeName {
			t.Errorf("%s: purpose %+v", c.lang, p)
		}
	}
}
