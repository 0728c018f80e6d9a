package vault

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cost is what the process used so far: CPU time (user + system) and bytes
// handed to write(2) (Linux /proc/self/io "wchar"; 0 elsewhere). On a
// shared machine wall time swings with other people's fsyncs; these two
// show what the code itself costs.
type cost struct {
	cpu   time.Duration
	wchar int64
}

func processCost() cost {
	var c cost
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		c.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	f, err := os.Open("/proc/self/io")
	if err != nil {
		return c
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "wchar: "); ok {
			c.wchar, _ = strconv.ParseInt(v, 10, 64)
		}
	}
	return c
}

// reportCost reports the CPU time and bytes written per patient since c0.
func reportCost(b *testing.B, c0 cost, patients int) {
	c := processCost()
	b.ReportMetric(float64(c.cpu-c0.cpu)/float64(patients), "cpu-ns/patient")
	b.ReportMetric(float64(c.wchar-c0.wchar)/float64(patients), "written-B/patient")
}
