package main

import (
	"encoding/json"
	"net"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAuditExportFormats(t *testing.T) {
	env := initVault(t)
	addPatient(t, env)
	lines := strings.Split(strings.TrimSpace(mustRun(t, env, "audit", "export", "--format", "jsonl")), "\n")
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil || m["seq"] != float64(i+1) {
			t.Fatalf("line %d: %q (%v)", i+1, l, err)
		}
	}
	sys := mustRun(t, env, "audit", "export", "--format", "syslog", "--host", "pc1")
	if !strings.HasPrefix(sys, "<") || !strings.Contains(sys, " pc1 custodia - ") {
		t.Fatalf("syslog export: %s", sys)
	}
	var b map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, env, "audit", "export", "--format", "fhir")), &b); err != nil || b["resourceType"] != "Bundle" {
		t.Fatalf("fhir export: %v", err)
	}
	for _, out := range []string{sys} {
		if strings.Contains(out, "Durand") || strings.Contains(out, "Élise") {
			t.Fatal("export names a patient")
		}
	}
	mustFail(t, env, exitUsage, "audit", "export", "--format", "csv")
}

func TestAuditForwardUDP(t *testing.T) {
	env := initVault(t)
	addPatient(t, env)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	var mu sync.Mutex
	var got []string
	go func() {
		buf := make([]byte, 65536)
		for {
			n, _, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			mu.Lock()
			got = append(got, string(buf[:n]))
			mu.Unlock()
		}
	}()
	target := "udp://" + pc.LocalAddr().String()
	state := filepath.Join(t.TempDir(), "fwd.state")
	count := func(out string) int {
		m := regexp.MustCompile(`sent (\d+) audit entries`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("output: %s", out)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	n1 := count(mustRun(t, env, "audit", "forward", "--syslog", target, "--state", state, "--once"))
	mustRun(t, env, "patient", "find", "--name", "Durand")
	n2 := count(mustRun(t, env, "audit", "forward", "--syslog", target, "--state", state, "--once"))
	for i := 0; i < 500; i++ {
		mu.Lock()
		k := len(got)
		mu.Unlock()
		if k >= n1+n2 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if n1 == 0 || n2 == 0 || len(got) != n1+n2 {
		t.Fatalf("sent %d then %d, received %d", n1, n2, len(got))
	}
	seen := map[string]bool{}
	for _, m := range got {
		if strings.Contains(m, "Durand") || strings.Contains(m, "Élise") || strings.Contains(m, "elise") {
			t.Fatal("a forwarded message names the patient")
		}
		seq := regexp.MustCompile(`seq="(\d+)"`).FindStringSubmatch(m)
		if seq == nil || seen[seq[1]] {
			t.Fatalf("missing or repeated seq in %q", m)
		}
		seen[seq[1]] = true
	}
	mustFail(t, env, exitUsage, "audit", "forward", "--syslog", "http://x:1", "--once")
}
