package auditexport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"custodia/vault"
)

// synthetic names that must never leave the vault
var names = []string{"Zyxwabeth", "Quorvandel", "q.zyx@example.org", "deskuserzyx"}

func activeVault(t *testing.T) (*vault.Vault, *vault.Session) {
	t.Helper()
	v, s := vault.NewTestVault(t)
	p, err := s.AddPatient(vault.Patient{GivenName: names[0], FamilyName: names[1], Email: names[2],
		BirthDate: time.Date(1981, 2, 3, 0, 0, 0, 0, time.UTC), Sex: "female", Diagnosis: "I10"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetPatient(p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindPatients(vault.Query{Name: names[1]}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser(names[3], vault.RoleFrontDesk, []byte("Desk-Lantern-Orchard-7")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Unlock(names[3], []byte("wrong")); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatal(err)
	}
	desk, err := v.Unlock(names[3], []byte("Desk-Lantern-Orchard-7"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk.AuditEntries(0, 10); !errors.Is(err, vault.ErrPermission) {
		t.Fatal(err)
	}
	return v, s
}

func entries(t *testing.T, s *vault.Session) []vault.AuditEntry {
	t.Helper()
	es, err := s.AuditFeed(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func noNames(t *testing.T, what string, data []byte) {
	t.Helper()
	for i, n := range names {
		if bytes.Contains(bytes.ToLower(data), bytes.ToLower([]byte(n))) {
			t.Errorf("%s contains synthetic name %d", what, i)
		}
	}
}

func TestJSONLRoundTrip(t *testing.T) {
	_, s := activeVault(t)
	es := entries(t, s)
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, s.VaultID(), es); err != nil {
		t.Fatal(err)
	}
	noNames(t, "JSON Lines", buf.Bytes())
	sc := bufio.NewScanner(&buf)
	i := 0
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		e := es[i]
		if r.Seq != e.Seq || !r.Time.Equal(e.Time) || r.Action != e.Action || r.Object != e.Object || r.UserID != e.UserID || r.Detail != e.Detail {
			t.Fatalf("line %d: %+v is not entry %+v", i+1, r, e)
		}
		i++
	}
	if i != len(es) {
		t.Fatalf("%d lines for %d entries", i, len(es))
	}
}

// rfc5424 is an independent reading of RFC 5424's ABNF for the messages we
// write: PRI, VERSION, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID,
// STRUCTURED-DATA with escaped values, optional MSG.
var rfc5424 = regexp.MustCompile(`^<(\d{1,3})>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z) ([!-~]{1,255}) ([!-~]{1,48}) ([!-~]{1,128}) ([!-~]{1,32}) \[(` + sdName + `)((?: ` + sdName + `="(?:[^"\\\]]|\\["\\\]])*")*)\](?: (.*))?$`)

// sdName is SD-NAME: printable US-ASCII but '=', ']', '"', 1 to 32 long.
const sdName = `[!#-<>-\\^-~]{1,32}`

func TestSyslogFormat(t *testing.T) {
	_, s := activeVault(t)
	es := append(entries(t, s), vault.AuditEntry{Seq: 99, Time: time.Now(), Action: "x.y", Outcome: "failed", Detail: `odd "detail" ] \ here`, Object: `a"]b`})
	for _, e := range es {
		line := Syslog("host-1", s.VaultID(), e)
		m := rfc5424.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not RFC 5424: %q", line)
		}
		pri, _ := strconv.Atoi(m[1])
		if pri/8 != facilityAuthPriv || pri > 191 {
			t.Fatalf("PRI %d", pri)
		}
		if ts, err := time.Parse(time.RFC3339Nano, m[2]); err != nil || !ts.Equal(e.Time.Truncate(time.Microsecond)) {
			t.Fatalf("timestamp %q for %v", m[2], e.Time)
		}
		if m[6] != headerField(e.Action, 32) || m[7] != sdID || m[9] != e.Detail {
			t.Fatalf("fields of %q", line)
		}
		noNames(t, "syslog", []byte(line))
	}
}

// fhirSchemaPath looks for shared/data/fhir/fhir.schema.json above the
// package directory (CUSTODIA_FHIR_SCHEMA overrides).
func fhirSchemaPath(t *testing.T) string {
	if p := os.Getenv("CUSTODIA_FHIR_SCHEMA"); p != "" {
		return p
	}
	dir, _ := os.Getwd()
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "shared", "data", "fhir", "fhir.schema.json")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("FHIR schema not found: set CUSTODIA_FHIR_SCHEMA")
	return ""
}

func TestFHIRBundleValidates(t *testing.T) {
	_, s := activeVault(t)
	var buf bytes.Buffer
	if err := WriteFHIRBundle(&buf, s.VaultID(), entries(t, s), time.Now()); err != nil {
		t.Fatal(err)
	}
	noNames(t, "FHIR bundle", buf.Bytes())
	f, err := os.Open(fhirSchemaPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "urn:custodia:schema:fhir"
	if err := c.AddResource(url, map[string]any{"$schema": "http://json-schema.org/draft-06/schema#",
		"definitions": doc.(map[string]any)["definitions"]}); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url + "#/definitions/Bundle")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("bundle does not validate against the FHIR R4 schema: %v", err)
	}
	// A broken event must not validate (the check has teeth).
	var b map[string]any
	_ = json.Unmarshal(buf.Bytes(), &b)
	b["entry"].([]any)[0].(map[string]any)["resource"].(map[string]any)["action"] = "X"
	bad, _ := json.Marshal(b)
	inst, _ = jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if sch.Validate(inst) == nil {
		t.Fatal("an AuditEvent with action X validated")
	}
}

// receiver collects syslog messages on 127.0.0.1.
type receiver struct {
	mu   sync.Mutex
	msgs []string
	addr string
	stop func()
}

func (r *receiver) add(m string) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs)
}

func udpReceiver(t *testing.T) *receiver {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &receiver{addr: "udp://" + pc.LocalAddr().String(), stop: func() { pc.Close() }}
	go func() {
		buf := make([]byte, 65536)
		for {
			n, _, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			r.add(string(buf[:n]))
		}
	}()
	t.Cleanup(r.stop)
	return r
}

// tcpReceiver reads octet-counted frames (RFC 6587).
func tcpReceiver(t *testing.T) *receiver {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &receiver{addr: "tcp://" + ln.Addr().String(), stop: func() { ln.Close() }}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					lenStr, err := br.ReadString(' ')
					if err != nil {
						return
					}
					n, err := strconv.Atoi(strings.TrimSpace(lenStr))
					if err != nil {
						return
					}
					b := make([]byte, n)
					if _, err := io.ReadFull(br, b); err != nil {
						return
					}
					r.add(string(b))
				}
			}()
		}
	}()
	t.Cleanup(r.stop)
	return r
}

// waitFor polls until the receiver has n messages (a bounded wait for
// delivery, not a timing assertion).
func waitFor(t *testing.T, r *receiver, n int) {
	t.Helper()
	for i := 0; i < 500 && r.count() < n; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if r.count() != n {
		t.Fatalf("receiver got %d messages, want %d", r.count(), n)
	}
}

func TestForwardResumesAndSendsNoNames(t *testing.T) {
	for _, mk := range []func(*testing.T) *receiver{udpReceiver, tcpReceiver} {
		v, s := activeVault(t)
		r := mk(t)
		state := filepath.Join(t.TempDir(), "fwd.state")
		fw := &Forwarder{Feed: s, Target: r.addr, StatePath: state, Host: "practice-pc"}
		n, err := fw.Once()
		if err != nil || n == 0 {
			t.Fatalf("%s: first pass sent %d: %v", r.addr, n, err)
		}
		waitFor(t, r, n)
		// A restart: a new forwarder on the same state sends only what is new.
		if _, err := s.FindPatients(vault.Query{Name: names[0]}); err != nil {
			t.Fatal(err)
		}
		fw2 := &Forwarder{Feed: s, Target: r.addr, StatePath: state, Host: "practice-pc"}
		m, err := fw2.Once()
		if err != nil || m == 0 {
			t.Fatalf("second pass sent %d: %v", m, err)
		}
		waitFor(t, r, n+m)
		seqs := map[string]bool{}
		for _, msg := range r.msgs {
			seq := regexp.MustCompile(`seq="(\d+)"`).FindStringSubmatch(msg)
			if seq == nil || seqs[seq[1]] {
				t.Fatalf("message without seq or sent twice: %q", msg)
			}
			seqs[seq[1]] = true
			noNames(t, "forwarded message", []byte(msg))
		}
		// An idle vault: polling adds no entries of its own.
		if k, err := fw2.Once(); err != nil || k != 0 {
			t.Fatalf("idle poll sent %d, %v", k, err)
		}
		if k, err := fw2.Once(); err != nil || k != 0 {
			t.Fatalf("second idle poll sent %d, %v", k, err)
		}
		_ = v
	}
}
