/* unit_record.c — a unit's record: create, read, change and archive, each write checked
 * (unit_check.c), authorised and audited in one transaction; a moved unit's risk points,
 * hazards, installations, plans, dynamic reports, resources, capability assessments and alerts
 * follow it. It must not speak HTTP or build SQL (store/units.c). */
#include "service/unit_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "service/input.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/hazards.h"
#include "store/risks.h"

static const char *const writable[] = {
	"credit_code", "name",       "sector",    "dept",         "region",        "address", "lon",
	"lat",         "size_class", "employees", "contact_name", "contact_phone", "coords",  NULL,
};

/* Runs the write, reads the unit back, audits, commits; all or nothing. */
static json_t *finish_write(struct cr_conn *c, const struct cr_user *u, long long id,
			    const char *action, const json_t *before, struct cr_err *err)
{
	return cr_audit_commit(c, u, "unit", id, action, before, cr_store_unit_get(c, id, err),
			       err);
}

json_t *cr_unit_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
		       struct cr_err *err)
{
	struct cr_unit_checked b = { 0 };
	enum cr_coords sys;
	if (cr_json_only(body, writable, err) || cr_input_coords(body, &sys, err) ||
	    cr_unit_validate(c, body, sys, NULL, &b, err))
		return NULL;
	if (!cr_user_can_manage_unit(u, b.row.region, b.row.dept)) {
		cr_err_set(err, 403, "forbidden", "region",
			   "you may not register units in region %s / department %s", b.row.region,
			   b.row.dept);
		cr_err_param(err, "rule", "region_scope");
		cr_err_param(err, "region", "%s", b.row.region);
		return NULL;
	}
	long long id;
	if (cr_db_begin(c, err))
		return NULL;
	if (cr_store_unit_insert(c, &b.row, &id, err)) {
		cr_db_rollback(c);
		return NULL;
	}
	return finish_write(c, u, id, "create", NULL, err);
}

/* Loads a unit the user may read; 404 for units outside scope would hide their existence, but
 * regulators need to know a code is taken, so out-of-scope is 403. */
static json_t *load_readable(struct cr_conn *c, const struct cr_user *u, long long id,
			     struct cr_err *err)
{
	json_t *unit = cr_store_unit_get(c, id, err);
	if (unit &&
	    !cr_user_can_read_unit(u, id, json_string_value(json_object_get(unit, "region")),
				   json_string_value(json_object_get(unit, "dept")))) {
		json_decref(unit);
		cr_err_set(err, 403, "forbidden", "id", "unit %lld is outside your scope", id);
		cr_err_param(err, "rule", "unit_scope");
		cr_err_param(err, "id", "%lld", id);
		return NULL;
	}
	return unit;
}

json_t *cr_unit_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	return load_readable(c, u, id, err);
}

json_t *cr_unit_patch(struct cr_conn *c, const struct cr_user *u, long long id, const json_t *body,
		      struct cr_err *err)
{
	static const char *const patchable[] = {
		"credit_code",  "name",          "sector",  "dept",       "region",
		"address",      "lon",           "lat",     "size_class", "employees",
		"contact_name", "contact_phone", "version", "coords",     NULL,
	};
	enum cr_coords sys;
	if (cr_json_only(body, patchable, err) || cr_input_coords(body, &sys, err))
		return NULL;
	/* coords describes the lon/lat of this body; the stored ones are WGS84 already */
	bool new_lon = json_is_number(json_object_get(body, "lon")),
	     new_lat = json_is_number(json_object_get(body, "lat"));
	if (sys != CR_COORDS_WGS84 && new_lon != new_lat) {
		cr_err_set(err, 400, "required", new_lon ? "lat" : "lon",
			   "with coords, give lon and lat together");
		return NULL;
	}
	if (!new_lon)
		sys = CR_COORDS_WGS84;
	long long expect = 0;
	if (cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0)
		return NULL;
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = load_readable(c, u, id, err), *merged = NULL, *out = NULL;
	struct cr_unit_checked b = { 0 };
	const char *region, *dept;
	if (!before)
		goto out;
	region = json_string_value(json_object_get(before, "region"));
	dept = json_string_value(json_object_get(before, "dept"));
	if (!cr_user_can_edit_unit(u, id, region, dept)) {
		cr_err_set(err, 403, "forbidden", "id", "you may not change unit %lld", id);
		cr_err_param(err, "rule", "unit_change");
		cr_err_param(err, "id", "%lld", id);
		goto out;
	}
	merged = json_deep_copy(before);
	json_object_update(merged, (json_t *)body);
	json_object_del(merged, "version");
	json_object_del(merged, "coords");
	/* A new sector brings its own supervising department unless one is given. */
	if (json_object_get(body, "sector") && !json_object_get(body, "dept"))
		json_object_del(merged, "dept");
	/* Clearing the coordinates means clearing both. */
	if (json_is_null(json_object_get(body, "lon")) ||
	    json_is_null(json_object_get(body, "lat"))) {
		json_object_set_new(merged, "lon", json_null());
		json_object_set_new(merged, "lat", json_null());
	}
	if (cr_unit_validate(c, merged, sys, NULL, &b, err))
		goto out;
	/* A unit account does not set its own 区县 or 监管部门: its regulators do. */
	if (u->role == CR_ROLE_UNIT && (strcmp(b.row.region, region) || strcmp(b.row.dept, dept))) {
		const char *field = strcmp(b.row.region, region) ? "region" : "dept";
		cr_err_set(err, 403, "forbidden", field, "a unit account may not change its own %s",
			   field);
		cr_err_param(err, "rule", "unit_own_place");
		goto out;
	}
	/* A unit may not move itself out of its regulators' reach; moving needs a manager in
	 * scope of the new place too. */
	if ((strcmp(b.row.region, region) != 0 || strcmp(b.row.dept, dept) != 0) &&
	    !cr_user_can_manage_unit(u, b.row.region, b.row.dept)) {
		cr_err_set(err, 403, "forbidden", "region",
			   "you may not move the unit to region %s / department %s", b.row.region,
			   b.row.dept);
		cr_err_param(err, "rule", "region_scope");
		cr_err_param(err, "region", "%s", b.row.region);
		goto out;
	}
	if (cr_store_unit_update(c, id, &b.row, expect, err) ||
	    cr_store_risks_follow_unit(c, id, err) || cr_store_hazards_follow_unit(c, id, err) ||
	    cr_store_unit_records_follow(c, id, err))
		goto out;
	out = finish_write(c, u, id, "update", before, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	json_decref(merged);
	return out;
}

json_t *cr_unit_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			struct cr_err *err)
{
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = load_readable(c, u, id, err), *out = NULL;
	if (!before)
		goto out;
	if (!cr_user_can_manage_unit(u, json_string_value(json_object_get(before, "region")),
				     json_string_value(json_object_get(before, "dept")))) {
		cr_err_set(err, 403, "forbidden", "id", "you may not archive unit %lld", id);
		cr_err_param(err, "rule", "unit_change");
		cr_err_param(err, "id", "%lld", id);
		goto out;
	}
	if (strcmp(json_string_value(json_object_get(before, "status")), "archived") == 0) {
		cr_err_set(err, 409, "conflict", "status", "unit %lld is already archived", id);
		goto out;
	}
	if (cr_store_unit_set_status(c, id, "archived", err))
		goto out;
	out = finish_write(c, u, id, "archive", before, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	return out;
}

json_t *cr_unit_of_records(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			   const char *records, struct cr_err *err)
{
	json_t *unit = cr_store_unit_get(c, unit_id, err);
	if (!unit)
		return NULL;
	const char *region = json_string_value(json_object_get(unit, "region"));
	const char *dept = json_string_value(json_object_get(unit, "dept"));
	if (!cr_user_can_read_unit(u, unit_id, region, dept)) {
		cr_err_set(err, 403, "forbidden", "unit_id", "unit %lld is outside your scope",
			   unit_id);
		cr_err_param(err, "rule", "unit_scope");
		cr_err_param(err, "id", "%lld", unit_id);
	} else if (records && !cr_user_can_edit_unit(u, unit_id, region, dept)) {
		cr_err_set(err, 403, "forbidden", "unit_id",
			   "you may not change the %s of unit %lld", records, unit_id);
		cr_err_param(err, "rule", "unit_change");
		cr_err_param(err, "id", "%lld", unit_id);
	} else if (records &&
		   strcmp(json_string_value(json_object_get(unit, "status")), "active") != 0) {
		cr_err_set(err, 409, "conflict", "unit_id", "unit %lld is archived", unit_id);
	} else {
		return unit;
	}
	json_decref(unit);
	return NULL;
}
