/* plans.c — emergency plan use cases: field rules (type, covered points and sources of the same
 * unit, dates), the unit's scope, the audit entry in the write's transaction, and the clock
 * fields of domain/plan.c added to each plan read. It must not build SQL (store/plans.c). */
#include "service/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "domain/date.h"
#include "domain/plan.h"
#include "service/input.h"
#include "service/risks.h"
#include "service/units.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/plans.h"

/* The clock fields of a plan on today's date (added to p in place). */
static void add_clock(json_t *p, const char *today)
{
	const char *type = json_string_value(json_object_get(p, "type"));
	const char *issued = json_string_value(json_object_get(p, "issued_on"));
	const char *reviewed = json_string_value(json_object_get(p, "reviewed_on"));
	const char *drilled = json_string_value(json_object_get(p, "drilled_on"));
	bool key = cr_plan_key_sector(json_string_value(json_object_get(p, "unit_sector")));
	struct cr_plan_clock k;
	int t = cr_plan_type_parse(type);
	cr_plan_clock_at(t, key, issued ? issued : "", reviewed ? reviewed : "",
			 drilled ? drilled : "", today, &k);
	json_object_set_new(p, "type_cn", json_string(cr_plan_type_cn(t)));
	json_object_set_new(p, "key_unit", json_boolean(key));
	json_object_set_new(p, "drill_months", json_integer(k.drill_months));
	json_object_set_new(p, "review_due",
			    *k.review_due ? json_string(k.review_due) : json_null());
	json_object_set_new(p, "drill_due", *k.drill_due ? json_string(k.drill_due) : json_null());
	json_object_set_new(p, "review_overdue", json_boolean(k.review_overdue));
	json_object_set_new(p, "drill_overdue", json_boolean(k.drill_overdue));
}

static void add_clocks(json_t *list)
{
	char today[11];
	json_t *p;
	size_t i;
	cr_date_today(time(NULL), today);
	json_array_foreach(json_object_get(list, "items"), i, p)
		add_clock(p, today);
}

json_t *cr_plan_list_of_unit(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			     struct cr_err *err)
{
	json_t *unit = cr_unit_read(c, u, unit_id, err), *out;
	if (!unit)
		return NULL;
	json_decref(unit);
	if ((out = cr_store_plan_list_unit(c, unit_id, err)))
		add_clocks(out);
	return out;
}

/* An array of ids of the unit's active rows in table; 400 naming field otherwise. */
static int check_ids(struct cr_conn *c, const json_t *in, const char *field, const char *table,
		     long long unit_id, const json_t **out, struct cr_err *err)
{
	const json_t *a = json_object_get(in, field), *v;
	size_t i;
	*out = NULL;
	if (!a || json_is_null(a))
		return 0;
	if (!json_is_array(a) || json_array_size(a) > 500)
		return cr_err_set(err, 400, "invalid", field, "%s must be a list of ids", field);
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return cr_err_set(err, 400, "invalid", field, "%s must be a list of ids",
					  field);
		int own = cr_store_plan_owns(c, table, unit_id, json_integer_value(v), err);
		if (own < 0)
			return -1;
		if (!own) {
			cr_err_set(err, 400, "invalid", field,
				   "%lld is not an active %s of unit %lld",
				   (long long)json_integer_value(v), table, unit_id);
			cr_err_param(err, "rule", "plan_not_own");
			return cr_err_param(err, "id", "%lld", (long long)json_integer_value(v));
		}
	}
	*out = a;
	return 0;
}

/* An optional date, not after today. */
static int check_date(const json_t *in, const char *field, const char *today, const char **out,
		      struct cr_err *err)
{
	const char *s = NULL;
	int rc = cr_json_str(in, field, 10, &s, err);
	*out = NULL;
	if (rc < 0)
		return -1;
	if (rc == 1 || !*s)
		return 0;
	if (cr_date_check(s)) {
		cr_err_set(err, 400, "invalid", field, "%s must be a date YYYY-MM-DD", field);
		return cr_err_param(err, "rule", "date");
	}
	if (strcmp(s, today) > 0) {
		cr_err_set(err, 400, "invalid", field, "%s %s is after today", field, s);
		return cr_err_param(err, "rule", "date_future");
	}
	*out = s;
	return 0;
}

/* Checks a whole record of the unit into row (strings borrowed from in and unit). */
static int validate(struct cr_conn *c, const json_t *in, const json_t *unit,
		    struct cr_plan_row *row, struct cr_err *err)
{
	char today[11];
	cr_date_today(time(NULL), today);
	*row = (struct cr_plan_row){
		.unit_id = json_integer_value(json_object_get(unit, "id")),
		.region = json_string_value(json_object_get(unit, "region")),
		.dept = json_string_value(json_object_get(unit, "dept")),
	};
	if (cr_input_required_text(in, "name", 100, &row->name, err) ||
	    cr_input_required_text(in, "type", 20, &row->type, err))
		return -1;
	int t = cr_plan_type_parse(row->type);
	if (t < 0) {
		cr_err_set(err, 400, "invalid", "type",
			   "type must be comprehensive, special or onsite");
		return cr_err_param(err, "rule", "plan_type");
	}
	row->type = cr_plan_type_codes[t];
	if (check_ids(c, in, "risk_ids", "risks", row->unit_id, &row->risk_ids, err) ||
	    check_ids(c, in, "installation_ids", "installations", row->unit_id,
		      &row->installation_ids, err) ||
	    check_date(in, "issued_on", today, &row->issued_on, err) ||
	    check_date(in, "reviewed_on", today, &row->reviewed_on, err) ||
	    check_date(in, "drilled_on", today, &row->drilled_on, err))
		return -1;
	return 0;
}

static json_t *finish_write(struct cr_conn *c, const struct cr_user *u, long long id,
			    const char *action, const json_t *before, const json_t *links,
			    struct cr_err *err)
{
	json_t *after = NULL;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	if (cr_store_plan_link(c, id, links, err))
		goto fail;
	if (!(after = cr_store_plan_get(c, id, err)))
		goto fail;
	if (cr_audit_write(c, u, "plan", idt, action, before, after, err))
		goto fail;
	if (cr_db_commit(c, err))
		goto fail;
	char today[11];
	cr_date_today(time(NULL), today);
	add_clock(after, today);
	return after;
fail:
	cr_db_rollback(c);
	json_decref(after);
	return NULL;
}

static const char *const writable[] = { "name",       "type",
					"risk_ids",   "installation_ids",
					"issued_on",  "reviewed_on",
					"drilled_on", NULL };

json_t *cr_plan_create(struct cr_conn *c, const struct cr_user *u, long long unit_id,
		       const json_t *body, struct cr_err *err)
{
	struct cr_plan_row row;
	long long id;
	json_t *unit = NULL, *out = NULL;
	if (cr_json_only(body, writable, err))
		return NULL;
	if (cr_db_begin(c, err))
		return NULL;
	if (cr_risk_unit_writable(c, u, unit_id, err))
		goto fail;
	if (!(unit = cr_unit_read(c, u, unit_id, err)))
		goto fail;
	if (validate(c, body, unit, &row, err))
		goto fail;
	if (cr_store_plan_insert(c, &row, &id, err))
		goto fail;
	out = finish_write(c, u, id, "create", NULL, json_object_get(body, "installation_ids"),
			   err);
	json_decref(unit);
	return out;
fail:
	cr_db_rollback(c);
	json_decref(unit);
	return NULL;
}

/* The plan when u may read its unit. */
static json_t *load_readable(struct cr_conn *c, const struct cr_user *u, long long id,
			     struct cr_err *err)
{
	json_t *p = cr_store_plan_get(c, id, err), *unit;
	if (!p)
		return NULL;
	if (!(unit = cr_unit_read(c, u, json_integer_value(json_object_get(p, "unit_id")), err))) {
		json_decref(p);
		return NULL;
	}
	json_decref(unit);
	return p;
}

json_t *cr_plan_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	json_t *p = load_readable(c, u, id, err);
	char today[11];
	cr_date_today(time(NULL), today);
	if (p)
		add_clock(p, today);
	return p;
}

json_t *cr_plan_patch(struct cr_conn *c, const struct cr_user *u, long long id, const json_t *body,
		      struct cr_err *err)
{
	static const char *const patchable[] = {
		"name",       "type",    "risk_ids", "installation_ids", "issued_on", "reviewed_on",
		"drilled_on", "version", NULL
	};
	long long expect = 0, unit_id;
	struct cr_plan_row row;
	json_t *before = NULL, *unit = NULL, *merged = NULL, *out = NULL;
	if (cr_json_only(body, patchable, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0)
		return NULL;
	if (cr_db_begin(c, err))
		return NULL;
	if (!(before = load_readable(c, u, id, err)))
		goto fail;
	unit_id = json_integer_value(json_object_get(before, "unit_id"));
	if (strcmp(json_string_value(json_object_get(before, "status")), "active")) {
		cr_err_set(err, 409, "conflict", "status", "plan %lld is archived", id);
		goto fail;
	}
	if (cr_risk_unit_writable(c, u, unit_id, err))
		goto fail;
	if (!(unit = cr_unit_read(c, u, unit_id, err)))
		goto fail;
	merged = json_deep_copy(before);
	json_object_update(merged, (json_t *)body);
	if (validate(c, merged, unit, &row, err))
		goto fail;
	if (cr_store_plan_update(c, id, &row, expect, err))
		goto fail;
	out = finish_write(c, u, id, "update", before, json_object_get(merged, "installation_ids"),
			   err);
	goto done;
fail:
	cr_db_rollback(c);
done:
	json_decref(before);
	json_decref(unit);
	json_decref(merged);
	return out;
}

json_t *cr_plan_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			struct cr_err *err)
{
	json_t *before = NULL, *out = NULL, *none = json_array();
	if (cr_db_begin(c, err))
		goto done;
	if (!(before = load_readable(c, u, id, err)))
		goto fail;
	if (cr_risk_unit_writable(c, u, json_integer_value(json_object_get(before, "unit_id")),
				  err))
		goto fail;
	if (strcmp(json_string_value(json_object_get(before, "status")), "active")) {
		cr_err_set(err, 409, "conflict", "status", "plan %lld is already archived", id);
		goto fail;
	}
	if (cr_store_plan_set_status(c, id, "archived", err))
		goto fail;
	out = finish_write(c, u, id, "archive", before, none, err);
	goto done;
fail:
	cr_db_rollback(c);
done:
	json_decref(before);
	json_decref(none);
	return out;
}

json_t *cr_plan_gaps(struct cr_conn *c, const struct cr_user *u, const char *region,
		     const char *dept, const char *unit_id, struct cr_err *err)
{
	struct cr_scope sc;
	struct cr_plan_cutoffs cut;
	char today[11];
	long long uid = 0;
	if (unit_id && *unit_id) {
		char *end;
		uid = strtoll(unit_id, &end, 10);
		if (*end || uid <= 0)
			return cr_err_set(err, 400, "invalid", "unit_id", "unit_id must be an id"),
			       NULL;
	}
	if (cr_user_scope(u, region, dept, uid, &sc, err))
		return NULL;
	cr_date_today(time(NULL), today);
	cr_plan_cutoffs_at(today, &cut);
	struct cr_plan_scope s = { sc.region, sc.dept, sc.unit_id };
	const char *const drill[2][3] = {
		{ cut.drill_cut[0][0], cut.drill_cut[0][1], cut.drill_cut[0][2] },
		{ cut.drill_cut[1][0], cut.drill_cut[1][1], cut.drill_cut[1][2] },
	};
	json_t *src = cr_store_sources_without_plan(c, &s, err), *late = NULL;
	if (!src ||
	    !(late = cr_store_plans_overdue(c, &s, cut.review_cut, drill, cr_plan_key_sectors,
					    cr_plan_key_sector_count, err))) {
		json_decref(src);
		return NULL;
	}
	add_clocks(late);
	json_t *out = json_pack("{sOsOss}", "sources_without_plan", json_object_get(src, "items"),
				"overdue", json_object_get(late, "items"), "today", today);
	json_decref(src);
	json_decref(late);
	return out;
}
