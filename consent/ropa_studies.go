package consent

import (
	"fmt"
	"slices"
)

// ResearchStudy is a research export definition as the records of
// processing list it: one processing activity per study, with its
// recipient.
type ResearchStudy struct {
	ID         string
	Name       string
	PurposeID  string
	Recipient  string // organisation (and contact) receiving the packages
	Categories []string
	// Pseudonymised: the packages carry keyed pseudonyms (re-identifiable
	// by the practice while the study's key exists).
	Pseudonymised bool
	KeyDestroyed  bool
	Exports       int
}

// AddStudies appends one processing activity per research study (sorted
// by id) after the purposes' rows, with the lawful basis of its purpose.
func (r *ROPA) AddStudies(purposes []Purpose, studies []ResearchStudy) {
	studies = slices.Clone(studies)
	slices.SortFunc(studies, func(a, b ResearchStudy) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	for _, st := range studies {
		row := ROPARow{PurposeID: "study:" + st.ID, Activity: ActivityStudy, Study: &st, Purpose: "Research study: " + st.Name, DataSubjects: []string{"patients included by the study's consent gate"},
			DataCategories: st.Categories, Recipients: []string{st.Recipient + " (research recipient)"}}
		i := slices.IndexFunc(purposes, func(p Purpose) bool { return p.ID == st.PurposeID })
		if i >= 0 {
			row.Basis, row.ConsentBased = purposes[i].Basis(), purposes[i].ConsentRequired
			row.Art6, row.Art9 = purposes[i].Art6, purposes[i].Art9
		}
		form := "anonymised (de-identified) extract"
		if st.Pseudonymised {
			form = "pseudonymised extract; the key stays in the vault"
			if st.KeyDestroyed {
				form = "pseudonymised extract; the key was destroyed (no re-identification)"
			}
		}
		row.Retention = []string{fmt.Sprintf("%s under purpose %s, %d export(s) recorded as disclosures", form, st.PurposeID, st.Exports)}
		r.Rows = append(r.Rows, row)
	}
}
