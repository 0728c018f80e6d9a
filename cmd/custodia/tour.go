//go:build cgo && tour

package main

import (
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"custodia/ui"

	"fyne.io/fyne/v2"
)

// startTour starts the screenshot tour when CUSTODIA_SCREENSHOT_DIR names
// a folder. Only binaries built with -tags tour have it: the production
// binary holds neither the tour nor the variable.
func startTour(a fyne.App, w fyne.Window, u *ui.App) {
	if dir := os.Getenv("CUSTODIA_SCREENSHOT_DIR"); dir != "" {
		go runTour(a, w, u, dir)
	}
}

// runTour drives the UI through every screen for screenshots (development
// only) and quits. The screen is captured with
// ImageMagick's import from the X display.
func runTour(a fyne.App, w fyne.Window, u *ui.App, dir string) {
	fyne.DoAndWait(func() { w.Resize(fyne.NewSize(1280, 800)) })
	time.Sleep(2 * time.Second)
	scratch, err := os.MkdirTemp("", "custodia-tour")
	if err != nil {
		log.Fatalf("custodia tour: %v", err)
	}
	defer os.RemoveAll(scratch)
	shot := func(name string) error {
		out := filepath.Join(dir, name+".png")
		if b, err := exec.Command("import", "-window", "root", out).CombinedOutput(); err != nil {
			log.Printf("custodia tour: import %s: %v: %s", out, err, b)
			return err
		}
		log.Printf("custodia tour: %s", out)
		return nil
	}
	if err := ui.RunTour(u, scratch, shot); err != nil {
		log.Printf("custodia tour: %v", err)
	}
	fyne.Do(a.Quit)
}
