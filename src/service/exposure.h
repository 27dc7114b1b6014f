/* exposure.h — exposure analysis: which vulnerable targets lie inside each source's impact
 * radius, which sources reach each target, and the targets reached by two or more (叠加).
 * Sources are risk points (impact_radius_m) and major hazard sources (installations with
 * S ≥ 1 and a position; impact_radius_m, else 500 m). One in-memory grid index for the
 * process, kept current incrementally from both tables by updated_at. */
#ifndef CR_SERVICE_EXPOSURE_H
#define CR_SERVICE_EXPOSURE_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* Source kinds. */
enum { CR_EXPO_TARGET = 0, CR_EXPO_RISK = 1, CR_EXPO_INSTALLATION = 2 };

/* The impact radius of a major hazard source without one of its own: the 500 m around it
 * within which GB 18218-2018 counts the exposed people for α (docs/METHODS.md). */
#define CR_EXPOSURE_MHS_RADIUS_M 500.0

/* The source side for kinds whose rows the index does not read itself: put a
 * source (a radius ≤ 0 or NaN drops it) after its write commits, drop it when it is archived.
 * region/dept: its scope (borrowed). 0, or -1 when out of memory. */
int cr_exposure_source_put(int kind, long long id, long long owner_id, const char *region,
			   const char *dept, double lon, double lat, double radius_m, int grade);
void cr_exposure_source_drop(int kind, long long id);

/* GET /exposure: ?source=ID[&kind=risk|installation] — the targets inside the source's radius
 * with distance and people; ?target=ID — the sources reaching it; ?bbox=W,S,E,N — the sources
 * with a radius there (circles for the map); none — the summary for the caller's territory
 * (counts, and the targets reached by two or more sources). New reference, or NULL with err. */
struct cr_exposure_query {
	const char *source, *kind, *target, *bbox, *region;
};
json_t *cr_exposure_get(struct cr_conn *c, const struct cr_user *u,
			const struct cr_exposure_query *q, struct cr_err *err);

/* The people at the active vulnerable targets within radius_m of (lon, lat), the edge included:
 * each target counts the larger of its day and night population (unknown: 0), into *people;
 * the targets counted into *ntargets. Asks the database's spatial index
 * (cr_store_targets_within), so it is cheap to call per record. 0, or -1 with err. */
int cr_exposure_people_within(struct cr_conn *c, double lon, double lat, double radius_m,
			      long long *people, long long *ntargets, struct cr_err *err);

/* Forgets the index, so the next call loads it again from whichever database it is given: for
 * a process that opens another database (the demo's loader, tests). */
void cr_exposure_reset(void);

/* Brings the index up to date with the database (the first call loads everything). Returns
 * the number of sources, or -1 with err. */
long long cr_exposure_sync(struct cr_conn *c, struct cr_err *err);

#endif
