#!/bin/sh
# make vulncheck: govulncheck against an offline vulnerability database
# built from golang.org/x/vulndb. Both come from the Go module proxy, so
# this works without access to vuln.go.dev; bump the two versions to
# refresh the database.
set -eu
GO=${GO:-go}
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018
VULN_VERSION=v1.9.0
src=$($GO mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src/data/osv" ]; then
	echo "vulncheck: golang.org/x/vulndb@$VULNDB_VERSION has no data/osv" >&2
	exit 1
fi
db=${VULNDB_DIR:-${TMPDIR:-/tmp}/custodia-vulndb-$VULNDB_VERSION}
if [ ! -f "$db/index/db.json" ]; then
	rm -rf "$db.tmp"
	$GO run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" -vulns "$src/data/osv" -out "$db.tmp"
	mv "$db.tmp" "$db"
fi
exec $GO run "golang.org/x/vuln/cmd/govulncheck@$VULN_VERSION" -db "file://$db" "$@" ./...
