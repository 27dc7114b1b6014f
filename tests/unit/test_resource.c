/* test_resource.c — emergency resources: kinds by code and Chinese name, who writes and reads,
 * and the nearest search against a brute-force scan on random points (near, far beyond the
 * last ring, with a radius, with a kind filter). */
#include <stdlib.h>
#include <string.h>

#include "domain/geo.h"
#include "domain/resource.h"
#include "harness.h"

TEST(resource_kinds)
{
	INT_EQ(cr_resource_kind_parse("team"), 0);
	INT_EQ(cr_resource_kind_parse("避难场所"), 4);
	INT_EQ(cr_resource_kind_parse("depot"), 5);
	INT_EQ(cr_resource_kind_parse("warehouse"), -1);
	INT_EQ(cr_resource_kind_parse(NULL), -1);
	STR_EQ(cr_resource_kind_cn(1), "应急专家");
	STR_EQ(cr_resource_kind_cn(6), "");
}

TEST(resource_scope_rules)
{
	struct cr_user city = { .role = CR_ROLE_CITY, .region = "3205" };
	struct cr_user ks = { .role = CR_ROLE_DISTRICT, .region = "320583" };
	struct cr_user ajj = { .role = CR_ROLE_DISTRICT_DEPT, .region = "320583", .dept = "AJJ" };
	struct cr_user unit = { .role = CR_ROLE_UNIT, .region = "320583", .unit_id = 9 };
	struct cr_user expert = { .role = CR_ROLE_EXPERT, .region = "3205" };
	OK(cr_resource_can_write(&city, "320509", ""));
	OK(cr_resource_can_write(&ks, "320583100", "XF"));
	OK(!cr_resource_can_write(&ks, "320509", ""));
	OK(cr_resource_can_write(&ajj, "320583", "AJJ"));
	OK(!cr_resource_can_write(&ajj, "320583", "ZJJ"));
	OK(!cr_resource_can_write(&ajj, "320583", ""));
	OK(!cr_resource_can_write(&unit, "320583", ""));
	OK(!cr_resource_can_write(&expert, "320583", ""));
	/* department accounts read their whole territory; a unit only its own */
	OK(cr_resource_can_read(&ajj, 0, "320583100"));
	OK(!cr_resource_can_read(&ajj, 0, "320509"));
	OK(cr_resource_can_read(&unit, 9, "320583"));
	OK(!cr_resource_can_read(&unit, 0, "320583"));
	OK(!cr_resource_can_read(&unit, 8, "320583"));
	OK(cr_resource_can_read(&expert, 0, "320509"));
}

static unsigned long long rng = 42;
static double rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng >> 11) / 9007199254740992.0;
}

struct brute {
	long long id;
	double d;
};

static int by_distance(const void *a, const void *b)
{
	const struct brute *x = a, *y = b;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static bool odd_only(void *ctx, const struct cr_expo_point *p)
{
	(void)ctx;
	return p->id % 2 == 1;
}

/* The n nearest of pts (kind k, or any when k < 0, odd ids when odd) by a full scan. */
static size_t brute_nearest(const struct cr_expo_point *pts, size_t np, double lon, double lat,
			    size_t n, double max_m, bool odd, struct brute *out)
{
	struct brute *all = malloc(np * sizeof *all);
	size_t m = 0;
	for (size_t i = 0; i < np; i++) {
		double d = cr_haversine_m(lon, lat, pts[i].lon, pts[i].lat);
		if ((max_m > 0 && d > max_m) || (odd && pts[i].id % 2 == 0))
			continue;
		all[m++] = (struct brute){ pts[i].id, d };
	}
	qsort(all, m, sizeof *all, by_distance);
	size_t k = m < n ? m : n;
	memcpy(out, all, k * sizeof *out);
	free(all);
	return k;
}

static int same_as_brute(struct cr_expo_grid *g, const struct cr_expo_point *pts, size_t np,
			 double lon, double lat, size_t n, double max_m, bool odd)
{
	struct cr_resource_hit hits[64];
	struct brute want[64];
	size_t got =
		cr_resource_find_nearest(g, lon, lat, n, max_m, odd ? odd_only : NULL, NULL, hits);
	size_t exp = brute_nearest(pts, np, lon, lat, n, max_m, odd, want);
	if (got != exp)
		return 0;
	for (size_t i = 0; i < got; i++)
		if (hits[i].p->id != want[i].id || hits[i].distance_m != want[i].d)
			return 0;
	return 1;
}

TEST(resource_nearest_equals_brute_force)
{
	enum { NP = 3000 };
	struct cr_expo_point *pts = calloc(NP, sizeof *pts);
	struct cr_expo_grid *g = cr_expo_grid_new(0.02);
	/* Suzhou's box, with a few far outliers (Beijing, Kunming) beyond the last ring */
	for (size_t i = 0; i < NP; i++) {
		pts[i].id = (long long)i + 1;
		pts[i].lon = 120.2 + rnd() * 1.0;
		pts[i].lat = 30.8 + rnd() * 1.2;
		if (i % 500 == 0) {
			pts[i].lon = i % 1000 ? 116.4 : 102.7;
			pts[i].lat = i % 1000 ? 39.9 : 25.0;
		}
		OK(cr_expo_grid_put(g, &pts[i]) == 0);
	}
	int agree = 0, tries = 0;
	for (int t = 0; t < 200; t++, tries++) {
		double lon = 120.2 + rnd() * 1.0, lat = 30.8 + rnd() * 1.2;
		size_t n = 1 + (size_t)(rnd() * 20);
		agree += same_as_brute(g, pts, NP, lon, lat, n, 0, false);
	}
	/* a radius, a filter, and places far from every point (Urumqi: all by the full scan) */
	for (int t = 0; t < 50; t++, tries += 3) {
		double lon = 120.2 + rnd() * 1.0, lat = 30.8 + rnd() * 1.2;
		agree += same_as_brute(g, pts, NP, lon, lat, 10, 1500 + rnd() * 3000, false);
		agree += same_as_brute(g, pts, NP, lon, lat, 7, 0, true);
		agree += same_as_brute(g, pts, NP, 87.6 + rnd(), 43.8, 3, 0, t % 2);
	}
	INT_EQ(agree, tries);
	/* asking for more than there are: every point, nearest first */
	OK(same_as_brute(g, pts, NP, 120.6, 31.3, 64, 0, false));
	cr_expo_grid_free(g);
	free(pts);
}

TEST(resource_nearest_edges)
{
	struct cr_expo_grid *g = cr_expo_grid_new(0.02);
	struct cr_expo_point a = { .id = 5, .lon = 120.60, .lat = 31.30 };
	struct cr_expo_point b = { .id = 3, .lon = 120.60, .lat = 31.30 }; /* same place */
	struct cr_expo_point c = { .id = 9, .lon = 120.61, .lat = 31.30 };
	OK(!cr_expo_grid_put(g, &a) && !cr_expo_grid_put(g, &b) && !cr_expo_grid_put(g, &c));
	struct cr_resource_hit h[4];
	INT_EQ(cr_resource_find_nearest(g, 120.60, 31.30, 0, 0, NULL, NULL, h), 0);
	INT_EQ(cr_resource_find_nearest(g, 120.60, 31.30, 4, 0, NULL, NULL, h), 3);
	INT_EQ(h[0].p->id, 3); /* a tie goes to the smaller id */
	INT_EQ(h[1].p->id, 5);
	INT_EQ(h[2].p->id, 9);
	double d = cr_haversine_m(120.60, 31.30, 120.61, 31.30);
	INT_EQ(cr_resource_find_nearest(g, 120.60, 31.30, 4, d, NULL, NULL, h), 3); /* edge in */
	INT_EQ(cr_resource_find_nearest(g, 120.60, 31.30, 4, d - 0.01, NULL, NULL, h), 2);
	cr_expo_grid_free(g);
}
