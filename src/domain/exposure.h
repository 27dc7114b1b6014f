/* exposure.h — the spatial index of exposure analysis: points (vulnerable targets, or sources
 * with their impact radius) in a grid of lon/lat cells, found by distance. Pure: no I/O, no SQL. */
#ifndef CR_EXPOSURE_H
#define CR_EXPOSURE_H

#include <stddef.h>

/* One indexed point: a key (an id, with a kind for sources), where it is, and its reach in
 * metres (0 for a target). */
struct cr_expo_point {
	long long id;
	int kind;
	double lon, lat;
	double radius_m;
	/* carried for the caller: a target's people, a source's owner (unit) and grade, and the
	 * region and department whose scope the point is in */
	long long people_day, people_night, owner_id;
	int grade;
	char region[16], dept[16];
};

/* A grid over WGS84 degrees; a point is in the cell holding it. Not thread-safe: the caller
 * locks. Owns its memory; free with cr_expo_grid_free. */
struct cr_expo_grid;

/* A grid of cells cell_deg degrees wide (0.005 ≈ 500 m at Suzhou), or NULL when out of memory. */
struct cr_expo_grid *cr_expo_grid_new(double cell_deg);
void cr_expo_grid_free(struct cr_expo_grid *g);
/* Adds the point, or moves and updates the point with the same (kind, id). 0, or -1 when out
 * of memory (the grid is unchanged). */
int cr_expo_grid_put(struct cr_expo_grid *g, const struct cr_expo_point *p);
/* Removes the point (kind, id) if present. */
void cr_expo_grid_drop(struct cr_expo_grid *g, int kind, long long id);
/* The point (kind, id), or NULL. The pointer is valid until the next put or drop. */
const struct cr_expo_point *cr_expo_grid_find(const struct cr_expo_grid *g, int kind, long long id);
size_t cr_expo_grid_count(const struct cr_expo_grid *g);
/* The greatest radius_m ever put (a bound for cr_expo_reaching). */
double cr_expo_grid_max_radius(const struct cr_expo_grid *g);

/* Called once per point found, with its great-circle distance in metres. Return 0 to go on. */
typedef int (*cr_expo_fn)(void *ctx, const struct cr_expo_point *p, double distance_m);

/* Every point within radius_m of (lon, lat), the edge included (distance ≤ radius_m).
 * Returns 0 or the first non-zero value of fn. */
int cr_expo_within(const struct cr_expo_grid *g, double lon, double lat, double radius_m,
		   cr_expo_fn fn, void *ctx);
/* Every point whose own radius reaches (lon, lat): distance ≤ its radius_m. */
int cr_expo_reaching(const struct cr_expo_grid *g, double lon, double lat, cr_expo_fn fn,
		     void *ctx);
/* Calls fn for every point, in no particular order (distance 0). */
int cr_expo_each(const struct cr_expo_grid *g, cr_expo_fn fn, void *ctx);

#endif
