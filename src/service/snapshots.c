/* snapshots.c — snapshot use cases: who may take and read them, the as-of date, the audit
 * entry, and the comparison's tallies by district and sector. It must not build SQL
 * (store/snapshots.c) nor restate what a change is (domain/snapshot.c). */
#include "service/snapshots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "core/jsonx.h"
#include "domain/date.h"
#include "domain/snapshot.h"
#include "service/input.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/refdata.h"
#include "store/regions.h"
#include "store/snapshots.h"

static json_t *refuse(struct cr_err *err, const char *rule, const char *what)
{
	cr_err_set(err, 403, "forbidden", "", "%s", what);
	cr_err_param(err, "rule", "%s", rule);
	return NULL;
}

json_t *cr_snapshot_take(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			 struct cr_err *err)
{
	static const char *const fields[] = { "label", "as_of", NULL };
	const char *label, *as_of = "";
	char today[11], cutoff[32];
	long long id, points;
	if (u->role != CR_ROLE_CITY)
		return refuse(err, "snapshot_create", "only the city office takes snapshots");
	if (cr_json_only(body, fields, err) ||
	    cr_input_required_text(body, "label", 60, &label, err) ||
	    cr_input_optional_text(body, "as_of", 10, &as_of, err))
		return NULL;
	cr_date_today(time(NULL), today);
	if (!*as_of)
		as_of = today;
	if (cr_date_check(as_of)) {
		cr_err_set(err, 400, "invalid", "as_of", "as_of must be a date YYYY-MM-DD");
		cr_err_param(err, "rule", "date");
		return NULL;
	}
	if (strcmp(as_of, today) > 0) {
		cr_err_set(err, 400, "invalid", "as_of", "as_of %s is after today", as_of);
		cr_err_param(err, "rule", "snapshot_future");
		return NULL;
	}
	/* the end of as_of in China Standard Time (UTC+8), as stored timestamps are UTC */
	snprintf(cutoff, sizeof cutoff, "%sT15:59:59.999Z", as_of);
	if (cr_db_begin(c, err))
		return NULL;
	if (cr_store_snapshot_take(c, label, as_of, cutoff, strcmp(as_of, today) == 0, u->login,
				   &id, &points, err)) {
		cr_db_rollback(c);
		return NULL;
	}
	return cr_audit_commit(c, u, "snapshot", id, "create", NULL,
			       cr_store_snapshot_get(c, id, err), err);
}

json_t *cr_snapshot_list(struct cr_conn *c, const struct cr_user *u, struct cr_err *err)
{
	if (u->role == CR_ROLE_UNIT)
		return refuse(err, "snapshot_scope", "unit accounts do not read snapshots");
	return cr_store_snapshot_list(c, err);
}

/* ===== Comparison ===== */

struct group {
	char code[16];
	struct cr_snapshot_tally t;
};

struct groups {
	struct group *g;
	size_t n, cap, last;
};

static struct cr_snapshot_tally *group_of(struct groups *gs, const char *code, size_t len)
{
	if (gs->last < gs->n && strlen(gs->g[gs->last].code) == len &&
	    strncmp(gs->g[gs->last].code, code, len) == 0)
		return &gs->g[gs->last].t;
	for (size_t i = 0; i < gs->n; i++)
		if (strlen(gs->g[i].code) == len && strncmp(gs->g[i].code, code, len) == 0) {
			gs->last = i;
			return &gs->g[i].t;
		}
	if (CR_GROW(gs->g, gs->cap, gs->n + 1))
		return NULL;
	struct group *x = &gs->g[gs->n];
	*x = (struct group){ 0 };
	snprintf(x->code, sizeof x->code, "%.*s", (int)(len < 15 ? len : 15), code);
	gs->last = gs->n++;
	return &x->t;
}

struct compare_ctx {
	const char *region; /* prefix */
	size_t region_len;
	const char *dept; /* NULL/"" = any */
	struct groups districts, sectors;
	struct cr_snapshot_tally total;
	int oom;
};

static void count_pair(void *ctx, const struct cr_snapshot_row *a, const struct cr_snapshot_row *b)
{
	struct compare_ctx *x = ctx;
	/* a point is where the later snapshot has it (else where it was) */
	const struct cr_snapshot_row *at = b ? b : a;
	if (strncmp(at->region, x->region, x->region_len) != 0)
		return;
	if (x->dept && *x->dept && strcmp(at->dept, x->dept) != 0)
		return;
	int ga = a ? a->grade : 0, gb = b ? b->grade : 0;
	struct cr_snapshot_tally *d = group_of(&x->districts, at->region, 6);
	struct cr_snapshot_tally *s = group_of(&x->sectors, at->sector, strlen(at->sector));
	if (!d || !s) {
		x->oom = 1;
		return;
	}
	cr_snapshot_count(&x->total, ga, gb);
	cr_snapshot_count(d, ga, gb);
	cr_snapshot_count(s, ga, gb);
}

static json_t *tally_json(const char *code, const char *name, const struct cr_snapshot_tally *t)
{
	json_t *o = json_pack("{sI sI sI sI}", "a", (json_int_t)t->a, "b", (json_int_t)t->b,
			      "a_major", (json_int_t)t->a_major, "b_major", (json_int_t)t->b_major);
	for (int k = 0; k < CR_SNAPSHOT_CHANGES; k++)
		json_object_set_new(o, cr_snapshot_change_name((enum cr_snapshot_change)k),
				    json_integer(t->n[k]));
	if (code) {
		json_object_set_new(o, "code", json_string(code));
		json_object_set_new(o, "name", json_string(name ? name : ""));
	}
	return o;
}

static int by_code(const void *p, const void *q)
{
	return strcmp(((const struct group *)p)->code, ((const struct group *)q)->code);
}

static json_t *groups_json(struct groups *gs, const json_t *names)
{
	json_t *arr = json_array();
	if (gs->n)
		qsort(gs->g, gs->n, sizeof *gs->g, by_code);
	for (size_t i = 0; i < gs->n; i++)
		json_array_append_new(
			arr, tally_json(gs->g[i].code,
					json_string_value(json_object_get(names, gs->g[i].code)),
					&gs->g[i].t));
	return arr;
}

/* {code: name_cn} of every sector. */
static json_t *sector_names(struct cr_conn *c, struct cr_err *err)
{
	json_t *list = cr_store_sector_list(c, err), *s, *out;
	size_t i;
	if (!list)
		return NULL;
	out = json_object();
	json_array_foreach(json_object_get(list, "items"), i, s)
		json_object_set(out, json_string_value(json_object_get(s, "code")),
				json_object_get(s, "name_cn"));
	json_decref(list);
	return out;
}

static int snapshot_id(const char *arg, const char *field, long long *id, struct cr_err *err)
{
	char *end;
	if (!arg || !*arg)
		return cr_err_set(err, 400, "required", field, "give the snapshot %s", field);
	*id = strtoll(arg, &end, 10);
	if (*end || *id <= 0)
		return cr_err_set(err, 400, "invalid", field, "%s must be a snapshot id", field);
	return 0;
}

json_t *cr_snapshot_compare(struct cr_conn *c, const struct cr_user *u, const char *a,
			    const char *b, const char *region, struct cr_err *err)
{
	long long ia, ib;
	struct cr_scope sc;
	json_t *sa = NULL, *sb = NULL, *rnames = NULL, *snames = NULL, *out = NULL;
	struct compare_ctx x = { 0 };
	if (u->role == CR_ROLE_UNIT)
		return refuse(err, "snapshot_scope", "unit accounts do not read snapshots");
	if (snapshot_id(a, "a", &ia, err) || snapshot_id(b, "b", &ib, err))
		return NULL;
	if (cr_user_scope(u, region, NULL, 0, &sc, err))
		return NULL;
	if (!(sa = cr_store_snapshot_get(c, ia, err)) || !(sb = cr_store_snapshot_get(c, ib, err)))
		goto out;
	x.region = sc.region;
	x.region_len = strlen(sc.region);
	x.dept = sc.dept;
	if (cr_store_snapshot_pairs(c, ia, ib, count_pair, &x, err))
		goto out;
	if (x.oom) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		goto out;
	}
	if (!(rnames = cr_store_region_name_map(c, "", err)) || !(snames = sector_names(c, err)))
		goto out;
	out = json_pack("{sOsOsssososo}", "a", sa, "b", sb, "region", sc.region, "totals",
			tally_json(NULL, NULL, &x.total), "by_district",
			groups_json(&x.districts, rnames), "by_sector",
			groups_json(&x.sectors, snames));
	if (sc.dept && *sc.dept)
		json_object_set_new(out, "dept", json_string(sc.dept));
out:
	free(x.districts.g);
	free(x.sectors.g);
	json_decref(sa);
	json_decref(sb);
	json_decref(rnames);
	json_decref(snames);
	return out;
}
