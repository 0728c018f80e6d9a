// Package deid de-identifies tabular data for research exports:
// dictionary-encoded tables, ARX-compatible generalisation hierarchies,
// privacy models (k-anonymity, l-diversity, t-closeness, average risk),
// a globally optimal full-domain generalisation search, Mondrian local
// recoding, utility metrics and re-identification risk.
package deid
