/* resources.h — use cases for emergency resources (应急资源): validate, authorise (a unit's
 * resources follow the unit's edit rights; a department's or a territory's follow the
 * territory), write with the audit entry in one transaction, list, import and export, and the
 * nearest resources of each kind to a place, a risk point or a major hazard source.
 * Every function returns a new reference, or NULL with err filled. */
#ifndef CR_SERVICE_RESOURCES_H
#define CR_SERVICE_RESOURCES_H

#include <jansson.h>
#include "store/sql.h"
#include <stddef.h>

#include "core/err.h"

struct cr_import_progress; /* service/import.h */
#include "domain/user.h"

json_t *cr_resource_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			   struct cr_err *err);
json_t *cr_resource_read(struct cr_conn *c, const struct cr_user *u, long long id,
			 struct cr_err *err);
json_t *cr_resource_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			  const json_t *body, struct cr_err *err);
json_t *cr_resource_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			    struct cr_err *err);

/* The list's query arguments as received (NULL = absent). */
struct cr_resource_query {
	const char *region, *kind, *dept, *unit_id, *q, *status, *after, *limit;
};
/* {"items","next","total"}: the caller's readable resources (territory; a unit account its
 * unit's), filtered. */
json_t *cr_resource_list(struct cr_conn *c, const struct cr_user *u,
			 const struct cr_resource_query *q, struct cr_err *err);

/* GET /resources/nearest: the place is lon+lat, or a risk point (risk=ID) or a major hazard
 * source (installation=ID) the caller may read. kind: one kind (else the n nearest of every
 * kind, kind by kind); n: 1–100 (default 5); radius_m: only those within it. Only resources
 * the caller may read and that are available (unless available=all).
 * {"origin":{"lon","lat"},"items":[{…resource…,"distance_m"}]}. */
struct cr_resource_near_query {
	const char *lon, *lat, *risk, *installation, *kind, *n, *radius_m, *available;
};
json_t *cr_resource_nearby(struct cr_conn *c, const struct cr_user *u,
			   const struct cr_resource_near_query *q, struct cr_err *err);

/* Imports a CSV or XLSX table (columns: the field names or their Chinese labels, as the
 * export writes them); lon/lat in coords (wgs84, gcj02, bd09). {"imported":N}, or 422 with
 * *rows [{"row","field","message"}…] and nothing written. */
json_t *cr_resource_import(struct cr_conn *c, const struct cr_user *u, const void *data, size_t len,
			   const char *coords, const struct cr_import_progress *progress,
			   json_t **rows, struct cr_err *err);

/* The filtered list (every page) as a CSV (with BOM) or XLSX file with Chinese headers, in
 * memory: 0 with *data (malloc'd, the caller frees it) and *len, or -1 with err. Audited. */
int cr_resource_export(struct cr_conn *c, const struct cr_user *u,
		       const struct cr_resource_query *q, const char *format, char **data,
		       size_t *len, struct cr_err *err);

/* Brings the nearest index up to date with the database (the first call loads it). The number
 * of active resources indexed, or -1 with err. */
long long cr_resource_sync(struct cr_conn *c, struct cr_err *err);

#endif
