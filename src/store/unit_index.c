/* unit_index.c — keeps the in-memory copy of units' filter fields current (a full load first,
 * then rows whose updated_at moved) and answers paged matches from it. It must never answer
 * from a stale copy: it syncs whenever the database generation has moved. */
#include "store/unit_index.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/query_cache.h"

#define MAX_CODES 255

struct entry {
	char *json;          /* the unit's JSON text as the API answers it, or NULL until asked */
	unsigned long stamp; /* sync round that last changed the entry */
	long long region9;   /* the region code padded to 9 digits (a district's ends in 000) */
	unsigned char region_len, sector, dept, above, active, rating, used;
	unsigned char odd_rating; /* its rating is none of the five (counted as unassessed) */
	char credit[19]; /* 统一社会信用代码 (18 characters), for searches by code prefix */
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct entry *entries; /* indexed by unit id */
/* Bytes of cached JSON texts, and their budget (--cache-mb); past it rows are built each time. */
static size_t json_bytes, json_budget = SIZE_MAX;
static size_t cap;
static unsigned long synced_gen, rounds;
static char synced_at[32];
static bool loaded;
static char *codes[MAX_CODES + 1];
static int ncodes;
/* succ[d]: the department that merged department d now belongs to (0: none), so a filter on
 * the successor also finds the merged department's units. */
static unsigned char succ[MAX_CODES + 1];

static const char *const ratings[] = { "unassessed", "red", "orange", "yellow", "blue" };

/* Candidate lists: the ids, ascending, of the units that had a sector (by its code's id) or a
 * district (the first six digits of the region) at some sync. A page with a sector or a
 * district in its filter walks the shorter list instead of every id — at a province's 737,280
 * units a rare sector in one district was a scan of them all for each page. A unit that moved
 * stays in its old list too; every candidate is checked against its entry, so a list may hold
 * more, never fewer. */
struct idlist {
	long long key;
	unsigned *ids;
	size_t n, cap;
};
static struct idlist by_sector[MAX_CODES + 1];
static struct idlist *by_district;
static size_t ndistricts, districts_cap;
static const struct idlist no_units;

/* The first position in l whose id is above after. */
static size_t idlist_after(const struct idlist *l, long long after)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if ((long long)l->ids[mid] <= after)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int idlist_add(struct idlist *l, unsigned id)
{
	/* a new unit goes last; a changed one in its place, unless it is there already */
	size_t at = l->n && l->ids[l->n - 1] >= id ? idlist_after(l, (long long)id - 1) : l->n;
	if (at < l->n && l->ids[at] == id)
		return 0;
	if (l->n == l->cap) {
		size_t n = l->cap ? l->cap * 2 : 64;
		unsigned *ids = realloc(l->ids, n * sizeof *ids);
		if (!ids)
			return -1;
		l->ids = ids;
		l->cap = n;
	}
	memmove(l->ids + at + 1, l->ids + at, (l->n - at) * sizeof *l->ids);
	l->ids[at] = id;
	l->n++;
	return 0;
}

static struct idlist *district_list(long long key, bool add)
{
	for (size_t i = 0; i < ndistricts; i++)
		if (by_district[i].key == key)
			return &by_district[i];
	if (!add)
		return NULL;
	if (ndistricts == districts_cap) {
		size_t n = districts_cap ? districts_cap * 2 : 64;
		struct idlist *d = realloc(by_district, n * sizeof *d);
		if (!d)
			return NULL;
		by_district = d;
		districts_cap = n;
	}
	by_district[ndistricts] = (struct idlist){ .key = key };
	return &by_district[ndistricts++];
}

/* Sector and department codes share one small table of ids (1..255). */
static unsigned char intern(const char *code, bool add)
{
	for (int i = 1; i <= ncodes; i++)
		if (strcmp(codes[i], code) == 0)
			return (unsigned char)i;
	if (!add || ncodes == MAX_CODES)
		return 0;
	char *copy = strdup(code);
	if (!copy)
		return 0;
	codes[++ncodes] = copy;
	return (unsigned char)ncodes;
}

static unsigned char rating_of(const char *s)
{
	for (unsigned char i = 0; i < 5; i++)
		if (strcmp(s, ratings[i]) == 0)
			return i;
	return 0;
}

static int load_successors(struct cr_conn *c, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT code, merged_into FROM departments"
					  " WHERE merged_into <> ''");
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		succ[intern(cr_col_text(s, 0), true)] = intern(cr_col_text(s, 1), true);
	cr_stmt_reset(s);
	return rc == CR_SQL_DONE ? 0 : cr_db_fail(c, err);
}

static int sync_locked(struct cr_conn *c, struct cr_err *err)
{
	if (!c)
		return cr_err_set(err, 503, "unavailable", "", "database unavailable");
	if (!loaded && load_successors(c, err))
		return -1;
	static const char sql[] = "SELECT id, region, sector, dept, size_class, status, rating,"
				  " updated_at, credit_code FROM units WHERE updated_at >= ?";
	/* The first load streams (a cursor on PostgreSQL: libpq would hold every row at once). */
	bool first = !loaded;
	struct cr_stmt *s = first ? cr_db_prepare(c, sql, err) : cr_db_stmt(c, sql);
	if (!s)
		return -1;
	if (first)
		cr_stmt_stream(s);
	cr_stmt_bind_text(s, 1, synced_at, -1, CR_SQL_STATIC);
	char newest[32];
	snprintf(newest, sizeof newest, "%s", synced_at);
	int rc;
	rounds++;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		long long id = cr_stmt_column_int64(s, 0);
		if (id <= 0)
			continue;
		if ((size_t)id >= cap) {
			size_t n = cap ? cap : 4096;
			while (n <= (size_t)id)
				n *= 2;
			struct entry *e = realloc(entries, n * sizeof *e);
			if (!e) {
				rc = CR_SQL_NOMEM;
				break;
			}
			memset(e + cap, 0, (n - cap) * sizeof *e);
			entries = e;
			cap = n;
		}
		struct entry *e = &entries[id];
		const char *region = cr_col_text(s, 1);
		if (e->json) /* the row changed: its cached text is stale */
			json_bytes -= strlen(e->json) + 1;
		free(e->json);
		e->json = NULL;
		e->stamp = rounds;
		e->region_len = (unsigned char)strlen(region);
		e->region9 = strtoll(region, NULL, 10);
		for (int k = e->region_len; k < 9; k++)
			e->region9 *= 10;
		e->sector = intern(cr_col_text(s, 2), true);
		e->dept = intern(cr_col_text(s, 3), true);
		e->above = strcmp(cr_col_text(s, 4), "above") == 0;
		e->active = strcmp(cr_col_text(s, 5), "active") == 0;
		e->rating = rating_of(cr_col_text(s, 6));
		e->odd_rating = strcmp(cr_col_text(s, 6), ratings[e->rating]) != 0;
		e->used = 1;
		snprintf(e->credit, sizeof e->credit, "%s", cr_col_text(s, 8));
		struct idlist *d = district_list(e->region9 / 1000, true);
		if (!d || (e->sector && idlist_add(&by_sector[e->sector], (unsigned)id)) ||
		    idlist_add(d, (unsigned)id)) {
			rc = CR_SQL_NOMEM;
			break;
		}
		if (strcmp(cr_col_text(s, 7), newest) > 0)
			snprintf(newest, sizeof newest, "%s", cr_col_text(s, 7));
	}
	if (cr_db_loop_end(c, s, first, rc, err))
		return -1;
	snprintf(synced_at, sizeof synced_at, "%s", newest);
	loaded = true;
	return 0;
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
		if ((!loaded || synced_gen != gen) && sync_locked(cr_db_primary(c), err)) {
			pthread_rwlock_unlock(&lock);
			return -1;
		}
		synced_gen = gen;
		pthread_rwlock_unlock(&lock);
		pthread_rwlock_rdlock(&lock);
	}
	return 0;
}

int cr_unit_index_ratings(struct cr_conn *c, const struct cr_unit_match *m, long long counts[5],
			  struct cr_err *err)
{
	memset(counts, 0, 5 * sizeof *counts);
	const char *p = m->region_prefix ? m->region_prefix : "";
	int plen = (int)strlen(p);
	bool want_sector = m->sector && *m->sector, want_dept = m->dept && *m->dept;
	/* Digits only: the prefix is then a numeric range, as the SQL's text range is. */
	if (plen > 9 || strspn(p, "0123456789") != (size_t)plen)
		return 1;
	if (read_current(c, err))
		return -1;
	unsigned char sector = want_sector ? intern(m->sector, false) : 0;
	unsigned char dept = want_dept ? intern(m->dept, false) : 0;
	long long lo = plen ? strtoll(p, NULL, 10) : 0, hi = lo + 1;
	for (int i = plen; plen && i < 9; i++) {
		lo *= 10;
		hi *= 10;
	}
	size_t from = m->only_id > 0 ? (size_t)m->only_id : 1;
	size_t to = m->only_id > 0 ? (size_t)m->only_id + 1 : cap;
	int rc = 0;
	for (size_t id = from;
	     id < to && id < cap && (!want_sector || sector) && (!want_dept || dept); id++) {
		const struct entry *e = &entries[id];
		if (!e->used || !e->active || (sector && e->sector != sector) ||
		    (dept && e->dept != dept))
			continue;
		if (plen && (e->region9 < lo || e->region9 >= hi || e->region_len < plen))
			continue;
		if (e->odd_rating) {
			rc = 1;
			break;
		}
		counts[e->rating]++;
	}
	pthread_rwlock_unlock(&lock);
	return rc;
}

int cr_unit_index_page(struct cr_conn *c, const struct cr_unit_match *m, long long after, int limit,
		       long long *ids, int *n, long long *total, bool *more, struct cr_err *err)
{
	*n = 0;
	*total = 0;
	*more = false;
	if (read_current(c, err))
		return -1;
	const char *p = m->region_prefix ? m->region_prefix : "";
	int plen = (int)strlen(p);
	long long prefix = plen ? strtoll(p, NULL, 10) : 0;
	bool want_sector = m->sector && *m->sector, want_dept = m->dept && *m->dept;
	unsigned char sector = want_sector ? intern(m->sector, false) : 0;
	unsigned char dept = want_dept ? intern(m->dept, false) : 0;
	bool want_active = !m->status || !*m->status || strcmp(m->status, "active") == 0;
	int size = !m->size_class || !*m->size_class ? -1 : strcmp(m->size_class, "above") == 0;
	int rating = m->rating && *m->rating ? rating_of(m->rating) : -1;
	/* An unknown code matches nothing; a prefix longer than any code likewise. */
	if ((want_sector && !sector) || (want_dept && !dept) || plen > 9) {
		pthread_rwlock_unlock(&lock);
		return 0;
	}
	/* A prefix is a range of 9-digit codes: [prefix·10^(9−len), (prefix+1)·10^(9−len)). */
	long long lo = prefix, hi = prefix + 1;
	for (int i = plen; i < 9; i++) {
		lo *= 10;
		hi *= 10;
	}
	/* The total of a filter is counted once per database change (query cache); a page then
	 * scans only from `after` until it has its rows. */
	const char *cp = m->credit_prefix ? m->credit_prefix : "";
	size_t cplen = strlen(cp);
	if (cplen > 18) {
		pthread_rwlock_unlock(&lock);
		return 0;
	}
	char key[224];
	snprintf(key, sizeof key, "unit_index|%s|%s|%s|%d|%d|%d|%lld|%s", p,
		 want_sector ? m->sector : "", want_dept ? m->dept : "", size, want_active, rating,
		 m->only_id, cp);
	bool counted = cr_count_cache_get(key, total);
	size_t from = m->only_id > 0 ? (size_t)m->only_id : 1;
	size_t to = m->only_id > 0 ? (size_t)m->only_id + 1 : cap;
	if (counted && after >= (long long)from)
		from = (size_t)after + 1;
	/* The shorter candidate list of the filter's sector and district, if it has either. */
	const struct idlist *list = sector ? &by_sector[sector] : NULL;
	const struct idlist *d = plen >= 6 ? district_list(lo / 1000, false) : NULL;
	if (plen >= 6 && !d)
		list = &no_units; /* no unit was ever in that district */
	else if (d && (!list || d->n < list->n))
		list = d;
	size_t at = list ? idlist_after(list, (long long)from - 1) : 0;
	for (size_t id = list ? (at < list->n ? list->ids[at] : cap) : from; id < to && id < cap;
	     id = list ? (++at < list->n ? list->ids[at] : cap) : id + 1) {
		const struct entry *e = &entries[id];
		if (!e->used || e->active != want_active || (sector && e->sector != sector) ||
		    (dept && e->dept != dept && succ[e->dept] != dept) ||
		    (size >= 0 && e->above != size) || (rating >= 0 && e->rating != rating))
			continue;
		if (plen && (e->region9 < lo || e->region9 >= hi || e->region_len < plen))
			continue;
		if (cplen && strncmp(e->credit, cp, cplen) != 0)
			continue;
		if (!counted)
			++*total;
		if ((long long)id <= after)
			continue;
		if (*n < limit) {
			ids[(*n)++] = (long long)id;
		} else {
			*more = true;
			if (counted)
				break;
		}
	}
	pthread_rwlock_unlock(&lock);
	if (!counted)
		cr_count_cache_put_fresh(key, *total);
	return 0;
}

char *cr_unit_index_join(const long long *ids, int n, unsigned long *stamps, int *missing)
{
	size_t len = 1;
	*missing = 0;
	pthread_rwlock_rdlock(&lock);
	for (int i = 0; i < n; i++) {
		const struct entry *e = (size_t)ids[i] < cap ? &entries[ids[i]] : NULL;
		stamps[i] = e ? e->stamp : 0;
		if (e && e->json)
			len += strlen(e->json) + 1;
		else
			stamps[i] |= 1UL << 63, ++*missing; /* high bit: this one is missing */
	}
	char *out = *missing ? NULL : malloc(len);
	if (out) {
		size_t at = 0;
		for (int i = 0; i < n; i++) {
			const char *t = entries[ids[i]].json;
			size_t k = strlen(t);
			if (i)
				out[at++] = ',';
			memcpy(out + at, t, k);
			at += k;
		}
		out[at] = 0;
	}
	pthread_rwlock_unlock(&lock);
	return out;
}

void cr_unit_index_budget(size_t bytes)
{
	pthread_rwlock_wrlock(&lock);
	json_budget = bytes;
	pthread_rwlock_unlock(&lock);
}

void cr_unit_index_remember(long long id, unsigned long stamp, const char *text)
{
	pthread_rwlock_wrlock(&lock);
	struct entry *e = (size_t)id < cap ? &entries[id] : NULL;
	/* Only if the row has not changed since the text was read. */
	size_t len = strlen(text) + 1;
	if (e && e->used && e->stamp == stamp && !e->json && json_bytes + len <= json_budget &&
	    (e->json = strdup(text)))
		json_bytes += len;
	pthread_rwlock_unlock(&lock);
}

void cr_unit_index_bytes(size_t *index, size_t *texts)
{
	pthread_rwlock_rdlock(&lock);
	size_t n = cap * sizeof *entries + districts_cap * sizeof *by_district;
	for (size_t i = 0; i <= MAX_CODES; i++)
		n += by_sector[i].cap * sizeof *by_sector[i].ids;
	for (size_t i = 0; i < ndistricts; i++)
		n += by_district[i].cap * sizeof *by_district[i].ids;
	*index = n;
	*texts = json_bytes;
	pthread_rwlock_unlock(&lock);
}
