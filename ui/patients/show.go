package patients

import (
	usecase "custodia/app"
	"custodia/ui/kit"
	"custodia/vault"
)

// showPatient reads one patient through the use case (package app); the
// views need the record only, not whether clinical fields were withheld.
func showPatient(s kit.Session, id string) (vault.Patient, error) {
	r, err := usecase.ShowPatient(s, id)
	return r.Patient, err
}
