//go:build !unix

package consent

import "time"

func processCPU() time.Duration { return 0 }
