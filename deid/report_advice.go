package deid

import (
	"context"
	"fmt"
	"math"
	"strings"
)

// NoSolutionAdvice explains, for people, why no transformation satisfies
// cfg on t and what would help: which model fails even when every
// quasi-identifier is fully generalised, or how much suppression a
// solution needs. It runs the search again with unlimited suppression, so
// call it only after Anonymize returned ErrNoSolution.
func NoSolutionAdvice(ctx context.Context, t *Table, cfg Config) string {
	n := t.Rows()
	k := 1
	for _, m := range cfg.Models {
		if ka, ok := m.(KAnonymity); ok {
			k = max(k, ka.K)
		}
	}
	if n < k {
		return fmt.Sprintf("the input has %d records, fewer than k=%d: lower k to at most %d", n, k, n)
	}
	if cc, err := newClassChecks(t, cfg); err == nil {
		all := make([]int32, n)
		for i := range all {
			all[i] = int32(i)
		}
		if f := cc.failing(all); f != "" {
			return fmt.Sprintf("even with every quasi-identifier fully generalised the whole table violates %s: lower l, raise c or t, or choose another sensitive attribute", f)
		}
	}
	relaxed := cfg
	relaxed.SuppressionLimit = 1
	relaxed.Progress = nil
	res, err := Anonymize(ctx, t, relaxed)
	if err != nil {
		return "no transformation satisfies " + strings.Join(modelNames(cfg.Models), ", ") + " even with unlimited suppression: lower k or l"
	}
	need := math.Ceil(10000*float64(res.Suppressed)/float64(n)) / 100
	return fmt.Sprintf("a transformation satisfying %s exists with %.2f %% of records suppressed: raise the suppression limit to at least %.2f %% (%.4f), or lower k or l",
		strings.Join(res.Models, ", "), need, need, need/100)
}

func modelNames(ms []Model) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		if m != nil {
			out = append(out, m.String())
		}
	}
	return out
}
