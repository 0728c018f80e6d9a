package printdoc

import (
	"html/template"
	"io"

	"custodia/i18n"
)

// pageHead opens every printable HTML page of the package (receipt,
// certificate, access report, portable data): language, title, one style
// sheet for screen and print, and the title as heading. The page's view
// carries Lang and Title.
const pageHead = `<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse;margin:.5em 0 1.2em;width:100%}
td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#eee}table.meta th{width:14em}
.seal{font-family:monospace;word-break:break-all}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}</style></head><body>
<h1>{{.Title}}</h1>
`

// pageHTMLFuncs are placeholders the parsed templates need; each render
// replaces them with pageFuncs and accessTermFuncs in the reader's language.
var pageHTMLFuncs = allPageFuncs(nil)

// renderPage writes a page parsed with pageHTMLFuncs, worded in loc's
// language (html/template: every value is escaped).
func renderPage(w io.Writer, page *template.Template, loc *i18n.Localizer, view any) error {
	t, err := page.Clone()
	if err != nil {
		return err
	}
	return t.Funcs(allPageFuncs(loc)).Execute(w, view)
}
