package ui

import (
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
)

// steadyLines keeps room for a status or error line of up to lines lines
// of text below a centred form, whether the message is shown or not: the
// start, create and unlock screens are centred in the window, so a
// message that grew the box moved every field up under the pointer. A
// longer message still grows the box.
func steadyLines(obj fyne.CanvasObject, lines int) fyne.CanvasObject {
	return kit.AtLeastLines(lines, obj)
}
