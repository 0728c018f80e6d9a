package consent

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"custodia/internal/csvsafe"
)

// Controller identifies the practice as controller (Art. 30(1)(a)). These are
// business contact details, not patient data.
type Controller struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Country string `json:"country"`
	// Region is where holidays differ inside the country ("BY" for
	// Bavaria; see Jurisdiction): it decides which public holidays move
	// request deadlines.
	Region     string `json:"region,omitempty"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
	URL        string `json:"url,omitempty"`
	DPOContact string `json:"dpoContact"` // Art. 37(7): published contact of the DPO
}

// Jurisdiction is the practice's country and region.
func (c Controller) Jurisdiction() Jurisdiction {
	return Jurisdiction{Country: c.Country, Region: c.Region}
}

// ROPARow is one processing activity (one purpose, one of Custodia's own
// activities, or one research study). The string fields are the row in
// plain English (the CSV); the codes after them are what a printable
// record words in the reader's language (printdoc.ROPAHTML).
type ROPARow struct {
	PurposeID      string
	Purpose        string
	Basis          string
	ConsentBased   bool
	DataSubjects   []string
	DataCategories []string
	Recipients     []string // "name (category)"
	Transfers      []string // third-country transfers with safeguard
	Retention      []string // "record category: period (legal source)"

	// Activity is "" for a purpose of the catalogue, ActivityStudy for a
	// research study, else one of Custodia's own activities
	// (ActivityStaff, ActivityRequests, ActivityBreaches), whose texts
	// are worded from the code alone.
	Activity string `json:",omitempty"`
	// Art6 and Art9 are the lawful basis's points (Purpose.Art6/Art9).
	Art6 string `json:",omitempty"`
	Art9 string `json:",omitempty"`
	// RecipientList are the purpose's recipients (codes, names, category,
	// country and safeguard as stored).
	RecipientList []Recipient `json:",omitempty"`
	// RetentionRules are the retention lines: one per record category
	// the activity keeps, with its rule when the schedule has one.
	RetentionRules []ROPARetention `json:",omitempty"`
	// Study is the research study of an ActivityStudy row.
	Study *ResearchStudy `json:",omitempty"`
}

// ROPARetention is one record category of an activity and the retention
// rule that applies to it (Found false: the schedule has none).
type ROPARetention struct {
	Category RecordCategory
	Found    bool
	Rule     RetentionRule
}

// ROPA is the record of processing activities (GDPR Art. 30(1)).
type ROPA struct {
	Controller  Controller
	GeneratedAt time.Time
	Rows        []ROPARow
	Security    []string  // Art. 32 measures, Art. 30(1)(g), in plain English
	Controls    []Control // the same measures as codes, in the order of Security
}

// recordCategoryOf maps a data category to the record category whose
// retention rule applies.
func recordCategoryOf(dataCategory string) RecordCategory {
	switch dataCategory {
	case CatIdentity, CatDemographics:
		return RecIdentity
	case CatContact:
		return RecContact
	case CatBilling, CatInsurance:
		return RecBilling
	}
	return RecClinical
}

// BuildROPA builds the record of processing activities from the purpose
// catalogue (one row per purpose not retired, sorted by id), followed by
// Custodia's own activities (staff accounts and audit trail, request
// handling, breach handling), with the retention rules, and the security
// measures of the controls the installation has (see SecurityMeasures).
func BuildROPA(ctrl Controller, purposes []Purpose, rules []RetentionRule, controls []Control, now time.Time) ROPA {
	r := ROPA{Controller: ctrl, GeneratedAt: now, Security: SecurityMeasures(controls), Controls: presentControls(controls)}
	for _, p := range purposes {
		if !p.Retired {
			r.Rows = append(r.Rows, ropaRow(p, rules))
		}
	}
	slices.SortFunc(r.Rows, func(a, b ROPARow) int { return cmp.Compare(a.PurposeID, b.PurposeID) })
	r.Rows = append(r.Rows, builtinActivities(rules)...)
	return r
}

func ropaRow(p Purpose, rules []RetentionRule) ROPARow {
	row := ROPARow{PurposeID: p.ID, Purpose: p.Name, Basis: p.Basis(), ConsentBased: p.ConsentRequired,
		DataSubjects: p.DataSubjects, DataCategories: p.DataCategories, Art6: p.Art6, Art9: p.Art9, RecipientList: p.Recipients}
	if len(row.DataSubjects) == 0 {
		row.DataSubjects = []string{SubjectPatients}
	}
	for _, rc := range p.Recipients {
		row.Recipients = append(row.Recipients, fmt.Sprintf("%s (%s)", rc.Name, rc.Category))
		if rc.ThirdCountry() {
			row.Transfers = append(row.Transfers, fmt.Sprintf("%s: %s, %s", rc.Name, rc.Country, rc.Safeguard))
		}
	}
	seen := map[RecordCategory]bool{}
	for _, c := range p.DataCategories {
		rc := recordCategoryOf(c)
		if seen[rc] {
			continue
		}
		seen[rc] = true
		row.Retention = append(row.Retention, retentionText(rules, rc))
		row.RetentionRules = append(row.RetentionRules, retentionOf(rules, rc))
	}
	return row
}

// SubjectPatients is the data subject code of a purpose that names none.
const SubjectPatients = "patients"

// retentionOf is the retention line of a record category.
func retentionOf(rules []RetentionRule, c RecordCategory) ROPARetention {
	rule, ok := RuleFor(rules, c)
	return ROPARetention{Category: c, Found: ok, Rule: rule}
}

func period(r RetentionRule) string {
	switch {
	case r.Months == 0:
		return plural(r.Years, "year")
	case r.Years == 0:
		return plural(r.Months, "month")
	}
	return plural(r.Years, "year") + " " + plural(r.Months, "month")
}

// plural writes a count with its unit, singular for one ("1 year", "2 years").
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// ROPAHeader is the CSV header of WriteCSV.
var ropaHeader = []string{"purpose_id", "purpose", "lawful_basis", "consent_based", "data_subjects", "data_categories",
	"recipients", "third_country_transfers", "retention", "security_measures", "controller", "dpo_contact"}

// WriteCSV writes one row per processing activity; list cells are joined with "; ".
func (r ROPA) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ropaHeader); err != nil {
		return err
	}
	for _, row := range r.Rows {
		rec := []string{row.PurposeID, row.Purpose, row.Basis, fmt.Sprint(row.ConsentBased),
			strings.Join(row.DataSubjects, "; "), strings.Join(row.DataCategories, "; "), strings.Join(row.Recipients, "; "),
			strings.Join(row.Transfers, "; "), strings.Join(row.Retention, "; "), strings.Join(r.Security, "; "),
			r.Controller.Name, r.Controller.DPOContact}
		if err := cw.Write(csvsafe.Row(rec)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
