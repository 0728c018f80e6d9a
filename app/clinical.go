package app

import (
	"context"

	"custodia/vault/clinicalcsv"
)

// CheckClinicalCSV reads the encounters and observations files of a
// clinical import and checks every line against the vault, storing
// nothing: the patients they name (by record number or id, each looked up
// once; the vault checks the role and audits the lookups), the codes, the
// dates and the encounter keys. The problems come together in one
// *clinicalcsv.Error by file, line and column (it wraps
// clinicalcsv.ErrInvalid); a failed lookup (permission, locked) is
// returned as it is. Cancelling ctx stops the check between lines
// (context.Canceled). Front ends ask for at least one of the two files.
func CheckClinicalCSV(ctx context.Context, look clinicalcsv.Patients, in clinicalcsv.Input) (clinicalcsv.Result, error) {
	return clinicalcsv.ParseContext(ctx, in, look)
}

// ImportClinical stores a checked clinical import (CheckClinicalCSV) in one
// vault transaction: every encounter and observation, or, if anything
// fails, none, and nothing stored before changes. The vault checks that
// the role may write clinical data and audits the import. A ctx cancelled
// before it starts stores nothing.
func ImportClinical(ctx context.Context, s clinicalcsv.Store, res clinicalcsv.Result) (clinicalcsv.Result, error) {
	return clinicalcsv.Save(ctx, s, res)
}
