package demo

import (
	"fmt"
	"time"

	"custodia/research"
	"custodia/vault"
)

// StudyID is the demo vault's ready research study: encounter rows of the
// registry's consenting patients, addressed to the demo researcher
// account, so a newcomer can run it as the DPO ("custodiactl export run
// registry-demo") and open the package as the researcher.
const StudyID = "registry-demo"

// Study returns the demo study of a German demo (StudyIn).
func Study(researcherID string, now time.Time) research.Study {
	return StudyIn(TextsIn("de"), researcherID, now)
}

// StudyIn returns the demo study worded in t, addressed to the researcher
// account with id researcherID, with ages counted at 1 January of now's
// year.
func StudyIn(t Texts, researcherID string, now time.Time) research.Study {
	return research.Study{ID: StudyID, Name: t.StudyName, Purpose: registryPurpose.ID,
		Recipient: research.Recipient{Org: t.RecipientOrg, Contact: t.Contact,
			ID: "university", User: researcherID},
		Level: research.LevelEncounter, ReferenceDate: fmt.Sprintf("%d-01-01", now.Year()),
		Columns: []research.Column{
			{Name: research.SrcPatient, Role: research.RoleIdentifying, Treatment: research.IdentPseudonymise},
			{Name: research.SrcAge, Role: research.RoleQuasi}, {Name: research.SrcSex, Role: research.RoleQuasi},
			{Name: research.SrcDiagnosis, Role: research.RoleSensitive},
			{Name: "obs:4548-4", Role: research.RoleInsensitive}},
		Privacy: research.Privacy{K: 3, L: 2, Suppression: 0.2}, Metric: "loss", Algorithm: research.AlgorithmOptimal}
}

// addStudy stores the demo study (version 1, with its pseudonym key).
func addStudy(s *vault.Session, researcherID string, now time.Time, t Texts) error {
	st := StudyIn(t, researcherID, now)
	unversioned := st
	unversioned.Version = 0
	hash, err := unversioned.Hash()
	if err != nil {
		return err
	}
	_, _, err = s.SaveStudy(vault.StudyDraft{ID: st.ID, DefinitionSHA256: hash, RecipientUser: researcherID,
		Build: func(v int) ([]byte, error) {
			c := st
			c.Version = v
			return c.Canonical()
		}})
	if err != nil {
		return fmt.Errorf("demo: research study: %w", err)
	}
	return nil
}
