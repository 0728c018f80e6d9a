package vault

import "context"

// cancelBatch is how many new patients AddPatientsContext stores between
// two looks at its context (a multiple of insertChunk, so the statements
// stay the same).
const cancelBatch = 4 * insertChunk

// AddPatientsContext is AddPatients that can be cancelled: ctx is checked
// before each batch of cancelBatch patients and once more before the
// commit. A cancelled import returns ctx.Err() (context.Canceled) and its
// transaction is rolled back, so no patient, key, index row or per-patient
// audit entry of the import is stored; one failure entry
// ("patient.create", outcome failed, detail "cancelled") records that it
// was abandoned, as for every failed operation.
func (s *Session) AddPatientsContext(ctx context.Context, ps []Patient) ([]Patient, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return []Patient{}, nil
	}
	now := s.v.now().UTC()
	out := make([]Patient, len(ps))
	for i, p := range ps {
		p = prepareNew(p, now)
		if err := p.validate(now); err != nil {
			return nil, prefixFields(err, i, len(ps))
		}
		out[i] = p
	}
	object := "patient:" + firstID(out)
	err := s.run(PermPatientWrite, "patient.create", object, func(tx *txn, k *keys) error {
		if err := s.requireFor(newPatientsNeed(out)...); err != nil {
			return err
		}
		seq, err := nextSeq(tx)
		if err != nil {
			return err
		}
		return s.insertBatches(ctx, tx, k, out, seq)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// insertBatches is insertPatients in batches with a look at ctx before
// each and before the commit; without a context that can be cancelled it
// is insertPatients.
func (s *Session) insertBatches(ctx context.Context, tx *txn, k *keys, ps []Patient, seq int64) error {
	if ctx.Done() == nil {
		return s.insertPatients(tx, k, ps, seq)
	}
	if err := k.indexer().mrnsDistinct(ps); err != nil { // across batches
		return err
	}
	for from := 0; from < len(ps); from += cancelBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		to := min(from+cancelBatch, len(ps))
		if err := s.insertPatients(tx, k, ps[from:to], seq+int64(from)); err != nil {
			return err
		}
	}
	return ctx.Err()
}
