/* demo_risks.c — risk points for the demo city's units, from the industry risk catalogue, graded
 * through the same service rules as real ones. It must stay plausible: at scale 1.0 about 97,515
 * points of grade Ⅱ or above (Suzhou's figure, seed 001) among roughly 500,000. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "demo/demo.h"
#include "demo/rng.h"
#include "domain/accident.h"
#include "domain/grade.h"
#include "service/config.h"
#include "service/risks.h"
#include "service/unit_rating.h"
#include "store/catalogue.h"
#include "store/risks.h"
#include "store/units.h"
#include "store/versions.h"

/* Residual grade shares: Ⅰ+Ⅱ = 97,515 of ~501,000 points (19.5 %); Ⅰ is the rare top. */
static const double grade_share[5] = { 0, 0.015, 0.180, 0.330, 0.475 };
/* Points per unit: 6.8 on average (500,000 / 73,728), more for units above designated size. */
#define MEAN_BELOW 6.0
#define MEAN_ABOVE 11.0

struct entry {
	char sector[8];
	char name[128], place[64];
	json_t *types, *measures;
	double C;
};

static struct entry *entries;
static size_t nentries, entries_cap;

static struct cr_rng rng;
static int load_catalogue(struct cr_conn *c, struct cr_err *err)
{
	json_t *all = cr_store_catalogue_active(c, err), *item;
	if (!all)
		return -1;
	size_t i;
	json_array_foreach(json_object_get(all, "items"), i, item) {
		if (CR_GROW(entries, entries_cap, nentries + 1))
			break;
		struct entry *e = &entries[nentries++];
		snprintf(e->sector, sizeof e->sector, "%s",
			 json_string_value(json_object_get(item, "sector")));
		snprintf(e->name, sizeof e->name, "%s",
			 json_string_value(json_object_get(item, "name")));
		snprintf(e->place, sizeof e->place, "%s",
			 json_string_value(json_object_get(item, "place")));
		e->types = json_incref(json_object_get(item, "accident_types"));
		e->measures = json_incref(json_object_get(item, "measures"));
		e->C = json_number_value(json_object_get(json_object_get(item, "inputs"), "C"));
	}
	json_decref(all);
	return nentries ? 0 : cr_err_set(err, 500, "demo", "", "the risk catalogue is empty");
}

static void free_catalogue(void)
{
	for (size_t i = 0; i < nentries; i++) {
		json_decref(entries[i].types);
		json_decref(entries[i].measures);
	}
	free(entries);
	entries = NULL;
	nentries = entries_cap = 0;
}

/* Catalogue entries for a sector: its own, else its section's, else any. */
static const struct entry *pick_entry(const char *sector)
{
	size_t match = 0, section = 0;
	for (size_t i = 0; i < nentries; i++) {
		match += strcmp(entries[i].sector, sector) == 0;
		section += entries[i].sector[0] == sector[0];
	}
	bool by_sector = match > 0, by_section = !by_sector && section > 0;
	size_t n = by_sector ? match : by_section ? section : nentries;
	size_t k = (size_t)(cr_rng_unit(&rng) * (double)n);
	for (size_t i = 0; i < nentries; i++) {
		bool ok = by_sector    ? strcmp(entries[i].sector, sector) == 0
			  : by_section ? entries[i].sector[0] == sector[0]
				       : true;
		if (ok && k-- == 0)
			return &entries[i];
	}
	return &entries[0];
}

/* LEC inputs whose grade is `grade`, keeping the entry's consequence C when the table allows. */
static void lec_for_grade(int grade, double C, double *L, double *E, double *outC)
{
	static const double Ls[] = { 10, 6, 3, 1, 0.5, 0.2, 0.1 }, Es[] = { 10, 6, 3, 2, 1, 0.5 },
			    Cs[] = { 100, 40, 15, 7, 3, 1 };
	const struct cr_methods_config *cfg = &cr_config()->methods;
	for (int attempt = 0; attempt < 2; attempt++) {
		size_t start = (size_t)(cr_rng_unit(&rng) * 42);
		for (size_t t = 0; t < 42 * 6; t++) {
			size_t k = (start + t) % (42 * 6);
			double l = Ls[k % 7], e = Es[(k / 7) % 6], cc = attempt ? Cs[k / 42] : C;
			if (cr_bands_grade(&cfg->method[CR_METHOD_LEC].bands, l * e * cc) ==
			    grade) {
				*L = l;
				*E = e;
				*outC = cc;
				return;
			}
		}
	}
	*L = 1;
	*E = 1;
	*outC = 1;
}

static int pick_grade(void)
{
	double x = cr_rng_unit(&rng);
	for (int g = 1; g <= 4; g++) {
		x -= grade_share[g];
		if (x < 0)
			return g;
	}
	return 4;
}

static const char *owner_rank_for(int grade)
{
	/* Most units appoint the rank the rule asks for; a few do not, and get flagged. */
	bool short_of = cr_rng_unit(&rng) < 0.04;
	switch (grade) {
	case 1:
		return short_of ? "middle_manager" : cr_rng_unit(&rng) < 0.3 ? "gm" : "deputy_gm";
	case 2:
		return short_of                  ? "workshop_head"
		       : cr_rng_unit(&rng) < 0.3 ? "deputy_gm"
						 : "middle_manager";
	case 3:
		return cr_rng_unit(&rng) < 0.5 ? "workshop_head" : "team_leader";
	default:
		return cr_rng_unit(&rng) < 0.5 ? "team_leader" : "staff";
	}
}

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
	"徐", "孙", "朱", "马", "胡", "郭", "林", "何", "高", "沈"
};
static const char *const givens[] = { "伟", "芳", "敏", "静",   "强",   "磊",  "军",
				      "洋", "勇", "艳", "杰",   "涛",   "明",  "超",
				      "华", "平", "刚", "桂英", "建国", "志强" };

/* Each unit's top point, in unit id order (cr_demo_top_risk). */
static struct top {
	long long unit_id, risk_id;
} * tops;
static size_t ntops, tops_cap;

static int keep_top(long long unit_id, long long risk_id)
{
	if (CR_GROW(tops, tops_cap, ntops + 1))
		return -1;
	tops[ntops++] = (struct top){ unit_id, risk_id };
	return 0;
}

long long cr_demo_top_risk(long long unit_id)
{
	size_t lo = 0, hi = ntops;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tops[mid].unit_id < unit_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ntops && tops[lo].unit_id == unit_id ? tops[lo].risk_id : 0;
}

void cr_demo_tops_free(void)
{
	free(tops);
	tops = NULL;
	ntops = tops_cap = 0;
}

struct risks_run {
	struct cr_conn *c;
	const struct cr_config *cfg;
	long long total, done;
	struct cr_err *err;
};

/* The risk points of one unit, then its rating. */
static int unit_risks(void *ctx, const struct cr_unit_place *u)
{
	struct risks_run *run = ctx;
	const struct cr_config *cfg = run->cfg;
	struct cr_err *err = run->err;
	bool above = strcmp(u->size_class, "above") == 0;
	double mean = above ? MEAN_ABOVE : MEAN_BELOW;
	int n = 1 +
		(int)(cr_rng_unit(&rng) * (2 * mean - 1)); /* uniform 1 .. 2·mean-1, mean ≈ mean */
	int rc = 0;
	/* the unit's rating from the points written here: a new unit has no other points and no
	 * hazards yet (cr_demo_hazards rates again the units it gives hazards) */
	struct cr_rating_input rating = { 0 };
	int flagged = 0, top_grade = 5;
	long long top = 0;
	for (int k = 0; !rc && k < n; k++) {
		const struct entry *e = pick_entry(u->sector);
		int grade = pick_grade();
		double L, E, C;
		lec_for_grade(grade, e->C, &L, &E, &C);
		json_t *inputs = json_pack("{sf sf sf}", "L", L, "E", E, "C", C);
		struct cr_assessment a;
		struct cr_factor f[3] = { { "L", L }, { "E", E }, { "C", C } };
		rc = cr_assess(&cfg->methods, CR_METHOD_LEC, f, 3, &a, err);
		if (rc) {
			json_decref(inputs);
			break;
		}
		const char *rank = owner_rank_for(a.grade);
		char owner[32];
		snprintf(owner, sizeof owner, "%s%s", surnames[(size_t)(cr_rng_unit(&rng) * 20)],
			 givens[(size_t)(cr_rng_unit(&rng) * 20)]);
		double lon = u->lon + (cr_rng_unit(&rng) - 0.5) * 0.002;
		double lat = u->lat + (cr_rng_unit(&rng) - 0.5) * 0.002;
		struct cr_risk_row r = {
			.unit_id = u->id,
			.region = u->region,
			.sector = u->sector,
			.dept = u->dept,
			.name = e->name,
			.place = e->place,
			.method = "lec",
			.explain = a.explain,
			.control_level = cr_control_level(a.grade),
			.owner_name = owner,
			.owner_rank = rank,
			.accident_types = e->types,
			.inputs = inputs,
			.measures = e->measures,
			.score = a.score,
			.assessed_grade = a.grade,
			.inherent_grade = a.grade,
			.grade = a.grade,
			.owner_ok = cr_owner_rank_sufficient(a.grade, cr_owner_rank_parse(rank)),
			.impact_radius_m = a.grade <= 2 ? 50 + cr_rng_unit(&rng) * 450 : -1,
			.exposed_people = (long long)(cr_rng_unit(&rng) * (above ? 200 : 30)),
			.public_impact = a.grade == 1 && cr_rng_unit(&rng) < 0.3,
			.has_coords = true,
			.lon = lon,
			.lat = lat,
			.accident_edition = CR_ACCIDENT_EDITION_DEFAULT,
		};
		cr_grid_cell(lon, lat, cfg->grid_ref_lat, cfg->superpose.cell_m, &r.cell_x,
			     &r.cell_y);
		long long id;
		/* Each point starts its history like one entered by hand: version 1, created. */
		rc = cr_store_risk_insert(run->c, &r, &id, err) ||
		     cr_store_version_add(run->c, CR_VERSIONS_RISK, id, 1, "system", "create", 0,
					  a.grade, NULL, err);
		json_decref(inputs);
		if (a.grade >= 1 && a.grade <= 4)
			rating.points_by_grade[a.grade]++;
		if (!rc && a.grade < top_grade) {
			top_grade = a.grade;
			top = id;
		}
		flagged += !r.owner_ok;
	}
	if (!rc && top && keep_top(u->id, top))
		rc = cr_err_set(err, 500, "oom", "", "out of memory");
	if (!rc)
		rc = cr_unit_rating_hold(run->c, u->id, &rating, flagged, err);
	if (++run->done % 256 == 0 || run->done == run->total)
		cr_progress("risk points", run->done, run->total);
	return rc ? -1 : 0;
}

int cr_demo_risks(struct cr_conn *c, unsigned long long seed, struct cr_err *err)
{
	cr_rng_seed(&rng, seed * 7919 + 17);
	cr_demo_tops_free();
	if (load_catalogue(c, err))
		return -1;
	struct risks_run run = { .c = c, .cfg = cr_config(), .err = err };
	run.total = cr_store_unit_count(c, true, err);
	int rc = run.total < 0 || cr_store_unit_ratings_begin(c, err) ||
				 cr_store_units_each_active(c, unit_risks, &run, err) ||
				 cr_store_unit_ratings_apply(c, err)
			 ? -1
			 : 0;
	free_catalogue();
	return rc;
}
