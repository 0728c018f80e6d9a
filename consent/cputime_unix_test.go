//go:build unix

package consent

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the test process used so far, so that
// benchmarks on a shared machine can report CPU time next to wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
