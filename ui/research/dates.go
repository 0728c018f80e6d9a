package research

import (
	"strings"
	"time"

	"custodia/i18n"
	"custodia/ui/kit"
)

// A study keeps its days as ISO text (YYYY-MM-DD, the study file's
// machine format); its date fields show and take them as the patient
// forms do: in the reader's language ("14.03.1985", "14 Mar 1985") or ISO,
// with the same example date as their hint (kit.DateFieldHint).

// studyDate is what the study keeps of a typed day: ISO where the text
// reads as a day, else the text as typed (the study's checks then say
// what is wrong with it).
func studyDate(loc *i18n.Localizer, typed string) string {
	typed = strings.TrimSpace(typed)
	if d, ok := kit.ParseDateInput(loc, typed); ok {
		return d.Format(kit.DateLayout)
	}
	return typed
}

// shownDate is how a date field shows a study's ISO day.
func shownDate(loc *i18n.Localizer, iso string) string {
	d, err := time.Parse(kit.DateLayout, iso)
	if err != nil {
		return iso
	}
	return kit.DateInput(loc, d)
}
