package vault

import (
	"fmt"
	"time"

	"golang.org/x/crypto/argon2"
)

// KDFParams are Argon2id parameters. They are stored in every key slot, so
// slots made with different parameters coexist in one vault.
type KDFParams struct {
	Time      uint32 // Argon2id passes, >= 3 in production
	MemoryKiB uint32 // >= 64*1024 in production
	Threads   uint8  // >= 4 in production
}

// Production floor for Argon2id parameters.
const (
	minTime      = 3
	minMemoryKiB = 64 * 1024
	minThreads   = 4
	maxTime      = 64
	// DefaultUnlockTime is the unlock duration CalibrateKDF aims for when Options.KDF is nil.
	DefaultUnlockTime = 750 * time.Millisecond
)

// String describes the parameters (no secrets).
func (k KDFParams) String() string {
	return fmt.Sprintf("argon2id t=%d m=%dKiB p=%d", k.Time, k.MemoryKiB, k.Threads)
}

// CalibrateKDF measures Argon2id on this machine and returns parameters that
// take about target per derivation, never below t=3, 64 MiB, p=4. Memory and
// threads stay at the floor; the number of passes grows.
func CalibrateKDF(target time.Duration) KDFParams {
	p := KDFParams{Time: minTime, MemoryKiB: minMemoryKiB, Threads: minThreads}
	elapsed := fastestKDF(p, calibrationRuns)
	if elapsed <= 0 || elapsed >= target {
		return p
	}
	t := uint64(p.Time) * uint64(target) / uint64(elapsed)
	p.Time = uint32(min(max(t, minTime), maxTime))
	return p
}

// calibrationRuns is how many timed runs CalibrateKDF takes the fastest of,
// after one untimed run. The first run pays for faulting in the memory and
// a busy machine slows any single run; either would make a pass look
// dearer than it is and the calibrated unlock shorter than intended.
const calibrationRuns = 3

func fastestKDF(p KDFParams, runs int) time.Duration {
	timeKDF(p)
	best := time.Duration(0)
	for range runs {
		if d := timeKDF(p); best == 0 || d < best {
			best = d
		}
	}
	return best
}

func timeKDF(p KDFParams) time.Duration {
	start := time.Now()
	deriveKey([]byte("calibration"), make([]byte, saltLen), p)
	return time.Since(start)
}

// WeakKDFParams are fast parameters for tests only: t=1, 8 MiB, p=1.
func WeakKDFParams() KDFParams {
	return KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}
}

// checkKDF rejects parameters a stored slot could use to make unlocking hang
// or to exhaust memory (values a tampered file might carry).
func checkKDF(p KDFParams) error {
	if p.Time < 1 || p.Time > 1000 || p.MemoryKiB < 8 || p.MemoryKiB > 4<<20 || p.Threads < 1 {
		return fmt.Errorf("%w: key slot has out-of-range KDF parameters (%s)", ErrIntegrity, p)
	}
	return nil
}

func deriveKey(secret, salt []byte, p KDFParams) []byte {
	return argon2.IDKey(secret, salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
}
