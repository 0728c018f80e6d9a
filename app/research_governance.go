package app

import (
	"errors"
	"strings"

	"custodia/consent"
	"custodia/vault"
)

// ropaStudies lists the stored studies as processing activities (none
// when the vault holds no studies).
func (s *Session) ropaStudies() ([]consent.ResearchStudy, error) {
	if _, err := s.research(); err != nil {
		return nil, nil
	}
	recs, err := s.Studies()
	if errors.Is(err, vault.ErrPermission) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]consent.ResearchStudy, 0, len(recs))
	for _, r := range recs {
		st := r.Study
		out = append(out, consent.ResearchStudy{ID: st.ID, Name: st.Name, PurposeID: st.Purpose, Recipient: recipientName(st.Recipient.Org, st.Recipient.Contact),
			Categories: st.Categories(), Pseudonymised: needsKey(&st), KeyDestroyed: r.KeyDestroyed, Exports: r.Exports})
	}
	return out, nil
}

func recipientName(org, contact string) string {
	if contact == "" {
		return org
	}
	return org + ", " + contact
}

// nameStudyRecipients gives the Art. 19 notices of research exports the
// study's recipient as people read it.
func (s *Session) nameStudyRecipients(ns []consent.Notification) []consent.Notification {
	var recs []StudyRecord
	loaded := false
	for i, n := range ns {
		id, ok := strings.CutPrefix(n.Recipient, "research:")
		if !ok {
			continue
		}
		if !loaded {
			recs, _ = s.Studies() // unknown names stay codes
			loaded = true
		}
		for _, r := range recs {
			if r.Study.ID == id {
				ns[i].Name = recipientName(r.Study.Recipient.Org, r.Study.Recipient.Contact) + " – " + r.Study.Name // no words: the name is shown in either language
			}
		}
	}
	return ns
}
