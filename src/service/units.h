/* units.h — use cases for units (生产经营单位): validate (unit_check.c), authorise and write with
 * the audit entry in one transaction (unit_record.c), list within the caller's scope
 * (unit_lists.c), and bulk import all-or-nothing (unit_import.c). */
#ifndef CR_SERVICE_UNITS_H
#define CR_SERVICE_UNITS_H

#include <jansson.h>
#include "store/sql.h"
#include <stddef.h>

#include "core/err.h"

struct cr_import_progress; /* service/import.h */
#include "domain/user.h"
#include "store/units.h" /* struct cr_unit_filter */

/* Each returns a new reference to the unit (or list), or NULL with err filled. */
json_t *cr_unit_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
		       struct cr_err *err);
json_t *cr_unit_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err);
json_t *cr_unit_patch(struct cr_conn *c, const struct cr_user *u, long long id, const json_t *body,
		      struct cr_err *err);
json_t *cr_unit_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			struct cr_err *err);
/* The unit whose records (risk points, installations…) u reads or, with `records` naming them
 * for the message, changes: 403 "unit_scope" outside u's scope, 403 "unit_change" when u may
 * not change them, 409 when the unit is archived (changes only), 404. New reference. */
json_t *cr_unit_of_records(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			   const char *records, struct cr_err *err);

struct cr_unit_query {
	const char *region, *sector, *dept, *size_class, *q, *status, *rating, *after;
	const char *limit;
};
/* The list as JSON text (malloc'd): {"items":[…],"next":…,"total":N}. */
char *cr_unit_list(struct cr_conn *c, const struct cr_user *u, const struct cr_unit_query *q,
		   struct cr_err *err);
/* The list's checked filter for q within u's scope (the list and the exports share it); sc
 * holds the region text f points to. 0, or -1 with err (400 naming the argument, 403). */
int cr_unit_list_filter(const struct cr_user *u, const struct cr_unit_query *q,
			struct cr_unit_filter *f, struct cr_scope *sc, struct cr_err *err);

/* Imports a CSV or XLSX table whose lon/lat are in coords ("wgs84" — also NULL or "" —,
 * "gcj02" or "bd09"; else 400 field coords); they are stored as WGS84. On success returns
 * {"imported":N}. When any row is invalid, nothing is written, err is 422 and *rows receives
 * [{"row","field","message"}…]. */
json_t *cr_unit_import(struct cr_conn *c, const struct cr_user *u, const void *data, size_t len,
		       const char *coords, const struct cr_import_progress *progress, json_t **rows,
		       struct cr_err *err);

#endif
