package consent

import "context"

// LoadPatientIndex builds an Index of one patient from a store: the
// catalogue, that patient's events and the blocks of that patient's
// completed objections and restrictions. Single-patient commands (list,
// withdraw, receipts, FHIR export of one patient) use it so that their cost
// does not grow with the practice: the store reads only the patient's rows.
// The index answers every question about this patient exactly as LoadIndex
// would; it knows nothing about other patients. The events are returned
// too, in append order.
func LoadPatientIndex(ctx context.Context, s Store, patientID string) (*Index, []Event, error) {
	ps, err := s.ListPurposes(ctx)
	if err != nil {
		return nil, nil, err
	}
	ts, err := s.ListTexts(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	cat, err := NewCatalogue(ps, ts)
	if err != nil {
		return nil, nil, err
	}
	events, err := s.ListEvents(ctx, EventFilter{PatientID: patientID})
	if err != nil {
		return nil, nil, err
	}
	reqs, err := s.ListRequests(ctx, RequestFilter{SubjectID: patientID})
	if err != nil {
		return nil, nil, err
	}
	ix, err := BuildIndex(cat, events, BlocksFromRequests(reqs))
	if err != nil {
		return nil, nil, err
	}
	return ix, events, nil
}
