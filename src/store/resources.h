/* resources.h — SQL for emergency resources (应急资源): rows as JSON, writes, the filtered
 * paged list, and the change feed of the nearest index. No permission or field rules here. */
#ifndef CR_STORE_RESOURCES_H
#define CR_STORE_RESOURCES_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* A validated resource as it is written. Strings are borrowed. unit_id 0 = none (a
 * department's or a territory's own resource); quantity < 0 = not counted. */
struct cr_resource_row {
	const char *name, *kind, *region, *dept, *owner, *address, *measure;
	const char *contact_name, *contact_phone;
	long long unit_id;
	double lon, lat, quantity;
	bool available;
};

/* The resource as JSON (new reference), or NULL with 404. */
json_t *cr_store_resource_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_resource_insert(struct cr_conn *c, const struct cr_resource_row *r, long long *id,
			     struct cr_err *err);
/* Writes every field and bumps version; 409 when expect_version (>0) is not current. */
int cr_store_resource_update(struct cr_conn *c, long long id, const struct cr_resource_row *r,
			     long long expect_version, struct cr_err *err);
int cr_store_resource_set_status(struct cr_conn *c, long long id, const char *status,
				 struct cr_err *err);

struct cr_resource_filter {
	const char *region_prefix; /* "" = any */
	const char *kind, *dept, *q, *status;
	long long unit_id; /* 0 = any */
	long long after;   /* cursor: id of the last row seen */
	int limit;
};
/* {"items":[…],"next":…,"total":N}. New reference. */
json_t *cr_store_resource_list(struct cr_conn *c, const struct cr_resource_filter *f,
			       struct cr_err *err);
/* The rows of ids, in the order given, as a JSON array (missing ids left out). New reference. */
json_t *cr_store_resource_rows(struct cr_conn *c, const long long *ids, size_t n,
			       struct cr_err *err);

/* A resource's place as the nearest index keeps it. Strings are borrowed for the call only. */
struct cr_resource_place {
	long long id, unit_id;
	const char *kind, *region, *dept, *status, *updated_at;
	double lon, lat;
	bool available;
};
typedef int (*cr_resource_place_fn)(void *ctx, const struct cr_resource_place *r);
/* Every resource (archived ones too, so the index drops them) whose updated_at ≥ since ("" =
 * all), oldest change first. 0, fn's non-zero value, or -1 with err. */
int cr_store_resources_changed(struct cr_conn *c, const char *since, cr_resource_place_fn fn,
			       void *ctx, struct cr_err *err);

#endif
