/* targets.h — SQL for vulnerable targets (脆弱性目标): rows as JSON, writes, the filtered paged
 * list, and the positions the exposure index reads. No permission or field rules here. */
#ifndef CR_STORE_TARGETS_H
#define CR_STORE_TARGETS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"
#include "store/rows.h"

/* A validated target as it is written. Strings are borrowed. */
struct cr_target_row {
	const char *name, *kind, *protection_class, *region, *dept, *address;
	double lon, lat;
	long long people_day, people_night; /* -1 = unknown */
};

/* The target as JSON (new reference), or NULL with 404. */
json_t *cr_store_target_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_target_insert(struct cr_conn *c, const struct cr_target_row *t, long long *id,
			   struct cr_err *err);
/* Writes every field and bumps version; 409 when expect_version (>0) is not current. */
int cr_store_target_update(struct cr_conn *c, long long id, const struct cr_target_row *t,
			   long long expect_version, struct cr_err *err);
int cr_store_target_set_status(struct cr_conn *c, long long id, const char *status,
			       struct cr_err *err);

struct cr_target_filter {
	const char *region_prefix; /* "" = any */
	const char *kind, *protection_class, *dept, *q, *status;
	long long after; /* cursor: id of the last row seen */
	int limit;
};
/* {"items":[…],"next":…,"total":N}. New reference. */
json_t *cr_store_target_list(struct cr_conn *c, const struct cr_target_filter *f,
			     struct cr_err *err);
/* Every row of the filter (after and limit ignored) by id, one at a time, for an export: the
 * cursor of store/rows.h. NULL with err. */
struct cr_store_rows *cr_store_target_rows(struct cr_conn *c, const struct cr_target_filter *f,
					   const char *const *keys, size_t n, struct cr_err *err);

/* A target's place as the exposure index keeps it. Strings are borrowed for the call only. */
struct cr_target_place {
	long long id;
	const char *region, *status, *updated_at;
	double lon, lat;
	long long people_day, people_night; /* -1 = unknown */
};
typedef int (*cr_target_place_fn)(void *ctx, const struct cr_target_place *t);
/* Every target (archived ones too, so the index drops them) whose updated_at ≥ since ("" =
 * all). 0, fn's non-zero value, or -1 with err. */
int cr_store_targets_changed(struct cr_conn *c, const char *since, cr_target_place_fn fn, void *ctx,
			     struct cr_err *err);

/* Every active target within radius_m metres of (lon, lat) by cr_haversine_m, edge included,
 * in no order, with its distance d (store/sqlb.h cr_sqlb_near: the lon/lat index on SQLite,
 * the GiST index and ST_DWithin on PostgreSQL). 0, fn's non-zero value, or -1 with err. */
typedef int (*cr_target_near_fn)(void *ctx, const struct cr_target_place *t, double d);
int cr_store_targets_within(struct cr_conn *c, double lon, double lat, double radius_m,
			    cr_target_near_fn fn, void *ctx, struct cr_err *err);

#endif
