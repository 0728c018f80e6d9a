//go:build cgo

package main

import (
	"log"
	"os"
	"strconv"
	"time"

	"custodia/assets"
	"custodia/i18n"
	"custodia/ui"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
)

func main() {
	a := app.NewWithID("org.custodia.desktop")
	catalog := i18n.MustLoad()
	// The stored choice (Language menu), else LC_ALL/LC_MESSAGES/LANG;
	// Fyne's own dialogs are made to follow it before any is built.
	language := ui.StartLanguage(a.Preferences(), os.Getenv)
	ui.FollowLanguage(language)
	icon := fyne.NewStaticResource("icon.png", assets.Icon)
	a.SetIcon(icon)
	w := a.NewWindow("Custodia")
	w.SetIcon(icon)
	w.Resize(fyne.NewSize(1200, 760))

	dataDir, err := dataDir()
	if err != nil {
		log.Printf("custodia: no data directory: %v", err)
	}
	nDemo := demoPatients(os.Getenv("CUSTODIA_DEMO_PATIENTS"))
	u := ui.New(w, ui.Options{
		Backend:      newBackend(dataDir, nDemo, func() string { return ui.StartLanguage(a.Preferences(), os.Getenv) }),
		DemoPatients: nDemo,
		Prefs:        a.Preferences(),
		VaultPath:    os.Getenv("CUSTODIA_VAULT"),
		DefaultDir:   dataDir,
		Version:      appVersion(a),
		LockShortcut: &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault},
		IdleLock:     duration("CUSTODIA_IDLE_LOCK", ui.DefaultIdleLock),
		SessionLimit: duration("CUSTODIA_SESSION_LIMIT", ui.DefaultSessionLimit),
		Controller:   controllerFromEnv,
		Catalog:      catalog,
		Language:     language,
		FyneLanguage: ui.FollowLanguage,
	})
	u.Start()
	startTour(a, w, u)
	a.Lifecycle().SetOnStopped(u.Shutdown)
	w.ShowAndRun()
}

// demoPatients parses CUSTODIA_DEMO_PATIENTS (size of a new demo vault).
func demoPatients(s string) int {
	if s == "" {
		return defaultDemoPatients
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 10_000_000 {
		log.Printf("custodia: CUSTODIA_DEMO_PATIENTS=%q is not a patient count; using %d", s, defaultDemoPatients)
		return defaultDemoPatients
	}
	return n
}

// duration parses a time limit from the environment variable name. It
// cannot be switched off: "0", negative or bad values give def (logged),
// and the ui caps large ones (ui.MaxIdleLock, ui.MaxSessionLimit).
func duration(name string, def time.Duration) time.Duration {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		log.Printf("custodia: %s=%q is not a positive duration (the lock cannot be switched off); using %s", name, s, def)
		return def
	}
	return d
}
