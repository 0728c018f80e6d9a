package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"custodia/deid"
	"custodia/i18n"
)

// The configuration checks the command line cannot trigger (no model, a
// suppression limit out of range, an unknown metric, a hierarchy for a
// column the table lacks) reach people in their language from both
// search algorithms, never as the engine's English (issue 10).
func TestDeidConfigChecksAreWorded(t *testing.T) {
	tab, err := deid.NewTable([]string{"age", "dx"})
	if err != nil {
		t.Fatal(err)
	}
	tab.Columns[0].Role, tab.Columns[1].Role = deid.RoleQuasiIdentifying, deid.RoleSensitive
	for _, row := range [][]string{{"30", "a"}, {"31", "b"}, {"30", "b"}} {
		if err := tab.AppendRow(row); err != nil {
			t.Fatal(err)
		}
	}
	k2 := []deid.Model{deid.KAnonymity{K: 2}}
	hs := map[string]*deid.Hierarchy{"nope": nil}
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	for _, c := range []struct {
		name   string
		cfg    deid.Config
		search func(context.Context, *deid.Table, deid.Config) (*deid.Result, error)
	}{
		{"no model", deid.Config{}, deid.Anonymize},
		{"no model (Mondrian)", deid.Config{}, deid.Mondrian},
		{"limit", deid.Config{Models: k2, SuppressionLimit: 1.5}, deid.Anonymize},
		{"metric", deid.Config{Models: k2, Metric: "fun"}, deid.Anonymize},
		{"metric (Mondrian)", deid.Config{Models: k2, Metric: "fun"}, deid.Mondrian},
		{"hierarchy", deid.Config{Models: k2, Hierarchies: hs}, deid.Anonymize},
		{"hierarchy (Mondrian)", deid.Config{Models: k2, Hierarchies: hs}, deid.Mondrian},
	} {
		_, err := c.search(context.Background(), tab, c.cfg)
		if !errors.Is(err, deid.ErrInvalidConfig) {
			t.Fatalf("%s: %v", c.name, err)
		}
		run := DeidRun{Input: "in.csv"}
		gotDE, okDE := DeidErrorText(de, err, run)
		gotEN, okEN := DeidErrorText(en, err, run)
		if !okDE || !okEN || gotDE == gotEN || strings.Contains(gotDE, strings.TrimPrefix(err.Error(), deid.ErrInvalidConfig.Error()+": ")) {
			t.Errorf("%s (%v): German %q, English %q", c.name, err, gotDE, gotEN)
		}
	}
}
