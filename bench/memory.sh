#!/bin/sh
# memory.sh — the server's own (anonymous) and file-backed memory at city scale, read from
# GET /metrics after start, after a log-in, after every unit has been listed once, and after 15 s of wrk.
# usage: [BIN=/path/to/cityrisk] [WRK_S=15] [WALK_PAGES=N] bench/memory.sh DB PORT [serve options, e.g. --cache-mb 1024]
# DB is a SQLite file or postgres://…; BIN defaults to ./cityrisk (run a peer build beside it on
# the same data, alternately).
set -e
DB=$1; P=$2; shift 2
BIN=${BIN:-./cityrisk}
mkdir -p bench/out
$BIN serve --db "$DB" --listen 127.0.0.1:$P "$@" > bench/out/memory-$P.log 2>&1 &
S=$!
trap 'kill $S 2>/dev/null' EXIT
T0=$(date +%s)
for i in $(seq 1 1200); do curl -s -o /dev/null 127.0.0.1:$P/api/v1/config && break; sleep 1; done
m() {
	curl -s 127.0.0.1:$P/metrics |
		grep -E '^cityrisk_memory_(anonymous|file|resident|index|cache)|^cityrisk_cache_budget' |
		awk '{printf "%s=%.0fMiB ", $1, $2/1048576}'
	echo
}
echo "answering after $(($(date +%s) - T0)) s"
echo "after start: $(m)"
T1=$(date +%s); CK=
while [ -z "$CK" ] && [ $(($(date +%s) - T1)) -lt 900 ]; do
	CK=$(curl -s -i -H 'content-type: application/json' -d '{"login":"admin","password":"admin123"}' \
		127.0.0.1:$P/api/v1/session | grep -i '^set-cookie' | head -1 | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
	[ -z "$CK" ] && sleep 2
done
echo "logged in after $(($(date +%s) - T1)) s"
echo "after a log-in: $(m)"
A=0; n=0
while :; do
	N=$(curl -s -H "cookie: $CK" "127.0.0.1:$P/api/v1/units?limit=500&after=$A" |
		python3 -c 'import sys,json; print(json.load(sys.stdin).get("next") or "")')
	n=$((n + 1)); [ -z "$N" ] && break; A=$N
	[ -n "$WALK_PAGES" ] && [ $n -ge "$WALK_PAGES" ] && break
done
echo "after $n pages of the unit list: $(m)"
wrk -t2 -c32 -d${WRK_S:-15}s -s bench/units_mix.lua -H "cookie: $CK" http://127.0.0.1:$P | grep -E 'Requests/sec|Latency'
echo "after wrk: $(m)"
