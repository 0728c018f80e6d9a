package main

import (
	"errors"
	"io/fs"
)

// describeDomain maps the errors of the domain packages and the operating
// system to messages and exit codes.
func describeDomain(err error) (string, int, bool) {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "file not found", exitNotFound, true
	case errors.Is(err, fs.ErrPermission):
		return "permission denied by the operating system", exitPermission, true
	}
	return "", 0, false
}
