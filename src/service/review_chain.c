/* review_chain.c — the review chain's use cases: load the unit and its latest report, ask
 * domain/review_flow.c, write the report, its step and the audit entry in one transaction. It
 * must not build SQL (store/reviews.c) or speak HTTP. */
#include "service/review_chain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "domain/reporting_cycle.h"
#include "domain/review_flow.h"
#include "service/input.h"
#include "service/reporting.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/reviews.h"
#include "store/units.h"

/* The stored row with the names of its state and of whom it waits on beside them ("state_cn",
 * "waiting_on_cn": null when not one of ours), in place; NULL stays NULL. */
json_t *cr_review_view(json_t *row)
{
	if (!row)
		return NULL;
	enum cr_review_state st;
	const char *t = json_string_value(json_object_get(row, "state"));
	cr_json_set_after(row, "state", "state_cn",
			  t && cr_review_state_parse(t, &st) == 0
				  ? json_string(cr_review_state_cn(st))
				  : json_null());
	const char *w = json_string_value(json_object_get(row, "waiting_on"));
	json_t *who = json_null();
	for (int a = 0; w && a < CR_RA_COUNT; a++)
		if (strcmp(w, cr_review_actor_name((enum cr_review_actor)a)) == 0) {
			who = json_string(cr_review_actor_cn((enum cr_review_actor)a));
			break;
		}
	cr_json_set_after(row, "waiting_on", "waiting_on_cn", who);
	return row;
}

static json_t *review_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_review_view(cr_store_review_get(c, id, err));
}

static json_t *review_latest(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	return cr_review_view(cr_store_review_latest(c, unit_id, err));
}

static json_t *review_page(struct cr_conn *c, const struct cr_review_filter *f, long long after,
			   int limit, struct cr_err *err)
{
	json_t *page = cr_store_review_page(c, f, after, limit, err), *row;
	size_t i;
	json_array_foreach(json_object_get(page, "items"), i, row)
		cr_review_view(row);
	return page;
}

#define COMMENT_MAX 2000

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* The unit, when u may read it. */
static json_t *unit_readable(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			     struct cr_err *err)
{
	json_t *unit = cr_store_unit_get(c, unit_id, err);
	if (!unit)
		return NULL;
	if (cr_user_can_read_unit(u, unit_id, str(unit, "region"), str(unit, "dept")))
		return unit;
	cr_err_set(err, 403, "forbidden", "unit_id", "unit %lld is outside your scope", unit_id);
	cr_err_param(err, "rule", "unit_scope");
	cr_err_param(err, "id", "%lld", unit_id);
	json_decref(unit);
	return NULL;
}

/* The facts of the unit's list: the report's state (draft without one). */
static void facts_of(const json_t *unit, const json_t *review, struct cr_review_facts *f)
{
	f->state = CR_RV_DRAFT;
	if (review && json_is_object(review))
		cr_review_state_parse(str(review, "state"), &f->state);
	f->unit_id = json_integer_value(json_object_get(unit, "id"));
	f->region = str(unit, "region");
	f->dept = str(unit, "dept");
	f->public_safety = review && json_is_true(json_object_get(review, "public_safety"));
}

/* next: {"actor", "actor_cn"} of the list in state f. New reference. */
static json_t *next_of(const struct cr_review_facts *f)
{
	enum cr_review_actor a = cr_review_waiting_on(f);
	return json_pack("{ss ss}", "actor", cr_review_actor_name(a), "actor_cn",
			 cr_review_actor_cn(a));
}

/* The report with its steps and who acts next. Takes review. */
static json_t *with_steps(struct cr_conn *c, json_t *review, const struct cr_review_facts *f,
			  const struct cr_user *u, struct cr_err *err)
{
	json_t *steps =
		cr_store_review_steps(c, json_integer_value(json_object_get(review, "id")), err);
	if (!steps) {
		json_decref(review);
		return NULL;
	}
	json_object_set(review, "steps", json_object_get(steps, "items"));
	json_decref(steps);
	json_object_set_new(review, "next", next_of(f));
	json_object_set_new(review, "may_decide",
			    json_boolean(cr_review_waiting_on(f) != CR_RA_UNIT &&
					 cr_review_user_is_next(f, u)));
	return review;
}

static int write_step(struct cr_conn *c, const struct cr_user *u, long long id, const char *action,
		      enum cr_review_state from, enum cr_review_state to, const char *comment,
		      const json_t *before, struct cr_err *err)
{
	struct cr_review_step st = { .review_id = id,
				     .user_id = u->id,
				     .login = u->login,
				     .role = cr_role_name(u->role),
				     .action = action,
				     .from_state = cr_review_state_name(from),
				     .to_state = cr_review_state_name(to),
				     .comment = comment };
	if (cr_store_review_step_add(c, &st, err))
		return -1;
	json_t *after = review_get(c, id, err);
	if (!after)
		return -1;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	int rc = cr_audit_write(c, u, "review", idt, action, before, after, err);
	json_decref(after);
	return rc;
}

json_t *cr_review_submit(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			 const json_t *body, struct cr_err *err)
{
	static const char *const allowed[] = { "note", NULL };
	const char *note = "";
	if (cr_json_only(body, allowed, err) ||
	    cr_input_optional_text(body, "note", COMMENT_MAX, &note, err) || cr_db_begin(c, err))
		return NULL;
	json_t *unit = NULL, *latest = NULL, *out = NULL;
	long long by_grade[5], public_by_grade[5], id = 0;
	char now[32];
	cr_now_iso(now);
	if (!(unit = unit_readable(c, u, unit_id, err)))
		goto fail;
	if (strcmp(str(unit, "status"), "active") != 0) {
		cr_err_set(err, 409, "conflict", "unit_id", "unit %lld is archived", unit_id);
		goto fail;
	}
	if (!(latest = review_latest(c, unit_id, err)))
		goto fail;
	struct cr_review_facts f;
	facts_of(unit, latest, &f);
	if (cr_review_submit_check(&f, u, err))
		goto fail;
	if (cr_store_review_grade_counts(c, unit_id, by_grade, public_by_grade, err))
		goto fail;
	struct cr_review_row row = {
		.unit_id = unit_id, .note = note, .submitted_by = u->login, .submitted_at = now
	};
	for (int g = 1; g <= 4; g++) {
		row.risk_count += by_grade[g];
		/* a Ⅰ/Ⅱ point is public whatever its flag; a Ⅲ/Ⅳ one when flagged */
		row.public_count +=
			cr_review_point_public(g, false) ? by_grade[g] : public_by_grade[g];
	}
	row.public_safety = row.public_count > 0;
	enum cr_review_state from = f.state;
	f.state = CR_RV_SUBMITTED;
	f.public_safety = row.public_safety;
	row.state = cr_review_state_name(CR_RV_SUBMITTED);
	row.waiting_on = cr_review_actor_name(cr_review_waiting_on(&f));
	if (from == CR_RV_RETURNED) {
		/* the unit resubmits the same report */
		id = json_integer_value(json_object_get(latest, "id"));
		row.kind = str(latest, "kind");
		if (cr_store_review_update(c, id, &row, 0, err))
			goto fail;
		if (write_step(c, u, id, "resubmit", from, CR_RV_SUBMITTED, note, latest, err))
			goto fail;
	} else {
		enum cr_reporting_kind kind;
		if (cr_reporting_unit_kind(c, unit_id, &kind, err))
			goto fail;
		row.kind = cr_reporting_kind_name(kind);
		if (cr_store_review_insert(c, &row, &id, err))
			goto fail;
		if (write_step(c, u, id, "submit", from, CR_RV_SUBMITTED, note, NULL, err))
			goto fail;
	}
	if (cr_db_commit(c, err))
		goto fail;
	if ((out = review_get(c, id, err)))
		out = with_steps(c, out, &f, u, err);
	goto done;
fail:
	cr_db_rollback(c);
done:
	json_decref(unit);
	json_decref(latest);
	return out;
}

/* The report and its unit, when u may read the unit. */
static json_t *review_checked(struct cr_conn *c, const struct cr_user *u, long long id,
			      json_t **unit, struct cr_err *err)
{
	json_t *review = review_get(c, id, err);
	if (!review)
		return NULL;
	*unit = unit_readable(c, u, json_integer_value(json_object_get(review, "unit_id")), err);
	if (!*unit) {
		json_decref(review);
		return NULL;
	}
	return review;
}

json_t *cr_review_decide(struct cr_conn *c, const struct cr_user *u, long long id,
			 const json_t *body, struct cr_err *err)
{
	static const char *const allowed[] = { "decision", "comment", "version", NULL };
	const char *decision = NULL, *comment = "";
	long long expect = 0;
	if (cr_json_only(body, allowed, err) ||
	    cr_json_str(body, "decision", 16, &decision, err) < 0 ||
	    cr_json_text(body, "comment", COMMENT_MAX, &comment, err) < 0 ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0 || cr_db_begin(c, err))
		return NULL;
	json_t *unit = NULL, *before = NULL, *out = NULL;
	if (!(before = review_checked(c, u, id, &unit, err)))
		goto fail;
	struct cr_review_facts f;
	facts_of(unit, before, &f);
	enum cr_review_state to, from = f.state;
	if (cr_review_decide_check(&f, u, decision, comment, &to, err))
		goto fail;
	struct cr_review_row row;
	cr_store_review_row_of(before, &row);
	char now[32];
	cr_now_iso(now);
	f.state = to;
	row.state = cr_review_state_name(to);
	row.waiting_on = cr_review_actor_name(cr_review_waiting_on(&f));
	if (to == CR_RV_PUBLISHED)
		row.published_at = now;
	if (cr_store_review_update(c, id, &row, expect, err))
		goto fail;
	if (write_step(c, u, id, to == CR_RV_RETURNED ? "return" : "approve", from, to, comment,
		       before, err))
		goto fail;
	if (cr_db_commit(c, err))
		goto fail;
	if ((out = review_get(c, id, err)))
		out = with_steps(c, out, &f, u, err);
	goto done;
fail:
	cr_db_rollback(c);
done:
	json_decref(unit);
	json_decref(before);
	return out;
}

json_t *cr_review_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	json_t *unit = NULL, *review = review_checked(c, u, id, &unit, err);
	if (!review)
		return NULL;
	struct cr_review_facts f;
	facts_of(unit, review, &f); /* borrows from unit */
	json_t *out = with_steps(c, review, &f, u, err);
	json_decref(unit);
	return out;
}

/* The actor a role acts as in the chain ("" for roles that never act: city office, expert). */
static const char *actor_of_role(enum cr_role r)
{
	switch (r) {
	case CR_ROLE_UNIT:
		return cr_review_actor_name(CR_RA_UNIT);
	case CR_ROLE_STREET:
		return cr_review_actor_name(CR_RA_STREET);
	case CR_ROLE_DISTRICT:
		return cr_review_actor_name(CR_RA_DISTRICT);
	case CR_ROLE_DISTRICT_DEPT:
		return cr_review_actor_name(CR_RA_DISTRICT_DEPT);
	case CR_ROLE_CITY_DEPT:
		return cr_review_actor_name(CR_RA_CITY_DEPT);
	default:
		return "";
	}
}

json_t *cr_review_list(struct cr_conn *c, const struct cr_user *u, const struct cr_review_query *q,
		       struct cr_err *err)
{
	int limit = CR_INPUT_LIMIT_DEFAULT;
	long long after = 0, unit_id = 0;
	enum cr_review_state st;
	if (cr_input_page(q->limit, q->after, &limit, &after, err))
		return NULL;
	if (q->state && *q->state && cr_review_state_parse(q->state, &st))
		return cr_err_set(err, 400, "invalid", "state",
				  "state must be submitted, street_checked, dept_reviewed,"
				  " published or returned"),
		       NULL;
	if (q->unit_id && *q->unit_id) {
		char *end;
		unit_id = strtoll(q->unit_id, &end, 10);
		if (*end || unit_id <= 0)
			return cr_err_set(err, 400, "invalid", "unit_id",
					  "unit_id must be a positive integer"),
			       NULL;
	}
	struct cr_scope sc;
	if (cr_user_scope(u, q->region, NULL, unit_id, &sc, err))
		return NULL;
	struct cr_review_filter f = { .region = sc.region,
				      .dept = sc.dept,
				      .unit_id = sc.unit_id,
				      .state = q->state,
				      .latest = true };
	if (q->mine) {
		f.waiting_on = actor_of_role(u->role);
		if (!*f.waiting_on)
			return json_pack("{s[] sn sI}", "items", "next", "total", (json_int_t)0);
	}
	return review_page(c, &f, after, limit, err);
}

json_t *cr_review_unit_status(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			      struct cr_err *err)
{
	json_t *unit = unit_readable(c, u, unit_id, err), *latest = NULL, *owed = NULL;
	if (!unit)
		return NULL;
	if (!(latest = review_latest(c, unit_id, err)))
		goto fail;
	struct cr_review_facts f;
	facts_of(unit, latest, &f);
	if (!(owed = cr_reporting_unit_owed(c, unit_id, err)))
		goto fail;
	if (json_is_object(latest) && !(latest = with_steps(c, latest, &f, u, err)))
		goto fail;
	struct cr_err ignored = { 0 };
	json_t *out =
		json_pack("{sI ss ss so sO so sb sb}", "unit_id", (json_int_t)unit_id, "state",
			  cr_review_state_name(f.state), "state_cn", cr_review_state_cn(f.state),
			  "next", next_of(&f), "review", latest, "owed", owed, "may_submit",
			  cr_review_submit_check(&f, u, &ignored) == 0, "may_decide",
			  cr_review_waiting_on(&f) != CR_RA_UNIT && cr_review_user_is_next(&f, u));
	json_decref(unit);
	json_decref(latest);
	return out;
fail:
	json_decref(unit);
	json_decref(latest);
	json_decref(owed);
	return NULL;
}
