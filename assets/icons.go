package assets

import _ "embed"

// Icon is the application icon (512×512 PNG): a shield with a medical cross.
//
//go:embed icon.png
var Icon []byte
