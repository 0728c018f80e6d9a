package research

import (
	"errors"
	"fmt"

	"filippo.io/age"
)

// PackageProblem is the code of what is wrong with a package that does
// not open (PackageError). Front ends word it through custodia/i18n with
// the file it names, never by the error's English text.
type PackageProblem string

// What can be wrong with a package.
const (
	PkgWrongKey   PackageProblem = "wrong-key"   // no key given opens it: another recipient, a wrong passphrase or identity
	PkgNoKey      PackageProblem = "no-key"      // no key to try: neither a passphrase nor an account key
	PkgNotPackage PackageProblem = "not-package" // not an encrypted package, or its header is damaged
	PkgDamaged    PackageProblem = "damaged"     // the encrypted contents fail their check or cannot be unpacked
	PkgEntry      PackageProblem = "entry"       // File: an entry that is not a plain file inside the package
	PkgTwice      PackageProblem = "twice"       // File: a file twice
	PkgManifest   PackageProblem = "manifest"    // manifest.json missing, unreadable or of another format
	PkgMissing    PackageProblem = "missing"     // File: listed in the manifest but missing
	PkgChanged    PackageProblem = "changed"     // File: its SHA-256 or size differs from the manifest's
	PkgUnlisted   PackageProblem = "unlisted"    // File: a file the manifest does not list
	PkgRequired   PackageProblem = "required"    // File: data.csv or report.json not in the package
	PkgReport     PackageProblem = "report"      // report.json unreadable
	PkgData       PackageProblem = "data"        // the data file cannot be re-checked
)

// PackageProblems lists every code a PackageError can carry.
func PackageProblems() []PackageProblem {
	return []PackageProblem{PkgWrongKey, PkgNoKey, PkgNotPackage, PkgDamaged, PkgEntry, PkgTwice, PkgManifest,
		PkgMissing, PkgChanged, PkgUnlisted, PkgRequired, PkgReport, PkgData}
}

// PackageError is a package that does not open: what is wrong (Problem)
// and with which of its files (File, when the problem names one). It
// wraps ErrPackage and the cause; Error is the English text for logs.
type PackageError struct {
	Problem PackageProblem
	File    string
	detail  string
	err     error
}

func (e *PackageError) Error() string { return ErrPackage.Error() + ": " + e.detail }

// Unwrap gives ErrPackage and the cause.
func (e *PackageError) Unwrap() []error {
	if e.err == nil {
		return []error{ErrPackage}
	}
	return []error{ErrPackage, e.err}
}

// packageErr is a PackageError about file (or none) with its English
// detail.
func packageErr(p PackageProblem, file string, cause error, format string, args ...any) *PackageError {
	return &PackageError{Problem: p, File: file, detail: fmt.Sprintf(format, args...), err: cause}
}

// NoKeyError is the PackageError of a package opened with no key at all.
func NoKeyError() error {
	return packageErr(PkgNoKey, "", nil, "no key to open the package with (give the passphrase)")
}

// decryptErr tells a key that does not fit from a file that is no
// package at all.
func decryptErr(err error) error {
	var nm *age.NoIdentityMatchError
	if errors.As(err, &nm) || errors.Is(err, age.ErrIncorrectIdentity) {
		return packageErr(PkgWrongKey, "", err, "decrypt: %v", err)
	}
	return packageErr(PkgNotPackage, "", err, "decrypt: %v", err)
}
