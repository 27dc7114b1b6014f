/* risk_record.c — a risk point's record: create, read, change, archive and its versions, each
 * write graded (risk_grade.c), versioned and audited in one transaction with the unit's rating.
 * It must not build SQL (store/risks.c) or speak HTTP. */
#include "service/risk_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/grade.h"
#include "service/risk_view.h"
#include "service/units.h"
#include "service/versions.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/risks.h"
#include "store/units.h"

/* The fields a client writes; a patch also names the version it changes. */
static const char *const patchable[] = {
	"version",
	"name",
	"place",
	"accident_types",
	"consequences",
	"method",
	"inputs",
	"inherent_inputs",
	"direct",
	"measures",
	"control_level",
	"owner_name",
	"owner_rank",
	"impact_radius_m",
	"exposed_people",
	"public_impact",
	"lon",
	"lat",
	"reviewed_at",
	"accident_edition",
	NULL,
};
static const char *const *const writable = patchable + 1;

/* The fields a version records when they change. */
static const char *const tracked[] = {
	"name",
	"place",
	"accident_types",
	"consequences",
	"method",
	"inputs",
	"inherent_inputs",
	"inherent_grade",
	"direct",
	"direct_rule",
	"open_major_hazards",
	"grade",
	"measures",
	"control_level",
	"owner_name",
	"owner_rank",
	"impact_radius_m",
	"exposed_people",
	"public_impact",
	"lon",
	"lat",
	"reviewed_at",
	"status",
	"accident_edition",
	NULL,
};

static json_t *risk_read(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_risk_row_decorate(cr_store_risk_get(c, id, err));
}

static const struct cr_versioned risk_versions = { CR_VERSIONS_RISK, "risk", tracked, risk_read };

json_t *cr_risk_record_write(struct cr_conn *c, const struct cr_user *u, long long id,
			     const char *action, const json_t *before, struct cr_err *err)
{
	return cr_version_record(c, u, &risk_versions, id, action, before, err);
}

/* cr_risk_record_write, then refreshes the unit's rating and commits (rolls back on failure). */
static json_t *finish_write(struct cr_conn *c, const struct cr_user *u, long long id,
			    const char *action, const json_t *before, struct cr_err *err)
{
	json_t *after = cr_risk_record_write(c, u, id, action, before, err);
	if (after && (cr_unit_rating_refresh(
			      c, json_integer_value(json_object_get(after, "unit_id")), err) ||
		      cr_db_commit(c, err))) {
		json_decref(after);
		after = NULL;
	}
	if (!after)
		cr_db_rollback(c);
	return after;
}

static json_t *unit_for_write(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			      struct cr_err *err)
{
	return cr_unit_of_records(c, u, unit_id, "risk points", err);
}

json_t *cr_risk_create_tx(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			  const json_t *body, const char *action, struct cr_err *err)
{
	if (cr_json_only(body, writable, err))
		return NULL;
	json_t *unit = unit_for_write(c, u, unit_id, err), *out = NULL;
	struct cr_risk_graded b = { 0 };
	long long id;
	if (unit && cr_risk_grade_record(c, body, unit, 0, &b, err) == 0 &&
	    cr_store_risk_insert(c, &b.row, &id, err) == 0)
		out = cr_risk_record_write(c, u, id, action, NULL, err);
	cr_risk_graded_free(&b);
	json_decref(unit);
	return out;
}

json_t *cr_risk_create(struct cr_conn *c, const struct cr_user *u, long long unit_id,
		       const json_t *body, struct cr_err *err)
{
	if (cr_json_only(body, writable, err) || cr_db_begin(c, err))
		return NULL;
	json_t *out = cr_risk_create_tx(c, u, unit_id, body, "create", err);
	if (out && (cr_unit_rating_refresh(c, unit_id, err) || cr_db_commit(c, err))) {
		json_decref(out);
		out = NULL;
	}
	if (!out)
		cr_db_rollback(c);
	return out;
}

int cr_risk_unit_writable(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			  struct cr_err *err)
{
	json_t *unit = unit_for_write(c, u, unit_id, err);
	json_decref(unit);
	return unit ? 0 : -1;
}

static json_t *load_readable(struct cr_conn *c, const struct cr_user *u, long long id,
			     struct cr_err *err)
{
	json_t *risk = cr_risk_row_decorate(cr_store_risk_get(c, id, err));
	if (risk && !cr_user_can_read_unit(u, json_integer_value(json_object_get(risk, "unit_id")),
					   json_string_value(json_object_get(risk, "region")),
					   json_string_value(json_object_get(risk, "dept")))) {
		json_decref(risk);
		cr_err_set(err, 403, "forbidden", "id", "risk point %lld is outside your scope",
			   id);
		cr_err_param(err, "rule", "risk_scope");
		cr_err_param(err, "id", "%lld", id);
		return NULL;
	}
	return risk;
}

json_t *cr_risk_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	return load_readable(c, u, id, err);
}

json_t *cr_risk_history(struct cr_conn *c, const struct cr_user *u, long long id,
			struct cr_err *err)
{
	json_t *risk = load_readable(c, u, id, err);
	if (!risk)
		return NULL;
	json_decref(risk);
	return cr_store_risk_versions(c, id, err);
}

/* Applies a patch (or a regrade with a new open-hazard count) to a point and writes it. */
static json_t *rewrite(struct cr_conn *c, const struct cr_user *u, long long id,
		       const json_t *patch, int open_major, const char *action, long long expect,
		       struct cr_err *err)
{
	json_t *before = load_readable(c, u, id, err), *unit = NULL, *merged = NULL, *out = NULL;
	struct cr_risk_graded b = { 0 };
	if (!before)
		goto out;
	if (strcmp(json_string_value(json_object_get(before, "status")), "active") != 0) {
		cr_err_set(err, 409, "conflict", "status", "risk point %lld is archived", id);
		goto out;
	}
	unit = unit_for_write(c, u, json_integer_value(json_object_get(before, "unit_id")), err);
	if (!unit)
		goto out;
	merged = json_deep_copy(before);
	/* A control level that was the default for the old grade follows the new grade. */
	if (strcmp(json_string_value(json_object_get(before, "control_level")),
		   cr_control_level((int)json_integer_value(json_object_get(before, "grade")))) ==
	    0)
		json_object_del(merged, "control_level");
	if (patch)
		json_object_update(merged, (json_t *)patch);
	if (open_major < 0)
		open_major = (int)json_integer_value(json_object_get(before, "open_major_hazards"));
	/* A point keeps its own position unless the patch clears it. */
	if (cr_risk_grade_record(c, merged, unit, open_major, &b, err) ||
	    cr_store_risk_update(c, id, &b.row, expect, err))
		goto out;
	out = finish_write(c, u, id, action, before, err);
out:
	cr_risk_graded_free(&b);
	json_decref(before);
	json_decref(unit);
	json_decref(merged);
	return out;
}

json_t *cr_risk_patch(struct cr_conn *c, const struct cr_user *u, long long id, const json_t *body,
		      struct cr_err *err)
{
	long long expect = 0;
	if (cr_json_only(body, patchable, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0)
		return NULL;
	json_t *patch = json_deep_copy(body);
	json_object_del(patch, "version");
	/* Changing the method without new inputs would grade old factors with a new table. */
	if (json_object_get(patch, "method") && !json_object_get(patch, "inputs")) {
		json_decref(patch);
		cr_err_set(err, 400, "required", "inputs", "a new method needs its inputs");
		return NULL;
	}
	json_t *out = NULL;
	if (cr_db_begin(c, err) == 0) {
		out = rewrite(c, u, id, patch, -1, "update", expect, err);
		if (!out)
			cr_db_rollback(c);
	}
	json_decref(patch);
	return out;
}

json_t *cr_risk_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			struct cr_err *err)
{
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = load_readable(c, u, id, err), *unit = NULL, *out = NULL;
	if (before) {
		unit = unit_for_write(c, u, json_integer_value(json_object_get(before, "unit_id")),
				      err);
		if (unit &&
		    strcmp(json_string_value(json_object_get(before, "status")), "archived") == 0)
			cr_err_set(err, 409, "conflict", "status",
				   "risk point %lld is already archived", id);
		else if (unit && cr_store_risk_archive(c, id, err) == 0)
			out = finish_write(c, u, id, "archive", before, err);
	}
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	json_decref(unit);
	return out;
}
