package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// pressEnter types Enter into e as the desktop driver does: to the
// focused widget.
func pressEnter(win fyne.Window, e fyne.Focusable) {
	win.Canvas().Focus(e)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// TestSubmitOnEnterPressesThePrimaryButton: Enter in each single-line
// field (plain, private, password, inside a Border, a Form row, a Card, a
// scroller, a split) presses the button once; a multi-line field gets a
// new line instead, a field with its own OnSubmitted keeps it, and a
// disabled or hidden button is not pressed.
func TestSubmitOnEnterPressesThePrimaryButton(t *testing.T) {
	env := testEnv(t)
	pressed := 0
	b := widget.NewButton("Save", func() { pressed++ })
	plain, private, pass := NewEscEntry(), NewPrivateEntry(), NewEscPasswordEntry()
	inForm, inCard, inSplit := NewEscEntry(), NewEscEntry(), NewEscEntry()
	pick := widget.NewSelectEntry([]string{"a"})
	multi := NewEscMultiLineEntry()
	own, ownRan := NewEscEntry(), 0
	own.OnSubmitted = func(string) { ownRan++ }
	form := container.NewVBox(
		container.NewBorder(nil, nil, nil, widget.NewButton("Browse", nil), plain),
		widget.NewForm(widget.NewFormItem("x", private), widget.NewFormItem("y", FitPlaceholder(inForm)), widget.NewFormItem("z", multi)),
		widget.NewCard("c", "", container.NewVScroll(inCard)),
		container.NewHSplit(pass, container.NewVBox(inSplit, pick, own)),
	)
	SubmitOnEnter(b, form)
	env.Win.SetContent(container.NewVBox(form, b))
	single := []*widget.Entry{&plain.Entry, &private.Entry, &pass.Entry, &inForm.Entry, &inCard.Entry, &inSplit.Entry, &pick.Entry, &own.Entry}
	if got := SingleLineFields(form); len(got) != len(single) {
		t.Fatalf("found %d single-line fields, want %d", len(got), len(single))
	}
	for i, e := range []fyne.Focusable{plain, private, pass, inForm, inCard, inSplit, pick} {
		pressed = 0
		pressEnter(env.Win, e)
		if pressed != 1 {
			t.Errorf("field %d: Enter pressed the button %d times, want 1", i, pressed)
		}
	}
	pressed = 0
	pressEnter(env.Win, own)
	if pressed != 0 || ownRan != 1 {
		t.Errorf("a field with its own Enter: button %d, own %d; want 0, 1", pressed, ownRan)
	}
	multi.SetText("a")
	multi.CursorColumn = 1
	pressEnter(env.Win, multi)
	if pressed != 0 || multi.Text != "a\n" {
		t.Errorf("multi-line field: button %d, text %q; want 0 and a new line", pressed, multi.Text)
	}
	b.Disable()
	pressEnter(env.Win, plain)
	b.Enable()
	b.Hide()
	pressEnter(env.Win, plain)
	if pressed != 0 {
		t.Errorf("Enter pressed a disabled or hidden button %d times", pressed)
	}
}

// TestConfirmOnEnterConfirmsTheDialog: Enter in a field of a confirm
// dialog closes it agreeing, as its confirm button does.
func TestConfirmOnEnterConfirmsTheDialog(t *testing.T) {
	env := testEnv(t)
	e := NewEscEntry()
	var answers []bool
	d := dialog.NewCustomConfirm("Title", "OK", "Cancel", widget.NewForm(widget.NewFormItem("x", e)), func(ok bool) { answers = append(answers, ok) }, env.Win)
	ConfirmOnEnter(d, e)
	d.Show()
	pressEnter(env.Win, e)
	if len(answers) != 1 || !answers[0] || env.Win.Canvas().Overlays().Top() != nil {
		t.Errorf("Enter in a confirm dialog: answers %v, still open %v", answers, env.Win.Canvas().Overlays().Top() != nil)
	}
}

// TestConfirmOnEnterKeepsTheCursorAfterARefusal: a confirm dialog whose
// callback refuses and shows the dialog again gets the cursor back in
// the field Enter was pressed in, and no other field looks focused.
func TestConfirmOnEnterKeepsTheCursorAfterARefusal(t *testing.T) {
	env := testEnv(t)
	first, second := NewEscEntry(), NewEscPasswordEntry()
	var d *dialog.ConfirmDialog
	refusals := 0
	d = dialog.NewCustomConfirm("Title", "OK", "Cancel", widget.NewForm(widget.NewFormItem("a", first), widget.NewFormItem("b", second)), func(ok bool) {
		if ok {
			refusals++
			d.Show()
		}
	}, env.Win)
	ConfirmOnEnter(d, first, second)
	d.Show()
	env.Win.Canvas().Focus(first)
	pressEnter(env.Win, second)
	if refusals != 1 || env.Win.Canvas().Overlays().Top() == nil {
		t.Fatalf("Enter: %d refusals, dialog open %v", refusals, env.Win.Canvas().Overlays().Top() != nil)
	}
	if got := env.Win.Canvas().Focused(); got != second {
		t.Errorf("after the refusal the cursor is in %v, want the field Enter was pressed in", got)
	}
	second.TypedRune('x')
	if second.Text != "x" {
		t.Errorf("typing after the refusal: field holds %q", second.Text)
	}
}

// TestConfirmOnEnterLeavesTheFormsChoice: a refusal that puts the cursor
// in the field to mend keeps it there.
func TestConfirmOnEnterLeavesTheFormsChoice(t *testing.T) {
	env := testEnv(t)
	first, second := NewEscEntry(), NewEscPasswordEntry()
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm("Title", "OK", "Cancel", widget.NewForm(widget.NewFormItem("a", first), widget.NewFormItem("b", second)), func(ok bool) {
		if ok {
			d.Show()
			env.Win.Canvas().Focus(second)
		}
	}, env.Win)
	ConfirmOnEnter(d, first, second)
	d.Show()
	pressEnter(env.Win, first)
	if got := env.Win.Canvas().Focused(); got != second {
		t.Errorf("after the refusal the cursor is in %v, want the field the form chose", got)
	}
}
