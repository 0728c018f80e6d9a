package vault

import "crypto/sha256"

// hmacBlock is SHA-256's block size, the HMAC pad length.
const hmacBlock = 64

// hkdf32 is HKDF-SHA256 (RFC 5869) with a 32-byte output: Extract then the
// first Expand block, T(1) = HMAC(PRK, info || 0x01). It gives the same
// bytes as golang.org/x/crypto/hkdf read for 32 bytes (tested), but works on
// stack buffers with sha256.Sum256: every sealed or opened patient derives
// two field keys, and the general HKDF reader with its two HMAC states cost
// about a quarter of sealing a new patient's twelve fields. Keys longer
// than a block are hashed first, as HMAC specifies; info must be at most
// 127 bytes (the field-key labels are about 30).
func hkdf32(secret, salt []byte, info string) [32]byte {
	prk := hmacSHA256(salt, secret, "")
	out := hmacSHA256(prk[:], []byte(info), "\x01")
	clear(prk[:])
	return out
}

// hmacSHA256 is HMAC-SHA256(key, msg || tail) for messages of at most 128
// bytes.
func hmacSHA256(key, msg []byte, tail string) [32]byte {
	if len(key) > hmacBlock {
		h := sha256.Sum256(key)
		key = h[:]
	}
	var buf [hmacBlock + 128]byte
	if len(msg)+len(tail) > len(buf)-hmacBlock {
		panic("vault: hmacSHA256 message too long")
	}
	pad := buf[:hmacBlock]
	copy(pad, key)
	for i := range pad {
		pad[i] ^= 0x36
	}
	n := hmacBlock + copy(buf[hmacBlock:], msg)
	n += copy(buf[n:], tail)
	inner := sha256.Sum256(buf[:n])
	for i := range pad {
		pad[i] ^= 0x36 ^ 0x5c
	}
	n = hmacBlock + copy(buf[hmacBlock:], inner[:])
	out := sha256.Sum256(buf[:n])
	clear(buf[:])
	clear(inner[:])
	return out
}
