package research

import (
	"time"

	"custodia/deid"
)

// Preview is the report of a run without a package: cohort, exclusions,
// transformation, classes (in patients), suppression, risk and utility,
// computed from the released rows in memory. Nothing is written, the
// data file is not re-checked (Verification is nil) and the export id is
// empty. at is when consent was judged.
func Preview(res *Result, at time.Time) (*Report, error) {
	rel := deid.NewRelease(res.Table, res.Deid, deid.SuppressRemove)
	return buildReport(res, releasedRows(rel), "", at, at, nil)
}
