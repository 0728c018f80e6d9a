package problems

import (
	"fmt"
	"strings"
	"testing"
)

// For every number of problems around the cap, the list keeps the first
// max in order and counts the rest; the text names the total (singular
// for one), each kept problem and the rest.
func TestListKeepsTheFirstAndCountsTheRest(t *testing.T) {
	const max = 3
	for n := 0; n <= 2*max; n++ {
		var items []int
		more := 0
		for i := range n {
			Add(&items, &more, max, i)
		}
		kept := min(n, max)
		if len(items) != kept || more != n-kept || None(items, more) != (n == 0) {
			t.Fatalf("%d added: %v and %d more", n, items, more)
		}
		for i, p := range items {
			if p != i {
				t.Fatalf("%d added: item %d is %d", n, i, p)
			}
		}
		text := Text("x", items, more, func(p int) string { return fmt.Sprintf("p%d", p) })
		head := fmt.Sprintf("x: %d problem", n)
		if n != 1 {
			head += "s"
		}
		lines := strings.Split(text, "\n")
		if lines[0] != head || len(lines) != 1+kept+min(1, n-kept) {
			t.Errorf("%d added: %q", n, text)
		}
		for i := range kept {
			if lines[1+i] != fmt.Sprintf("  p%d", i) {
				t.Errorf("%d added: line %d is %q", n, 1+i, lines[1+i])
			}
		}
		if n > max && lines[len(lines)-1] != fmt.Sprintf("  and %d more", n-max) {
			t.Errorf("%d added: last line %q", n, lines[len(lines)-1])
		}
	}
}
