package printdoc

import (
	"io"
	"strings"
)

// sheet is what a document body writes to: a PDF page or plain text.
type sheet interface {
	title(text string)
	heading(text string)
	para(text string)
	small(text string)
	fields(pairs [][2]string)
}

// textSheet lays a document body out as plain text: the title underlined,
// headings on their own line, label–value pairs as "label: value".
type textSheet struct{ b strings.Builder }

func (t *textSheet) title(text string) {
	t.b.WriteString(text + "\n" + strings.Repeat("=", min(len([]rune(text)), 72)) + "\n\n")
}

func (t *textSheet) heading(text string) { t.b.WriteString(text + "\n") }

func (t *textSheet) para(text string) { t.b.WriteString(strings.TrimSpace(text) + "\n\n") }

func (t *textSheet) small(text string) { t.b.WriteString(text + "\n\n") }

func (t *textSheet) fields(pairs [][2]string) {
	for _, kv := range pairs {
		t.b.WriteString(kv[0] + ": " + kv[1] + "\n")
	}
	t.b.WriteString("\n")
}

func (t *textSheet) output(w io.Writer) error {
	_, err := io.WriteString(w, t.b.String())
	return err
}
