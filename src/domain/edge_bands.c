/* edge_bands.c — containment by bands of latitude (edge_bands.h). The even-odd rule counts the
 * edges that the horizontal ray from a point crosses; only an edge whose latitudes span the
 * point's can be crossed, and every such edge is filed under the point's band, so the count
 * over the band's edges equals the count over all of them. */
#include "domain/edge_bands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* About this many edges to a band for an outline's edges spread evenly; at most MAX_BANDS. */
#define EDGES_PER_BAND 4
#define MAX_BANDS 4096

struct band_edge {
	double xi, yi, xj, yj;
	size_t poly; /* the polygon it belongs to: the rule is applied to each polygon apart */
};

struct cr_edge_bands {
	double bbox[4];
	double y0, height; /* band k spans y0 + k·height … y0 + (k+1)·height */
	size_t nbands;
	size_t *first;           /* band k's edges are edges[first[k] … first[k+1]) */
	struct band_edge *edges; /* by band, and within a band by polygon */
};

/* The band of latitude y, clamped to the bands there are (floor is monotonic, so an edge from
 * y1 to y2 is filed in every band from band_of(y1) to band_of(y2), among them band_of(py) for
 * every py between). */
static size_t band_of(const struct cr_edge_bands *b, double y)
{
	double k = floor((y - b->y0) / b->height);
	if (!(k > 0)) /* NaN too */
		return 0;
	return k >= (double)b->nbands ? b->nbands - 1 : (size_t)k;
}

/* Calls file(b, band, edge) for each band each edge crosses, in polygon order. Horizontal edges
 * never change the count and are left out. */
static void each_edge(struct cr_edge_bands *b, const struct cr_multipolygon *mp,
		      void (*file)(struct cr_edge_bands *, size_t, const struct band_edge *))
{
	for (size_t p = 0; p < mp->npolys; p++)
		for (size_t r = 0; r < mp->polys[p].nrings; r++) {
			const struct cr_ring *ring = &mp->polys[p].rings[r];
			if (ring->n < 2)
				continue;
			for (size_t i = 0, j = ring->n - 1; i < ring->n; j = i++) {
				struct band_edge e = { ring->xy[2 * i], ring->xy[2 * i + 1],
						       ring->xy[2 * j], ring->xy[2 * j + 1], p };
				if (e.yi == e.yj)
					continue;
				size_t lo = band_of(b, fmin(e.yi, e.yj));
				size_t hi = band_of(b, fmax(e.yi, e.yj));
				for (size_t k = lo; k <= hi; k++)
					file(b, k, &e);
			}
		}
}

static void count_edge(struct cr_edge_bands *b, size_t k, const struct band_edge *e)
{
	(void)e;
	b->first[k + 1]++;
}

static void put_edge(struct cr_edge_bands *b, size_t k, const struct band_edge *e)
{
	b->edges[b->first[k]++] = *e;
}

struct cr_edge_bands *cr_edge_bands_new(const struct cr_multipolygon *mp)
{
	struct cr_edge_bands *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	memcpy(b->bbox, mp->bbox, sizeof b->bbox);
	size_t nedges = 0;
	for (size_t p = 0; p < mp->npolys; p++)
		for (size_t r = 0; r < mp->polys[p].nrings; r++)
			nedges += mp->polys[p].rings[r].n;
	b->nbands = nedges / EDGES_PER_BAND;
	b->nbands = b->nbands < 1 ? 1 : b->nbands > MAX_BANDS ? MAX_BANDS : b->nbands;
	b->y0 = mp->bbox[1];
	b->height = (mp->bbox[3] - mp->bbox[1]) / (double)b->nbands;
	if (!(b->height > 0)) { /* a flat or empty shape: one band holds every edge */
		b->nbands = 1;
		b->height = 1;
	}
	if (!(b->first = calloc(b->nbands + 1, sizeof *b->first)))
		goto fail;
	each_edge(b, mp, count_edge);
	for (size_t k = 0; k < b->nbands; k++)
		b->first[k + 1] += b->first[k];
	if (b->first[b->nbands] && !(b->edges = malloc(b->first[b->nbands] * sizeof *b->edges)))
		goto fail;
	/* put_edge moves first[k] to the end of band k: it ends as first[k + 1] was */
	each_edge(b, mp, put_edge);
	memmove(b->first + 1, b->first, b->nbands * sizeof *b->first);
	b->first[0] = 0;
	return b;
fail:
	cr_edge_bands_free(b);
	return NULL;
}

void cr_edge_bands_free(struct cr_edge_bands *b)
{
	if (!b)
		return;
	free(b->first);
	free(b->edges);
	free(b);
}

bool cr_edge_bands_contains(const struct cr_edge_bands *b, double lon, double lat)
{
	if (lon < b->bbox[0] || lon > b->bbox[2] || lat < b->bbox[1] || lat > b->bbox[3])
		return false;
	size_t k = band_of(b, lat);
	bool in = false;
	for (size_t i = b->first[k]; i < b->first[k + 1]; i++) {
		const struct band_edge *e = &b->edges[i];
		/* a polygon's edges end: inside it is inside the multipolygon */
		if (i > b->first[k] && e->poly != e[-1].poly) {
			if (in)
				return true;
			in = false;
		}
		if ((e->yi > lat) != (e->yj > lat) &&
		    lon < cr_edge_cross_x(e->xi, e->yi, e->xj, e->yj, lat))
			in = !in;
	}
	return in;
}
