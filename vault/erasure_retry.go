package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"custodia/consent"
)

// ErrCheckpointBusy: a change was committed but another process kept the
// old pages in the write-ahead log readable longer than the retries
// lasted. The change stands; calling the operation again (or closing the
// vault) finishes the checkpoint.
var ErrCheckpointBusy = errors.New("vault: the WAL checkpoint is waiting for another reader")

// checkpointRetries bound how long a destructive operation waits for other
// readers (another custodiactl, a backup) to let go of old WAL pages:
// 50 ms, 100 ms, … capped at 1 s, about 30 s in all.
const (
	checkpointFirstWait = 50 * time.Millisecond
	checkpointMaxWait   = time.Second
	checkpointBudget    = 30 * time.Second
)

// checkpointClean checkpoints and truncates the WAL, retrying while another
// connection still reads old pages, so freed (zeroed) pages of erased data
// leave no copy in the WAL. ErrCheckpointBusy after the budget.
func (v *Vault) checkpointClean() error {
	ctx := context.Background()
	conn, err := v.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("vault: connection: %w", err)
	}
	defer conn.Close()
	// The retries below do the waiting; SQLite's own busy handler would
	// block each attempt for the whole busy timeout.
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return fmt.Errorf("vault: checkpoint: %w", err)
	}
	defer conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeoutMS))
	wait, spent := checkpointFirstWait, time.Duration(0)
	for {
		var busy, logFrames, done int
		err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done)
		if err == nil && busy == 0 {
			return nil
		}
		if err == nil {
			err = errors.New("database busy")
		}
		if spent >= checkpointBudget {
			return fmt.Errorf("%w: %v", ErrCheckpointBusy, err)
		}
		v.sleep(wait)
		spent += wait
		wait = min(2*wait, checkpointMaxWait)
	}
}

// sleep waits d; tests may replace Vault.sleepFn.
func (v *Vault) sleep(d time.Duration) {
	if v.sleepFn != nil {
		v.sleepFn(d)
		return
	}
	time.Sleep(d)
}

// erasureDone makes ExecuteErasure retryable: when the patient was already
// erased under the same request (an earlier call committed but failed
// afterwards, e.g. on the checkpoint), it returns that erasure's results
// from its certificate instead of "not found".
func (s *Session) erasureDone(plan consent.ErasurePlan) ([]consent.ExecutionResult, bool, error) {
	var results []consent.ExecutionResult
	var done bool
	err := s.runRead(PermRequestDecide, "erasure.execute", "patient:"+plan.SubjectID, func(tx *txn, k *keys) error {
		var certID string
		err := tx.QueryRow("SELECT certificate_id FROM erased_patients WHERE patient_id = ? AND request_id = ?",
			plan.SubjectID, plan.RequestID).Scan(&certID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		cs, err := listCertificates(tx, certID)
		if err != nil {
			return err
		}
		done = true
		for _, c := range cs {
			for _, it := range c.Items {
				results = append(results, consent.ExecutionResult{Category: it.Category, RecordID: it.RecordID, Action: it.Action, Records: it.Records, Note: it.Note})
			}
		}
		return s.audit(tx, k, "erasure.execute", "patient:"+plan.SubjectID, outcomeOK, "already erased under request "+plan.RequestID+"; checkpoint retried")
	})
	return results, done, err
}
