/* capability.h — SQL for emergency capability assessments (应急能力评估): write one result,
 * read one, and the history of a subject or a territory. No scoring or permission here. */
#ifndef CR_STORE_CAPABILITY_H
#define CR_STORE_CAPABILITY_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

/* A scored assessment as written. Strings and JSON borrowed; unit_id 0 = none. */
struct cr_capability_row {
	const char *subject, *region, *dept, *assessed_on, *level, *checklist, *assessor;
	long long unit_id;
	const json_t *answers, *weak;
	double score;
};

json_t *cr_store_capability_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_capability_insert(struct cr_conn *c, const struct cr_capability_row *r, long long *id,
			       struct cr_err *err);

struct cr_capability_filter {
	const char *subject;       /* NULL/"" = any */
	const char *region_prefix; /* "" = all */
	const char *region_exact;  /* NULL/"" = any: one subject's history */
	const char *dept;          /* NULL/"" = any */
	long long unit_id;         /* 0 = any */
	long long after;
	int limit;
};
/* {"items","next","total"} newest first (by assessed_on, then id). */
json_t *cr_store_capability_list(struct cr_conn *c, const struct cr_capability_filter *f,
				 struct cr_err *err);

#endif
