/* risk_index.c — keeps the in-memory aggregate copy of the risks table current: a full load the
 * first time, then only rows whose updated_at moved. It must never answer from a stale copy: every
 * reader syncs first when the database has changed since (query_cache generation). */
#include "store/risk_index.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/query_cache.h"
#include "store/risk_totals.h"

#define MAX_CODES 255
/* cr_risk_entry's dates count from here (2000-01-01T00:00:00Z) in 32 bits. */
#define EPOCH_2K 946684800LL

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct cr_risk_hot *hots;      /* indexed by risk id */
static struct cr_risk_entry *entries; /* likewise */
static size_t cap, top;               /* top: one past the greatest id seen */
static unsigned long synced_gen;
static char synced_at[32]; /* greatest updated_at seen */
static bool loaded;
static char *sectors[MAX_CODES + 1], *depts[MAX_CODES + 1];
static int districts[CR_RISK_INDEX_DISTRICTS];
static int ndistricts;
/* Active points counted per total key (risk_totals.h), changed with every point a sync
 * applies; totals_ok false after running out of memory (then every question takes a pass). */
static struct cr_risk_totals totals;
static bool totals_ok = true;

static void totals_add(const struct cr_risk_hot *h, long long delta)
{
	if (totals_ok && cr_risk_totals_add(&totals, h, delta)) {
		totals_ok = false;
		cr_risk_totals_free(&totals);
	}
}

/* A district's small number; districts past the table's size share number 0 (whose passes
 * then take the general path). */
static unsigned short district_no(int district)
{
	for (int i = 1; i <= ndistricts; i++)
		if (districts[i] == district)
			return (unsigned short)i;
	if (ndistricts + 1 >= CR_RISK_INDEX_DISTRICTS)
		return 0;
	districts[++ndistricts] = district;
	return (unsigned short)ndistricts;
}

int cr_risk_index_district(unsigned short no)
{
	return no && no <= ndistricts ? districts[no] : 0;
}
static int nsectors, ndepts;

static unsigned char intern(char **table, int *n, const char *code)
{
	for (int i = 1; i <= *n; i++)
		if (strcmp(table[i], code) == 0)
			return (unsigned char)i;
	if (*n == MAX_CODES)
		return 0;
	char *copy = strdup(code);
	if (!copy)
		return 0;
	table[++*n] = copy;
	return (unsigned char)*n;
}

const char *cr_risk_index_sector(unsigned char idx)
{
	return idx && idx <= nsectors ? sectors[idx] : "";
}

const char *cr_risk_index_dept(unsigned char idx)
{
	return idx && idx <= ndepts ? depts[idx] : "";
}

long long cr_risk_index_time(const char *iso)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) != 3)
		return -1;
	if (strlen(iso) >= 19)
		sscanf(iso + 11, "%2d:%2d:%2d", &h, &mi, &sec);
	struct tm tm = { .tm_year = y - 1900,
			 .tm_mon = mo - 1,
			 .tm_mday = d,
			 .tm_hour = h,
			 .tm_min = mi,
			 .tm_sec = sec };
	return (long long)timegm(&tm);
}

int cr_risk_index_pack_time(long long s)
{
	long long t = s - EPOCH_2K;
	return t <= INT_MIN ? INT_MIN + 1 : t > INT_MAX ? INT_MAX : (int)t;
}

long long cr_risk_index_unpack_time(int t)
{
	return t == INT_MIN ? -1 : t + EPOCH_2K;
}

long long cr_risk_index_created(const struct cr_risk_entry *e)
{
	return cr_risk_index_unpack_time(e->created_2k);
}

long long cr_risk_index_reviewed(const struct cr_risk_entry *e)
{
	return cr_risk_index_unpack_time(e->reviewed_2k);
}

long long cr_risk_index_id(const struct cr_risk_entry *e)
{
	return e - entries;
}

long long cr_risk_index_region(const struct cr_risk_hot *h)
{
	static const long long tens[] = { 1,      10,      100,      1000,      10000,
					  100000, 1000000, 10000000, 100000000, 1000000000 };
	return h->region_len < 9 ? h->region9 / tens[9 - h->region_len] : h->region9;
}

/* Room for ids up to id: exactly want when given (the first load knows the greatest id), else
 * an eighth more than id, so a city's new points rarely move the arrays and a province's
 * arrays are not doubled past their rows. */
static bool grow(size_t id, size_t want)
{
	if (id < cap)
		return true;
	size_t n = want > id ? want : id + id / 8 + 1024;
	struct cr_risk_entry *e = realloc(entries, n * sizeof *e);
	if (!e)
		return false;
	entries = e;
	struct cr_risk_hot *h = realloc(hots, n * sizeof *h);
	if (!h)
		return false;
	hots = h;
	memset(e + cap, 0, (n - cap) * sizeof *e);
	memset(h + cap, 0, (n - cap) * sizeof *h);
	cap = n;
	return true;
}

#define SYNC_SQL                                                                                   \
	"SELECT id, unit_id, region, sector, dept, grade, owner_ok, accident_types, cell_x,"       \
	" cell_y, lon, lat, created_at, reviewed_at, status, updated_at FROM risks"                \
	" WHERE updated_at >= ?"

/* The first load: the arrays sized once to the greatest id, and the rows streamed (on
 * PostgreSQL a cursor read a batch at a time: a plain query's result is held whole by libpq
 * before the first row is read — some 2 GB for a province's five million points). */
static struct cr_stmt *first_load(struct cr_conn *c, struct cr_err *err)
{
	struct cr_stmt *m = cr_db_stmt(c, "SELECT coalesce(max(id), 0) FROM risks");
	int rc = cr_stmt_step(m);
	long long max = rc == CR_SQL_ROW ? cr_stmt_column_int64(m, 0) : 0;
	cr_stmt_reset(m);
	if (rc != CR_SQL_ROW) {
		cr_db_fail(c, err);
		return NULL;
	}
	if (max > 0 && !grow((size_t)max, (size_t)max + 1)) {
		cr_err_set(err, 500, "oom", "", "risk index out of memory");
		return NULL;
	}
	struct cr_stmt *s = cr_db_prepare(c, SYNC_SQL, err);
	if (s)
		cr_stmt_stream(s);
	return s;
}

/* Applies the rows changed since synced_at. Caller holds the write lock. */
static int sync_locked(struct cr_conn *c, struct cr_err *err)
{
	if (!c)
		return cr_err_set(err, 503, "unavailable", "", "database unavailable");
	bool first = !loaded;
	struct cr_stmt *s = first ? first_load(c, err) : cr_db_stmt(c, SYNC_SQL);
	if (!s)
		return -1;
	cr_stmt_bind_text(s, 1, synced_at, -1, CR_SQL_STATIC);
	int rc;
	char newest[32];
	snprintf(newest, sizeof newest, "%s", synced_at);
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		long long id = cr_stmt_column_int64(s, 0);
		if (id <= 0 || !grow((size_t)id, 0)) {
			rc = CR_SQL_NOMEM;
			break;
		}
		struct cr_risk_entry *e = &entries[id];
		struct cr_risk_hot *h = &hots[id];
		const char *region = cr_col_text(s, 2);
		if (h->seen && h->active) /* seen before: it no longer counts as it did */
			totals_add(h, -1);
		if ((size_t)id >= top)
			top = (size_t)id + 1;
		h->seen = 1;
		e->unit_id = cr_stmt_column_int(s, 1);
		h->region_len = (unsigned char)strlen(region);
		/* Divisions done once here, not on every pass: a pass compares numbers. */
		h->region9 = strtoll(region, NULL, 10);
		for (int k = h->region_len; k < 9; k++)
			h->region9 *= 10;
		h->district = (int)(h->region9 / 1000);
		h->district_no = district_no(h->district);
		h->sector = intern(sectors, &nsectors, cr_col_text(s, 3));
		h->dept = intern(depts, &ndepts, cr_col_text(s, 4));
		h->grade = (unsigned char)cr_stmt_column_int(s, 5);
		h->owner_ok = (unsigned char)cr_stmt_column_int(s, 6);
		e->acc_mask = 0;
		for (const char *p = cr_col_text(s, 7); *p;) {
			char *end;
			long k = strtol(p, &end, 10);
			if (end == p) {
				p++;
				continue;
			}
			if (k >= 1 && k <= 31)
				e->acc_mask |= 1u << k;
			p = end;
		}
		h->has_coords = cr_stmt_column_type(s, 8) != CR_SQL_NULL;
		e->cell_x = cr_stmt_column_int(s, 8);
		e->cell_y = cr_stmt_column_int(s, 9);
		e->lon = (float)cr_stmt_column_double(s, 10);
		e->lat = (float)cr_stmt_column_double(s, 11);
		const char *created = cr_col_text(s, 12);
		e->created_2k = cr_risk_index_pack_time(cr_risk_index_time(created));
		int y = 0, m = 1;
		sscanf(created, "%4d-%2d", &y, &m);
		e->created_quarter = (short)(y * 4 + (m - 1) / 3);
		long long reviewed = cr_risk_index_time(cr_col_text(s, 13));
		e->reviewed_2k = reviewed < 0 ? INT_MIN : cr_risk_index_pack_time(reviewed);
		h->active = strcmp(cr_col_text(s, 14), "active") == 0;
		if (h->active)
			totals_add(h, 1);
		if (strcmp(cr_col_text(s, 15), newest) > 0)
			snprintf(newest, sizeof newest, "%s", cr_col_text(s, 15));
	}
	if (cr_db_loop_end(c, s, first, rc, err))
		return -1;
	snprintf(synced_at, sizeof synced_at, "%s", newest);
	loaded = true;
	return 0;
}

static bool in_scope(const struct cr_risk_hot *h, const struct cr_risk_entry *e,
		     const struct cr_risk_scope *s, long long lo, long long hi, int prefix_len,
		     unsigned char sector, unsigned char dept)
{
	if (!h->active || (s->grade && h->grade != s->grade) || (sector && h->sector != sector) ||
	    (dept && h->dept != dept) || (s->unit_id && e->unit_id != s->unit_id))
		return false;
	return !prefix_len || (h->region9 >= lo && h->region9 < hi && h->region_len >= prefix_len);
}

/* A filter code that the index has never seen matches nothing (not everything). */
static int code_filter(char **table, int n, const char *code, unsigned char *out)
{
	*out = 0;
	if (!code || !*code)
		return 0;
	for (int i = 1; i <= n; i++)
		if (strcmp(table[i], code) == 0) {
			*out = (unsigned char)i;
			return 0;
		}
	return 1;
}

static void count_one(void *ctx, const struct cr_risk_hot *h, const struct cr_risk_entry *e)
{
	(void)h;
	(void)e;
	++*(long long *)ctx;
}

long long cr_risk_index_warm(struct cr_conn *c, struct cr_err *err)
{
	long long n = 0;
	struct cr_risk_scope all = { 0 };
	return cr_risk_index_each(c, &all, count_one, &n, err) ? -1 : n;
}

/* Brings the index up to date and returns with the read lock held: 0, or -1 with err and no
 * lock held. */
static int read_current(struct cr_conn *c, struct cr_err *err)
{
	unsigned long gen = cr_query_cache_generation();
	pthread_rwlock_rdlock(&lock);
	if (!loaded || synced_gen != gen) {
		pthread_rwlock_unlock(&lock);
		pthread_rwlock_wrlock(&lock);
		if (!loaded || synced_gen != gen) {
			if (sync_locked(cr_db_primary(c), err)) {
				pthread_rwlock_unlock(&lock);
				return -1;
			}
			synced_gen = gen;
		}
		pthread_rwlock_unlock(&lock);
		pthread_rwlock_rdlock(&lock);
	}
	return 0;
}

/* A code prefix is a range of 9-digit codes: [prefix·10^(9−len), (prefix+1)·10^(9−len)). */
static int prefix_range(const struct cr_risk_scope *s, long long *lo, long long *hi)
{
	const char *p = s->region_prefix ? s->region_prefix : "";
	int plen = (int)strlen(p);
	*lo = plen ? strtoll(p, NULL, 10) : 0;
	*hi = *lo + 1;
	for (int i = plen; plen && i < 9; i++) {
		*lo *= 10;
		*hi *= 10;
	}
	return plen;
}

int cr_risk_index_each(struct cr_conn *c, const struct cr_risk_scope *s, cr_risk_visit fn,
		       void *ctx, struct cr_err *err)
{
	if (read_current(c, err))
		return -1;
	long long lo, hi;
	int plen = prefix_range(s, &lo, &hi);
	unsigned char sector, dept;
	if (code_filter(sectors, nsectors, s->sector, &sector) ||
	    code_filter(depts, ndepts, s->dept, &dept) || plen > 9) {
		pthread_rwlock_unlock(&lock);
		return 0;
	}
	for (size_t i = 1; i < top; i++)
		if (in_scope(&hots[i], &entries[i], s, lo, hi, plen, sector, dept))
			fn(ctx, &hots[i], &entries[i]);
	pthread_rwlock_unlock(&lock);
	return 0;
}

int cr_risk_index_totals(struct cr_conn *c, const struct cr_risk_scope *s, cr_risk_total_visit fn,
			 void *ctx, struct cr_err *err)
{
	long long lo, hi;
	int plen = prefix_range(s, &lo, &hi);
	/* A district's range is whole thousands, so a total's district decides it; a town's or
	 * a unit's is not in the key. */
	if (s->unit_id || plen > 6)
		return 1;
	if (read_current(c, err))
		return -1;
	unsigned char sector, dept;
	int rc = totals_ok ? 0 : 1;
	if (!rc && !code_filter(sectors, nsectors, s->sector, &sector) &&
	    !code_filter(depts, ndepts, s->dept, &dept)) {
		const struct cr_risk_entry none = { 0 };
		for (size_t i = 0; i < totals.n; i++)
			if (totals.t[i].n &&
			    in_scope(&totals.t[i].key, &none, s, lo, hi, plen, sector, dept))
				fn(ctx, &totals.t[i].key, totals.t[i].n);
	}
	pthread_rwlock_unlock(&lock);
	return rc;
}

size_t cr_risk_index_bytes(void)
{
	pthread_rwlock_rdlock(&lock);
	size_t n = cap * (sizeof *hots + sizeof *entries) + totals.cap * sizeof *totals.t +
		   totals.nslot * sizeof *totals.slot;
	for (int i = 1; i <= nsectors; i++)
		n += strlen(sectors[i]) + 1;
	for (int i = 1; i <= ndepts; i++)
		n += strlen(depts[i]) + 1;
	pthread_rwlock_unlock(&lock);
	return n;
}

long long cr_risk_index_points(void)
{
	long long n = 0;
	pthread_rwlock_rdlock(&lock);
	for (size_t i = 1; i < top; i++)
		n += hots[i].seen;
	pthread_rwlock_unlock(&lock);
	return n;
}
