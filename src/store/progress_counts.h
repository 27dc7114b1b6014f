/* progress_counts.h — the counts behind the progress board (挂图作战) and verification coverage:
 * per district, town, department or sector, how many active units are registered, have
 * reported, have a published list and were verified (at each level). Counts only: rates and
 * ranking are service/progress.c's. */
#ifndef CR_STORE_PROGRESS_COUNTS_H
#define CR_STORE_PROGRESS_COUNTS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

enum cr_progress_group { CR_PG_DISTRICT, CR_PG_TOWN, CR_PG_DEPT, CR_PG_SECTOR };

/* {"items":[{key, name, units, reported, reviewed, verified, verified_city, verified_district,
 * verified_town, verifications}…]} by key, of active units in the region prefix and department
 * (NULL/"": any). New reference, NULL with err. */
json_t *cr_store_progress_counts(struct cr_conn *c, enum cr_progress_group by, const char *region,
				 const char *dept, struct cr_err *err);

/* {"items":[{id, name, region, region_name, dept, sector, registered, last_submit,
 * major_change}…]} of active units in the region prefix and department (NULL/"": any), or the
 * one unit when unit_id > 0: registered is the unit's created_at, last_submit its latest
 * report's submission (null: none), major_change the latest time one of its points of grade
 * max_grade or more severe was created or changed grade (null: never). New reference. */
json_t *cr_store_reporting_facts(struct cr_conn *c, const char *region, const char *dept,
				 long long unit_id, int max_grade, struct cr_err *err);
/* The same rows one at a time, streamed (a province's every unit is not held at once): fn gets
 * each row (borrowed: freed after fn returns) and stops the walk by returning non-zero, which
 * is then returned; -1 with err on a database error. */
typedef int (*cr_reporting_facts_fn)(void *ctx, json_t *row);
int cr_store_reporting_facts_each(struct cr_conn *c, const char *region, const char *dept,
				  long long unit_id, int max_grade, cr_reporting_facts_fn fn,
				  void *ctx, struct cr_err *err);

#endif
