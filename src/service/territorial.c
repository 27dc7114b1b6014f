/* territorial.c — create, read, change and archive of a territorial register, each write with
 * its audit entry in one transaction. It must not know a register's fields or build SQL: the
 * register's hooks check and write, store/ holds the SQL. */
#include "service/territorial.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "service/input.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/refdata.h"

int cr_territorial_refuse(struct cr_err *err, const char *field, const char *rule, long long id,
			  const char *what)
{
	cr_err_set(err, 403, "forbidden", field, "%s", what);
	cr_err_param(err, "rule", "%s", rule);
	return id ? cr_err_param(err, "id", "%lld", id) : -1;
}

int cr_territorial_place(struct cr_conn *c, const json_t *in, enum cr_coords sys,
			 const char *region, const char *need, double *lon, double *lat, bool *has,
			 struct cr_err *err)
{
	int hl = cr_input_lonlat(in, lon, lat, err);
	if (hl < 0)
		return -1;
	*has = hl == 0;
	if (!*has)
		return need ? cr_err_set(err, 400, "required", "lon", "%s", need) : 0;
	bool outlined, inside;
	cr_coords_to_wgs84(sys, *lon, *lat, lon, lat);
	if (cr_region_contains(c, region, *lon, *lat, &outlined, &inside, err))
		return -1;
	if (!inside)
		return cr_err_set(err, 400, "outside_region", "lon",
				  "(%.6f, %.6f) lies outside the outline of region %s", *lon, *lat,
				  region);
	return 0;
}

static json_t *finish(struct cr_conn *c, const struct cr_user *u, const struct cr_territorial *t,
		      long long id, const char *action, const json_t *before, struct cr_err *err)
{
	return cr_audit_commit(c, u, t->entity, id, action, before, t->get(c, id, err), err);
}

json_t *cr_territorial_create(struct cr_conn *c, const struct cr_user *u,
			      const struct cr_territorial *t, const json_t *body,
			      struct cr_err *err)
{
	enum cr_coords sys = CR_COORDS_WGS84;
	long long id = 0;
	if (cr_json_only(body, t->writable, err) || cr_input_coords(body, &sys, err))
		return NULL;
	if (cr_db_begin(c, err))
		return NULL;
	if (t->write(c, u, body, sys, &id, 0, err))
		goto fail;
	return finish(c, u, t, id, "create", NULL, err);
fail:
	cr_db_rollback(c);
	return NULL;
}

json_t *cr_territorial_read(struct cr_conn *c, const struct cr_user *u,
			    const struct cr_territorial *t, long long id, struct cr_err *err)
{
	json_t *rec = t->get(c, id, err);
	if (rec && !t->readable(u, rec)) {
		char what[96];
		json_decref(rec);
		snprintf(what, sizeof what, "this %s is outside your scope", t->entity);
		cr_territorial_refuse(err, "id", t->scope_rule, id, what);
		return NULL;
	}
	return rec;
}

/* Inside the transaction: the record u may read and change, or NULL with err. */
static json_t *load_changeable(struct cr_conn *c, const struct cr_user *u,
			       const struct cr_territorial *t, long long id, const char *verb,
			       struct cr_err *err)
{
	json_t *before = cr_territorial_read(c, u, t, id, err);
	if (before && !t->changeable(u, before)) {
		char what[96];
		json_decref(before);
		snprintf(what, sizeof what, "you may not %s this %s", verb, t->entity);
		cr_territorial_refuse(err, "id", t->change_rule, id, what);
		return NULL;
	}
	return before;
}

json_t *cr_territorial_patch(struct cr_conn *c, const struct cr_user *u,
			     const struct cr_territorial *t, long long id, const json_t *body,
			     struct cr_err *err)
{
	enum cr_coords sys = CR_COORDS_WGS84;
	long long expect = 0;
	if (cr_json_only(body, t->patchable, err) || cr_input_coords(body, &sys, err))
		return NULL;
	if (cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0)
		return NULL;
	if (!json_is_number(json_object_get(body, "lon")))
		sys = CR_COORDS_WGS84; /* the stored place is WGS 84 already */
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = load_changeable(c, u, t, id, "change", err), *merged = NULL, *out = NULL;
	if (!before)
		goto fail;
	merged = json_deep_copy(before);
	json_object_update(merged, (json_t *)body);
	json_object_del(merged, "version");
	json_object_del(merged, "coords");
	if (t->merge)
		t->merge(merged, body);
	if (t->write(c, u, merged, sys, &id, expect, err))
		goto fail;
	out = finish(c, u, t, id, "update", before, err);
	json_decref(before);
	json_decref(merged);
	return out;
fail:
	cr_db_rollback(c);
	json_decref(before);
	json_decref(merged);
	return NULL;
}

json_t *cr_territorial_archive(struct cr_conn *c, const struct cr_user *u,
			       const struct cr_territorial *t, long long id, struct cr_err *err)
{
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = load_changeable(c, u, t, id, "archive", err), *out = NULL;
	if (!before)
		goto fail;
	if (strcmp(json_string_value(json_object_get(before, "status")), "archived") == 0) {
		cr_err_set(err, 409, "conflict", "status", "%s %lld is already archived", t->entity,
			   id);
		goto fail;
	}
	if (t->set_status(c, id, "archived", err))
		goto fail;
	out = finish(c, u, t, id, "archive", before, err);
	json_decref(before);
	return out;
fail:
	cr_db_rollback(c);
	json_decref(before);
	return NULL;
}
