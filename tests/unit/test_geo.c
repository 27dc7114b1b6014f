/* test_geo.c — datum conversions against published vectors, haversine, polygons, blob form.
 * Must not depend on data files except where a test says so (../../data/ from tests/unit). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "domain/edge_bands.h"
#include "domain/geo.h"
#include "harness.h"

/* Published vectors of github.com/googollee/eviltransform (its test fixtures, shared by all its
 * language ports): WGS84 lon/lat → GCJ-02 lon/lat. */
static const double evil[3][4] = {
	{ 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597 }, /* Shanghai */
	{ 113.912316, 22.543847, 113.9171764808363, 22.540796131694766 }, /* Shenzhen */
	{ 116.377817, 39.911954, 116.38404722455657, 39.91334545536069 }, /* Beijing */
};

TEST(geo_wgs84_to_gcj02_matches_published_vectors)
{
	for (int i = 0; i < 3; i++) {
		double x, y;
		cr_wgs84_to_gcj02(evil[i][0], evil[i][1], &x, &y);
		DBL_NEAR(x, evil[i][2], 1e-9);
		DBL_NEAR(y, evil[i][3], 1e-9);
	}
}

TEST(geo_gcj02_to_wgs84_matches_published_vectors)
{
	for (int i = 0; i < 3; i++) {
		double x, y;
		cr_gcj02_to_wgs84(evil[i][2], evil[i][3], &x, &y);
		OK(cr_haversine_m(x, y, evil[i][0], evil[i][1]) < 0.01);
	}
}

TEST(geo_gcj02_round_trip_across_china_under_half_metre)
{
	double worst = 0;
	for (double lon = 73.5; lon < 135.0; lon += 0.73)
		for (double lat = 18.0; lat < 53.5; lat += 0.41) {
			double gx, gy, wx, wy, d;
			cr_wgs84_to_gcj02(lon, lat, &gx, &gy);
			cr_gcj02_to_wgs84(gx, gy, &wx, &wy);
			d = cr_haversine_m(lon, lat, wx, wy);
			if (d > worst)
				worst = d;
		}
	OK(worst < 0.5);
	OK(worst < 1e-3);
}

TEST(geo_gcj02_offset_in_suzhou_is_about_half_a_km)
{
	double gx, gy;
	cr_wgs84_to_gcj02(120.62, 31.30, &gx, &gy);
	double d = cr_haversine_m(120.62, 31.30, gx, gy);
	OK(d > 400 && d < 600);
}

TEST(geo_outside_china_is_unchanged)
{
	static const double pts[][2] = { { 2.35, 48.85 },
					 { -104.9903, 39.7392 },
					 { 153.0251, -27.4698 },
					 { 139.767125, 35.681236 } };
	for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
		double x, y;
		cr_wgs84_to_gcj02(pts[i][0], pts[i][1], &x, &y);
		OK(x == pts[i][0] && y == pts[i][1]);
		cr_gcj02_to_wgs84(pts[i][0], pts[i][1], &x, &y);
		OK(x == pts[i][0] && y == pts[i][1]);
	}
	OK(!cr_gcj02_applies(2.35, 48.85));
	OK(cr_gcj02_applies(120.62, 31.30));
}

/* Vectors from github.com/wandergis/coordtransform's README (Tiananmen, 116.404, 39.915).
 * Its bd09togcj02 is the closed form alone, which ours refines by < 0.5 m. (eviltransform's BD
 * vectors are not used: that library multiplies by π where Baidu's formula has π·3000/180.) */
TEST(geo_bd09_matches_published_vectors)
{
	double x, y;
	cr_gcj02_to_bd09(116.404, 39.915, &x, &y);
	DBL_NEAR(x, 116.41036949371029, 1e-9);
	DBL_NEAR(y, 39.92133699351021, 1e-9);
	cr_bd09_to_gcj02(116.404, 39.915, &x, &y);
	OK(cr_haversine_m(x, y, 116.39762729119315, 39.90865673957631) < 0.5);
	cr_wgs84_to_gcj02(116.404, 39.915, &x, &y);
	DBL_NEAR(x, 116.41024449916938, 1e-9);
	DBL_NEAR(y, 39.91640428150164, 1e-9);
}

TEST(geo_bd09_round_trip)
{
	for (double lon = 100; lon < 130; lon += 1.7)
		for (double lat = 20; lat < 45; lat += 1.3) {
			double bx, by, gx, gy;
			cr_gcj02_to_bd09(lon, lat, &bx, &by);
			OK(cr_haversine_m(lon, lat, bx, by) > 100);
			cr_bd09_to_gcj02(bx, by, &gx, &gy);
			OK(cr_haversine_m(lon, lat, gx, gy) < 0.01);
		}
}

/* A published pair of one place: Beijing railway station, GCJ-02 (116.42703, 39.90245) and BD-09
 * (116.43351, 39.90851), as the R package "cst" documents for its bd2gcj (5 decimals, ~1 m). */
TEST(geo_coords_bd09_to_wgs84_through_gcj02)
{
	double gx, gy, wx, wy, ex, ey;
	cr_bd09_to_gcj02(116.43351, 39.90851, &gx, &gy);
	OK(cr_haversine_m(gx, gy, 116.42703, 39.90245) < 2);
	cr_coords_to_wgs84(CR_COORDS_BD09, 116.43351, 39.90851, &wx, &wy);
	cr_gcj02_to_wgs84(116.42703, 39.90245, &ex, &ey);
	OK(cr_haversine_m(wx, wy, ex, ey) < 2);
	/* the datum offsets are hundreds of metres: the conversion did something */
	OK(cr_haversine_m(wx, wy, 116.43351, 39.90851) > 500);
	cr_coords_to_wgs84(CR_COORDS_GCJ02, 116.42703, 39.90245, &wx, &wy);
	DBL_NEAR(wx, ex, 1e-12);
	DBL_NEAR(wy, ey, 1e-12);
	cr_coords_to_wgs84(CR_COORDS_WGS84, 120.9, 31.3, &wx, &wy);
	DBL_NEAR(wx, 120.9, 0);
	DBL_NEAR(wy, 31.3, 0);
	/* the published WGS84 → GCJ-02 vectors, given in BD-09, come back to their WGS84 */
	for (int i = 0; i < 3; i++) {
		double bx, by;
		cr_gcj02_to_bd09(evil[i][2], evil[i][3], &bx, &by);
		cr_coords_to_wgs84(CR_COORDS_BD09, bx, by, &wx, &wy);
		OK(cr_haversine_m(wx, wy, evil[i][0], evil[i][1]) < 0.01);
	}
}

TEST(geo_coords_parse)
{
	OK(cr_coords_parse(NULL) == CR_COORDS_WGS84);
	OK(cr_coords_parse("") == CR_COORDS_WGS84);
	OK(cr_coords_parse("wgs84") == CR_COORDS_WGS84);
	OK(cr_coords_parse("gcj02") == CR_COORDS_GCJ02);
	OK(cr_coords_parse("bd09") == CR_COORDS_BD09);
	OK(cr_coords_parse("BD09") == -1);
	OK(cr_coords_parse("baidu") == -1);
}

TEST(geo_haversine)
{
	/* One degree of a great circle on the mean sphere: R·π/180. */
	DBL_NEAR(cr_haversine_m(0, 0, 0, 1), 6371008.8 * 3.14159265358979323846 / 180, 1e-6);
	DBL_NEAR(cr_haversine_m(0, 0, 1, 0), 6371008.8 * 3.14159265358979323846 / 180, 1e-6);
	DBL_NEAR(cr_haversine_m(120.5, 31.3, 120.5, 31.3), 0, 0);
	DBL_NEAR(cr_haversine_m(0, 0, 180, 0), 6371008.8 * 3.14159265358979323846, 1e-6);
	/* Shanghai–Beijing (the GCJ vectors above): eviltransform's test gives 1,078,164 m on a
	 * sphere of 6,378,137 m; on ours that is 1,078,164 × 6371008.8 / 6378137. */
	DBL_NEAR(cr_haversine_m(evil[0][2], evil[0][3], evil[2][2], evil[2][3]),
		 1078164.0 * 6371008.8 / 6378137.0, 2.0);
}

/* ===== Polygon helpers ===== */
static struct cr_ring ring_of(const double *xy, size_t n)
{
	struct cr_ring r = { n, malloc(2 * n * sizeof(double)) };
	memcpy(r.xy, xy, 2 * n * sizeof(double));
	return r;
}

/* 10×10 square at (0,0) with a 4×4 hole at (3,3), and a 2×2 island at (20,0). */
static void make_shape(struct cr_multipolygon *mp)
{
	static const double outer[] = { 0, 0, 10, 0, 10, 10, 0, 10, 0, 0 };
	static const double hole[] = { 3, 3, 3, 7, 7, 7, 7, 3, 3, 3 };
	static const double island[] = { 20, 0, 22, 0, 22, 2, 20, 2, 20, 0 };
	memset(mp, 0, sizeof *mp);
	mp->npolys = 2;
	mp->polys = calloc(2, sizeof *mp->polys);
	mp->polys[0].nrings = 2;
	mp->polys[0].rings = calloc(2, sizeof(struct cr_ring));
	mp->polys[0].rings[0] = ring_of(outer, 5);
	mp->polys[0].rings[1] = ring_of(hole, 5);
	mp->polys[1].nrings = 1;
	mp->polys[1].rings = calloc(1, sizeof(struct cr_ring));
	mp->polys[1].rings[0] = ring_of(island, 5);
	cr_multipolygon_update_bbox(mp);
}

TEST(geo_contains_with_holes_and_parts)
{
	struct cr_multipolygon mp;
	make_shape(&mp);
	DBL_NEAR(mp.bbox[0], 0, 0);
	DBL_NEAR(mp.bbox[1], 0, 0);
	DBL_NEAR(mp.bbox[2], 22, 0);
	DBL_NEAR(mp.bbox[3], 10, 0);
	OK(cr_multipolygon_contains(&mp, 1, 1));
	OK(cr_multipolygon_contains(&mp, 9.5, 5));
	OK(!cr_multipolygon_contains(&mp, 5, 5));   /* in the hole */
	OK(!cr_multipolygon_contains(&mp, 3.5, 6)); /* in the hole */
	OK(cr_multipolygon_contains(&mp, 2.9, 5));  /* just left of the hole */
	OK(cr_multipolygon_contains(&mp, 21, 1));   /* island */
	OK(!cr_multipolygon_contains(&mp, 15, 1));  /* between parts, inside the bbox */
	OK(!cr_multipolygon_contains(&mp, -1, 5));
	OK(!cr_multipolygon_contains(&mp, 5, 11));
	OK(!cr_multipolygon_contains(&mp, 30, 1));
	/* A ray through a vertex counts once. */
	OK(cr_multipolygon_contains(&mp, 1, 3));
	OK(!cr_multipolygon_contains(&mp, 12, 2));
	cr_multipolygon_free(&mp);
	OK(mp.npolys == 0 && mp.polys == NULL);
	OK(!cr_multipolygon_contains(&mp, 1, 1));
	cr_multipolygon_free(&mp);
}

/* The bands answer as the full test on a grid that puts points on every vertex's latitude, on
 * edges, in the hole, on the island and outside; and on an empty shape. */
TEST(geo_edge_bands_agree_with_the_full_test)
{
	struct cr_multipolygon mp;
	make_shape(&mp);
	struct cr_edge_bands *b = cr_edge_bands_new(&mp);
	OK(b != NULL);
	if (!b)
		return;
	int disagree = 0, inside = 0;
	for (double y = -1; y <= 11; y += 0.25)
		for (double x = -1; x <= 23; x += 0.25) {
			bool full = cr_multipolygon_contains(&mp, x, y);
			inside += full;
			disagree += full != cr_edge_bands_contains(b, x, y);
		}
	INT_EQ(disagree, 0);
	OK(inside > 1000); /* (10·10 − 4·4 + 2·2) / 0.25² = 1,408 cells */
	OK(cr_edge_bands_contains(b, 21, 1));
	OK(!cr_edge_bands_contains(b, 5, 5));
	OK(!cr_edge_bands_contains(b, NAN, 5));
	cr_edge_bands_free(b);
	cr_multipolygon_free(&mp);
	b = cr_edge_bands_new(&mp); /* empty */
	OK(b != NULL && !cr_edge_bands_contains(b, 0, 0));
	cr_edge_bands_free(b);
}

TEST(geo_area_centroid_label_point)
{
	struct cr_multipolygon mp;
	double x, y, cell;
	make_shape(&mp);
	/* A 1°×1° cell on the equator: R²·Δλ·(sin φ2 − sin φ1), in km². */
	double r = 6371.0088, d = 3.14159265358979323846 / 180;
	cell = r * r * d * sin(d);
	/* Cells shrink with latitude, so just bound the shape: 100 − 16 + 4 = 88 "cells". */
	double a = cr_multipolygon_area_km2(&mp);
	OK(a < 88 * cell && a > 88 * cell * 0.98);
	OK(cr_multipolygon_centroid(&mp, &x, &y));
	/* planar: square (100 @ 5,5) − hole (16 @ 5,5) + island (4 @ 21,1) */
	DBL_NEAR(x, (84 * 5.0 + 4 * 21.0) / 88, 1e-9);
	DBL_NEAR(y, (84 * 5.0 + 4 * 1.0) / 88, 1e-9);
	OK(cr_multipolygon_label_point(&mp, &x, &y));
	OK(cr_multipolygon_contains(&mp, x, y));
	cr_multipolygon_free(&mp);

	/* Exactly one cell on the equator, both windings. */
	static const double ccw[] = { 0, 0, 1, 0, 1, 1, 0, 1, 0, 0 };
	static const double cw[] = { 0, 0, 0, 1, 1, 1, 1, 0, 0, 0 };
	for (int k = 0; k < 2; k++) {
		struct cr_multipolygon c = { 0 };
		c.npolys = 1;
		c.polys = calloc(1, sizeof *c.polys);
		c.polys[0].nrings = 1;
		c.polys[0].rings = calloc(1, sizeof(struct cr_ring));
		c.polys[0].rings[0] = ring_of(k ? cw : ccw, 5);
		cr_multipolygon_update_bbox(&c);
		DBL_NEAR(cr_multipolygon_area_km2(&c), cell, 1e-6);
		cr_multipolygon_free(&c);
	}
}

TEST(geo_label_point_of_concave_shape_is_inside)
{
	/* A "C": its centroid lies in the opening, outside the shape. */
	static const double c_shape[] = {
		0, 0, 10, 0, 10, 2, 2, 2, 2, 8, 10, 8, 10, 10, 0, 10, 0, 0
	};
	struct cr_multipolygon mp = { 0 };
	double x, y;
	mp.npolys = 1;
	mp.polys = calloc(1, sizeof *mp.polys);
	mp.polys[0].nrings = 1;
	mp.polys[0].rings = calloc(1, sizeof(struct cr_ring));
	mp.polys[0].rings[0] = ring_of(c_shape, 9);
	cr_multipolygon_update_bbox(&mp);
	OK(cr_multipolygon_centroid(&mp, &x, &y));
	OK(!cr_multipolygon_contains(&mp, x, y));
	OK(cr_multipolygon_label_point(&mp, &x, &y));
	OK(cr_multipolygon_contains(&mp, x, y));
	cr_multipolygon_free(&mp);

	struct cr_multipolygon empty = { 0 };
	OK(!cr_multipolygon_label_point(&empty, &x, &y));
	OK(!cr_multipolygon_centroid(&empty, &x, &y));
	DBL_NEAR(cr_multipolygon_area_km2(&empty), 0, 0);
}

/* ===== Blob ===== */
TEST(geo_blob_round_trip)
{
	struct cr_multipolygon mp, back;
	struct cr_err err = { 0 };
	unsigned char *blob;
	size_t len;
	make_shape(&mp);
	mp.polys[0].rings[0].xy[2] = 120.123456789; /* below the 1e-7° grid */
	mp.polys[0].rings[0].xy[3] = -31.987654321;
	INT_EQ(cr_multipolygon_encode(&mp, &blob, &len), 0);
	INT_EQ(len, 9 + 2 * 4 + 3 * (4 + 5 * 8));
	INT_EQ(cr_multipolygon_decode(blob, len, &back, &err), 0);
	INT_EQ(back.npolys, 2);
	INT_EQ(back.polys[0].nrings, 2);
	INT_EQ(back.polys[1].nrings, 1);
	for (size_t p = 0; p < 2; p++)
		for (size_t r = 0; r < mp.polys[p].nrings; r++) {
			INT_EQ(back.polys[p].rings[r].n, mp.polys[p].rings[r].n);
			for (size_t k = 0; k < 2 * mp.polys[p].rings[r].n; k++)
				DBL_NEAR(back.polys[p].rings[r].xy[k], mp.polys[p].rings[r].xy[k],
					 0.51e-7);
		}
	DBL_NEAR(back.bbox[2], 120.1234568, 1e-12);
	cr_multipolygon_free(&back);
	cr_multipolygon_free(&mp);
	free(blob);
}

TEST(geo_blob_every_truncation_is_an_error)
{
	struct cr_multipolygon mp, back;
	struct cr_err err;
	unsigned char *blob, *copy;
	size_t len;
	make_shape(&mp);
	INT_EQ(cr_multipolygon_encode(&mp, &blob, &len), 0);
	for (size_t n = 0; n < len; n++) {
		/* An exact-size heap copy, so ASan catches any read past n. */
		copy = malloc(n ? n : 1);
		memcpy(copy, blob, n);
		memset(&err, 0, sizeof err);
		INT_EQ(cr_multipolygon_decode(copy, n, &back, &err), -1);
		INT_EQ(err.status, 400);
		STR_EQ(err.field, "outline");
		OK(back.npolys == 0 && back.polys == NULL);
		free(copy);
	}
	/* trailing garbage */
	copy = malloc(len + 1);
	memcpy(copy, blob, len);
	copy[len] = 0;
	INT_EQ(cr_multipolygon_decode(copy, len + 1, &back, &err), -1);
	free(copy);
	/* bad magic, bad version, absurd counts */
	blob[0] = 'X';
	INT_EQ(cr_multipolygon_decode(blob, len, &back, &err), -1);
	blob[0] = 'C';
	blob[4] = 2;
	INT_EQ(cr_multipolygon_decode(blob, len, &back, &err), -1);
	blob[4] = 1;
	blob[5] = blob[6] = blob[7] = blob[8] = 0xff;
	INT_EQ(cr_multipolygon_decode(blob, len, &back, &err), -1);
	OK(strstr(err.message, "truncated") != NULL);
	blob[5] = 2;
	blob[6] = blob[7] = blob[8] = 0;
	blob[13] = 0xff; /* first ring's position count */
	INT_EQ(cr_multipolygon_decode(blob, len, &back, &err), -1);
	blob[13] = 5;
	INT_EQ(cr_multipolygon_decode(blob, len, &back, &err), 0);
	cr_multipolygon_free(&back);
	/* a coordinate out of range: lat = +100° */
	unsigned char *lat = blob + 9 + 4 + 4 + 4;
	uint32_t v = 1000000000u;
	lat[0] = v & 0xff, lat[1] = (v >> 8) & 0xff, lat[2] = (v >> 16) & 0xff, lat[3] = v >> 24;
	INT_EQ(cr_multipolygon_decode(blob, len, &back, &err), -1);
	OK(cr_multipolygon_decode(NULL, 0, &back, &err) == -1);
	free(blob);
	cr_multipolygon_free(&mp);
}

TEST(geo_blob_encode_rejects_bad_shapes)
{
	struct cr_multipolygon mp;
	unsigned char *blob = (unsigned char *)"x";
	size_t len = 7;
	make_shape(&mp);
	mp.polys[1].rings[0].xy[1] = 91;
	INT_EQ(cr_multipolygon_encode(&mp, &blob, &len), -1);
	OK(blob == NULL);
	mp.polys[1].rings[0].xy[1] = NAN;
	INT_EQ(cr_multipolygon_encode(&mp, &blob, &len), -1);
	mp.polys[1].rings[0].xy[1] = 0;
	mp.polys[1].rings[0].n = 3;
	INT_EQ(cr_multipolygon_encode(&mp, &blob, &len), -1);
	mp.polys[1].rings[0].n = 5;
	INT_EQ(cr_multipolygon_encode(&mp, &blob, &len), 0);
	free(blob);
	struct cr_multipolygon empty = { 0 }, back;
	struct cr_err err;
	INT_EQ(cr_multipolygon_encode(&empty, &blob, &len), 0);
	INT_EQ(len, 9);
	INT_EQ(cr_multipolygon_decode(blob, len, &back, &err), 0);
	INT_EQ(back.npolys, 0);
	free(blob);
	cr_multipolygon_free(&mp);
}

/* The prefilter box of a radius query: 500 m at Kunshan is 0.0045012° of latitude and
 * 0.0052729° of longitude each way (the circle's 0.0044966° and 0.0052672° plus the margin),
 * and every point 499.9 m away, whichever the bearing, lies inside it. */
TEST(geo_circle_box_holds_the_circle_with_a_small_margin)
{
	const double lon = 120.955, lat = 31.384;
	double box[4];
	cr_geo_circle_box(lon, lat, 500, box);
	DBL_NEAR(box[3] - lat, 0.0045011984, 1e-9);
	DBL_NEAR(lat - box[1], 0.0045011984, 1e-9);
	DBL_NEAR(box[2] - lon, 0.0052728522, 1e-9);
	DBL_NEAR(lon - box[0], 0.0052728522, 1e-9);
	for (int b = 0; b < 360; b += 5) {
		/* a point 499.9 m away on bearing b (spherical destination formula) */
		double d = 499.9 / 6371008.8, th = b * M_PI / 180, p1 = lat * M_PI / 180;
		double p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(th));
		double l2 = lon * M_PI / 180 +
			    atan2(sin(th) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2));
		double x = l2 * 180 / M_PI, y = p2 * 180 / M_PI;
		DBL_NEAR(cr_haversine_m(lon, lat, x, y), 499.9, 1e-6);
		OK(x > box[0] && x < box[2] && y > box[1] && y < box[3]);
	}
	/* near the pole the longitudes widen as at 89° */
	cr_geo_circle_box(0, 88.999, 500, box);
	OK(box[2] > 0.25 && box[2] < 0.27);
}
