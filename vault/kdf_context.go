package vault

import (
	"bytes"
	"context"
)

// deriveKeyContext is deriveKey that stops waiting when ctx is done.
// Argon2id (golang.org/x/crypto/argon2) has no way to stop half-way, so the
// derivation runs in its own goroutine on a copy of the secret; when the
// caller gives up, that goroutine finishes in the background, clears the
// copy and the key it derived, and hands them to no one. A context that
// can never be done derives on the caller's goroutine.
func deriveKeyContext(ctx context.Context, secret, salt []byte, p KDFParams) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ctx.Done() == nil {
		return deriveKey(secret, salt, p), nil
	}
	sec := bytes.Clone(secret)
	out := make(chan []byte) // unbuffered: a key is handed over only to a caller still waiting
	go func() {
		k := deriveKey(sec, salt, p)
		clear(sec)
		select {
		case out <- k:
		case <-ctx.Done():
			clear(k)
		}
	}()
	select {
	case k := <-out:
		return k, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
