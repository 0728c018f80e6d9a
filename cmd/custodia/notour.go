//go:build cgo && !tour

package main

import (
	"custodia/ui"

	"fyne.io/fyne/v2"
)

// startTour does nothing: the screenshot tour is built only with -tags tour.
func startTour(fyne.App, fyne.Window, *ui.App) {}
