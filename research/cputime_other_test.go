//go:build !unix

package research

import "time"

func processCPU() time.Duration { return 0 }
