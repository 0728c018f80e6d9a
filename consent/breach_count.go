package consent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Approx is an approximate number of a breach (Art. 33(3)(a)) that may not
// be known yet (Art. 33(4) allows giving information in phases). The zero
// value is unknown; JSON is a number, or null when unknown.
type Approx struct {
	n     int
	known bool
}

// ApproxOf is a known approximate number.
func ApproxOf(n int) Approx { return Approx{n: n, known: true} }

// Known reports whether the number is known.
func (a Approx) Known() bool { return a.known }

// N is the number; 0 when unknown.
func (a Approx) N() int { return a.n }

// IsZero reports an unknown number (for omitzero).
func (a Approx) IsZero() bool { return !a.known }

// String is the number, or "unknown".
func (a Approx) String() string {
	if !a.known {
		return "unknown"
	}
	return strconv.Itoa(a.n)
}

// ParseApprox reads a number, or "" / "unknown" for unknown. It returns
// ErrInvalid for anything else or a negative number.
func ParseApprox(s string) (Approx, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "unknown") {
		return Approx{}, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return Approx{}, fmt.Errorf("want a whole number or \"unknown\": %w", ErrInvalid)
	}
	return ApproxOf(n), nil
}

// MarshalJSON writes the number or null.
func (a Approx) MarshalJSON() ([]byte, error) {
	if !a.known {
		return []byte("null"), nil
	}
	return []byte(strconv.Itoa(a.n)), nil
}

// UnmarshalJSON reads a number, null or "unknown".
func (a *Approx) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" || string(data) == `"unknown"` {
		*a = Approx{}
		return nil
	}
	var n int
	if err := json.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("want a number, null or \"unknown\": %w", ErrInvalid)
	}
	*a = ApproxOf(n)
	return nil
}
