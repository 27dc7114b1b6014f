/* targets.h — use cases for vulnerable targets (脆弱性目标): validate, authorise by territory
 * (city, district and street accounts write; everyone reads in scope), write with the audit
 * entry in one transaction, list, and import a CSV/XLSX table all-or-nothing. */
#ifndef CR_SERVICE_TARGETS_H
#define CR_SERVICE_TARGETS_H

#include <jansson.h>
#include "store/sql.h"
#include <stddef.h>

#include "core/err.h"

struct cr_import_progress; /* service/import.h */
#include "domain/user.h"
#include "store/targets.h"

/* Each returns a new reference, or NULL with err filled. */
json_t *cr_target_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			 struct cr_err *err);
json_t *cr_target_read(struct cr_conn *c, const struct cr_user *u, long long id,
		       struct cr_err *err);
json_t *cr_target_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			const json_t *body, struct cr_err *err);
json_t *cr_target_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			  struct cr_err *err);

struct cr_target_query {
	const char *region, *kind, *protection_class, *dept, *q, *status, *after, *limit;
};
json_t *cr_target_list(struct cr_conn *c, const struct cr_user *u, const struct cr_target_query *q,
		       struct cr_err *err);
/* The list's checks (403 for a unit account or a region outside u's territory, 400 for a bad
 * status, q or paging) and its store filter in *f, the territory in *sc: what GET /targets and
 * its export (service/export.c) both read. Strings of f are borrowed from q and sc. */
int cr_target_list_filter(const struct cr_user *u, const struct cr_target_query *q,
			  struct cr_target_filter *f, struct cr_scope *sc, struct cr_err *err);

/* Imports a CSV or XLSX table (columns: the field names or their Chinese labels); lon/lat in
 * coords (wgs84, gcj02, bd09). {"imported":N}, or 422 with *rows [{"row","field","message"}…]
 * and nothing written. */
json_t *cr_target_import(struct cr_conn *c, const struct cr_user *u, const void *data, size_t len,
			 const char *coords, const struct cr_import_progress *progress,
			 json_t **rows, struct cr_err *err);

/* Whether u may read a target in region (its territory; a unit account: none). */
bool cr_target_readable(const struct cr_user *u, const char *region);
/* The Chinese label of a target kind or protection class ("" when unknown). */
const char *cr_target_kind_cn(const char *kind);
const char *cr_target_class_cn(const char *protection_class);

#endif
