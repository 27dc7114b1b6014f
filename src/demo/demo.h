/* demo.h — the Suzhou demo city generator: units, risk points, hidden hazards, vulnerable targets,
 * installations and demo accounts, deterministic for a seed. It writes only through the service and store functions. */
#ifndef CR_DEMO_H
#define CR_DEMO_H

#include "store/sql.h"

#include "core/err.h"
#include "store/db.h"

/* Loads the demo city into an open database (used by `demo` and `serve --demo`). Prints what
 * went wrong on stderr; 0 or -1. */
int cr_demo_load(struct cr_db *db, double scale, unsigned long seed);

/* Suzhou's ten districts as the demo weighs them (demo_city.c): code, the short name in targets'
 * and resources' names and the unit names' prefix; the share of units (a judgement from the
 * districts' industrial output: Kunshan, Wujiang, Changshu and Zhangjiagang lead, the old town
 * of Gusu has little industry) and of public places (targets, the districts' own resources).
 * Demo assumptions, not statistics. */
struct cr_demo_district {
	const char *code, *prefix, *unit_prefix;
	double units, places;
};
#define CR_DEMO_DISTRICTS 10
extern const struct cr_demo_district cr_demo_districts[CR_DEMO_DISTRICTS];

/* Risk points for every active unit, from the industry catalogue (demo_risks.c). */
int cr_demo_risks(struct cr_conn *c, unsigned long long seed, struct cr_err *err);
/* The unit's top risk point as cr_demo_risks wrote it (the first of its most severe grade: the
 * point a hazard found there is tied to), kept in memory rather than read back a hazard at a
 * time; 0 when none. cr_demo_tops_free forgets them. */
long long cr_demo_top_risk(long long unit_id);
void cr_demo_tops_free(void);
/* Hidden hazards in every state, some overdue, majors on risk points (demo_hazards.c). */
int cr_demo_hazards(struct cr_conn *c, double scale, unsigned long long seed, struct cr_err *err);

/* Units' risk lists in every state of the review chain, at a pace that differs by district, and
 * on-site verifications of published ones (demo_reviews.c). */
int cr_demo_reviews(struct cr_conn *c, unsigned long long seed, struct cr_err *err);

/* Vulnerable targets in every district, inside the outlines (demo_targets.c). */
int cr_demo_targets(struct cr_conn *c, double scale, unsigned long long seed, struct cr_err *err);

/* A random point (drawn from the stream `from`) inside the district's outline mp, rounded to 1e-6
 * degrees, and the town holding it (else the district) in region (demo_targets.c). */
struct cr_multipolygon;
struct cr_rng;
int cr_demo_place_in(struct cr_conn *c, const char *district, struct cr_multipolygon *mp,
		     struct cr_rng *from, double *lon, double *lat, char region[16],
		     struct cr_err *err);

/* Emergency resources: the units' own teams and materials, and every district's shelters,
 * depots, rescue teams and experts inside its outline (demo_resources.c). */
int cr_demo_resources(struct cr_conn *c, double scale, unsigned long long seed, struct cr_err *err);
/* Installations with GB 18218 Table 1 substances on the chemical, storage, gas, refrigeration,
 * oil-depot and wharf units, a few hundred of them major hazard sources at scale 1; each unit
 * with a source has its risk points re-graded (demo_installations.c). After the targets, whose
 * people within 500 m give α. */
int cr_demo_installations(struct cr_conn *c, unsigned long long seed, struct cr_err *err);

/* A progress bar on stderr when it is a terminal; silent otherwise (progress.c). */
void cr_progress(const char *what, long long done, long long total);

#endif
