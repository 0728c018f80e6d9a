#!/bin/sh
# Builds the format-1 fixture with the custodiactl of commit c8530fa.
set -eu
B=${B:-./custodiactl-v1}
OUT=${OUT:-/tmp/v1fix/format1.vault}
rm -f "$OUT" "$OUT-wal" "$OUT-shm"
export CUSTODIA_TEST_WEAK_KDF=1 CUSTODIA_VAULT="$OUT" CUSTODIA_USER=demo CUSTODIA_PASSPHRASE=demo-passphrase-not-secret
export CUSTODIA_NOW=2026-03-02T09:00
$B demo --patients 50 > /tmp/v1fix/demo.out
ids=$($B patient list --limit 50 --json | python3 -c 'import json,sys; print(" ".join(p["id"] for p in json.load(sys.stdin)))')
set -- $ids
P1=$1 P2=$2 P3=$3 P4=$4 P5=$5
$B consent grant --patient $P1 --purpose research:registry --method paper --deny genetics >/dev/null
$B consent grant --patient $P2 --purpose research:registry --method screen --representative "Rita Example" --relation parent >/dev/null
$B consent grant --patient $P3 --purpose research:registry --method paper >/dev/null
$B consent withdraw --patient $P3 --purpose research:registry >/dev/null
# an access request left open, with a requester
$B dsr open --patient $P4 --type access --channel letter --received 2026-03-01 --requester "Sam Example" --relation lawyer --description "copy of my file" >/dev/null
# a rectification carried out
R=$($B dsr open --patient $P5 --type rectification --channel desk --received 2026-03-01 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
$B dsr verify $R --method id-document-in-person >/dev/null
$B dsr complete $R --field phone=+49-30-555-0101 --field family=Examplova >/dev/null
# an erasure carried out
E=$($B dsr open --patient $P2 --type erasure --channel email --received 2026-03-01 --requester "Rita Example" --relation parent --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
$B dsr verify $E --method proof-of-representation >/dev/null
$B dsr complete $E --yes --certificate /tmp/v1fix/erasure-certificate.json >/dev/null
$B breach add --aware 2026-03-02T08:00 --description "laptop left on a train (synthetic)" --measures "remote wipe" --nature confidentiality --records 3 --subjects 3 >/dev/null
$B audit verify
echo "$P1 $P2 $P3 $P4 $P5 $R $E" > /tmp/v1fix/ids.txt
