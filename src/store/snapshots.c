/* snapshots.c — the snapshots and snapshot_risks tables: taking a snapshot in two statements
 * and the ordered walk of two of them. It must not classify changes or check permissions. */
#include "store/snapshots.h"

#include <string.h>

#include "core/clock.h"
#include "store/db.h"

/* The grade at the cutoff: that of the last version with a grade at or before it, else now's
 * (a point with no versions was never regraded). A point archived at or before the cutoff is
 * left out, one archived later is in. */
#define TAKE_AS_OF                                                                                 \
	"INSERT INTO snapshot_risks(snapshot_id, risk_id, unit_id, region, sector, dept, grade)"   \
	" SELECT ?1, r.id, r.unit_id, r.region, r.sector, r.dept,"                                 \
	" coalesce((SELECT v.new_grade FROM risk_versions v WHERE v.risk_id=r.id AND v.at<=?2"     \
	" AND v.new_grade IS NOT NULL ORDER BY v.version DESC LIMIT 1), r.grade)"                  \
	" FROM risks r WHERE r.created_at<=?2 AND (r.status='active' OR NOT EXISTS(SELECT 1"       \
	" FROM risk_versions v WHERE v.risk_id=r.id AND v.action='archive' AND v.at<=?2))"

#define TAKE_NOW                                                                                   \
	"INSERT INTO snapshot_risks(snapshot_id, risk_id, unit_id, region, sector, dept, grade)"   \
	" SELECT ?1, id, unit_id, region, sector, dept, grade FROM risks WHERE status='active'"

int cr_store_snapshot_take(struct cr_conn *c, const char *label, const char *as_of,
			   const char *cutoff, bool current, const char *by, long long *id,
			   long long *points, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s = cr_db_stmt(c, "INSERT INTO snapshots(label, as_of, points, created_by,"
					  " created_at) VALUES(?, ?, 0, ?, ?)");
	cr_stmt_bind_text(s, 1, label, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, as_of, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 3, by, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 4, now, -1, CR_SQL_STATIC);
	if (cr_db_run(c, s, err))
		return -1;
	*id = cr_conn_last_id(c);
	s = cr_db_stmt(c, current ? TAKE_NOW : TAKE_AS_OF);
	cr_stmt_bind_int64(s, 1, *id);
	if (!current)
		cr_stmt_bind_text(s, 2, cutoff, -1, CR_SQL_STATIC);
	if (cr_db_run(c, s, err))
		return -1;
	*points = cr_conn_changes(c);
	s = cr_db_stmt(c, "UPDATE snapshots SET points=? WHERE id=?");
	cr_stmt_bind_int64(s, 1, *points);
	cr_stmt_bind_int64(s, 2, *id);
	return cr_db_run(c, s, err);
}

static json_t *snapshot_json(struct cr_stmt *s)
{
	return json_pack("{sI ss ss sI ss ss}", "id", (json_int_t)cr_stmt_column_int64(s, 0),
			 "label", cr_col_text(s, 1), "as_of", cr_col_text(s, 2), "points",
			 (json_int_t)cr_stmt_column_int64(s, 3), "created_by", cr_col_text(s, 4),
			 "created_at", cr_col_text(s, 5));
}

#define SNAPSHOT_SELECT "SELECT id, label, as_of, points, created_by, created_at FROM snapshots"

json_t *cr_store_snapshot_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, SNAPSHOT_SELECT " WHERE id=?");
	cr_stmt_bind_int64(s, 1, id);
	int rc = cr_stmt_step(s);
	json_t *out = rc == CR_SQL_ROW ? snapshot_json(s) : NULL;
	cr_stmt_reset(s);
	if (out)
		return out;
	if (rc != CR_SQL_DONE)
		cr_db_fail(c, err);
	else
		cr_err_set(err, 404, "not_found", "id", "no snapshot %lld", id);
	return NULL;
}

json_t *cr_store_snapshot_list(struct cr_conn *c, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, SNAPSHOT_SELECT " ORDER BY id DESC");
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_array_append_new(items, snapshot_json(s));
	cr_stmt_reset(s);
	if (cr_db_done(c, rc, err)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{so}", "items", items);
}

#define PAIR_SELECT                                                                                \
	"SELECT risk_id, unit_id, region, sector, dept, grade FROM snapshot_risks"                 \
	" WHERE snapshot_id=? ORDER BY risk_id"

static void read_row(struct cr_stmt *s, struct cr_snapshot_row *r)
{
	*r = (struct cr_snapshot_row){
		.risk_id = cr_stmt_column_int64(s, 0),
		.unit_id = cr_stmt_column_int64(s, 1),
		.region = cr_col_text(s, 2),
		.sector = cr_col_text(s, 3),
		.dept = cr_col_text(s, 4),
		.grade = cr_stmt_column_int(s, 5),
	};
}

int cr_store_snapshot_pairs(struct cr_conn *c, long long a, long long b, cr_snapshot_pair_fn fn,
			    void *ctx, struct cr_err *err)
{
	/* two cursors on the same text: prepared apart (the statement cache holds one per text) */
	struct cr_stmt *sa = cr_db_prepare(c, PAIR_SELECT, err), *sb = NULL;
	int out = -1;
	if (!sa)
		return -1;
	if (!(sb = cr_db_prepare(c, PAIR_SELECT, err)))
		goto done;
	cr_stmt_bind_int64(sa, 1, a);
	cr_stmt_bind_int64(sb, 1, b);
	int ra = cr_stmt_step(sa), rb = cr_stmt_step(sb);
	while (ra == CR_SQL_ROW || rb == CR_SQL_ROW) {
		struct cr_snapshot_row x, y;
		long long ia = ra == CR_SQL_ROW ? cr_stmt_column_int64(sa, 0) : -1;
		long long ib = rb == CR_SQL_ROW ? cr_stmt_column_int64(sb, 0) : -1;
		if (ib < 0 || (ia >= 0 && ia < ib)) {
			read_row(sa, &x);
			fn(ctx, &x, NULL);
			ra = cr_stmt_step(sa);
		} else if (ia < 0 || ib < ia) {
			read_row(sb, &y);
			fn(ctx, NULL, &y);
			rb = cr_stmt_step(sb);
		} else {
			read_row(sa, &x);
			read_row(sb, &y);
			fn(ctx, &x, &y);
			ra = cr_stmt_step(sa);
			rb = cr_stmt_step(sb);
		}
	}
	if (cr_db_done(c, ra, err) || cr_db_done(c, rb, err))
		goto done;
	out = 0;
done:
	cr_stmt_finalize(sa);
	cr_stmt_finalize(sb);
	return out;
}
