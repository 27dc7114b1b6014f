/* demo_targets.c — vulnerable targets for the demo city: schools, hospitals, homes, crowded
 * places, residential areas and religious sites inside the district (and town) outlines, a few
 * hundred at scale 1, deterministic for a seed. It writes only through store/targets.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "demo/demo.h"
#include "demo/rng.h"
#include "domain/geo.h"
#include "store/regions.h"
#include "store/targets.h"

#define SUZHOU_TARGETS 400

static struct cr_rng rng;

/* kind, name suffix, class, department, share, people by day and night (typical sizes) */
static const struct {
	const char *kind, *suffix, *klass, *dept;
	double weight;
	int day, night;
} kinds[] = {
	{ "school", "实验小学", "high", "JYJ", 18, 1500, 20 },
	{ "kindergarten", "幼儿园", "high", "JYJ", 14, 300, 5 },
	{ "hospital", "人民医院", "high", "WJW", 6, 2500, 900 },
	{ "elderly_home", "颐养院", "high", "MZJ", 6, 200, 180 },
	{ "welfare_home", "社会福利院", "high", "MZJ", 2, 150, 140 },
	{ "mall", "购物中心", "important", "SWJ", 8, 5000, 100 },
	{ "station", "汽车客运站", "important", "JTJ", 3, 3000, 200 },
	{ "stadium", "体育中心", "important", "TYJ", 2, 2000, 50 },
	{ "residential", "花园小区", "general", "ZJJ", 38, 1200, 3500 },
	{ "religious", "寺", "important", "MZZJ", 3, 200, 10 },
};

static const char *const names[] = { "东",   "西",   "南",   "北",   "中心", "新城",   "湖滨",
				     "城南", "高新", "滨江", "枫桥", "阳澄", "金鸡湖", "玉山" };

int cr_demo_place_in(struct cr_conn *c, const char *district, struct cr_multipolygon *mp,
		     struct cr_rng *from, double *lon, double *lat, char region[16],
		     struct cr_err *err)
{
	for (int tries = 0; tries < 1000; tries++) {
		*lon = mp->bbox[0] + cr_rng_unit(from) * (mp->bbox[2] - mp->bbox[0]);
		*lat = mp->bbox[1] + cr_rng_unit(from) * (mp->bbox[3] - mp->bbox[1]);
		if (cr_multipolygon_contains(mp, *lon, *lat))
			break;
	}
	*lon = round(*lon * 1e6) / 1e6;
	*lat = round(*lat * 1e6) / 1e6;
	/* the town holding the point, when the towns have outlines */
	snprintf(region, 16, "%s", district);
	json_t *towns = cr_store_region_list(c, district, err), *t;
	if (!towns)
		return -1;
	size_t i;
	json_array_foreach(json_object_get(towns, "items"), i, t) {
		const char *code = json_string_value(json_object_get(t, "code"));
		struct cr_multipolygon town = { 0 };
		bool has;
		if (cr_store_region_outline(c, code, &town, &has, err)) {
			json_decref(towns);
			return -1;
		}
		bool in = has && cr_multipolygon_contains(&town, *lon, *lat);
		cr_multipolygon_free(&town);
		if (in) {
			snprintf(region, 16, "%s", code);
			break;
		}
	}
	json_decref(towns);
	return 0;
}

int cr_demo_targets(struct cr_conn *c, double scale, unsigned long long seed, struct cr_err *err)
{
	cr_rng_seed(&rng, seed ^ 0x7a7a7a7aULL);
	long long n = llround(SUZHOU_TARGETS * scale);
	if (n < 10)
		n = 10;
	double dtotal = 0, ktotal = 0;
	size_t nd = CR_DEMO_DISTRICTS, nk = sizeof kinds / sizeof kinds[0];
	for (size_t i = 0; i < nd; i++)
		dtotal += cr_demo_districts[i].places;
	for (size_t i = 0; i < nk; i++)
		ktotal += kinds[i].weight;
	struct cr_multipolygon mp[CR_DEMO_DISTRICTS] = { 0 };
	int rc = 0;
	for (size_t i = 0; !rc && i < nd; i++) {
		bool has;
		rc = cr_store_region_outline(c, cr_demo_districts[i].code, &mp[i], &has, err);
		if (!rc && !has)
			rc = cr_err_set(err, 500, "demo", "", "no outline for %s",
					cr_demo_districts[i].code);
	}
	for (long long k = 0; !rc && k < n; k++) {
		size_t d = 0, t = 0;
		double x = cr_rng_unit(&rng) * dtotal;
		while (d + 1 < nd && (x -= cr_demo_districts[d].places) > 0)
			d++;
		x = cr_rng_unit(&rng) * ktotal;
		while (t + 1 < nk && (x -= kinds[t].weight) > 0)
			t++;
		char region[16], name[160], address[80];
		double lon, lat;
		rc = cr_demo_place_in(c, cr_demo_districts[d].code, &mp[d], &rng, &lon, &lat,
				      region, err);
		if (rc)
			break;
		snprintf(name, sizeof name, "%s%s%s%lld", cr_demo_districts[d].prefix,
			 names[(size_t)(cr_rng_unit(&rng) * 14) % 14], kinds[t].suffix, k + 1);
		snprintf(address, sizeof address, "%s路%d号",
			 names[(size_t)(cr_rng_unit(&rng) * 14) % 14],
			 1 + (int)(cr_rng_unit(&rng) * 300));
		double f = 0.5 + cr_rng_unit(&rng);
		struct cr_target_row row = {
			.name = name,
			.kind = kinds[t].kind,
			.protection_class = kinds[t].klass,
			.region = region,
			.dept = kinds[t].dept,
			.address = address,
			.lon = lon,
			.lat = lat,
			.people_day = llround(kinds[t].day * f),
			.people_night = llround(kinds[t].night * f),
		};
		long long id;
		rc = cr_store_target_insert(c, &row, &id, err);
		if (k % 64 == 0 || k == n - 1)
			cr_progress("targets", k + 1, n);
	}
	for (size_t i = 0; i < nd; i++)
		cr_multipolygon_free(&mp[i]);
	return rc;
}
