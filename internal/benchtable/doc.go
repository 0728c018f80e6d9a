// Command benchtable reads `go test -bench` output on standard input and
// prints the table that `make bench` shows: each benchmark's time per
// operation and custom metrics next to the product brief's target, plus the
// ratios that the brief states as targets (encrypted against plaintext
// inserts), computed from figures measured in the same run.
package main
