/* demo_installations.c — installations (生产单元/储存单元) with real GB 18218-2018 Table 1
 * substances on the demo city's chemical, storage, gas, refrigeration, oil-depot and wharf units,
 * quantities in plausible ranges, so a few hundred of them are major hazard sources of every
 * grade; deterministic for a seed. It writes only through service/installations.c and re-grades
 * each unit with a source through service/risks.c, as an entry by hand would. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "demo/demo.h"
#include "demo/rng.h"
#include "service/installations.h"
#include "service/risks.h"
#include "store/units.h"

static struct cr_rng rng;

/* A substance of Table 1 as the demo stores it: its CAS number, the hazard category its β needs
 * when it is not a toxic gas of Table 3 (GB 30000 classes as listed in 危险化学品目录 2015),
 * and the range of the maximum quantity present in tonnes (drawn log-uniformly). */
struct substance {
	const char *label, *cas, *category;
	double qmin, qmax;
};

static const struct substance CHLORINE = { "液氯", "7782-50-5", NULL, 1, 60 };
static const struct substance AMMONIA = { "液氨", "7664-41-7", NULL, 2, 300 };
static const struct substance ETHYLENE_OXIDE = { "环氧乙烷", "75-21-8", NULL, 3, 60 };
static const struct substance HYDROGEN = { "氢气", "1333-74-0", "W2", 1, 15 };
static const struct substance METHANOL = { "甲醇", "67-56-1", "W5.3", 50, 5000 };
static const struct substance BENZENE = { "苯", "71-43-2", "W5.3", 10, 400 };
static const struct substance TOLUENE = { "甲苯", "108-88-3", "W5.3", 50, 3000 };
static const struct substance ETHYL_ACETATE = { "乙酸乙酯", "141-78-6", "W5.3", 50, 2000 };
static const struct substance ACETONE = { "丙酮", "67-64-1", "W5.3", 30, 1500 };
static const struct substance LPG = { "液化石油气", "68476-85-7", "W2", 5, 1500 };
static const struct substance NATURAL_GAS = { "天然气", "74-82-8", "W2", 5, 200 };
static const struct substance PETROL = { "汽油", "86290-81-5", "W5.3", 100, 20000 };

/* Which units hold installations: the sector, the share of its units with any, the share of
 * those that are production (not storage) installations, and the substances they hold. */
static const struct {
	const char *sector;
	double share, production;
	const struct substance *subs[6];
} profiles[] = {
	{ "C01",
	  0.6,
	  0.7,
	  { &CHLORINE, &AMMONIA, &METHANOL, &BENZENE, &ETHYLENE_OXIDE, &HYDROGEN } },
	{ "C03", 0.6, 0, { &METHANOL, &TOLUENE, &ETHYL_ACETATE, &LPG, &PETROL } },
	{ "C02", 0.06, 0, { &METHANOL, &LPG, &ACETONE } },
	{ "C04", 0.03, 0.5, { &CHLORINE, &AMMONIA, &METHANOL } },
	{ "C07", 0.25, 0, { &AMMONIA } },
	{ "D04", 0.25, 0, { &LPG, &NATURAL_GAS } },
	{ "F05", 1, 0, { &PETROL } },
	{ "G02", 1, 0, { &PETROL, &METHANOL, &TOLUENE } },
};

struct run {
	struct cr_conn *c;
	struct cr_user who;
	long long units, installations, sources;
	long long *majors; /* the units with a major hazard source, in id order */
	size_t nmajors, cap;
	struct cr_err *err;
};

static size_t count_subs(size_t p)
{
	size_t n = 0;
	while (n < 6 && profiles[p].subs[n])
		n++;
	return n;
}

/* The inventory line of substance s: q log-uniform in its range, to 0.1 t. */
static json_t *line_of(const struct substance *s)
{
	double q = round(s->qmin * pow(s->qmax / s->qmin, cr_rng_unit(&rng)) * 10) / 10;
	json_t *l = json_pack("{ss sf}", "cas", s->cas, "q", q);
	if (s->category)
		json_object_set_new(l, "category", json_string(s->category));
	return l;
}

/* One installation of unit u from profile p: one or two substances. */
static json_t *installation_of(size_t p, const struct cr_unit_place *u, int k)
{
	size_t ns = count_subs(p), first = (size_t)(cr_rng_unit(&rng) * ns) % ns;
	bool production = cr_rng_unit(&rng) < profiles[p].production;
	json_t *inv = json_array();
	json_array_append_new(inv, line_of(profiles[p].subs[first]));
	char name[160];
	snprintf(name, sizeof name, "%s%s%s", profiles[p].subs[first]->label,
		 production ? "生产装置" : "储罐区", k ? "（二）" : "");
	if (ns > 1 && cr_rng_unit(&rng) < 0.3) {
		size_t second =
			(first + 1 + (size_t)(cr_rng_unit(&rng) * (ns - 1)) % (ns - 1)) % ns;
		json_array_append_new(inv, line_of(profiles[p].subs[second]));
	}
	json_t *o =
		json_pack("{ss ss so sf sf}", "name", name, "kind",
			  production ? "production" : "storage", "inventory", inv, "lon",
			  round((u->lon + (cr_rng_unit(&rng) - 0.5) * 0.0016) * 1e6) / 1e6, "lat",
			  round((u->lat + (cr_rng_unit(&rng) - 0.5) * 0.0016) * 1e6) / 1e6);
	/* Most have a surveyed count of the people within 500 m (skewed low: 0–299); the rest
	 * take α from the demo's vulnerable targets there. */
	if (cr_rng_unit(&rng) < 0.6)
		json_object_set_new(o, "exposed_500m",
				    json_integer((json_int_t)(pow(cr_rng_unit(&rng), 2) * 300)));
	return o;
}

static int unit_installations(void *ctx, const struct cr_unit_place *u)
{
	struct run *run = ctx;
	size_t np = sizeof profiles / sizeof profiles[0], p = 0;
	while (p < np && strcmp(profiles[p].sector, u->sector) != 0)
		p++;
	if (p == np || !u->has_coords || cr_rng_unit(&rng) >= profiles[p].share)
		return 0;
	json_t *unit = json_pack("{sI ss ss sf sf}", "id", (json_int_t)u->id, "region", u->region,
				 "dept", u->dept, "lon", u->lon, "lat", u->lat);
	int n = cr_rng_unit(&rng) < 0.3 ? 2 : 1, rc = 0;
	bool major = false;
	for (int k = 0; !rc && k < n; k++) {
		json_t *body = installation_of(p, u, k);
		long long id;
		int grade = 0;
		rc = cr_installation_load(run->c, unit, body, "system", &id, &grade, run->err);
		json_decref(body);
		run->installations++;
		run->sources += grade != 0;
		major = major || grade != 0;
	}
	json_decref(unit);
	if (!rc && major && CR_GROW(run->majors, run->cap, run->nmajors + 1))
		rc = cr_err_set(run->err, 500, "oom", "", "out of memory");
	if (!rc && major)
		run->majors[run->nmajors++] = u->id;
	if (++run->units % 64 == 0)
		cr_progress("installations", run->units, run->units);
	return rc ? -1 : 0;
}

int cr_demo_installations(struct cr_conn *c, unsigned long long seed, struct cr_err *err)
{
	cr_rng_seed(&rng, seed ^ 0x18218ULL);
	struct run run = { .c = c, .who = { .role = CR_ROLE_CITY }, .err = err };
	snprintf(run.who.login, sizeof run.who.login, "system");
	int rc = cr_store_units_each_active(c, unit_installations, &run, err);
	/* each unit with a source has its points re-graded once all the installations are in, so
	 * those go as one COPY rather than one each between a unit's re-grading reads */
	for (size_t i = 0; !rc && i < run.nmajors; i++)
		rc = cr_risk_regrade_unit(c, &run.who, run.majors[i], "installation", err);
	free(run.majors);
	if (!rc)
		cr_progress("installations", run.units, run.units);
	return rc;
}
