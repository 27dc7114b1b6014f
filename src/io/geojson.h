/* geojson.h — GeoJSON (RFC 7946) Polygon/MultiPolygon geometries to and from cr_multipolygon.
 * Must not do file or network I/O or know about regions: callers pass parsed jansson values. */
#ifndef CR_GEOJSON_H
#define CR_GEOJSON_H

#include <stdbool.h>

#include <jansson.h>

#include "domain/geo.h"

struct cr_err;

/* Reads a GeoJSON geometry object of type "Polygon" or "MultiPolygon" into *out, converting
 * every position from GCJ-02 to WGS84 (cr_gcj02_to_wgs84) when from_gcj02 is true.
 * Strict: positions are arrays of 2 or 3 finite numbers within ±180/±90 (a third, altitude, is
 * ignored); rings have at least 4 positions and are closed; every polygon has an outer ring.
 * On success *out is filled (bbox included) and the caller frees it with cr_multipolygon_free.
 * On error returns -1 with err set to 400 "invalid" and field naming the JSON path, e.g.
 * "geometry.coordinates[0][1][3]", and *out is left zeroed. */
int cr_geojson_read_multipolygon(const json_t *geometry, bool from_gcj02,
				 struct cr_multipolygon *out, struct cr_err *err);

/* Returns a new reference to {"type":"MultiPolygon","coordinates":[...]} with every coordinate
 * rounded to `decimals` places (0..9; 5 ≈ 1 m). Positions that become equal to the previous one
 * after rounding are dropped, and rings left with fewer than 4 positions are dropped (a polygon
 * whose outer ring goes is dropped with its holes). The caller json_decref()s it; NULL on
 * out-of-memory. Dump with JSON_REAL_PRECISION(15) or less so that the rounded values print
 * short (jansson's default of 17 digits prints 120.12345 as 120.12345000000001). */
json_t *cr_geojson_write_multipolygon(const struct cr_multipolygon *mp, int decimals);

#endif
