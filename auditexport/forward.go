package auditexport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"time"

	"custodia/vault"
)

// Feed is what the forwarder reads: *vault.Session.
type Feed interface {
	AuditFeed(afterSeq int64, limit int) ([]vault.AuditEntry, error)
	VaultID() string
}

// ErrState: the state file is unreadable or belongs to another vault.
var ErrState = errors.New("auditexport: forwarding state")

// Forwarder sends new audit entries to a syslog receiver.
type Forwarder struct {
	Feed Feed
	// Target is udp://HOST:PORT or tcp://HOST:PORT.
	Target string
	// StatePath keeps the last sequence number sent.
	StatePath string
	// Host is the HOSTNAME field of the messages.
	Host string
	// Interval between polls in Run.
	Interval time.Duration
	// Dial opens the connection; nil: net.Dialer with a 10 s timeout.
	Dial func(network, addr string) (net.Conn, error)
}

type forwardState struct {
	Vault string `json:"vault"`
	Seq   int64  `json:"seq"`
}

// ParseTarget checks a udp:// or tcp:// syslog target and returns the
// network and address.
func ParseTarget(target string) (network, addr string, err error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "udp" && u.Scheme != "tcp") || u.Host == "" || u.Port() == "" || u.Path != "" {
		return "", "", fmt.Errorf("auditexport: syslog target %q: want udp://HOST:PORT or tcp://HOST:PORT", target)
	}
	return u.Scheme, u.Host, nil
}

func (f *Forwarder) readState() (int64, error) {
	b, err := os.ReadFile(f.StatePath)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrState, err)
	}
	var st forwardState
	if err := json.Unmarshal(b, &st); err != nil {
		return 0, fmt.Errorf("%w: %s is not a forwarding state file: %v", ErrState, f.StatePath, err)
	}
	if st.Vault != f.Feed.VaultID() {
		return 0, fmt.Errorf("%w: %s belongs to vault %s, not %s", ErrState, f.StatePath, st.Vault, f.Feed.VaultID())
	}
	return st.Seq, nil
}

func (f *Forwarder) writeState(seq int64) error {
	b, _ := json.Marshal(forwardState{Vault: f.Feed.VaultID(), Seq: seq})
	tmp := f.StatePath + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("%w: %v", ErrState, err)
	}
	return os.Rename(tmp, f.StatePath)
}

// Once sends every entry after the saved state, in batches, saving the
// state after each batch the receiver took. It returns how many it sent.
func (f *Forwarder) Once() (int, error) {
	network, addr, err := ParseTarget(f.Target)
	if err != nil {
		return 0, err
	}
	seq, err := f.readState()
	if err != nil {
		return 0, err
	}
	var conn net.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	sent := 0
	for {
		es, err := f.Feed.AuditFeed(seq, 1000)
		if err != nil || len(es) == 0 {
			return sent, err
		}
		if conn == nil {
			if conn, err = f.dial(network, addr); err != nil {
				return sent, fmt.Errorf("auditexport: connect to %s: %w", f.Target, err)
			}
		}
		for _, e := range es {
			if err := send(conn, network, Syslog(f.Host, f.Feed.VaultID(), e)); err != nil {
				return sent, fmt.Errorf("auditexport: send to %s: %w", f.Target, err)
			}
			sent++
		}
		seq = es[len(es)-1].Seq
		if err := f.writeState(seq); err != nil {
			return sent, err
		}
	}
}

func (f *Forwarder) dial(network, addr string) (net.Conn, error) {
	if f.Dial != nil {
		return f.Dial(network, addr)
	}
	d := net.Dialer{Timeout: 10 * time.Second}
	return d.Dial(network, addr)
}

// send writes one message: a datagram over UDP (RFC 5426), octet-counted
// over TCP (RFC 6587 §3.4.1).
func send(conn net.Conn, network, msg string) error {
	if network == "tcp" {
		msg = fmt.Sprintf("%d %s", len(msg), msg)
	}
	_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_, err := conn.Write([]byte(msg))
	return err
}

// Run calls Once every Interval until ctx ends. A failed pass is reported
// through report (if not nil) and retried at the next interval; nothing is
// lost, because the state only moves after a send.
func (f *Forwarder) Run(ctx context.Context, report func(sent int, err error)) error {
	interval := f.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	for {
		n, err := f.Once()
		if errors.Is(err, ErrState) {
			return err
		}
		if report != nil && (n > 0 || err != nil) {
			report(n, err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(interval):
		}
	}
}
