package vault

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const crashEnv = "CUSTODIA_VAULT_CRASH_CHILD"

// TestCrashChild is the child half of TestCrashSafety: it writes patients in
// a loop and prints each committed id until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestCrashSafety only")
	}
	weak := WeakKDFParams()
	v, err := Open(path, Options{KDF: &weak})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	r := rand.New(rand.NewPCG(11, 11))
	for i := 0; ; i++ {
		p, err := s.AddPatient(fakePatient(r, i))
		if err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println("committed", p.ID) // os.Stdout is unbuffered
		if i%3 == 0 {                  // updates and reads are in flight too
			if _, err := s.UpdatePatient(p); err != nil {
				fmt.Println("error", err)
				os.Exit(2)
			}
		}
	}
}

// TestCrashSafety SIGKILLs a writer mid-stream and checks that the vault
// opens, passes integrity_check and VerifyAudit, and holds every id the child
// reported as committed.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	path := filepath.Join(t.TempDir(), "crash.vault")
	weak := WeakKDFParams()
	if _, err := Create(path, TestAdminName, []byte(TestAdminPassphrase), Options{KDF: &weak}); err != nil {
		t.Fatal(err)
	}
	ids := runAndKill(t, path, 60)

	v, err := Open(path, Options{KDF: &weak})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer v.Close()
	var check string
	if err := v.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatalf("VerifyAudit after kill: %v", err)
	}
	for _, id := range ids {
		if _, err := s.GetPatient(id); err != nil {
			t.Fatalf("committed patient %s: %v", id, err)
		}
	}
	n, err := s.CountPatients()
	if err != nil || n < len(ids) {
		t.Fatalf("CountPatients = %d, %v; want >= %d", n, err, len(ids))
	}
}

// runAndKill starts the child, reads committed ids until it has want of
// them, then kills it with SIGKILL.
func runAndKill(t *testing.T, path string, want int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var ids []string
	sc := bufio.NewScanner(out)
	for len(ids) < want && sc.Scan() {
		line := sc.Text()
		if id, ok := strings.CutPrefix(line, "committed "); ok {
			ids = append(ids, id)
		} else if strings.HasPrefix(line, "error") {
			t.Errorf("child: %s", line)
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(ids) < want {
		t.Fatalf("child reported %d ids before stopping, want %d", len(ids), want)
	}
	return ids
}
