#!/usr/bin/env bash
# bench.sh prints Custodia's benchmark table: in-process benchmarks of the
# vault, the de-identification engine, the consent index and the consent
# commands, then the whole-process figures of `custodiactl anonymize`. Figures from one run;
# compare ratios, not absolute times, on shared machines.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT

echo "## In-process benchmarks (go test -bench)"
go test -run '^$' -bench . -skip 'Batch100|^BenchmarkInsert(Encrypted|Plaintext)$' -benchmem -benchtime "${BENCHTIME:-1s}" -timeout 60m \
	./vault/ ./deid/ ./consent/ | tee "$raw" >/dev/null
# Inserts grow their table with every iteration, so both sides run the same
# number of transactions: the faster one would otherwise fill a bigger table
# and pay more per patient. The Pair benchmark interleaves the two sides
# batch by batch, so both see the same moment of the machine's load.
go test -run '^$' -bench '^BenchmarkInsert(Encrypted|Plaintext)$' -benchmem -benchtime 1000x ./vault/ | tee -a "$raw" >/dev/null
go test -run '^$' -bench Batch100 -benchmem -benchtime 100x ./vault/ | tee -a "$raw" >/dev/null
# "consent list --patient" on a 100,000-patient vault (the setup dominates;
# the figure is per command).
go test -run '^$' -bench ConsentList100k -benchmem -benchtime "${BENCHTIME:-1s}" -timeout 60m ./cmd/custodiactl/ | tee -a "$raw" >/dev/null
# Research export (issue 7): the in-memory core (package research) and the
# whole use case on a vault (package app: decrypt the extract, consent
# index, gate, de-identification, package, disclosures and history); the
# vault of each size is built once, so one or three runs are measured.
go test -run '^$' -bench 'Export100k|Preview30k' -benchmem -benchtime "${BENCHTIME:-1s}" -timeout 60m ./research/ | tee -a "$raw" >/dev/null
go test -run '^$' -bench 'RunExport100k|PreviewStudy30k' -benchmem -benchtime 3x -timeout 60m ./app/ | tee -a "$raw" >/dev/null
go run ./internal/benchtable <"$raw"

if [ -x scripts/bench-anonymize.sh ]; then
	echo
	echo "## Whole process: custodiactl anonymize"
	scripts/bench-anonymize.sh
fi
