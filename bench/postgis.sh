#!/bin/sh
# postgis.sh — the map's box and the 500 m radius query on PostgreSQL three ways: with the GiST
# indexes (the schema as migrated), without any spatial index, and as before PostGIS (lon/lat
# B-trees and BETWEEN alone, SQLite's shape): the mean latency of pgbench -c1 over SECONDS, in
# ROUNDS rounds that take the three in turn (a shared machine's load drifts), the median printed.
# Usage: bench/postgis.sh postgres://USER@HOST:PORT/DB [SECONDS [ROUNDS]]   (a database the demo
# was loaded into; the run drops and remakes indexes, so not one a server uses). Not part of CI.
set -eu
url=$1
t=${2:-5}
rounds=${3:-3}
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$url" -c "$1"; }
ms() { pgbench -n -c1 -T"$t" -f "$1" "$url" 2>/dev/null | awk '/latency average/{print $4}'; }
# config name, then the box, targets' radius and risks' radius scripts
measure() {
	c=$1
	shift
	for q in box near near_risks; do
		ms "$1" >>"$out/$c.$q"
		shift
	done
}
median() { sort -n "$1" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
sql "ANALYZE"
for r in $(seq "$rounds"); do
	measure gist postgis_box.sql postgis_near.sql postgis_near_risks.sql
	sql "DROP INDEX risks_geom; DROP INDEX targets_geom; ANALYZE risks; ANALYZE targets"
	measure none postgis_box.sql postgis_near.sql postgis_near_risks.sql
	sql "CREATE INDEX risks_map ON risks(status, lon, lat, grade);
	     CREATE INDEX targets_place ON targets(status, lon, lat); ANALYZE risks; ANALYZE targets"
	measure btree postgis_box_ll.sql postgis_near.sql postgis_near_risks.sql
	sql "DROP INDEX risks_map; DROP INDEX targets_place;
	     CREATE INDEX risks_geom ON risks USING gist(geom);
	     CREATE INDEX targets_geom ON targets USING gist(geom); ANALYZE risks; ANALYZE targets"
done
echo "$(psql -X -At -d "$url" -c "SELECT (SELECT count(*) FROM risks) || ' risk points, ' ||
	(SELECT count(*) FROM targets) || ' targets'"); pgbench -c1 -T$t, median of $rounds rounds, ms"
echo "| indexes | map box | targets within 500 m | risk points within 500 m |"
echo "|---|---|---|---|"
for c in gist none btree; do
	case $c in
	gist) name="GiST on geom (as migrated)" ;;
	none) name="no spatial index (GiST dropped)" ;;
	btree) name="lon/lat B-trees, BETWEEN alone (before)" ;;
	esac
	echo "| $name | $(median "$out/$c.box") | $(median "$out/$c.near") | $(median "$out/$c.near_risks") |"
done
