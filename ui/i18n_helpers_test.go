package ui

import "custodia/i18n"

// testLoc is the English localizer the tests word their expectations in.
func testLoc() *i18n.Localizer { return i18n.MustLoad().Localizer("en") }
