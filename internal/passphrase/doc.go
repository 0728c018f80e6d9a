// Package passphrase makes strong passphrases people can read out and
// type: six words drawn uniformly with crypto/rand from the EFF large
// wordlist's plain words of three to five letters (1,476 of them), joined
// by hyphens, at most 32 characters long, about 62 bits.
//
// The length limit is for the readers: poppler (evince, okular,
// pdftotext on Linux) refuses AES-256 PDF passwords longer than 32 bytes,
// so a longer passphrase would lock some patients out of their own data.
// Passphrases over 32 characters are drawn again, which keeps the choice
// uniform among those that fit (Bits gives the exact strength).
package passphrase
