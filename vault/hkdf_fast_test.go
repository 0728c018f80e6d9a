package vault

import (
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"testing"

	"golang.org/x/crypto/hkdf"
)

// TestHKDF32MatchesHKDF: the stack HKDF gives the bytes of the reference
// implementation (golang.org/x/crypto/hkdf) for random secrets, salts of
// every length around the block size, and the field-key labels.
func TestHKDF32MatchesHKDF(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	bytesOf := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return b
	}
	infos := []string{"", "custodia/v2/field/" + catIdentity, "custodia/v2/field/" + catClinical, string(bytesOf(127))}
	for _, saltLen := range []int{0, 1, 31, 32, 33, 63, 64, 65, 100, 200} {
		for _, secretLen := range []int{0, 16, 32, 64, 128} {
			for _, info := range infos {
				secret, salt := bytesOf(secretLen), bytesOf(saltLen)
				want := make([]byte, 32)
				if _, err := io.ReadFull(hkdf.New(sha256.New, secret, salt, []byte(info)), want); err != nil {
					t.Fatal(err)
				}
				if got := hkdf32(secret, salt, info); string(got[:]) != string(want) {
					t.Fatalf("salt %d, secret %d, info %d bytes: hkdf32 differs from x/crypto/hkdf", saltLen, secretLen, len(info))
				}
			}
		}
	}
}
