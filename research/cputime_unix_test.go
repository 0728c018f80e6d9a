//go:build unix

package research

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the test process used so far: benchmarks
// report it next to wall time, which a shared machine stretches.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
