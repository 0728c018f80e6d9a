package printdoc

import (
	"bytes"
	"strings"
	"testing"

	"custodia/i18n"
)

// TestBackupCodesSheetHoldsEveryCodeOnce: the sheet prints each backup
// code exactly once with the account and day, in the reader's language,
// and refuses to print a sheet without codes.
func TestBackupCodesSheetHoldsEveryCodeOnce(t *testing.T) {
	codes := []string{"qzx7-k2mv", "w9rt-4hpa", "lm3c-8dfe"}
	var buf bytes.Buffer
	if err := BackupCodesSheet(&buf, BackupCodes{User: "qwertz", Codes: codes, Created: now, Loc: i18n.MustLoad().Localizer("de")}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, c := range codes {
		if n := strings.Count(squeeze(text), squeeze(c)); n != 1 {
			t.Errorf("code %d appears %d times, want exactly once", len(c), n)
		}
	}
	if !strings.Contains(text, "qwertz") || !strings.Contains(text, "04.12.2026") || !strings.Contains(text, "Ersatzcodes") {
		t.Error("sheet lacks the user, the German date or the German title")
	}
	if err := BackupCodesSheet(&buf, BackupCodes{User: "x"}); err != ErrNoBackupCodes {
		t.Errorf("no codes: %v, want ErrNoBackupCodes", err)
	}
}
