/* exposure.c — the grid index of exposure analysis: open-addressed hash tables from a point's
 * key to its slot and from a cell to the slots in it. It must not know what the points are. */
#include "domain/exposure.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/grow.h"
#include "domain/geo.h"

struct cell {
	long long cx, cy; /* used when n or cap */
	size_t *slots, n, cap;
	int used;
};

struct key {
	long long id;
	int kind;
	size_t slot; /* SIZE_MAX = empty, SIZE_MAX - 1 = deleted */
};

struct cr_expo_grid {
	double cell_deg, max_radius;
	struct cr_expo_point *pts; /* dense; a dropped point's slot is reused */
	size_t npts, cap, live;
	size_t *free_slots, nfree, free_cap;
	struct key *keys; /* power of two */
	size_t nkeys, key_cap, key_used;
	struct cell *cells; /* power of two */
	size_t ncells, cell_cap;
};

#define EMPTY SIZE_MAX
#define GONE (SIZE_MAX - 1)

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t key_hash(int kind, long long id)
{
	return mix((uint64_t)id * 31 + (uint64_t)kind);
}

static uint64_t cell_hash(long long cx, long long cy)
{
	return mix((uint64_t)cx * 0x9E3779B97F4A7C15ULL ^ (uint64_t)cy);
}

struct cr_expo_grid *cr_expo_grid_new(double cell_deg)
{
	struct cr_expo_grid *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->cell_deg = cell_deg > 0 ? cell_deg : 0.005;
	g->key_cap = 1024;
	g->cell_cap = 1024;
	g->keys = malloc(g->key_cap * sizeof *g->keys);
	g->cells = calloc(g->cell_cap, sizeof *g->cells);
	if (!g->keys || !g->cells) {
		cr_expo_grid_free(g);
		return NULL;
	}
	for (size_t i = 0; i < g->key_cap; i++)
		g->keys[i].slot = EMPTY;
	return g;
}

void cr_expo_grid_free(struct cr_expo_grid *g)
{
	if (!g)
		return;
	for (size_t i = 0; g->cells && i < g->cell_cap; i++)
		free(g->cells[i].slots);
	free(g->cells);
	free(g->keys);
	free(g->pts);
	free(g->free_slots);
	free(g);
}

size_t cr_expo_grid_count(const struct cr_expo_grid *g)
{
	return g->live;
}

double cr_expo_grid_max_radius(const struct cr_expo_grid *g)
{
	return g->max_radius;
}

static struct key *key_at(const struct cr_expo_grid *g, int kind, long long id, int for_insert)
{
	size_t mask = g->key_cap - 1, i = key_hash(kind, id) & mask;
	struct key *tomb = NULL;
	for (;;) {
		struct key *k = &g->keys[i];
		if (k->slot == EMPTY)
			return for_insert ? (tomb ? tomb : k) : NULL;
		if (k->slot == GONE) {
			if (!tomb)
				tomb = k;
		} else if (k->id == id && k->kind == kind) {
			return k;
		}
		i = (i + 1) & mask;
	}
}

static int keys_grow(struct cr_expo_grid *g)
{
	size_t cap = g->key_cap * 2;
	struct key *old = g->keys, *nk = malloc(cap * sizeof *nk);
	if (!nk)
		return -1;
	for (size_t i = 0; i < cap; i++)
		nk[i].slot = EMPTY;
	size_t oldcap = g->key_cap;
	g->keys = nk;
	g->key_cap = cap;
	g->key_used = g->nkeys;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].slot < GONE)
			*key_at(g, old[i].kind, old[i].id, 1) = old[i];
	free(old);
	return 0;
}

static struct cell *cell_at(const struct cr_expo_grid *g, long long cx, long long cy,
			    int for_insert)
{
	size_t mask = g->cell_cap - 1, i = cell_hash(cx, cy) & mask;
	for (;;) {
		struct cell *c = &g->cells[i];
		if (!c->used)
			return for_insert ? c : NULL;
		if (c->cx == cx && c->cy == cy)
			return c;
		i = (i + 1) & mask;
	}
}

static int cells_grow(struct cr_expo_grid *g)
{
	size_t cap = g->cell_cap * 2, oldcap = g->cell_cap;
	struct cell *old = g->cells, *nc = calloc(cap, sizeof *nc);
	if (!nc)
		return -1;
	g->cells = nc;
	g->cell_cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].used)
			*cell_at(g, old[i].cx, old[i].cy, 1) = old[i];
	free(old);
	return 0;
}

static void cell_of(const struct cr_expo_grid *g, double lon, double lat, long long *cx,
		    long long *cy)
{
	*cx = (long long)floor(lon / g->cell_deg);
	*cy = (long long)floor(lat / g->cell_deg);
}

static int cell_add(struct cr_expo_grid *g, size_t slot)
{
	long long cx, cy;
	cell_of(g, g->pts[slot].lon, g->pts[slot].lat, &cx, &cy);
	if ((g->ncells + 1) * 2 > g->cell_cap && cells_grow(g))
		return -1;
	struct cell *c = cell_at(g, cx, cy, 1);
	if (CR_GROW(c->slots, c->cap, c->n + 1))
		return -1;
	if (!c->used) {
		c->used = 1;
		c->cx = cx;
		c->cy = cy;
		g->ncells++;
	}
	c->slots[c->n++] = slot;
	return 0;
}

/* Cells stay allocated when they empty: the city's cells are few and reused. */
static void cell_remove(struct cr_expo_grid *g, size_t slot)
{
	long long cx, cy;
	cell_of(g, g->pts[slot].lon, g->pts[slot].lat, &cx, &cy);
	struct cell *c = cell_at(g, cx, cy, 0);
	for (size_t i = 0; c && i < c->n; i++)
		if (c->slots[i] == slot) {
			c->slots[i] = c->slots[--c->n];
			return;
		}
}

const struct cr_expo_point *cr_expo_grid_find(const struct cr_expo_grid *g, int kind, long long id)
{
	const struct key *k = key_at(g, kind, id, 0);
	return k ? &g->pts[k->slot] : NULL;
}

int cr_expo_grid_put(struct cr_expo_grid *g, const struct cr_expo_point *p)
{
	struct key *k = key_at(g, p->kind, p->id, 0);
	if (k) {
		size_t slot = k->slot;
		struct cr_expo_point old = g->pts[slot];
		cell_remove(g, slot);
		g->pts[slot] = *p;
		if (cell_add(g, slot)) {
			g->pts[slot] = old;
			(void)cell_add(g, slot); /* its old cell has room: it was just removed */
			return -1;
		}
	} else {
		if ((g->key_used + 1) * 2 > g->key_cap && keys_grow(g))
			return -1;
		size_t slot;
		if (g->nfree) {
			slot = g->free_slots[--g->nfree];
		} else {
			if (CR_GROW(g->pts, g->cap, g->npts + 1))
				return -1;
			slot = g->npts++;
		}
		g->pts[slot] = *p;
		if (cell_add(g, slot)) {
			if (slot == g->npts - 1)
				g->npts--;
			return -1;
		}
		k = key_at(g, p->kind, p->id, 1);
		if (k->slot == EMPTY)
			g->key_used++;
		k->id = p->id;
		k->kind = p->kind;
		k->slot = slot;
		g->nkeys++;
		g->live++;
	}
	if (p->radius_m > g->max_radius)
		g->max_radius = p->radius_m;
	return 0;
}

void cr_expo_grid_drop(struct cr_expo_grid *g, int kind, long long id)
{
	struct key *k = key_at(g, kind, id, 0);
	if (!k)
		return;
	size_t slot = k->slot;
	cell_remove(g, slot);
	k->slot = GONE;
	g->nkeys--;
	g->live--;
	if (CR_GROW(g->free_slots, g->free_cap, g->nfree + 1))
		return; /* the slot is not reused; nothing else is lost */
	g->free_slots[g->nfree++] = slot;
}

int cr_expo_within(const struct cr_expo_grid *g, double lon, double lat, double radius_m,
		   cr_expo_fn fn, void *ctx)
{
	if (!(radius_m >= 0))
		return 0;
	/* The cells of a box that holds the circle on the sphere. */
	double box[4];
	cr_geo_circle_box(lon, lat, radius_m, box);
	long long x0, y0, x1, y1;
	cell_of(g, box[0], box[1], &x0, &y0);
	cell_of(g, box[2], box[3], &x1, &y1);
	for (long long cx = x0; cx <= x1; cx++)
		for (long long cy = y0; cy <= y1; cy++) {
			const struct cell *c = cell_at(g, cx, cy, 0);
			for (size_t i = 0; c && i < c->n; i++) {
				const struct cr_expo_point *p = &g->pts[c->slots[i]];
				double d = cr_haversine_m(lon, lat, p->lon, p->lat);
				if (d <= radius_m) {
					int rc = fn(ctx, p, d);
					if (rc)
						return rc;
				}
			}
		}
	return 0;
}

struct reach_ctx {
	cr_expo_fn fn;
	void *ctx;
};

static int if_reaching(void *ctx, const struct cr_expo_point *p, double d)
{
	struct reach_ctx *r = ctx;
	return d <= p->radius_m ? r->fn(r->ctx, p, d) : 0;
}

int cr_expo_reaching(const struct cr_expo_grid *g, double lon, double lat, cr_expo_fn fn, void *ctx)
{
	struct reach_ctx r = { fn, ctx };
	return cr_expo_within(g, lon, lat, g->max_radius, if_reaching, &r);
}

int cr_expo_each(const struct cr_expo_grid *g, cr_expo_fn fn, void *ctx)
{
	for (size_t i = 0; i < g->key_cap; i++)
		if (g->keys[i].slot < GONE) {
			int rc = fn(ctx, &g->pts[g->keys[i].slot], 0);
			if (rc)
				return rc;
		}
	return 0;
}
