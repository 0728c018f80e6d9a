package ui

import "custodia/ui/backup"

// showRestore shows the start screen's "restore from a backup" form.
func (a *App) showRestore(r backup.Restorer) {
	v := backup.NewRestoreView(a.env, r, a.initialPath(), a.showStart, func(path string) { a.openPath(path, nil, func(error) {}) })
	a.restore = v
	a.setContent(v.Content())
}

// BackupDialog asks for a file and a backup passphrase and writes an
// encrypted backup (package backup).
func (m *mainView) BackupDialog() {
	m.app.touch()
	if m.backups != nil {
		m.backups.Dialog()
	}
}
