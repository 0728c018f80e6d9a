//go:build cgo

package main

import (
	"runtime/debug"

	"fyne.io/fyne/v2"
)

// appVersion is the version for Help and About: FyneApp.toml's (put in by
// fyne package / fyne build), else the module version and VCS revision
// the Go toolchain recorded, else "" (a development build).
func appVersion(a fyne.App) string {
	if v := a.Metadata().Version; v != "" && v != "0.0.1" {
		return v
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	v := bi.Main.Version
	if v == "(devel)" {
		v = ""
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 7 {
			if v != "" {
				v += " "
			}
			v += "(" + s.Value[:7] + ")"
		}
	}
	return v
}
