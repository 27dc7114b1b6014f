/* unit_index.c — keeps the in-memory copy of units' filter fields current (a full load first,
 * then rows whose updated_at moved) and answers paged matches from it. It must never answer
 * from a stale copy: it syncs whenever the database generation has moved. */
#include "store/unit_index.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "store/db.h"
#include "store/query_cache.h"

#define MAX_CODES 255

struct entry {
	char *json;          /* the unit's JSON text as the API answers it, or NULL until asked */
	unsigned long stamp; /* sync round that last changed the entry */
	long long region9;   /* the region code padded to 9 digits (a district's ends in 000) */
	unsigned json_len;   /* strlen(json): a page joins its texts without measuring them */
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

/* Candidate lists: the ids, ascending, of the units that had a sector (by its code's id), a
 * district (the first six digits of the region), or a sector in a district, at some sync. A
 * page walks the shortest list that holds every unit its filter can match instead of every id —
 * at a province's 737,280 units a rare sector in one district was a scan of them all for each
 * page. A unit that moved stays in its old lists too; every candidate is checked against its
 * entry, so a list may hold more, never fewer. */
struct idlist {
	unsigned *ids;
	size_t n, cap;
};
/* A district's lists, and how many of the units now in it (see in_district) are active and
 * archived, per sector: the total of a filter by district or wider prefix, sector and status is
 * a sum of these, kept current by every sync, not a walk. */
struct district {
	long long key;
	struct idlist all;
	struct idlist sector[MAX_CODES + 1];
	long long n[2][MAX_CODES + 1]; /* [active][sector] */
};
static struct idlist by_sector[MAX_CODES + 1];
static struct district *districts;
static size_t ndistricts, districts_cap;
/* The same counts over every unit, and the ids of the units no district counted at some sync
 * (a region that is not 6 to 9 characters: see in_district). */
static long long all_n[2][MAX_CODES + 1];
static struct idlist outside;
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
	if (CR_GROW(l->ids, l->cap, l->n + 1))
		return -1;
	memmove(l->ids + at + 1, l->ids + at, (l->n - at) * sizeof *l->ids);
	l->ids[at] = id;
	l->n++;
	return 0;
}

static struct district *district_of(long long key, bool add)
{
	for (size_t i = 0; i < ndistricts; i++)
		if (districts[i].key == key)
			return &districts[i];
	if (!add)
		return NULL;
	if (CR_GROW(districts, districts_cap, ndistricts + 1))
		return NULL;
	struct district *d = &districts[ndistricts++];
	memset(d, 0, sizeof *d);
	d->key = key;
	return d;
}

/* Whether e's district counts it: a region of 6 to 9 characters, for which the walk's test of
 * a prefix up to six digits (region9 in [lo, hi), region_len at least the prefix's) is the test
 * of its district key (region9 / 1000) against [lo / 1000, hi / 1000). */
static bool in_district(const struct entry *e)
{
	return e->region_len >= 6 && e->region_len <= 9 && e->region9 >= 0;
}

/* Adds (by = 1) or takes away (by = -1) a used entry in the counts. */
static void count_entry(const struct entry *e, long long by)
{
	all_n[e->active][e->sector] += by;
	struct district *d = in_district(e) ? district_of(e->region9 / 1000, false) : NULL;
	if (d)
		d->n[e->active][e->sector] += by;
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
			size_t was = cap;
			if (CR_GROW(entries, cap, (size_t)id + 1)) {
				rc = CR_SQL_NOMEM;
				break;
			}
			memset(entries + was, 0, (cap - was) * sizeof *entries);
		}
		struct entry *e = &entries[id];
		const char *region = cr_col_text(s, 1);
		if (e->used)
			count_entry(e, -1);
		if (e->json) /* the row changed: its cached text is stale */
			json_bytes -= e->json_len + 1;
		free(e->json);
		e->json = NULL;
		e->json_len = 0;
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
		struct district *d = district_of(e->region9 / 1000, true);
		if (!d ||
		    (e->sector && (idlist_add(&by_sector[e->sector], (unsigned)id) ||
				   idlist_add(&d->sector[e->sector], (unsigned)id))) ||
		    idlist_add(&d->all, (unsigned)id) ||
		    (!in_district(e) && idlist_add(&outside, (unsigned)id))) {
			e->used = 0; /* out of the counts, as it is */
			rc = CR_SQL_NOMEM;
			break;
		}
		count_entry(e, 1);
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

/* A match made ready for the walk: codes as the index's ids, the prefix as a range. */
struct want {
	unsigned char sector, dept;
	bool merged; /* the department's merged ones match too (the list), or not (ratings) */
	bool active; /* active units, or archived ones */
	int size;    /* -1 any, 0 below, 1 above */
	int rating;  /* -1 any, else an index into ratings[] */
	int plen;    /* the region prefix's length (0: any), its 9-digit range [lo, hi) */
	long long lo, hi;
	const char *credit; /* the credit code's prefix, credit_len characters */
	size_t credit_len;
};

/* Reads m into w (the read lock held: codes are looked up): 0, or 1 when nothing can match (an
 * unknown code, a prefix longer than any code). */
static int want_of(const struct cr_unit_match *m, struct want *w)
{
	const char *p = m->region_prefix ? m->region_prefix : "";
	bool want_sector = m->sector && *m->sector, want_dept = m->dept && *m->dept;
	*w = (struct want){
		.sector = want_sector ? intern(m->sector, false) : 0,
		.dept = want_dept ? intern(m->dept, false) : 0,
		.merged = true,
		.active = !m->status || !*m->status || strcmp(m->status, "active") == 0,
		.size = !m->size_class || !*m->size_class ? -1
							  : strcmp(m->size_class, "above") == 0,
		.rating = m->rating && *m->rating ? rating_of(m->rating) : -1,
		.plen = (int)strlen(p),
		.credit = m->credit_prefix ? m->credit_prefix : "",
	};
	w->credit_len = strlen(w->credit);
	if ((want_sector && !w->sector) || (want_dept && !w->dept) || w->plen > 9 ||
	    w->credit_len > 18)
		return 1;
	/* A prefix is a range of 9-digit codes: [prefix·10^(9−len), (prefix+1)·10^(9−len)). */
	w->lo = w->plen ? strtoll(p, NULL, 10) : 0;
	w->hi = w->lo + 1;
	for (int i = w->plen; i < 9; i++) {
		w->lo *= 10;
		w->hi *= 10;
	}
	return 0;
}

static bool matches(const struct want *w, const struct entry *e)
{
	return e->used && e->active == w->active && (!w->sector || e->sector == w->sector) &&
	       (!w->dept || e->dept == w->dept || (w->merged && succ[e->dept] == w->dept)) &&
	       (w->size < 0 || e->above == w->size) && (w->rating < 0 || e->rating == w->rating) &&
	       (!w->plen ||
		(e->region9 >= w->lo && e->region9 < w->hi && e->region_len >= w->plen)) &&
	       (!w->credit_len || strncmp(e->credit, w->credit, w->credit_len) == 0);
}

/* The ids w must walk: the shortest list that holds every unit of its sector and district (the
 * pair's, the district's or the sector's), &no_units when no unit was ever in its district, or
 * NULL: every id. */
static const struct idlist *candidates(const struct want *w)
{
	if (w->plen < 6)
		return w->sector ? &by_sector[w->sector] : NULL;
	const struct district *d = district_of(w->lo / 1000, false);
	if (!d)
		return &no_units;
	return w->sector ? &d->sector[w->sector] : &d->all;
}

/* A walk over the candidate ids in [from, to): walk_start gives the first, walk_next the next;
 * an id of to or more (w->to) ends it. */
struct walk {
	const struct idlist *list;
	size_t at, to;
};

static size_t walk_id(const struct walk *w)
{
	if (!w->list)
		return w->at < w->to ? w->at : w->to;
	return w->at < w->list->n && w->list->ids[w->at] < w->to ? w->list->ids[w->at] : w->to;
}

static size_t walk_start(struct walk *w, const struct idlist *list, size_t from, size_t to)
{
	*w = (struct walk){ .list = list, .at = from, .to = to < cap ? to : cap };
	if (list)
		w->at = idlist_after(list, (long long)from - 1);
	return walk_id(w);
}

static size_t walk_next(struct walk *w)
{
	w->at++;
	return walk_id(w);
}

/* The total of w from the districts' counts, when w names no more than a district or a wider
 * prefix, a sector and the status: true, or false when the walk must count it. */
static bool kept_total(const struct want *w, const struct cr_unit_match *m, long long *total)
{
	if (w->dept || w->size >= 0 || w->rating >= 0 || w->credit_len || m->only_id > 0 ||
	    w->plen > 6 || (w->plen && outside.n > 4096))
		return false;
	int s0 = w->sector ? w->sector : 0, s1 = w->sector ? w->sector : ncodes;
	long long t = 0;
	for (int s = s0; s <= s1; s++) {
		if (!w->plen) {
			t += all_n[w->active][s];
			continue;
		}
		for (size_t i = 0; i < ndistricts; i++)
			if (districts[i].key >= w->lo / 1000 && districts[i].key < w->hi / 1000)
				t += districts[i].n[w->active][s];
	}
	/* units no district counts, tested one by one (a prefix may still take them) */
	for (size_t i = 0; w->plen && i < outside.n; i++) {
		const struct entry *e = &entries[outside.ids[i]];
		t += !in_district(e) && matches(w, e);
	}
	*total = t;
	return true;
}

int cr_unit_index_ratings(struct cr_conn *c, const struct cr_unit_match *m, long long counts[5],
			  struct cr_err *err)
{
	memset(counts, 0, 5 * sizeof *counts);
	const char *p = m->region_prefix ? m->region_prefix : "";
	size_t plen = strlen(p);
	/* Digits only: the prefix is then a numeric range, as the SQL's text range is. */
	if (plen > 9 || strspn(p, "0123456789") != plen)
		return 1;
	if (read_current(c, err))
		return -1;
	struct cr_unit_match active = {
		.region_prefix = p, .sector = m->sector, .dept = m->dept, .only_id = m->only_id
	};
	struct want w;
	int rc = 0;
	if (!want_of(&active, &w)) {
		w.merged = false; /* `dept = ?`, as the SQL it stands for */
		size_t from = m->only_id > 0 ? (size_t)m->only_id : 1;
		size_t to = m->only_id > 0 ? (size_t)m->only_id + 1 : cap;
		struct walk k;
		for (size_t id = walk_start(&k, candidates(&w), from, to); id < k.to;
		     id = walk_next(&k)) {
			const struct entry *e = &entries[id];
			if (!matches(&w, e))
				continue;
			if (e->odd_rating) {
				rc = 1;
				break;
			}
			counts[e->rating]++;
		}
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
	struct want w;
	if (want_of(m, &w)) {
		pthread_rwlock_unlock(&lock);
		return 0;
	}
	/* The total of a filter comes from the districts' counts, or is counted once per database
	 * change (query cache); a page then walks only from `after` until it has its rows. */
	char key[224];
	snprintf(key, sizeof key, "unit_index|%s|%s|%s|%d|%d|%d|%lld|%s",
		 m->region_prefix ? m->region_prefix : "", w.sector ? m->sector : "",
		 w.dept ? m->dept : "", w.size, w.active, w.rating, m->only_id, w.credit);
	bool kept = kept_total(&w, m, total);
	bool counted = kept || cr_count_cache_get(key, total);
	size_t from = m->only_id > 0 ? (size_t)m->only_id : 1;
	size_t to = m->only_id > 0 ? (size_t)m->only_id + 1 : cap;
	if (counted && after >= (long long)from)
		from = (size_t)after + 1;
	struct walk k;
	for (size_t id = walk_start(&k, candidates(&w), from, to); id < k.to; id = walk_next(&k)) {
		if (!matches(&w, &entries[id]))
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

char *cr_unit_index_join(const long long *ids, int n, const char *head, size_t room,
			 unsigned long *stamps, int *missing, size_t *len)
{
	size_t hlen = strlen(head), need = hlen + room + 1;
	*missing = 0;
	pthread_rwlock_rdlock(&lock);
	for (int i = 0; i < n; i++) {
		const struct entry *e = (size_t)ids[i] < cap ? &entries[ids[i]] : NULL;
		stamps[i] = e ? e->stamp : 0;
		if (e && e->json)
			need += e->json_len + 1;
		else
			stamps[i] |= 1UL << 63, ++*missing; /* high bit: this one is missing */
	}
	char *out = *missing ? NULL : malloc(need);
	if (out) {
		memcpy(out, head, hlen);
		size_t at = hlen;
		for (int i = 0; i < n; i++) {
			const struct entry *e = &entries[ids[i]];
			if (i)
				out[at++] = ',';
			memcpy(out + at, e->json, e->json_len);
			at += e->json_len;
		}
		out[at] = 0;
		*len = at;
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
	    len <= UINT32_MAX && (e->json = malloc(len))) {
		memcpy(e->json, text, len);
		e->json_len = (unsigned)(len - 1);
		json_bytes += len;
	}
	pthread_rwlock_unlock(&lock);
}

void cr_unit_index_bytes(size_t *index, size_t *texts)
{
	pthread_rwlock_rdlock(&lock);
	size_t n = cap * sizeof *entries + districts_cap * sizeof *districts +
		   outside.cap * sizeof *outside.ids;
	for (size_t i = 0; i <= MAX_CODES; i++)
		n += by_sector[i].cap * sizeof *by_sector[i].ids;
	for (size_t i = 0; i < ndistricts; i++) {
		n += districts[i].all.cap * sizeof *districts[i].all.ids;
		for (size_t k = 0; k <= MAX_CODES; k++)
			n += districts[i].sector[k].cap * sizeof *districts[i].sector[k].ids;
	}
	*index = n;
	*texts = json_bytes;
	pthread_rwlock_unlock(&lock);
}
