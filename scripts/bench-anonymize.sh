#!/usr/bin/env bash
# bench-anonymize.sh measures the whole `custodiactl anonymize` process
# (wall time and peak resident memory, from /usr/bin/time) on ARX's Adult
# extract and on a generated Adult-like table of $ROWS records, and prints
# them next to ARX 3.9.2's figures from BRIEF.md. The binary is built with
# CGO_ENABLED=0, as shipped. Each configuration runs $REPEAT times; the
# table shows the fastest wall time, the CPU time (user+system) of that
# run and the largest peak RSS. On a loaded machine wall time inflates;
# CPU time much less so.
#
#   scripts/bench-anonymize.sh             # REPEAT=3 ROWS=1000000
#   REPEAT=1 ROWS=200000 scripts/bench-anonymize.sh
#   HUGE=10000000 scripts/bench-anonymize.sh  # adds a 10M-record 5 % DM row (0.8 GB CSV)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
REPEAT=${REPEAT:-3}
BIG_REPEAT=${BIG_REPEAT:-1}
ROWS=${ROWS:-1000000}
ADULT=${ADULT:-../shared/data/adult}
QI=sex,age,race,marital-status,education,native-country,workclass,occupation

if [ ! -x /usr/bin/time ]; then
	scripts/setup.sh --bench
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/custodiactl" ./cmd/custodiactl
go run ./deid/internal/genlike -in "$ADULT/adult.csv" -n "$ROWS" -out "$work/big.csv"

# measure REPEAT INPUT ARGS... prints "wall_ms cpu_ms rss_mb" (best wall
# and its CPU time, max RSS) or "failed".
measure() {
	local repeat=$1 input=$2
	shift 2
	local best="" cpu=0 rss=0 i out secs user sys kb ms
	for ((i = 0; i < repeat; i++)); do
		if ! out=$(/usr/bin/time -f '%e %U %S %M' "$work/custodiactl" anonymize --input "$input" \
			--hierarchies "$ADULT" --qi "$QI" --output "$work/out.csv" --quiet "$@" 2>&1 >/dev/null); then
			echo "failed"
			return
		fi
		read -r secs user sys kb <<<"$(tail -n 1 <<<"$out")"
		ms=$(awk -v s="$secs" 'BEGIN{printf "%d", s*1000}')
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then
			best=$ms
			cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%d", (u+s)*1000}')
		fi
		if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
	done
	echo "$best $cpu $((rss / 1024))"
}

# row NAME ARX_WALL_S_LOW ARX_WALL_TEXT ARX_MEM_TEXT REPEAT INPUT ARGS...
row() {
	local name=$1 arxlow=$2 arxwall=$3 arxmem=$4 repeat=$5 input=$6
	shift 6
	local res ms cpu mb speed
	res=$(measure "$repeat" "$input" "$@")
	if [ "$res" = failed ]; then
		printf '| %-40s | %8s | %7s | %6s | %-11s | %-11s | %7s |\n' "$name" failed - - "$arxwall" "$arxmem" -
		return
	fi
	read -r ms cpu mb <<<"$res"
	speed=-
	if [ "$arxlow" != - ]; then speed=$(awk -v a="$arxlow" -v m="$ms" 'BEGIN{ if (m < 1) m = 1; printf ">=%.1fx", a*1000/m }'); fi
	printf '| %-40s | %8s | %7s | %6s | %-11s | %-11s | %7s |\n' "$name" "$ms" "$cpu" "$mb" "$arxwall" "$arxmem" "$speed"
}

echo "whole process, best of $REPEAT (Adult) / $BIG_REPEAT ($ROWS rows); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| %-40s | %8s | %7s | %6s | %-11s | %-11s | %7s |\n' config "wall ms" "CPU ms" "RSS MB" "ARX wall" "ARX memory" "vs ARX"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "----------" "---------" "--------" "-------------" "-------------" "---------"
A=$ADULT/adult.csv
row "adult k=5 0% dm (optimal)" 2.3 "2.3-2.7 s" "330 MB" "$REPEAT" "$A" --k 5 --suppression 0 --metric dm
row "adult k=5 5% dm (optimal)" 3.9 "3.9-6.7 s" "400-470 MB" "$REPEAT" "$A" --k 5 --suppression 5% --metric dm
row "adult k=5 5% aecs (optimal)" 3.9 "3.9-6.7 s" "400-470 MB" "$REPEAT" "$A" --k 5 --suppression 5% --metric aecs
row "adult k=5 5% loss (optimal)" - "-" "-" "$REPEAT" "$A" --k 5 --suppression 5% --metric loss
row "adult k=5 5% distinct-2 salary (optimal)" 6.4 "6.4 s" "560 MB" "$REPEAT" "$A" --k 5 --suppression 5% --sensitive salary-class --l 2
row "adult k=5 (mondrian)" - "-" "-" "$REPEAT" "$A" --k 5 --algorithm mondrian
row "adult k=5 distinct-2 (mondrian)" - "-" "-" "$REPEAT" "$A" --k 5 --sensitive salary-class --l 2 --algorithm mondrian
row "adult k=5 5% dm -> parquet" - "-" "-" "$REPEAT" "$A" --k 5 --suppression 5% --format parquet
B=$work/big.csv
row "$ROWS rows k=5 0% dm (optimal)" - "goal <=0.85 s CPU" "goal <200 MB" "$BIG_REPEAT" "$B" --k 5 --suppression 0
row "$ROWS rows k=5 5% dm (optimal)" - "goal <=2.8 s CPU" "goal <200 MB" "$BIG_REPEAT" "$B" --k 5 --suppression 5%
row "$ROWS rows k=5 5% distinct-2 (optimal)" - "goal <10 s" "goal <1 GiB" "$BIG_REPEAT" "$B" --k 5 --suppression 5% --sensitive salary-class --l 2
row "$ROWS rows k=5 (mondrian)" - "goal <10 s" "goal <1 GiB" "$BIG_REPEAT" "$B" --k 5 --algorithm mondrian
if [ -n "${HUGE:-}" ]; then
	rm -f "$B"
	go run ./deid/internal/genlike -in "$ADULT/adult.csv" -n "$HUGE" -out "$work/huge.csv"
	row "$HUGE rows k=5 5% dm (optimal)" - "goal <30 s" "goal <2 GiB" 1 "$work/huge.csv" --k 5 --suppression 5%
fi
echo
echo "vs ARX: ARX's fastest whole-process wall time / ours. CPU ms = user + system time of the run."
echo "Custodia goals (BRIEF.md): >=10x faster than ARX's whole process, peak memory < 100 MB on Adult;"
echo "1,000,000 records in < 10 s and < 1 GiB. Figures from one shared machine: compare ratios."
