package printdoc

import (
	"errors"
	"io"
	"strings"
	"time"

	"custodia/i18n"
)

// BackupCodes is what the backup-code sheet of a second factor shows.
type BackupCodes struct {
	User    string   // the account's user name
	Codes   []string // the one-time codes, printed once
	Created time.Time
	// Loc words the sheet in the user's language; nil: English.
	Loc *i18n.Localizer
}

// ErrNoBackupCodes is returned when a sheet has no codes to print.
var ErrNoBackupCodes = errors.New("printdoc: backup-code sheet without codes")

// BackupCodesSheet writes the sheet of a user's second-factor backup
// codes: each unlocks once when the phone is lost. Like the recovery
// sheet it is a secret, printed and kept, its file deleted.
func BackupCodesSheet(w io.Writer, b BackupCodes) error {
	if len(b.Codes) == 0 {
		return ErrNoBackupCodes
	}
	return backupCodesPage(b).output(w)
}

func backupCodesPage(b BackupCodes) *page {
	loc := english(b.Loc)
	p := newPage(loc, loc.T("pdfdocs.backupcodes.meta"), loc.T("pdfdocs.backupcodes.footer", "User", b.User), b.Created)
	p.title(loc.T("pdfdocs.backupcodes.title", "User", b.User))
	p.para(loc.T("pdfdocs.backupcodes.confidential"))
	created := createdText(loc, b.Created)
	p.fields([][2]string{
		{loc.T("pdfdocs.backupcodes.user"), orDash(b.User)},
		{loc.T("pdfdocs.recovery.created"), created},
	})
	p.code(loc.T("pdfdocs.backupcodes.codes"), strings.Join(b.Codes, "   "))
	p.heading(loc.T("pdfdocs.backupcodes.use"))
	p.para(loc.T("pdfdocs.backupcodes.use.text"))
	return p
}
