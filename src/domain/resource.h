/* resource.h — 应急资源 (emergency resources): their kinds, and the nearest of them to a place,
 * found in the grid index of domain/exposure.h. Pure: no I/O, no SQL. */
#ifndef CR_DOMAIN_RESOURCE_H
#define CR_DOMAIN_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/exposure.h"
#include "domain/user.h"

/* The kinds of [B 二(三)]: 救援队伍 team, 专家 expert, 物资 material, 装备 equipment,
 * 避难场所 shelter, 物资储备库 depot. The index of a kind is its position here. */
#define CR_RESOURCE_KINDS 6
extern const char *const cr_resource_kind_codes[CR_RESOURCE_KINDS];
/* The kind's index for its code or its Chinese name, or -1. */
int cr_resource_kind_parse(const char *s);
/* The Chinese name of kind k ("" when out of range). */
const char *cr_resource_kind_cn(int k);

/* Who registers and changes a resource that belongs to no unit (a department's or a
 * territory's own): the city office, districts and streets in their territory; city and
 * district departments in their territory, for their own department (dept). A unit's
 * resources follow the unit's edit rights instead (cr_user_can_edit_unit). */
bool cr_resource_can_write(const struct cr_user *u, const char *region, const char *dept);
/* Who reads a resource: every account but a unit's in its territory (resources serve every
 * department in an emergency, so department accounts are not narrowed to their department);
 * a unit account the resources of its own unit (unit_id). */
bool cr_resource_can_read(const struct cr_user *u, long long unit_id, const char *region);

/* One resource found, with its great-circle distance (domain/geo.c cr_haversine_m). */
struct cr_resource_hit {
	const struct cr_expo_point *p; /* valid until the grid changes */
	double distance_m;
};

/* Which points count: return true to keep p (scope, availability). NULL keeps every point. */
typedef bool (*cr_resource_keep_fn)(void *ctx, const struct cr_expo_point *p);

/* The at most n points of g nearest to (lon, lat) that keep() accepts, nearest first (ties:
 * the smaller id first), and only those within max_m metres (edge included) when max_m > 0.
 * out has room for n. Returns how many were found. The search widens rings of grid cells
 * and falls back to every point past 128 km, so it equals a brute-force search. */
size_t cr_resource_find_nearest(const struct cr_expo_grid *g, double lon, double lat, size_t n,
				double max_m, cr_resource_keep_fn keep, void *ctx,
				struct cr_resource_hit *out);

#endif
