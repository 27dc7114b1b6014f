/* test_geojson.c — GeoJSON Polygon/MultiPolygon reading (strict, with JSON-path errors), GCJ-02
 * import, rounded writing, and the Suzhou district outlines in ../../data/geo/. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/err.h"
#include "domain/edge_bands.h"
#include "domain/geo.h"
#include "harness.h"
#include "io/geojson.h"

static json_t *parse(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	if (!j)
		fprintf(stderr, "  bad test JSON: %s\n", je.text);
	return j;
}

/* Reads text; expects failure with the given field, or success when field is NULL. */
static int read_text(const char *text, bool gcj, struct cr_multipolygon *mp, struct cr_err *err)
{
	json_t *j = parse(text);
	int rc = cr_geojson_read_multipolygon(j, gcj, mp, err);
	json_decref(j);
	return rc;
}

#define SQUARE_WITH_HOLE "[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[3,3],[3,7],[7,7],[7,3],[3,3]]]"

TEST(geojson_reads_polygon_with_hole)
{
	int rc;
	struct cr_multipolygon mp;
	struct cr_err err = { 0 };
	rc = read_text("{\"type\":\"Polygon\",\"coordinates\":" SQUARE_WITH_HOLE "}", false, &mp,
		       &err);
	INT_EQ(rc, 0);
	INT_EQ(mp.npolys, 1);
	INT_EQ(mp.polys[0].nrings, 2);
	INT_EQ(mp.polys[0].rings[0].n, 5);
	DBL_NEAR(mp.bbox[2], 10, 0);
	OK(cr_multipolygon_contains(&mp, 1, 1));
	OK(!cr_multipolygon_contains(&mp, 5, 5));
	cr_multipolygon_free(&mp);
}

TEST(geojson_reads_multipolygon_and_altitude)
{
	int rc;
	struct cr_multipolygon mp;
	struct cr_err err = { 0 };
	rc = read_text("{\"type\":\"MultiPolygon\",\"coordinates\":[" SQUARE_WITH_HOLE
		       ",[[[20,0,5],[22,0,5],[22,2,5],[20,2,5],[20,0,5]]]]}",
		       false, &mp, &err);
	INT_EQ(rc, 0);
	INT_EQ(mp.npolys, 2);
	OK(cr_multipolygon_contains(&mp, 21, 1));
	OK(!cr_multipolygon_contains(&mp, 15, 1));
	DBL_NEAR(mp.bbox[2], 22, 0);
	cr_multipolygon_free(&mp);
}

TEST(geojson_converts_gcj02)
{
	int rc;
	struct cr_multipolygon mp;
	struct cr_err err = { 0 };
	double x, y;
	rc = read_text("{\"type\":\"Polygon\",\"coordinates\":[[[120.6,31.3],[120.7,31.3],"
		       "[120.7,31.4],[120.6,31.4],[120.6,31.3]]]}",
		       true, &mp, &err);
	INT_EQ(rc, 0);
	cr_gcj02_to_wgs84(120.7, 31.4, &x, &y);
	DBL_NEAR(mp.polys[0].rings[0].xy[4], x, 0);
	DBL_NEAR(mp.polys[0].rings[0].xy[5], y, 0);
	OK(mp.polys[0].rings[0].xy[0] == mp.polys[0].rings[0].xy[8]);
	OK(mp.bbox[0] < 120.6 && mp.bbox[1] > 31.3);
	cr_multipolygon_free(&mp);
}

TEST(geojson_errors_name_the_path)
{
	static const struct {
		const char *json, *field, *msg;
	} cases[] = {
		{ "[]", "geometry", "must be an object" },
		{ "{\"coordinates\":[]}", "geometry.type", "must be a string" },
		{ "{\"type\":\"Point\",\"coordinates\":[1,2]}", "geometry.type", "Polygon or" },
		{ "{\"type\":\"Polygon\"}", "geometry.coordinates", "must be an array" },
		{ "{\"type\":\"Polygon\",\"coordinates\":[]}", "geometry.coordinates", "no outer" },
		{ "{\"type\":\"MultiPolygon\",\"coordinates\":[]}", "geometry.coordinates",
		  "no polygon" },
		{ "{\"type\":\"MultiPolygon\",\"coordinates\":[[]]}", "geometry.coordinates[0]",
		  "no outer" },
		{ "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}",
		  "geometry.coordinates[0]", "at least 4" },
		{ "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}",
		  "geometry.coordinates[0]", "not closed" },
		{ "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,\"1\"],[0,1],[0,0]]]}",
		  "geometry.coordinates[0][2]", "2 or 3 numbers" },
		{ "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1],[1,1],[0,1],[0,0]]]}",
		  "geometry.coordinates[0][1]", "2 or 3 numbers" },
		{ "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0,0,0],[1,1],[0,1],[0,0]]]}",
		  "geometry.coordinates[0][1]", "2 or 3 numbers" },
		{ "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,91],[0,1],[0,0]]]}",
		  "geometry.coordinates[0][2]", "out of range" },
		{ "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[0,0],"
		  "[1,0],[1,1],[0,1],null]]}",
		  "geometry.coordinates[1][4]", "2 or 3 numbers" },
		{ "{\"type\":\"MultiPolygon\",\"coordinates\":[" SQUARE_WITH_HOLE
		  ",[[[20,0],[22,0],[22,2],[20,2],[20,0]],{}]]}",
		  "geometry.coordinates[1][1]", "array of positions" },
		{ "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],7]"
		  "}",
		  "geometry.coordinates[1]", "array of rings" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cr_multipolygon mp;
		struct cr_err err = { 0 };
		int rc = read_text(cases[i].json, false, &mp, &err);
		INT_EQ(rc, -1);
		INT_EQ(err.status, 400);
		STR_EQ(err.code, "invalid");
		STR_EQ(err.field, cases[i].field);
		if (!strstr(err.message, cases[i].msg))
			STR_EQ(err.message, cases[i].msg);
		OK(mp.npolys == 0 && mp.polys == NULL);
	}
	struct cr_multipolygon mp;
	OK(cr_geojson_read_multipolygon(NULL, false, &mp, NULL) == -1);
}

TEST(geojson_writes_rounded_multipolygon)
{
	int rc;
	struct cr_multipolygon mp;
	struct cr_err err = { 0 };
	rc = read_text("{\"type\":\"Polygon\",\"coordinates\":[[[120.123454,31.1],"
		       "[120.2,31.1],[120.2000001,31.1000001],[120.2,31.2],[120.1,31.2],"
		       "[120.123454,31.1]],[[120.15,31.15],[120.150001,31.15],"
		       "[120.150001,31.150001],[120.15,31.15]]]}",
		       false, &mp, &err);
	INT_EQ(rc, 0);
	json_t *g = cr_geojson_write_multipolygon(&mp, 5);
	OK(g != NULL);
	char *s = json_dumps(g, JSON_COMPACT | JSON_REAL_PRECISION(15));
	/* duplicate after rounding dropped; the 1e-6° hole collapses and goes */
	STR_EQ(s, "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[120.12345,31.1],[120.2,31.1],"
		  "[120.2,31.2],[120.1,31.2],[120.12345,31.1]]]]}");
	free(s);
	json_decref(g);

	/* read back what we wrote */
	g = cr_geojson_write_multipolygon(&mp, 7);
	struct cr_multipolygon back;
	INT_EQ(cr_geojson_read_multipolygon(g, false, &back, &err), 0);
	INT_EQ(back.npolys, 1);
	INT_EQ(back.polys[0].nrings, 2);
	INT_EQ(back.polys[0].rings[0].n, 6);
	json_decref(g);
	cr_multipolygon_free(&back);

	/* a shape too small for the precision vanishes */
	g = cr_geojson_write_multipolygon(&mp, 0);
	s = json_dumps(g, JSON_COMPACT);
	STR_EQ(s, "{\"type\":\"MultiPolygon\",\"coordinates\":[]}");
	free(s);
	json_decref(g);
	cr_multipolygon_free(&mp);
}

/* ===== The Suzhou outlines (DataV, GCJ-02) ===== */
static json_t *load_suzhou(void)
{
	json_error_t je;
	json_t *fc = json_load_file("../../data/geo/suzhou-320500.json", 0, &je);
	if (!fc)
		fprintf(stderr, "  cannot load suzhou-320500.json: %s\n", je.text);
	return fc;
}

static int read_district(const json_t *fc, json_int_t adcode, struct cr_multipolygon *mp)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(fc, "features"), i, f) {
		json_t *props = json_object_get(f, "properties");
		if (json_integer_value(json_object_get(props, "adcode")) == adcode)
			return cr_geojson_read_multipolygon(json_object_get(f, "geometry"), true,
							    mp, NULL);
	}
	return -1;
}

TEST(geojson_suzhou_districts)
{
	json_t *fc = load_suzhou();
	struct cr_multipolygon kunshan, wujiang, sip;
	double x, y;
	OK(fc != NULL);
	if (!fc)
		return;
	INT_EQ(read_district(fc, 320583, &kunshan), 0);
	INT_EQ(read_district(fc, 320509, &wujiang), 0);
	INT_EQ(read_district(fc, 320571, &sip), 0);

	/* Kunshan: DataV's "center" (the government seat, GCJ-02 120.958137, 31.381925) and a
	 * point in the city centre east of it (WGS84 120.9808, 31.3855). */
	cr_gcj02_to_wgs84(120.958137, 31.381925, &x, &y);
	DBL_NEAR(x, 120.9539, 1e-3);
	DBL_NEAR(y, 31.3840, 1e-3);
	OK(cr_multipolygon_contains(&kunshan, x, y));
	OK(!cr_multipolygon_contains(&wujiang, x, y));
	OK(cr_multipolygon_contains(&kunshan, 120.9808, 31.3855));
	OK(!cr_multipolygon_contains(&wujiang, 120.9808, 31.3855));
	OK(!cr_multipolygon_contains(&sip, 120.9808, 31.3855));

	/* Suzhou Industrial Park: Jinji Lake's west shore (WGS84 120.6715, 31.3200). */
	OK(cr_multipolygon_contains(&sip, 120.6715, 31.3200));
	OK(!cr_multipolygon_contains(&kunshan, 120.6715, 31.3200));
	/* Wujiang: its government seat (DataV center). */
	cr_gcj02_to_wgs84(120.641601, 31.160404, &x, &y);
	OK(cr_multipolygon_contains(&wujiang, x, y));
	OK(!cr_multipolygon_contains(&kunshan, x, y));

	/* Areas against the official figures: Kunshan 931 km², SIP 278 km². */
	DBL_NEAR(cr_multipolygon_area_km2(&kunshan), 931, 15);
	DBL_NEAR(cr_multipolygon_area_km2(&sip), 278, 10);

	/* The outline survives the blob. */
	unsigned char *blob;
	size_t len;
	struct cr_multipolygon back;
	INT_EQ(cr_multipolygon_encode(&kunshan, &blob, &len), 0);
	INT_EQ(cr_multipolygon_decode(blob, len, &back, NULL), 0);
	OK(cr_multipolygon_contains(&back, 120.9808, 31.3855));
	DBL_NEAR(cr_multipolygon_area_km2(&back), cr_multipolygon_area_km2(&kunshan), 0.01);
	free(blob);
	cr_multipolygon_free(&back);

	cr_multipolygon_free(&kunshan);
	cr_multipolygon_free(&wujiang);
	cr_multipolygon_free(&sip);
	json_decref(fc);
}

TEST(geojson_suzhou_every_district_label_point_is_inside_only_it)
{
	json_t *fc = load_suzhou(), *f;
	struct cr_multipolygon mps[16];
	size_t i, n = 0;
	double total = 0;
	if (!fc)
		return;
	json_array_foreach(json_object_get(fc, "features"), i, f) {
		if (n == 16)
			break;
		INT_EQ(cr_geojson_read_multipolygon(json_object_get(f, "geometry"), true, &mps[n],
						    NULL),
		       0);
		total += cr_multipolygon_area_km2(&mps[n]);
		n++;
	}
	INT_EQ(n, 10);
	for (size_t a = 0; a < n; a++) {
		double x, y;
		OK(cr_multipolygon_label_point(&mps[a], &x, &y));
		for (size_t b = 0; b < n; b++)
			INT_EQ(cr_multipolygon_contains(&mps[b], x, y), a == b);
	}
	/* Suzhou's land area is 8,657 km². */
	DBL_NEAR(total, 8657, 100);
	for (size_t a = 0; a < n; a++)
		cr_multipolygon_free(&mps[a]);
	json_decref(fc);
}

/* The bands answer as the full test does, for every Suzhou district (74 to 402 edges each),
 * at 5,000 points each spread over the city's box and beside each vertex. */
TEST(geojson_suzhou_edge_bands_agree_with_the_full_test)
{
	json_t *fc = load_suzhou(), *f;
	size_t i;
	if (!fc)
		return;
	unsigned long long seed = 20261202;
	long inside = 0, disagree = 0;
	json_array_foreach(json_object_get(fc, "features"), i, f) {
		struct cr_multipolygon mp;
		if (cr_geojson_read_multipolygon(json_object_get(f, "geometry"), true, &mp, NULL))
			continue;
		struct cr_edge_bands *b = cr_edge_bands_new(&mp);
		OK(b != NULL);
		for (int k = 0; b && k < 5000; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			double x = 119.9 + 1.1 * (double)(seed >> 11) / 9007199254740992.0;
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			double y = 30.7 + 1.3 * (double)(seed >> 11) / 9007199254740992.0;
			bool full = cr_multipolygon_contains(&mp, x, y);
			inside += full;
			disagree += full != cr_edge_bands_contains(b, x, y);
		}
		/* the outline's own vertices, where the rays pass through vertices */
		const struct cr_ring *r = &mp.polys[0].rings[0];
		for (size_t v = 0; b && v < r->n; v++)
			disagree +=
				cr_multipolygon_contains(&mp, r->xy[2 * v] - 1e-3,
							 r->xy[2 * v + 1]) !=
				cr_edge_bands_contains(b, r->xy[2 * v] - 1e-3, r->xy[2 * v + 1]);
		cr_edge_bands_free(b);
		cr_multipolygon_free(&mp);
	}
	INT_EQ(disagree, 0);
	OK(inside > 1500); /* of the 50,000 points, about as many as Suzhou's share of the box */
	json_decref(fc);
}
