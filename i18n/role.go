package i18n

// Role names a staff role for people ("Empfang", "Datenschutz") from
// labels.role.<code>; the code itself for a role the catalogue does not
// know. It is the one lookup of role names: the desktop app, the CLI,
// audit details and printed documents all call it.
func (l *Localizer) Role(code string) string { return l.Label("role", code, code) }
