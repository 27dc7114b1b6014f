/* test_exposure.c — the exposure grid: the radius edge, just outside, moves and drops, two
 * sources reaching one target (叠加), and agreement with a brute-force scan. */
#include <stdlib.h>

#include "domain/exposure.h"
#include "domain/geo.h"
#include "harness.h"

static int count_hit(void *ctx, const struct cr_expo_point *p, double d)
{
	(void)p;
	(void)d;
	(*(int *)ctx)++;
	return 0;
}

static int within(struct cr_expo_grid *g, double lon, double lat, double r)
{
	int n = 0;
	cr_expo_within(g, lon, lat, r, count_hit, &n);
	return n;
}

TEST(exposure_radius_edge)
{
	struct cr_expo_grid *g = cr_expo_grid_new(0.005);
	struct cr_expo_point t = { .id = 1, .lon = 120.9805, .lat = 31.3850 };
	OK(cr_expo_grid_put(g, &t) == 0);
	double d = cr_haversine_m(120.98, 31.385, t.lon, t.lat);
	INT_EQ(within(g, 120.98, 31.385, d), 1);        /* exactly at the radius: inside */
	INT_EQ(within(g, 120.98, 31.385, d - 0.01), 0); /* a centimetre short: outside */
	/* a target across a cell border is found too */
	INT_EQ(within(g, 120.98, 31.385, 5000), 1);
	cr_expo_grid_free(g);
}

TEST(exposure_move_and_drop)
{
	struct cr_expo_grid *g = cr_expo_grid_new(0.005);
	struct cr_expo_point t = { .id = 7, .lon = 120.60, .lat = 31.30 };
	cr_expo_grid_put(g, &t);
	INT_EQ(within(g, 120.60, 31.30, 100), 1);
	t.lon = 120.70; /* ~9.5 km east */
	cr_expo_grid_put(g, &t);
	INT_EQ(cr_expo_grid_count(g), 1);
	INT_EQ(within(g, 120.60, 31.30, 100), 0);
	INT_EQ(within(g, 120.70, 31.30, 100), 1);
	cr_expo_grid_drop(g, 0, 7);
	INT_EQ(within(g, 120.70, 31.30, 100), 0);
	INT_EQ(cr_expo_grid_count(g), 0);
	OK(cr_expo_grid_find(g, 0, 7) == NULL);
	cr_expo_grid_free(g);
}

TEST(exposure_two_sources_superpose)
{
	struct cr_expo_grid *s = cr_expo_grid_new(0.005);
	/* a target at (120.62, 31.32); one source 300 m west with 400 m reach, one 300 m east with
	 * 350 m, one 300 m north with 200 m (does not reach) */
	double lon = 120.62, lat = 31.32, dlon = 300 / (111195.0 * 0.8542), dlat = 300 / 111195.0;
	struct cr_expo_point a = {
		.id = 1, .kind = 1, .lon = lon - dlon, .lat = lat, .radius_m = 400
	};
	struct cr_expo_point b = {
		.id = 2, .kind = 1, .lon = lon + dlon, .lat = lat, .radius_m = 350
	};
	struct cr_expo_point c = {
		.id = 3, .kind = 1, .lon = lon, .lat = lat + dlat, .radius_m = 200
	};
	cr_expo_grid_put(s, &a);
	cr_expo_grid_put(s, &b);
	cr_expo_grid_put(s, &c);
	int n = 0;
	cr_expo_reaching(s, lon, lat, count_hit, &n);
	INT_EQ(n, 2); /* reached by two: flagged 叠加 */
	/* same key, another kind: two points */
	struct cr_expo_point inst = { .id = 1, .kind = 2, .lon = lon, .lat = lat, .radius_m = 10 };
	cr_expo_grid_put(s, &inst);
	INT_EQ(cr_expo_grid_count(s), 4);
	n = 0;
	cr_expo_reaching(s, lon, lat, count_hit, &n);
	INT_EQ(n, 3);
	cr_expo_grid_free(s);
}

TEST(exposure_matches_brute_force)
{
	struct cr_expo_grid *g = cr_expo_grid_new(0.005);
	enum { N = 3000 };
	static double xy[N][2];
	unsigned long long r = 42;
	for (int i = 0; i < N; i++) {
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		xy[i][0] = 120.5 + (double)(r >> 33) / 4294967296.0 * 0.2;
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		xy[i][1] = 31.2 + (double)(r >> 33) / 4294967296.0 * 0.2;
		struct cr_expo_point p = { .id = i + 1, .lon = xy[i][0], .lat = xy[i][1] };
		cr_expo_grid_put(g, &p);
	}
	for (int k = 0; k < 20; k++) {
		double lon = xy[k * 7][0] + 0.001, lat = xy[k * 7][1] - 0.0007, rad = 100 + k * 90;
		int want = 0;
		for (int i = 0; i < N; i++)
			want += cr_haversine_m(lon, lat, xy[i][0], xy[i][1]) <= rad;
		INT_EQ(within(g, lon, lat, rad), want);
	}
	/* drop half and check again */
	for (int i = 0; i < N; i += 2)
		cr_expo_grid_drop(g, 0, i + 1);
	int want = 0;
	for (int i = 1; i < N; i += 2)
		want += cr_haversine_m(120.6, 31.3, xy[i][0], xy[i][1]) <= 2000;
	INT_EQ(within(g, 120.6, 31.3, 2000), want);
	cr_expo_grid_free(g);
}
