//go:build cgo

// Command custodia is the desktop application: it creates the Fyne app,
// wires package ui to the real vault (package vault, the demo vault from
// vault/demo) and shows the window. It is the composition root and holds
// no logic of its own.
//
// # Environment
//
//   - CUSTODIA_VAULT: path of the vault file proposed on the start screen.
//   - CUSTODIA_IDLE_LOCK: idle time before the vault locks itself
//     (a Go duration such as "10m"; default 10m, at most 1h; it cannot be
//     switched off).
//   - CUSTODIA_SESSION_LIMIT: absolute session length, active or not
//     (default 10h, at most 24h).
//   - CUSTODIA_DEMO_PATIENTS: how many synthetic patients a new demo vault
//     gets (default 2000); the demo vault is created once, in the
//     configuration directory (custodia/demo.vault).
//   - LC_ALL, LC_MESSAGES, LANG: the language (English or German) until
//     the user picks one in the Language menu; the choice is kept as a
//     Fyne preference (ui.language) and wins from then on. Fyne's own
//     dialog words follow the same language (LANGUAGE is set for the
//     process); switching takes effect at once, no restart.
//   - CUSTODIA_SCREENSHOT_DIR: development only; opens the demo vault,
//     walks through every screen and captures each into that directory
//     with ImageMagick's import, then quits.
package main
