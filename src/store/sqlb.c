/* sqlb.c — builds parameterised SQL. It must not accept input as SQL text: values go to binds. */
#include "store/sqlb.h"

#include <stdio.h>
#include <string.h>

#include "domain/geo.h"
#include "store/db.h"

void cr_sqlb_init(struct cr_sqlb *b, const char *head)
{
	b->len = 0;
	b->nwhere = 0;
	b->nbind = 0;
	b->overflow = false;
	b->sql[0] = 0;
	cr_sqlb_sql(b, head);
}

void cr_sqlb_sql(struct cr_sqlb *b, const char *frag)
{
	size_t n = strlen(frag);
	if (b->len + n + 1 > sizeof b->sql) {
		b->overflow = true;
		return;
	}
	memcpy(b->sql + b->len, frag, n + 1);
	b->len += n;
}

void cr_sqlb_where(struct cr_sqlb *b, const char *cond)
{
	cr_sqlb_sql(b, b->nwhere++ ? " AND " : " WHERE ");
	cr_sqlb_sql(b, cond);
}

void cr_sqlb_in_box(struct cr_sqlb *b, const struct cr_conn *c, const char *t, const double box[4])
{
	char cond[160];
	if (cr_conn_is_pg(c)) {
		/* the index compares float boxes, rounded outwards: a prefilter, not the edge */
		snprintf(cond, sizeof cond, "%s.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", t);
		cr_sqlb_where(b, cond);
		for (int i = 0; i < 4; i++)
			cr_sqlb_bind_real(b, box[i]);
	}
	snprintf(cond, sizeof cond, "%s.lon BETWEEN ? AND ? AND %s.lat BETWEEN ? AND ?", t, t);
	cr_sqlb_where(b, cond);
	cr_sqlb_bind_real(b, box[0]);
	cr_sqlb_bind_real(b, box[2]);
	cr_sqlb_bind_real(b, box[1]);
	cr_sqlb_bind_real(b, box[3]);
}

void cr_sqlb_near(struct cr_sqlb *b, const struct cr_conn *c, const char *t, double lon, double lat,
		  double radius_m)
{
	double box[4];
	cr_geo_circle_box(lon, lat, radius_m, box);
	cr_sqlb_in_box(b, c, t, box);
	if (!cr_conn_is_pg(c))
		return;
	char cond[200];
	snprintf(cond, sizeof cond,
		 "ST_DWithin(CAST(%s.geom AS geography),"
		 " CAST(ST_SetSRID(ST_MakePoint(?, ?), 4326) AS geography), ?, false)",
		 t);
	cr_sqlb_where(b, cond);
	cr_sqlb_bind_real(b, lon);
	cr_sqlb_bind_real(b, lat);
	cr_sqlb_bind_real(b, radius_m);
}

static struct cr_sqlb_bind *next_bind(struct cr_sqlb *b)
{
	if (b->nbind == CR_SQLB_MAX_BINDS) {
		b->overflow = true;
		return NULL;
	}
	return &b->binds[b->nbind++];
}

void cr_sqlb_bind_text(struct cr_sqlb *b, const char *v)
{
	struct cr_sqlb_bind *x = next_bind(b);
	if (x)
		*x = (struct cr_sqlb_bind){ .type = CR_BIND_TEXT, .text = v };
}

void cr_sqlb_bind_int(struct cr_sqlb *b, long long v)
{
	struct cr_sqlb_bind *x = next_bind(b);
	if (x)
		*x = (struct cr_sqlb_bind){ .type = CR_BIND_INT, .i = v };
}

void cr_sqlb_bind_real(struct cr_sqlb *b, double v)
{
	struct cr_sqlb_bind *x = next_bind(b);
	if (x)
		*x = (struct cr_sqlb_bind){ .type = CR_BIND_REAL, .d = v };
}

struct cr_stmt *cr_sqlb_prepare(struct cr_conn *c, const struct cr_sqlb *b, struct cr_err *err)
{
	if (b->overflow) {
		cr_err_set(err, 500, "internal", "", "query too long");
		return NULL;
	}
	struct cr_stmt *s = cr_db_prepare(c, b->sql, err);
	if (!s)
		return NULL;
	for (int i = 0; i < b->nbind; i++) {
		const struct cr_sqlb_bind *x = &b->binds[i];
		if (x->type == CR_BIND_TEXT)
			cr_stmt_bind_text(s, i + 1, x->text, -1, CR_SQL_STATIC);
		else if (x->type == CR_BIND_INT)
			cr_stmt_bind_int64(s, i + 1, x->i);
		else
			cr_stmt_bind_double(s, i + 1, x->d);
	}
	return s;
}

int cr_sqlb_key(const struct cr_sqlb *b, char *out, size_t cap)
{
	size_t n = (size_t)snprintf(out, cap, "%s", b->sql);
	for (int i = 0; i < b->nbind && n < cap; i++) {
		const struct cr_sqlb_bind *x = &b->binds[i];
		if (x->type == CR_BIND_TEXT)
			n += (size_t)snprintf(out + n, cap - n, "\x1f%s", x->text);
		else if (x->type == CR_BIND_INT)
			n += (size_t)snprintf(out + n, cap - n, "\x1f%lld", x->i);
		else
			n += (size_t)snprintf(out + n, cap - n, "\x1f%.17g", x->d);
	}
	return (b->overflow || n >= cap) ? -1 : 0;
}

const char *cr_sqlb_like_text(const char *q, char buf[CR_SQLB_LIKE_CAP])
{
	size_t n = 0;
	for (const char *p = q ? q : ""; *p && n + 3 < CR_SQLB_LIKE_CAP; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf[n++] = '\\';
		buf[n++] = *p;
	}
	buf[n] = 0;
	return buf;
}
