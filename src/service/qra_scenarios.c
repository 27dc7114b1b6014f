/* qra_scenarios.c — a major hazard source's stored QRA scenarios: the checks (the model's by
 * service/qra.c), the installation's scope (service/installations.c), the audited writes and
 * the risk of all of them. It must not build SQL (store/qra_scenarios.c) or speak HTTP. */
#include "service/qra_scenarios.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/user.h"
#include "service/installations.h"
#include "service/qra.h"
#include "service/qra_targets.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/qra_scenarios.h"

#define ENTITY "qra_scenario"

/* The scenario as read, with the position it is computed at: its own, else the installation's
 * ("position": "own" | "installation" | "none"). In place; NULL stays NULL. */
static json_t *scenario_view(json_t *row, const json_t *inst)
{
	if (!row)
		return NULL;
	bool own = json_is_number(json_object_get(row, "lon"));
	bool at_inst = !own && json_is_number(json_object_get(inst, "lon"));
	json_object_set_new(row, "position",
			    json_string(own       ? "own"
					: at_inst ? "installation"
						  : "none"));
	if (at_inst) {
		json_object_set(row, "lon", json_object_get(inst, "lon"));
		json_object_set(row, "lat", json_object_get(inst, "lat"));
	}
	return row;
}

/* Reads and checks body (a whole scenario, the stored one merged with a change) into r; the
 * model and inputs as POST /qra/consequence would (its answer into *consequence). Strings are
 * borrowed from body. */
static int build_row(const json_t *body, long long installation_id, struct cr_qra_scenario_row *r,
		     json_t **consequence, struct cr_err *err)
{
	memset(r, 0, sizeof *r);
	r->installation_id = installation_id;
	int rc = cr_json_str(body, "name", 100, &r->name, err);
	if (rc < 0)
		return -1;
	if (rc == 1 || !*r->name)
		return cr_err_set(err, 400, "required", "name", "'name' is required");
	rc = cr_json_num(body, "frequency_per_year", 0, 1, &r->frequency_per_year, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return cr_err_set(err, 400, "required", "frequency_per_year",
				  "'frequency_per_year' is required");
	if (!(r->frequency_per_year > 0))
		return cr_err_set(err, 400, "invalid", "frequency_per_year",
				  "frequency_per_year must be above 0 per year");
	int hlon = cr_json_num(body, "lon", -180, 180, &r->lon, err);
	if (hlon < 0)
		return -1;
	int hlat = cr_json_num(body, "lat", -85, 85, &r->lat, err);
	if (hlat < 0)
		return -1;
	if (hlon != hlat)
		return cr_err_set(err, 400, "required", hlon ? "lon" : "lat",
				  "lon and lat go together");
	r->has_coords = hlon == 0;
	json_t *inputs = json_object_get(body, "inputs");
	json_t *req =
		json_pack("{s:O?,s:O?}", "model", json_object_get(body, "model"), "inputs", inputs);
	*consequence = req ? cr_qra_consequence_json(req, err) : NULL;
	json_decref(req);
	if (!*consequence)
		return -1;
	r->model = json_string_value(json_object_get(body, "model"));
	r->inputs = inputs;
	return 0;
}

static const char *const writable[] = { "name", "model", "inputs", "frequency_per_year",
					"lon",  "lat",   NULL };

json_t *cr_qra_scenario_list(struct cr_conn *c, const struct cr_user *u, long long installation_id,
			     struct cr_err *err)
{
	json_t *inst = cr_installation_checked(c, u, installation_id, false, err);
	if (!inst)
		return NULL;
	json_t *list = cr_store_qra_scenario_list(c, installation_id, err), *row;
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, row)
		scenario_view(row, inst);
	json_decref(inst);
	return list;
}

/* The stored scenario read back with its view and consequence, audited and committed. */
static json_t *finish(struct cr_conn *c, const struct cr_user *u, long long id, const char *action,
		      const json_t *before, const json_t *inst, json_t *consequence,
		      struct cr_err *err)
{
	json_t *after = scenario_view(cr_store_qra_scenario_get(c, id, err), inst);
	after = cr_audit_commit(c, u, ENTITY, id, action, before, after, err);
	if (after && consequence)
		json_object_set(after, "consequence", consequence);
	return after;
}

json_t *cr_qra_scenario_create(struct cr_conn *c, const struct cr_user *u,
			       long long installation_id, const json_t *body, struct cr_err *err)
{
	struct cr_qra_scenario_row r;
	json_t *consequence = NULL, *inst = NULL, *out = NULL;
	long long id;
	if (cr_json_only(body, writable, err) || cr_db_begin(c, err))
		return NULL;
	inst = cr_installation_checked(c, u, installation_id, true, err);
	if (!inst || build_row(body, installation_id, &r, &consequence, err) ||
	    cr_store_qra_scenario_insert(c, &r, &id, err)) {
		cr_db_rollback(c);
		goto out;
	}
	out = finish(c, u, id, "create", NULL, inst, consequence, err);
out:
	json_decref(inst);
	json_decref(consequence);
	return out;
}

/* The scenario and its installation (new references) when u may read it, and change it for
 * `edit` (then it must be active). */
static json_t *load_checked(struct cr_conn *c, const struct cr_user *u, long long id, bool edit,
			    json_t **inst, struct cr_err *err)
{
	json_t *row = cr_store_qra_scenario_get(c, id, err);
	if (!row)
		return NULL;
	*inst = cr_installation_checked(
		c, u, json_integer_value(json_object_get(row, "installation_id")), edit, err);
	if (!*inst) {
		json_decref(row);
		return NULL;
	}
	scenario_view(row, *inst);
	if (edit && strcmp(json_string_value(json_object_get(row, "status")), "active") != 0) {
		cr_err_set(err, 409, "conflict", "status", "QRA scenario %lld is archived", id);
		json_decref(row);
		json_decref(*inst);
		*inst = NULL;
		return NULL;
	}
	return row;
}

json_t *cr_qra_scenario_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			      const json_t *body, struct cr_err *err)
{
	static const char *const patchable[] = { "name", "model", "inputs",  "frequency_per_year",
						 "lon",  "lat",   "version", NULL };
	struct cr_qra_scenario_row r;
	json_t *inst = NULL, *before = NULL, *merged = NULL, *consequence = NULL, *out = NULL;
	long long expect = 0;
	if (cr_json_only(body, patchable, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0 || cr_db_begin(c, err))
		return NULL;
	before = load_checked(c, u, id, true, &inst, err);
	if (!before)
		goto fail;
	merged = json_deep_copy(before);
	if (strcmp(json_string_value(json_object_get(before, "position")), "own") != 0) {
		json_object_set_new(merged, "lon", json_null());
		json_object_set_new(merged, "lat", json_null());
	}
	json_object_update(merged, (json_t *)body);
	if (build_row(merged, json_integer_value(json_object_get(before, "installation_id")), &r,
		      &consequence, err) ||
	    cr_store_qra_scenario_update(c, id, &r, expect, err))
		goto fail;
	out = finish(c, u, id, "update", before, inst, consequence, err);
	goto done;
fail:
	cr_db_rollback(c);
done:
	json_decref(inst);
	json_decref(before);
	json_decref(merged);
	json_decref(consequence);
	return out;
}

json_t *cr_qra_scenario_archive(struct cr_conn *c, const struct cr_user *u, long long id,
				struct cr_err *err)
{
	json_t *inst = NULL, *out = NULL;
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = load_checked(c, u, id, true, &inst, err);
	if (!before || cr_store_qra_scenario_archive(c, id, err))
		cr_db_rollback(c);
	else
		out = finish(c, u, id, "archive", before, inst, NULL, err);
	json_decref(before);
	json_decref(inst);
	return out;
}

json_t *cr_qra_installation_risk(struct cr_conn *c, const struct cr_user *u,
				 long long installation_id, const char *cell_m, struct cr_err *err)
{
	double cell = 10;
	if (cell_m && *cell_m) {
		char *end;
		cell = strtod(cell_m, &end);
		if (*end || !(cell >= 1 && cell <= 1000))
			return cr_err_set(err, 400, "invalid", "cell_m",
					  "cell_m must be a number of metres from 1 to 1000"),
			       NULL;
	}
	json_t *list = cr_qra_scenario_list(c, u, installation_id, err);
	if (!list)
		return NULL;
	json_t *inst = cr_installation_checked(c, u, installation_id, false, err);
	json_t *items = json_object_get(list, "items"), *row, *out = NULL, *req = NULL;
	json_t *scenarios = json_array();
	size_t i;
	if (!inst)
		goto out;
	if (!json_array_size(items)) {
		cr_err_set(err, 409, "conflict", "scenarios",
			   "installation %lld has no QRA scenario", installation_id);
		cr_err_param(err, "rule", "qra_no_scenarios");
		goto out;
	}
	json_array_foreach(items, i, row) {
		if (!strcmp(json_string_value(json_object_get(row, "position")), "none")) {
			cr_err_set(err, 409, "conflict", "lon",
				   "QRA scenario %lld has no position and its installation none",
				   (long long)json_integer_value(json_object_get(row, "id")));
			cr_err_param(err, "rule", "qra_no_position");
			goto out;
		}
		json_array_append_new(scenarios,
				      json_pack("{s:O,s:O,s:O,s:O,s:O,s:O}", "id",
						json_object_get(row, "id"), "lon",
						json_object_get(row, "lon"), "lat",
						json_object_get(row, "lat"), "frequency_per_year",
						json_object_get(row, "frequency_per_year"), "model",
						json_object_get(row, "model"), "inputs",
						json_object_get(row, "inputs")));
	}
	json_t *body = json_pack("{s:O,s:f,s:b}", "scenarios", scenarios, "cell_m", cell, "targets",
				 u->role != CR_ROLE_UNIT);
	req = cr_qra_with_targets(c, u, body, err);
	json_decref(body);
	if (!req)
		goto out;
	out = cr_qra_risk_json(req, 0, NULL, err);
	if (out) {
		json_object_set_new(out, "installation",
				    json_pack("{s:O,s:O,s:O,s:O}", "id",
					      json_object_get(inst, "id"), "name",
					      json_object_get(inst, "name"), "lon",
					      json_object_get(inst, "lon"), "lat",
					      json_object_get(inst, "lat")));
		json_object_set(out, "scenarios", items);
	}
out:
	json_decref(req);
	json_decref(scenarios);
	json_decref(inst);
	json_decref(list);
	return out;
}
