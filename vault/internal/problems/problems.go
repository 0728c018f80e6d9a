// Package problems is the capped list of input problems the vault's
// importers (clinicalcsv, patientcsv, fhirimport) report: the first Max
// problems in full, then only how many more there were, so a file with a
// million bad lines gives a readable error and bounded memory. Each
// importer keeps its own exported error type (its fields are its API);
// they share the capping, the emptiness check and the English text here.
package problems

import (
	"fmt"
	"strings"
)

// Max is how many problems an importer lists before it only counts.
const Max = 100

// Add appends p to *items, or only counts it in *more once *items holds
// max problems.
func Add[P any](items *[]P, more *int, max int, p P) {
	if len(*items) >= max {
		*more++
		return
	}
	*items = append(*items, p)
}

// None reports whether no problem was found.
func None[P any](items []P, more int) bool { return len(items) == 0 && more == 0 }

// Text is the English text of an importer's error (for logs; front ends
// word the problems themselves): "who: 3 problems", then each problem on
// its own indented line as line words it, then "and N more".
func Text[P any](who string, items []P, more int, line func(P) string) string {
	var b strings.Builder
	n := len(items) + more
	fmt.Fprintf(&b, "%s: %d problem", who, n)
	if n != 1 {
		b.WriteString("s")
	}
	for _, p := range items {
		b.WriteString("\n  " + line(p))
	}
	if more > 0 {
		fmt.Fprintf(&b, "\n  and %d more", more)
	}
	return b.String()
}
