package app

import (
	"context"
	"errors"
)

// isCancel reports whether err says the caller gave up (a cancelled
// context or one that ran out of time).
func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
