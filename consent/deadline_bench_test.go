package consent

import (
	"testing"
	"time"
)

// BenchmarkDue measures one due date with and without public holidays
// (the queue computes it for every row).
func BenchmarkDue(b *testing.B) {
	for _, j := range []string{"", "DE-BY", "CH-GE"} {
		b.Run("jurisdiction="+j, func(b *testing.B) {
			r := Request{Type: ReqAccess, ReceivedAt: time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC), Jurisdiction: j}
			for b.Loop() {
				_ = r.Due()
			}
		})
	}
}
