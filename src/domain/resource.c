/* resource.c — emergency resource kinds and the nearest search over the grid index: a bounded
 * insertion list of the best n, filled by ever wider circles. It must not know about storage. */
#include "domain/resource.h"

#include <string.h>

#include "domain/geo.h"

const char *const cr_resource_kind_codes[CR_RESOURCE_KINDS] = {
	"team", "expert", "material", "equipment", "shelter", "depot",
};

static const char *const kind_cn[CR_RESOURCE_KINDS] = {
	"救援队伍", "应急专家", "应急物资", "应急装备", "避难场所", "物资储备库",
};

int cr_resource_kind_parse(const char *s)
{
	for (int k = 0; s && k < CR_RESOURCE_KINDS; k++)
		if (strcmp(s, cr_resource_kind_codes[k]) == 0 || strcmp(s, kind_cn[k]) == 0)
			return k;
	return -1;
}

const char *cr_resource_kind_cn(int k)
{
	return k >= 0 && k < CR_RESOURCE_KINDS ? kind_cn[k] : "";
}

bool cr_resource_can_write(const struct cr_user *u, const char *region, const char *dept)
{
	if (!cr_user_covers_region(u, region))
		return false;
	switch (u->role) {
	case CR_ROLE_CITY:
	case CR_ROLE_DISTRICT:
	case CR_ROLE_STREET:
		return true;
	case CR_ROLE_CITY_DEPT:
	case CR_ROLE_DISTRICT_DEPT:
		return dept && strcmp(dept, u->dept) == 0;
	default:
		return false;
	}
}

bool cr_resource_can_read(const struct cr_user *u, long long unit_id, const char *region)
{
	if (u->role == CR_ROLE_UNIT)
		return unit_id > 0 && unit_id == u->unit_id;
	return cr_user_covers_region(u, region);
}

struct best {
	struct cr_resource_hit *out;
	size_t n, have;
	double max_m;
	cr_resource_keep_fn keep;
	void *ctx;
	double lon, lat; /* for offer_measured */
};

static bool before(double d, long long id, const struct cr_resource_hit *h)
{
	return d < h->distance_m || (d == h->distance_m && id < h->p->id);
}

/* Inserts the point into the sorted list of the best n (dropping the worst when full). */
static int offer(void *ctx, const struct cr_expo_point *p, double d)
{
	struct best *b = ctx;
	if (b->max_m > 0 && d > b->max_m)
		return 0;
	if (b->have == b->n && !before(d, p->id, &b->out[b->n - 1]))
		return 0;
	if (b->keep && !b->keep(b->ctx, p))
		return 0;
	size_t i = b->have < b->n ? b->have++ : b->n - 1;
	while (i > 0 && before(d, p->id, &b->out[i - 1])) {
		b->out[i] = b->out[i - 1];
		i--;
	}
	b->out[i] = (struct cr_resource_hit){ p, d };
	return 0;
}

/* As offer, for a point handed over without its distance (cr_expo_each). */
static int offer_measured(void *ctx, const struct cr_expo_point *p, double d)
{
	struct best *b = ctx;
	(void)d;
	return offer(b, p, cr_haversine_m(b->lon, b->lat, p->lon, p->lat));
}

#define FIRST_RING_M 2000.0
#define LAST_RING_M 128000.0

size_t cr_resource_find_nearest(const struct cr_expo_grid *g, double lon, double lat, size_t n,
				double max_m, cr_resource_keep_fn keep, void *ctx,
				struct cr_resource_hit *out)
{
	struct best b = { out, n, 0, max_m, keep, ctx, lon, lat };
	if (n == 0)
		return 0;
	/* Every point within r is seen, so once n are found within r they are the n nearest. */
	for (double r = FIRST_RING_M; r <= LAST_RING_M; r *= 2) {
		double reach = max_m > 0 && max_m < r ? max_m : r;
		b.have = 0;
		cr_expo_within(g, lon, lat, reach, offer, &b);
		if (b.have == n || reach < r)
			return b.have;
	}
	/* Farther than the last ring: every point, measured one by one. */
	b.have = 0;
	b.lon = lon;
	b.lat = lat;
	cr_expo_each(g, offer_measured, &b);
	return b.have;
}
