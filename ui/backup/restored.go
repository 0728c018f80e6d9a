package backup

import (
	"time"

	"custodia/i18n"
)

// restoreDater is the part of a vault session that knows when the vault
// was last restored from a backup (vault.Session.LastRestore).
type restoreDater interface {
	LastRestore() (time.Time, error)
}

// lastRestore is when the session's vault was last restored; zero when it
// never was or the session cannot say.
func (k *Backups) lastRestore() (time.Time, error) {
	r, ok := k.b.(restoreDater)
	if !ok {
		return time.Time{}, nil
	}
	return r.LastRestore()
}

// reminderText is the backup reminder, "" when none is due. A vault
// restored from a backup and not backed up since says so, with both
// dates: it is not "never backed up" (the backup it came from exists),
// but what changed since the restore is in no backup yet.
func reminderText(loc *i18n.Localizer, last, restored, now time.Time) string {
	if !restored.IsZero() && !last.After(restored) {
		if last.IsZero() { // a backup from before backups were logged
			return loc.T("uifix.backup.restored.undated", "Restored", loc.Date(restored.Local()))
		}
		return loc.T("uifix.backup.restored", "Restored", loc.Date(restored.Local()), "Taken", loc.Date(last.Local()))
	}
	return backupDue(loc, last, now)
}
