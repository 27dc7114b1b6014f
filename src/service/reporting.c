/* reporting.c — the reports units owe: the store's dates through domain/reporting_cycle.c,
 * scoped to the caller. It must not build SQL or write anything. */
#include "service/reporting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/alert_rules.h"
#include "domain/date.h"
#include "store/progress_counts.h"

/* A grade Ⅱ point or worse triggers a change report. */
#define CHANGE_GRADE 2

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* The stored instants as they are: domain/reporting_cycle.c counts their days in China time. */
static void facts_of(const json_t *row, struct cr_reporting_facts *f)
{
	f->registered = str(row, "registered");
	f->last_submit = str(row, "last_submit");
	f->major_change = str(row, "major_change");
}

static json_t *unit_facts(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	json_t *all = cr_store_reporting_facts(c, NULL, NULL, unit_id, CHANGE_GRADE, err);
	if (!all)
		return NULL;
	json_t *row = json_array_get(json_object_get(all, "items"), 0);
	json_t *out = row ? json_incref(row) : NULL;
	json_decref(all);
	if (!out)
		cr_err_set(err, 404, "not_found", "unit_id", "no unit %lld", unit_id);
	return out;
}

int cr_reporting_unit_kind(struct cr_conn *c, long long unit_id, enum cr_reporting_kind *kind,
			   struct cr_err *err)
{
	json_t *row = unit_facts(c, unit_id, err);
	if (!row)
		return -1;
	struct cr_reporting_facts f;
	facts_of(row, &f);
	char today[11];
	cr_date_today(cr_clock_now(), today);
	*kind = cr_reporting_kind_of_submit(&f, today);
	json_decref(row);
	return 0;
}

static json_t *due_json(const struct cr_reporting_due *d)
{
	return json_pack("{ss ss ss sb sI}", "kind", cr_reporting_kind_name(d->kind), "kind_cn",
			 cr_reporting_kind_cn(d->kind), "due", d->due, "late", d->late, "days_late",
			 (json_int_t)d->days_late);
}

json_t *cr_reporting_unit_owed(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	json_t *row = unit_facts(c, unit_id, err);
	if (!row)
		return NULL;
	struct cr_reporting_facts f;
	struct cr_reporting_due d[CR_REPORTING_KIND_COUNT];
	char today[11];
	cr_date_today(cr_clock_now(), today);
	facts_of(row, &f);
	size_t n = cr_reporting_owed(&f, today, d);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, due_json(&d[i]));
	json_decref(row);
	return out;
}

/* Most overdue first, then the earliest due date, then the unit. */
static int by_lateness(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	long long dx = json_integer_value(json_object_get(x, "days_late"));
	long long dy = json_integer_value(json_object_get(y, "days_late"));
	if (dx != dy)
		return dx > dy ? -1 : 1;
	int c = strcmp(str(x, "due"), str(y, "due"));
	if (c)
		return c;
	long long ux = json_integer_value(json_object_get(x, "unit_id"));
	long long uy = json_integer_value(json_object_get(y, "unit_id"));
	return (ux > uy) - (ux < uy);
}

json_t *cr_reporting_owed_list(struct cr_conn *c, const struct cr_user *u,
			       const struct cr_reporting_query *q, struct cr_err *err)
{
	enum cr_reporting_kind want;
	bool late_only = q->late && (strcmp(q->late, "1") == 0 || strcmp(q->late, "true") == 0);
	long limit = 500;
	char today[11];
	if (u->role == CR_ROLE_UNIT) {
		cr_err_set(err, 403, "forbidden", "unit_id",
			   "a unit sees the reports it owes on its own page");
		cr_err_param(err, "rule", "unit_scope");
		return NULL;
	}
	if (q->kind && *q->kind && cr_reporting_kind_parse(q->kind, &want))
		return cr_err_set(err, 400, "invalid", "kind",
				  "kind must be initial, periodic or change"),
		       NULL;
	if (q->as_of && *q->as_of) {
		if (cr_date_check(q->as_of))
			return cr_err_set(err, 400, "invalid", "as_of",
					  "as_of must be a date YYYY-MM-DD"),
			       NULL;
		snprintf(today, sizeof today, "%s", q->as_of);
	} else {
		cr_date_today(cr_clock_now(), today);
	}
	if (q->limit && *q->limit) {
		char *end;
		limit = strtol(q->limit, &end, 10);
		if (*end || limit < 1 || limit > 5000)
			return cr_err_set(err, 400, "invalid", "limit", "limit must be 1 to 5000"),
			       NULL;
	}
	struct cr_scope sc;
	if (cr_user_scope(u, q->region, q->dept, 0, &sc, err))
		return NULL;
	json_t *rows = cr_store_reporting_facts(c, sc.region, sc.dept, 0, CHANGE_GRADE, err);
	if (!rows)
		return NULL;
	json_t *all = json_array(), *row;
	long long counts[CR_REPORTING_KIND_COUNT] = { 0 }, late = 0;
	size_t i;
	json_array_foreach(json_object_get(rows, "items"), i, row) {
		struct cr_reporting_facts f;
		struct cr_reporting_due d[CR_REPORTING_KIND_COUNT];
		facts_of(row, &f);
		size_t n = cr_reporting_owed(&f, today, d);
		for (size_t k = 0; k < n; k++) {
			if ((q->kind && *q->kind && d[k].kind != want) || (late_only && !d[k].late))
				continue;
			counts[d[k].kind]++;
			late += d[k].late;
			json_t *item = due_json(&d[k]);
			json_object_set_new(
				item, "unit_id",
				json_integer(json_integer_value(json_object_get(row, "id"))));
			json_object_set(item, "unit_name", json_object_get(row, "name"));
			json_object_set(item, "region", json_object_get(row, "region"));
			json_object_set(item, "region_name", json_object_get(row, "region_name"));
			json_object_set(item, "dept", json_object_get(row, "dept"));
			json_object_set(item, "sector", json_object_get(row, "sector"));
			json_array_append_new(all, item);
		}
	}
	json_decref(rows);
	size_t total = json_array_size(all);
	json_t **v = malloc((total ? total : 1) * sizeof *v);
	for (i = 0; i < total; i++)
		v[i] = json_array_get(all, i);
	qsort(v, total, sizeof *v, by_lateness);
	json_t *items = json_array();
	for (i = 0; i < total && (long)i < limit; i++)
		json_array_append(items, v[i]);
	free(v);
	json_decref(all);
	return json_pack("{ss so sI s{sI sI sI sI}}", "as_of", today, "items", items, "total",
			 (json_int_t)total, "counts", "initial",
			 (json_int_t)counts[CR_REPORTING_INITIAL], "periodic",
			 (json_int_t)counts[CR_REPORTING_PERIODIC], "change",
			 (json_int_t)counts[CR_REPORTING_CHANGE], "late", (json_int_t)late);
}

struct late_walk {
	const char *today;
	int grace_days;
	cr_reporting_late_fn fn;
	void *ctx;
};

static int late_row(void *ctx, json_t *row)
{
	struct late_walk *w = ctx;
	struct cr_reporting_facts f;
	struct cr_reporting_due d[CR_REPORTING_KIND_COUNT], late[CR_REPORTING_KIND_COUNT];
	size_t nlate = 0;
	facts_of(row, &f);
	size_t n = cr_reporting_owed(&f, w->today, d);
	for (size_t k = 0; k < n; k++)
		if (cr_alert_report_late(d[k].days_late, w->grace_days))
			late[nlate++] = d[k];
	return nlate ? w->fn(w->ctx, row, late, nlate) : 0;
}

int cr_reporting_each_late(struct cr_conn *c, const char *today, int grace_days,
			   cr_reporting_late_fn fn, void *ctx, struct cr_err *err)
{
	struct late_walk w = { today, grace_days, fn, ctx };
	return cr_store_reporting_facts_each(c, NULL, NULL, 0, CHANGE_GRADE, late_row, &w, err);
}
