package deid

import (
	"context"
	"fmt"
	"math"
	"strings"
)

// AdviceKind says why no transformation satisfies a configuration.
type AdviceKind string

// The kinds of advice NoSolutionAdvice gives.
const (
	// AdviceFewerRecords: the input has fewer Records than K; lower k to
	// at most Records.
	AdviceFewerRecords AdviceKind = "fewer-records"
	// AdviceModelFails: even fully generalised, the whole table violates
	// Model (an l-diversity or t-closeness model): lower l, raise c or t,
	// or choose another sensitive attribute.
	AdviceModelFails AdviceKind = "model-fails"
	// AdviceUnsatisfiable: Models hold for no transformation even with
	// unlimited suppression: lower k or l.
	AdviceUnsatisfiable AdviceKind = "unsatisfiable"
	// AdviceMoreSuppression: a transformation satisfying Models exists
	// with NeedPercent % of the records suppressed: raise the limit to at
	// least that, or lower k or l.
	AdviceMoreSuppression AdviceKind = "more-suppression"
)

// Advice says why no transformation satisfies a configuration and what
// would help, as data: front ends word it from Kind and the fields (the
// models in the engine's notation); String is the English text for logs.
type Advice struct {
	Kind        AdviceKind
	Records, K  int      // AdviceFewerRecords
	Model       string   // AdviceModelFails
	Models      []string // AdviceUnsatisfiable, AdviceMoreSuppression
	NeedPercent float64  // AdviceMoreSuppression: rounded up to 0.01 %
}

func (a Advice) String() string {
	switch a.Kind {
	case AdviceFewerRecords:
		return fmt.Sprintf("the input has %d records, fewer than k=%d: lower k to at most %d", a.Records, a.K, a.Records)
	case AdviceModelFails:
		return fmt.Sprintf("even with every quasi-identifier fully generalised the whole table violates %s: lower l, raise c or t, or choose another sensitive attribute", a.Model)
	case AdviceUnsatisfiable:
		return "no transformation satisfies " + strings.Join(a.Models, ", ") + " even with unlimited suppression: lower k or l"
	}
	return fmt.Sprintf("a transformation satisfying %s exists with %.2f %% of records suppressed: raise the suppression limit to at least %.2f %% (%.4f), or lower k or l",
		strings.Join(a.Models, ", "), a.NeedPercent, a.NeedPercent, a.NeedPercent/100)
}

// NoSolutionAdvice explains why no transformation satisfies cfg on t and
// what would help: which model fails even when every quasi-identifier is
// fully generalised, or how much suppression a solution needs. It runs
// the search again with unlimited suppression, so call it only after
// Anonymize returned ErrNoSolution.
func NoSolutionAdvice(ctx context.Context, t *Table, cfg Config) Advice {
	n := t.Rows()
	k := 1
	for _, m := range cfg.Models {
		if ka, ok := m.(KAnonymity); ok {
			k = max(k, ka.K)
		}
	}
	if n < k {
		return Advice{Kind: AdviceFewerRecords, Records: n, K: k}
	}
	if cc, err := newClassChecks(t, cfg); err == nil {
		all := make([]int32, n)
		for i := range all {
			all[i] = int32(i)
		}
		if f := cc.failing(all); f != "" {
			return Advice{Kind: AdviceModelFails, Model: f}
		}
	}
	relaxed := cfg
	relaxed.SuppressionLimit = 1
	relaxed.Progress = nil
	res, err := Anonymize(ctx, t, relaxed)
	if err != nil {
		return Advice{Kind: AdviceUnsatisfiable, Models: modelNames(cfg.Models)}
	}
	need := math.Ceil(10000*float64(res.Suppressed)/float64(n)) / 100
	return Advice{Kind: AdviceMoreSuppression, Models: append([]string(nil), res.Models...), NeedPercent: need}
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
