/* superpose.h — area superposition (风险叠加): weighted index of the risk points in an area, its
 * colour by quantile or fixed thresholds, the city's overall level and the 1 km grid. No I/O. */
#ifndef CR_SUPERPOSE_H
#define CR_SUPERPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum cr_superpose_mode {
	CR_SUPERPOSE_QUANTILE, /* thresholds from the distribution of the city's cell indices */
	CR_SUPERPOSE_FIXED,    /* thresholds given in the config */
};

/* Defaults from risk-methods.md "Area superposition" (Hangzhou seed 002 三(一)4, Jingjiang 004). */
struct cr_superpose_config {
	double weights[5];           /* index 1..4 = grade Ⅰ..Ⅳ: 100, 30, 5, 1 */
	enum cr_superpose_mode mode; /* default quantile */
	double shares[3];            /* red, orange, yellow shares of cells: 0.05, 0.15, 0.30 */
	double fixed[3]; /* red, orange, yellow minimum index in fixed mode: 100, 30, 5 */
	bool grade1_at_least_orange; /* an area with a grade Ⅰ point is at least orange; true */
	double cell_m;               /* grid cell side in metres: 1000 */
	/* Districts: red, orange, yellow when the district's index per km² is at least this many
	 * times the density of all districts together: 2, 1, 0.5 (project default). */
	double district_ratio[3];
	/* City overall level, always from the districts whatever level is asked for.
	 * CR_CITY_DENSITY (default): the density of all districts together (index per km²) on
	 * city_density (red, orange, yellow minimum: 100, 30, 5 — one Ⅰ, Ⅱ, Ⅲ point's weight per
	 * km²). CR_CITY_DISTRICTS: the highest colour c whose districts (at colour c or above) make
	 * up at least city_min_share[c] of all districts and number at least one (0, 0, 0: 就高). */
	enum cr_city_rule { CR_CITY_DENSITY, CR_CITY_DISTRICTS } city_rule;
	double city_density[3];
	double city_min_share[3];
};

/* Minimum index of each colour; HUGE_VAL when no area can take that colour (too few cells).
 * An index ≥ red is red, else ≥ orange orange, else ≥ yellow yellow, else blue. */
struct cr_area_thresholds {
	double red, orange, yellow;
	bool grade1_at_least_orange;
};

void cr_superpose_config_default(struct cr_superpose_config *cfg);

/* 0 or -1 with err 400 (field "superpose.weights", "superpose.shares", …) for an invalid config. */
int cr_superpose_config_check(const struct cr_superpose_config *cfg, struct cr_err *err);

/* Weight of one point of this grade; 0 for an invalid grade. */
double cr_superpose_weight(const struct cr_superpose_config *cfg, int grade);

/* Index of an area from its point counts by grade (index 1..4; index 0 ignored). */
double cr_superpose_index(const struct cr_superpose_config *cfg, const long counts[5]);

/* Thresholds for the cells' indices (n ≥ 0; cells with index ≤ 0 hold no risk and are left out
 * of the quantiles). Quantile mode: sorted descending, the red threshold is the index of the
 * ⌊shares[0]·n⌋-th cell, orange of the ⌊(shares[0]+shares[1])·n⌋-th, yellow likewise; ties at a
 * threshold take the higher colour. Fixed mode ignores indices. Allocates a scratch copy (freed
 * before return). -1 with err: 400 for a NaN/infinite index, 500 when out of memory. */
int cr_area_thresholds_compute(const struct cr_superpose_config *cfg, const double *indices,
			       size_t n, struct cr_area_thresholds *out, struct cr_err *err);

/* "red", "orange", "yellow" or "blue" (static); NULL for NULL thresholds. */
const char *cr_area_color(const struct cr_area_thresholds *t, double index, bool has_grade1);

/* A district's colour from its measure (index per km², or the index when outlines are missing)
 * and the reference (the same measure for all districts together, or the mean index per
 * district): red when measure ≥ district_ratio[0] × reference, and so on; blue when reference is
 * not positive. Static string; NULL for a NULL cfg. No grade Ⅰ floor: every district of a real
 * city holds grade Ⅰ points, so the floor would make them all orange. */
const char *cr_district_color(const struct cr_superpose_config *cfg, double measure,
			      double reference);

/* The city's level by CR_CITY_DENSITY: total index / total km² on city_density. "unassessed"
 * when km2 is not positive or the index is not finite. */
const char *cr_city_level_density(const struct cr_superpose_config *cfg, double index, double km2);

/* The city's overall colour from the number of areas (districts, or cells) of each colour:
 * n_by_grade[1..4] = red, orange, yellow, blue. Static string; "unassessed" when no areas. */
const char *cr_city_level(const struct cr_superpose_config *cfg, const size_t n_by_grade[5]);

/* The 1 km grid: an equirectangular projection about the city's reference latitude ref_lat
 * (degrees), x = R·λ·cos φ0, y = R·φ with R = 6,371,008.8 m (IUGG mean radius), cells of
 * cell_m metres with (0, 0) at lon 0, lat 0 so cell ids are stable for a given ref_lat and cell_m.
 * Returns -1 (ix, iy untouched) for non-finite input, cell_m ≤ 0 or |ref_lat| ≥ 89. */
int cr_grid_cell(double lon, double lat, double ref_lat, double cell_m, long *ix, long *iy);
/* Inverse: the cell's bounding box in degrees, bbox = {lon_min, lat_min, lon_max, lat_max}
 * (GeoJSON order). -1 for bad ref_lat or cell_m. */
int cr_grid_cell_bbox(long ix, long iy, double ref_lat, double cell_m, double bbox[4]);

#endif
