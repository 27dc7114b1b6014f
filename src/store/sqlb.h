/* sqlb.h — the one query builder: SQL text plus its bound values, built clause by clause,
 * so filters never splice user input into SQL. Bounded: overflow is reported at prepare. */
#ifndef CR_SQLB_H
#define CR_SQLB_H

#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define CR_SQLB_MAX_SQL 4096
#define CR_SQLB_MAX_BINDS 32

struct cr_sqlb_bind {
	enum { CR_BIND_TEXT, CR_BIND_INT, CR_BIND_REAL } type;
	const char *text; /* borrowed: must outlive the prepare */
	long long i;
	double d;
};

struct cr_sqlb {
	char sql[CR_SQLB_MAX_SQL];
	size_t len;
	int nwhere;
	int nbind;
	struct cr_sqlb_bind binds[CR_SQLB_MAX_BINDS];
	bool overflow;
};

void cr_sqlb_init(struct cr_sqlb *b, const char *head);
/* Appends raw SQL (a literal written by us, never input). */
void cr_sqlb_sql(struct cr_sqlb *b, const char *frag);
/* Appends " WHERE cond" the first time, " AND cond" after. */
void cr_sqlb_where(struct cr_sqlb *b, const char *cond);
void cr_sqlb_bind_text(struct cr_sqlb *b, const char *v);
void cr_sqlb_bind_int(struct cr_sqlb *b, long long v);
void cr_sqlb_bind_real(struct cr_sqlb *b, double v);
/* A search text for "col LIKE '%' || ? || '%' ESCAPE '\\'": q with its wildcards (% _ \\)
 * escaped, into buf of CR_SQLB_LIKE_CAP bytes (a longer q is cut). Returns buf. */
#define CR_SQLB_LIKE_CAP 400
const char *cr_sqlb_like_text(const char *q, char buf[CR_SQLB_LIKE_CAP]);
/* Spatial conditions on the table aliased t (a literal of ours) with lon and lat columns, each
 * database's SQL side by side. In a lon/lat box (minlon, minlat, maxlon, maxlat, edges
 * included): on PostgreSQL first `t.geom && ST_MakeEnvelope(…)`, which its GiST index answers,
 * then on both the BETWEENs, the exact test. Near a point: in cr_geo_circle_box's box, and on
 * PostgreSQL within radius_m by ST_DWithin on the sphere; the caller keeps the rows whose
 * cr_haversine_m is at most radius_m, so both databases answer alike. */
void cr_sqlb_in_box(struct cr_sqlb *b, const struct cr_conn *c, const char *t, const double box[4]);
void cr_sqlb_near(struct cr_sqlb *b, const struct cr_conn *c, const char *t, double lon, double lat,
		  double radius_m);
/* Prepares and binds; the caller finalizes. */
struct cr_stmt *cr_sqlb_prepare(struct cr_conn *c, const struct cr_sqlb *b, struct cr_err *err);
/* A stable text key of the statement and its values, for result caches. Returns 0 or -1. */
int cr_sqlb_key(const struct cr_sqlb *b, char *out, size_t cap);

#endif
