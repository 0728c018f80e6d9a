// Package i18n translates what Custodia says to people, in English and
// German, for the desktop app and the command line alike.
//
// The catalogues are embedded JSON files under locales/, one pair per
// area of the product: locales/<area>.en.json and locales/<area>.de.json
// (go-i18n v2 message files; a flat map from message id to text, or to
// plural forms "one"/"other"). Message ids are dotted and start with the
// area ("patients.search.placeholder"). Texts are Go templates over the
// named arguments: "{{.Name}} was erased".
//
// A Catalog is parsed once by the composition root (cmd/custodia,
// cmd/custodiactl) and handed down; a Localizer is one language of it.
// There is no package-level state: tests build their own.
//
// A missing message is never shown as an empty string: T returns the id
// in brackets ("⟦patients.search.placeholder⟧") so a screenshot shows it,
// and the catalogue test (catalog_test.go) fails on any id used in code
// that either language lacks.
package i18n
