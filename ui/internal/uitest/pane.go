package uitest

import (
	"fmt"
	"testing"

	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// shellSections are the main window's section tabs, whose widest label
// sets how wide the tab strip left of a screen is.
var shellSections = []string{"patients", "requests", "governance", "research", "users", "audit"}

// ShowInShell shows content in env's window at a screen size as the main
// window's section tab does: right of the sections' tab strip, labelled in
// env's language, in the default theme (the sizes people see).
func ShowInShell(env *kit.Env, size fyne.Size, content fyne.CanvasObject) {
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	tabs := container.NewAppTabs()
	tabs.SetTabLocation(container.TabLocationLeading)
	for i, s := range shellSections {
		var tab fyne.CanvasObject = widget.NewLabel("")
		if i == 0 {
			tab = content
		}
		tabs.Append(container.NewTabItemWithIcon(env.T("menus.section."+s), theme.DocumentIcon(), tab))
	}
	env.Win.SetContent(tabs)
	env.Win.Resize(size)
}

// ForEachScreen runs check once per language and screen size (ScreenSizes,
// English and German), each as its own subtest.
func ForEachScreen(t *testing.T, check func(t *testing.T, lang string, size fyne.Size)) {
	for _, lang := range []string{"en", "de"} {
		for _, size := range ScreenSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) { check(t, lang, size) })
		}
	}
}
