/* geo.h — Chinese map datum conversions, distances and (multi)polygons: containment, area,
 * centroid, label point and a compact binary form. Pure: libm only, no I/O, no JSON, no globals. */
#ifndef CR_GEO_H
#define CR_GEO_H

#include <stdbool.h>
#include <stddef.h>

struct cr_err;

/* ===== Datums =====
 * WGS84 (GPS) ≈ CGCS2000 for our purposes; GCJ-02 (国测局坐标, the offset system of Chinese web
 * maps: AMap, Tencent, DataV); BD-09 (百度坐标, Baidu's further offset of GCJ-02).
 * Points outside China (a coarse rectangle, as every public implementation uses) are not
 * offset: the GCJ-02 functions return their input unchanged there. All in degrees. */
void cr_wgs84_to_gcj02(double lon, double lat, double *glon, double *glat);
/* Inverse by fixed-point iteration: cr_wgs84_to_gcj02 of the result is within 1e-9° (0.1 mm)
 * of the input. */
void cr_gcj02_to_wgs84(double lon, double lat, double *wlon, double *wlat);
void cr_gcj02_to_bd09(double lon, double lat, double *blon, double *blat);
void cr_bd09_to_gcj02(double lon, double lat, double *glon, double *glat);
/* The coordinate systems people have their points in (`coords=wgs84|gcj02|bd09`). */
enum cr_coords { CR_COORDS_WGS84, CR_COORDS_GCJ02, CR_COORDS_BD09 };
/* "wgs84", "gcj02" or "bd09" (NULL or "" is wgs84); -1 for anything else. */
int cr_coords_parse(const char *name);
/* A point given in sys, as WGS84: BD-09 → GCJ-02 → WGS84, each step the inverse above. */
void cr_coords_to_wgs84(enum cr_coords sys, double lon, double lat, double *wlon, double *wlat);
/* Whether GCJ-02 offsets apply at (lon, lat). */
bool cr_gcj02_applies(double lon, double lat);

/* Great-circle distance in metres on a sphere of the mean Earth radius. */
double cr_haversine_m(double lon1, double lat1, double lon2, double lat2);

/* box = minlon, minlat, maxlon, maxlat: a lon/lat box that holds every point within radius_m
 * (by cr_haversine_m) of (lon, lat), with a margin for rounding (0.1 % and 1e-7°), so a radius
 * query can prefilter on it, in memory or in either database, and keep exactly the points the
 * distance keeps. Latitudes stop at ±89° when widening the longitudes; no wrap at ±180°. */
void cr_geo_circle_box(double lon, double lat, double radius_m, double box[4]);

/* ===== Polygons =====
 * A multipolygon owns all its memory: rings[].xy, polys[].rings and polys. Rings are closed
 * (first position == last) as in GeoJSON; n counts positions, xy holds 2*n doubles. */
struct cr_ring {
	size_t n;
	double *xy; /* lon,lat pairs */
};

struct cr_polygon {
	size_t nrings;
	struct cr_ring *rings; /* first outer, rest holes */
};

struct cr_multipolygon {
	size_t npolys;
	struct cr_polygon *polys;
	double bbox[4]; /* minlon,minlat,maxlon,maxlat */
};

/* Frees everything mp owns (not mp itself) and zeroes it; safe on a zeroed or freed value. */
void cr_multipolygon_free(struct cr_multipolygon *mp);

/* Recomputes mp->bbox from every ring (all zero when mp is empty). Call after building one. */
void cr_multipolygon_update_bbox(struct cr_multipolygon *mp);

/* Where the horizontal line through py crosses edge (xi,yi)–(xj,yj). The containment tests
 * count an edge when (yi > py) != (yj > py) (half-open, so a vertex on the ray counts once) and
 * px < this; cr_multipolygon_label_point and struct cr_edge_bands (domain/edge_bands.h) rely
 * on computing it with exactly this expression, to agree with cr_multipolygon_contains. */
static inline double cr_edge_cross_x(double xi, double yi, double xj, double yj, double py)
{
	return (xj - xi) * (py - yi) / (yj - yi) + xi;
}

/* Even-odd rule per polygon (so holes are excluded), with a bbox prefilter. Points exactly on
 * an edge may fall either way. */
bool cr_multipolygon_contains(const struct cr_multipolygon *mp, double lon, double lat);

/* Geodesic-ish area on the sphere (outer rings minus holes), km². */
double cr_multipolygon_area_km2(const struct cr_multipolygon *mp);

/* Area-weighted centroid in lon/lat (may fall outside a concave or multi-part shape). Returns
 * false for an empty or zero-area shape. */
bool cr_multipolygon_centroid(const struct cr_multipolygon *mp, double *lon, double *lat);

/* A point guaranteed to lie inside mp (by cr_multipolygon_contains): the midpoint of the widest
 * interior stretch of a horizontal line through the centroid of the largest polygon. Use it for
 * map labels and demo coordinates. Returns false when mp has no area. */
bool cr_multipolygon_label_point(const struct cr_multipolygon *mp, double *lon, double *lat);

/* ===== Binary form (for a store BLOB) =====
 * Layout, little-endian: "CRMP", u8 version (1), u32 npolys, then per polygon u32 nrings, per
 * ring u32 n and n pairs of i32 (lon, lat in units of 1e-7 degree, about 1 cm).
 * encode: on success *blob is malloc'd and the caller frees it; returns -1 (and *blob is NULL)
 * on out-of-memory, a polygon without rings, a ring of fewer than 4 positions, or a coordinate
 * outside ±180/±90 or not finite.
 * decode: fills *out (which the caller frees with cr_multipolygon_free), bbox included; returns
 * -1 with err set (400 "invalid", field "outline") on any malformed or truncated blob, leaving
 * *out zeroed. Never reads past len. */
int cr_multipolygon_encode(const struct cr_multipolygon *mp, unsigned char **blob, size_t *len);
int cr_multipolygon_decode(const void *blob, size_t len, struct cr_multipolygon *out,
			   struct cr_err *err);

#endif
