// Package passphrase makes strong passphrases people can read out and
// type: words drawn uniformly with crypto/rand from the EFF large
// wordlist (7,772 plain words after leaving out the four with hyphens,
// about 12.9 bits each), joined by hyphens. Access packages are
// protected with one; it is shown once and never stored.
package passphrase
