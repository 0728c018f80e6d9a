package consent

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"html/template"
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

// ROPARow is one processing activity (one purpose).
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
}

// ROPA is the record of processing activities (GDPR Art. 30(1)).
type ROPA struct {
	Controller  Controller
	GeneratedAt time.Time
	Rows        []ROPARow
	Security    []string // Art. 32 measures, Art. 30(1)(g)
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
	r := ROPA{Controller: ctrl, GeneratedAt: now, Security: SecurityMeasures(controls)}
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
		DataSubjects: p.DataSubjects, DataCategories: p.DataCategories}
	if len(row.DataSubjects) == 0 {
		row.DataSubjects = []string{"patients"}
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
	}
	return row
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

// WriteHTML writes the record as a printable page.
func (r ROPA) WriteHTML(w io.Writer) error { return ropaTmpl.Execute(w, r) }

var ropaTmpl = template.Must(template.New("ropa").Funcs(template.FuncMap{"join": strings.Join}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Records of processing activities</title>
<style>` + printCSS + `</style></head><body>
<h1>Records of processing activities (GDPR Art. 30(1))</h1>
<table class="meta">
<tr><th>Controller</th><td>{{.Controller.Name}}, {{.Controller.Address}}, {{.Controller.Country}}</td></tr>
<tr><th>Contact</th><td>{{.Controller.Email}} · {{.Controller.Phone}}</td></tr>
<tr><th>Data protection officer</th><td>{{.Controller.DPOContact}}</td></tr>
<tr><th>Generated</th><td>{{.GeneratedAt.Format "2006-01-02"}}</td></tr>
</table>
<table><thead><tr><th>Purpose</th><th>Lawful basis</th><th>Data subjects</th><th>Data categories</th><th>Recipients</th><th>Third-country transfers</th><th>Retention</th></tr></thead><tbody>
{{range .Rows}}<tr><td>{{.Purpose}}</td><td>{{.Basis}}{{if .ConsentBased}}<br><small>consent</small>{{end}}</td><td>{{join .DataSubjects ", "}}</td><td>{{join .DataCategories ", "}}</td><td>{{if .Recipients}}{{join .Recipients "; "}}{{else}}none outside the practice{{end}}</td><td>{{if .Transfers}}{{join .Transfers "; "}}{{else}}none{{end}}</td><td>{{join .Retention "; "}}</td></tr>
{{end}}</tbody></table>
<h2>Technical and organisational security measures (Art. 32)</h2>
<ul>{{range .Security}}<li>{{.}}</li>{{else}}<li>none reported by the vault</li>{{end}}</ul>
</body></html>
`))
