// Command v1dump writes, as JSON, what the format-1 code reads from a
// vault (a copy: reading adds audit entries). Usage: v1dump VAULT ERASED-ID...
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"custodia/vault"
	"custodia/vault/demo"
)

func main() {
	weak := vault.WeakKDFParams()
	now := func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) }
	v, err := vault.Open(os.Args[1], vault.Options{KDF: &weak, Now: now})
	if err != nil {
		fail(err)
	}
	defer v.Close()
	s, err := v.Unlock(demo.AdminName, []byte(demo.AdminPassphrase))
	if err != nil {
		fail(err)
	}
	d, err := dumpSession(s, os.Args[2:])
	if err != nil {
		fail(err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(d); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "v1dump:", err)
	os.Exit(1)
}
