package ui

import (
	"sync"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		c.t = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	}
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.Now()
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
