/* snapshots.h — SQL for snapshots of the risk register: take one (one compact row per risk point
 * as of a date), list them, and walk two side by side by risk point. No rules here. */
#ifndef CR_STORE_SNAPSHOTS_H
#define CR_STORE_SNAPSHOTS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* Freezes the register inside the caller's transaction: every risk point that existed at the
 * end of as_of ("YYYY-MM-DD", China time; its instant in UTC is cutoff, an ISO timestamp) with
 * its grade then — the grade of its last version at or before cutoff — or, when current, every
 * active point with its grade now. 0 with *id and *points, or -1 with err. */
int cr_store_snapshot_take(struct cr_conn *c, const char *label, const char *as_of,
			   const char *cutoff, bool current, const char *by, long long *id,
			   long long *points, struct cr_err *err);
/* One snapshot {"id","label","as_of","points","created_by","created_at"}, or NULL with 404. */
json_t *cr_store_snapshot_get(struct cr_conn *c, long long id, struct cr_err *err);
/* {"items":[…]} newest first. */
json_t *cr_store_snapshot_list(struct cr_conn *c, struct cr_err *err);

/* One point of a snapshot, as stored. Strings borrowed for the call only. */
struct cr_snapshot_row {
	long long risk_id, unit_id;
	const char *region, *sector, *dept;
	int grade;
};
/* Calls fn for every risk point in a or b, by risk id: a or b NULL when the point is not in
 * that snapshot. 0, or -1 with err. */
typedef void (*cr_snapshot_pair_fn)(void *ctx, const struct cr_snapshot_row *a,
				    const struct cr_snapshot_row *b);
int cr_store_snapshot_pairs(struct cr_conn *c, long long a, long long b, cr_snapshot_pair_fn fn,
			    void *ctx, struct cr_err *err);

#endif
