/* verifications.c — recording and reading on-site verifications, each write one transaction with
 * its audit entry, and the coverage by region. It must not build SQL or speak HTTP. */
#include "service/verifications.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "domain/date.h"
#include "service/input.h"
#include "service/progress.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/progress_counts.h"
#include "service/review_chain.h"
#include "store/reviews.h"
#include "store/units.h"
#include "store/verifications.h"

#define FINDINGS_MAX 4000

const char *cr_verification_level_of(enum cr_role r)
{
	switch (r) {
	case CR_ROLE_CITY:
	case CR_ROLE_CITY_DEPT:
		return "city";
	case CR_ROLE_DISTRICT:
	case CR_ROLE_DISTRICT_DEPT:
		return "district";
	case CR_ROLE_STREET:
		return "town";
	default:
		return NULL;
	}
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* The unit, when u may read it (and, for `write`, verify it). */
static json_t *unit_checked(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			    bool write, struct cr_err *err)
{
	json_t *unit = cr_store_unit_get(c, unit_id, err);
	if (!unit)
		return NULL;
	const char *region = str(unit, "region"), *dept = str(unit, "dept");
	if (!cr_user_can_read_unit(u, unit_id, region, dept)) {
		cr_err_set(err, 403, "forbidden", "unit_id", "unit %lld is outside your scope",
			   unit_id);
		cr_err_param(err, "rule", "unit_scope");
	} else if (write && (!cr_verification_level_of(u->role) ||
			     !cr_user_can_manage_unit(u, region, dept))) {
		cr_err_set(err, 403, "forbidden", "unit_id",
			   "only the city, district and town in scope verify unit %lld", unit_id);
		cr_err_param(err, "rule", "verification_scope");
	} else {
		return unit;
	}
	cr_err_param(err, "id", "%lld", unit_id);
	json_decref(unit);
	return NULL;
}

json_t *cr_verification_create(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			       const json_t *body, struct cr_err *err)
{
	static const char *const allowed[] = { "result", "findings", "checked_on", "review_id",
					       NULL };
	const char *result = NULL, *findings = NULL, *checked_on = NULL;
	long long review_id = 0, id;
	char today[11];
	cr_date_today(time(NULL), today);
	if (cr_json_only(body, allowed, err) ||
	    cr_input_required_text(body, "result", 16, &result, err))
		return NULL;
	if (strcmp(result, "pass") != 0 && strcmp(result, "issues") != 0)
		return cr_err_set(err, 400, "invalid", "result", "result must be pass or issues"),
		       NULL;
	if (cr_input_required_lines(body, "findings", FINDINGS_MAX, &findings, err) ||
	    cr_input_required_text(body, "checked_on", 10, &checked_on, err))
		return NULL;
	if (cr_date_check(checked_on))
		return cr_err_set(err, 400, "invalid", "checked_on",
				  "checked_on must be a date YYYY-MM-DD"),
		       NULL;
	if (strcmp(checked_on, today) > 0)
		return cr_err_set(err, 400, "invalid", "checked_on",
				  "checked_on (%s) is after today (%s)", checked_on, today),
		       NULL;
	if (cr_json_int(body, "review_id", 1, 1LL << 50, &review_id, err) < 0 ||
	    cr_db_begin(c, err))
		return NULL;
	json_t *unit = NULL, *review = NULL, *out = NULL;
	if (!(unit = unit_checked(c, u, unit_id, true, err)))
		goto fail;
	if (review_id) {
		if (!(review = cr_review_view(cr_store_review_get(c, review_id, err)))) {
			if (err->status == 404)
				cr_err_set(err, 400, "invalid", "review_id", "no report %lld",
					   review_id);
			goto fail;
		}
		if (json_integer_value(json_object_get(review, "unit_id")) != unit_id) {
			cr_err_set(err, 400, "invalid", "review_id",
				   "report %lld is not of unit %lld", review_id, unit_id);
			goto fail;
		}
	} else {
		if (!(review = cr_review_view(cr_store_review_latest(c, unit_id, err))))
			goto fail;
		review_id = json_integer_value(json_object_get(review, "id"));
	}
	struct cr_verification_row row = { .unit_id = unit_id,
					   .review_id = review_id,
					   .level = cr_verification_level_of(u->role),
					   .result = result,
					   .findings = findings,
					   .checked_on = checked_on,
					   .login = u->login };
	if (cr_store_verification_insert(c, &row, &id, err))
		goto fail;
	if (!(out = cr_store_verification_get(c, id, err)))
		goto fail;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	if (cr_audit_write(c, u, "verification", idt, "create", NULL, out, err))
		goto fail;
	if (cr_db_commit(c, err))
		goto fail;
	goto done;
fail:
	cr_db_rollback(c);
	json_decref(out);
	out = NULL;
done:
	json_decref(unit);
	json_decref(review);
	return out;
}

json_t *cr_verification_list_of_unit(struct cr_conn *c, const struct cr_user *u, long long unit_id,
				     struct cr_err *err)
{
	json_t *unit = unit_checked(c, u, unit_id, false, err);
	if (!unit)
		return NULL;
	json_decref(unit);
	return cr_store_verification_list_unit(c, unit_id, err);
}

json_t *cr_verification_coverage(struct cr_conn *c, const struct cr_user *u, const char *region,
				 const char *by, struct cr_err *err)
{
	enum cr_progress_group g = CR_PG_DISTRICT;
	if (by && *by && strcmp(by, "district") != 0) {
		if (strcmp(by, "town") != 0)
			return cr_err_set(err, 400, "invalid", "by", "by must be district or town"),
			       NULL;
		g = CR_PG_TOWN;
	}
	json_t *counts = cr_progress_scoped_counts(c, u, g, region, err);
	if (!counts)
		return NULL;
	json_t *items = json_array(), *row;
	long long t[6] = { 0 };
	size_t i;
	json_array_foreach(json_object_get(counts, "items"), i, row) {
		long long units = json_integer_value(json_object_get(row, "units"));
		long long ver = json_integer_value(json_object_get(row, "verified"));
		long long lv[3] = { json_integer_value(json_object_get(row, "verified_city")),
				    json_integer_value(json_object_get(row, "verified_district")),
				    json_integer_value(json_object_get(row, "verified_town")) };
		long long nv = json_integer_value(json_object_get(row, "verifications"));
		t[0] += units;
		t[1] += ver;
		t[2] += lv[0];
		t[3] += lv[1];
		t[4] += lv[2];
		t[5] += nv;
		json_array_append_new(
			items,
			json_pack("{sO sO sI sI sf s{sI sI sI} sI}", "key",
				  json_object_get(row, "key"), "name", json_object_get(row, "name"),
				  "units", (json_int_t)units, "verified", (json_int_t)ver, "rate",
				  cr_progress_rate(ver, units), "by_level", "city",
				  (json_int_t)lv[0], "district", (json_int_t)lv[1], "town",
				  (json_int_t)lv[2], "verifications", (json_int_t)nv));
	}
	json_decref(counts);
	return json_pack("{so s{sI sI sf s{sI sI sI} sI}}", "items", items, "total", "units",
			 (json_int_t)t[0], "verified", (json_int_t)t[1], "rate",
			 cr_progress_rate(t[1], t[0]), "by_level", "city", (json_int_t)t[2],
			 "district", (json_int_t)t[3], "town", (json_int_t)t[4], "verifications",
			 (json_int_t)t[5]);
}
