/* risk_changes.c — the queries of the quarterly dynamic-update view (risk_changes.h). It must not
 * decide scope or the window: service/risk_changes.c passes both in. */
#include "store/risk_changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/risk_index.h"

#include "store/db.h"
#include "store/sqlb.h"

enum kind { NEW, RAISED, LOWERED, OVERDUE, NKINDS };
static const char *const kind_names[NKINDS] = { "new", "raised", "lowered", "overdue_review" };

/* The net grade change of each point over the window's updates (creations have no old grade). */
#define CHANGES_CTE                                                                                \
	"WITH v AS (SELECT risk_id, min(version) AS v0, max(version) AS v1 FROM risk_versions"     \
	" WHERE at >= ? AND at < ? AND old_grade IS NOT NULL GROUP BY risk_id)"
#define CHANGES_JOIN                                                                               \
	" FROM v JOIN risk_versions f ON f.risk_id=v.risk_id AND f.version=v.v0"                   \
	" JOIN risk_versions l ON l.risk_id=v.risk_id AND l.version=v.v1"                          \
	" JOIN risks k ON k.id=v.risk_id"

/* The raised and lowered lists and counts, from the versions written in the window. */
static void head(struct cr_sqlb *b, enum kind k, bool count, const struct cr_change_filter *f)
{
	cr_sqlb_init(b, CHANGES_CTE);
	cr_sqlb_bind_text(b, f->since_utc);
	cr_sqlb_bind_text(b, f->until_utc);
	cr_sqlb_sql(b, count ? " SELECT count(*)" CHANGES_JOIN
			     : " SELECT k.id, k.name, k.unit_id, u.name, k.region,"
			       " f.old_grade, l.new_grade, l.at" CHANGES_JOIN
			       " JOIN units u ON u.id=k.unit_id");
	cr_sqlb_where(b, k == RAISED ? "l.new_grade < f.old_grade" : "l.new_grade > f.old_grade");
}

static void scope(struct cr_sqlb *b, const struct cr_change_filter *f, char upper[24])
{
	cr_sqlb_where(b, "k.status='active'");
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "k.region >= ? AND k.region < ?");
		cr_sqlb_bind_text(b, f->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "k.dept=?");
		cr_sqlb_bind_text(b, f->dept);
	}
	if (f->unit_id) {
		cr_sqlb_where(b, "k.unit_id=?");
		cr_sqlb_bind_int(b, f->unit_id);
	}
}

static int run_count(struct cr_conn *c, enum kind k, const struct cr_change_filter *f, long long *n,
		     struct cr_err *err)
{
	struct cr_sqlb b;
	char upper[24];
	head(&b, k, true, f);
	scope(&b, f, upper);
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return -1;
	int rc = cr_stmt_step(s);
	*n = rc == CR_SQL_ROW ? cr_stmt_column_int64(s, 0) : 0;
	cr_stmt_finalize(s);
	return rc == CR_SQL_ROW ? 0 : cr_db_fail(c, err);
}

static json_t *run_list(struct cr_conn *c, enum kind k, const struct cr_change_filter *f,
			struct cr_err *err)
{
	struct cr_sqlb b;
	char upper[24];
	head(&b, k, false, f);
	scope(&b, f, upper);
	cr_sqlb_sql(&b, " ORDER BY 7, k.id LIMIT ? OFFSET ?");
	cr_sqlb_bind_int(&b, f->limit);
	cr_sqlb_bind_int(&b, f->offset);
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return NULL;
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_array_append_new(
			items,
			json_pack("{sI ss sI ss ss so so so}", "id", cr_stmt_column_int64(s, 0),
				  "name", cr_col_text(s, 1), "unit_id", cr_stmt_column_int64(s, 2),
				  "unit_name", cr_col_text(s, 3), "region", cr_col_text(s, 4),
				  "old_grade", cr_col_json_num(s, 5), "grade",
				  cr_col_json_num(s, 6), "at", cr_col_json_text(s, 7)));
	cr_stmt_finalize(s);
	if (cr_db_done(c, rc, err)) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* New points and points overdue for review come from the in-memory risk index: counting them
 * by SQL meant a pass over every point at city scale. The list keeps the most severe first: the
 * page is the points whose place in that order (grade, then the index's order) falls in
 * [offset, offset+limit); past the first page a counting pass finds where each grade begins. */
struct pick {
	enum kind k;
	long long since, until, cutoff, n; /* dates as the index packs them */
	int limit, nids[4];
	long long *ids[4];
	long long seen[4], lo[4], hi[4]; /* per grade: points met so far, the window kept */
};

static void pick_visit(void *ctx, const struct cr_risk_hot *h, const struct cr_risk_entry *e)
{
	struct pick *p = ctx;
	bool hit = p->k == NEW ? e->created_2k >= p->since && e->created_2k < p->until
			       : e->created_2k < p->until && e->reviewed_2k < p->cutoff;
	if (!hit || h->grade < 1 || h->grade > 4)
		return;
	p->n++;
	int g = h->grade - 1;
	long long at = p->seen[g]++;
	if (at >= p->lo[g] && at < p->hi[g] && p->nids[g] < p->limit)
		p->ids[g][p->nids[g]++] = cr_risk_index_id(e);
}

static int index_kind(struct cr_conn *c, enum kind k, const struct cr_change_filter *f,
		      long long *n, json_t **items, struct cr_err *err)
{
	struct pick p = { .k = k,
			  .since = cr_risk_index_pack_time(cr_risk_index_time(f->since_utc)),
			  .until = cr_risk_index_pack_time(cr_risk_index_time(f->until_utc)),
			  .cutoff = cr_risk_index_pack_time(cr_risk_index_time(f->review_cutoff)),
			  .limit = f->limit };
	long long *buf = calloc(4 * (size_t)(f->limit > 0 ? f->limit : 1), sizeof *buf);
	if (!buf)
		return cr_err_set(err, 500, "oom", "", "out of memory");
	for (int g = 0; g < 4; g++)
		p.ids[g] = buf + g * (f->limit > 0 ? f->limit : 1);
	struct cr_risk_scope s = { .region_prefix = f->region_prefix,
				   .dept = f->dept,
				   .unit_id = f->unit_id };
	int rc = -1;
	if (f->offset > 0) {
		/* where each grade begins in the order, then the window within each grade */
		if (cr_risk_index_each(c, &s, pick_visit, &p, err))
			goto out;
		long long start = 0;
		for (int g = 0; g < 4; g++) {
			long long lo = f->offset - start, hi = f->offset + f->limit - start;
			p.lo[g] = lo < 0 ? 0 : lo;
			p.hi[g] = hi < 0 ? 0 : hi;
			start += p.seen[g];
			p.seen[g] = 0;
		}
		p.n = 0;
	} else {
		for (int g = 0; g < 4; g++)
			p.hi[g] = f->limit;
	}
	if (cr_risk_index_each(c, &s, pick_visit, &p, err))
		goto out;
	char list[16 + 21 * 1024] = "[";
	size_t len = 1;
	int taken = 0;
	for (int g = 0; g < 4; g++)
		for (int i = 0; i < p.nids[g] && taken < f->limit && len + 24 < sizeof list;
		     i++, taken++)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld",
						taken ? "," : "", p.ids[g][i]);
	snprintf(list + len, sizeof list - len, "]");
	*n = p.n;
	struct cr_stmt *st =
		cr_db_stmt(c, "SELECT k.id, k.name, k.unit_id, u.name, k.region, NULL,"
			      " k.grade, CASE WHEN ?2<>0 THEN k.created_at ELSE k.reviewed_at END"
			      " FROM risks k JOIN units u ON u.id=k.unit_id"
			      " WHERE k.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))"
			      " ORDER BY k.grade, k.id");
	cr_stmt_bind_text(st, 1, list, -1, CR_SQL_STATIC);
	cr_stmt_bind_int(st, 2, k == NEW);
	*items = json_array();
	int r;
	while ((r = cr_stmt_step(st)) == CR_SQL_ROW)
		json_array_append_new(
			*items,
			json_pack("{sI ss sI ss ss so so so}", "id", cr_stmt_column_int64(st, 0),
				  "name", cr_col_text(st, 1), "unit_id",
				  cr_stmt_column_int64(st, 2), "unit_name", cr_col_text(st, 3),
				  "region", cr_col_text(st, 4), "old_grade", cr_col_json_num(st, 5),
				  "grade", cr_col_json_num(st, 6), "at", cr_col_json_text(st, 7)));
	cr_stmt_reset(st);
	if (cr_db_done(c, r, err)) {
		json_decref(*items);
		goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

json_t *cr_store_risk_changes(struct cr_conn *c, const struct cr_change_filter *f,
			      struct cr_err *err)
{
	json_t *out = json_object(), *counts = json_object();
	json_object_set_new(out, "counts", counts);
	for (int k = 0; k < NKINDS; k++) {
		long long n;
		json_t *items = NULL;
		int rc = k == NEW || k == OVERDUE ? index_kind(c, (enum kind)k, f, &n, &items, err)
			 : (run_count(c, (enum kind)k, f, &n, err) ||
			    !(items = run_list(c, (enum kind)k, f, err)))
				 ? -1
				 : 0;
		if (rc) {
			json_decref(out);
			return NULL;
		}
		json_object_set_new(counts, kind_names[k], json_integer(n));
		if (f->only && *f->only && strcmp(f->only, kind_names[k]) != 0)
			json_decref(items);
		else
			json_object_set_new(out, kind_names[k], items);
	}
	return out;
}
