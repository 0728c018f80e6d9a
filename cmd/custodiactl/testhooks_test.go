package main

import (
	"testing"
	"time"

	"custodia/vault"
)

// Keys of the test environment maps that are not environment variables of
// the program: runCLI turns them into in-process test hooks. The shipped
// binary knows neither name (TestBinariesHaveNoTestSwitches).
const (
	envWeakKDF = "TEST_WEAK_KDF" // "1": weak Argon2id parameters
	envNow     = "TEST_NOW"      // fixed clock of the GDPR commands (RFC 3339 or YYYY-MM-DDTHH:MM)
)

func hooksOf(t *testing.T, env map[string]string) testHooks {
	t.Helper()
	var h testHooks
	if env[envWeakKDF] == "1" {
		weak := vault.WeakKDFParams()
		h.kdf = &weak
	}
	if v := env[envNow]; v != "" {
		at, err := parseTime(v)
		if err != nil {
			t.Fatalf("test clock %q is not a time", v)
		}
		h.clock = func() time.Time { return at }
	}
	return h
}
