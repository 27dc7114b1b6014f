/* superpose.c — area risk superposition, area and city colours, and the grid (superpose.h).
 * Pure apart from one scratch allocation in cr_area_thresholds_compute; no I/O. */
#include "domain/superpose.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/grade.h"

/* risk-methods.md "Area superposition" (default): weights Ⅰ 100, Ⅱ 30, Ⅲ 5, Ⅳ 1; quantiles of
 * the city's grid cells, top 5 % red, next 15 % orange, next 30 % yellow, rest blue; an area with
 * a grade Ⅰ point is at least orange. Superposition as such: Hangzhou seed 002 三(一)4 (城市整体
 * 安全风险评估, 利用风险的可叠加性), Jingjiang seed 004 三(二)2. The fixed thresholds (one Ⅰ, one Ⅱ, one
 * Ⅲ point's weight) and the city rule (就高: the highest area colour) are project defaults. */
void cr_superpose_config_default(struct cr_superpose_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->weights[1] = 100;
	cfg->weights[2] = 30;
	cfg->weights[3] = 5;
	cfg->weights[4] = 1;
	cfg->mode = CR_SUPERPOSE_QUANTILE;
	cfg->shares[0] = 0.05;
	cfg->shares[1] = 0.15;
	cfg->shares[2] = 0.30;
	cfg->fixed[0] = 100;
	cfg->fixed[1] = 30;
	cfg->fixed[2] = 5;
	cfg->grade1_at_least_orange = true;
	cfg->cell_m = 1000;
	cfg->district_ratio[0] = 2;
	cfg->district_ratio[1] = 1;
	cfg->district_ratio[2] = 0.5;
	cfg->city_rule = CR_CITY_DENSITY;
	cfg->city_density[0] = 100;
	cfg->city_density[1] = 30;
	cfg->city_density[2] = 5;
}

int cr_superpose_config_check(const struct cr_superpose_config *cfg, struct cr_err *err)
{
	double sum = 0;
	for (int g = CR_GRADE_MIN; g <= CR_GRADE_MAX; g++)
		if (!isfinite(cfg->weights[g]) || cfg->weights[g] < 0)
			return cr_err_set(err, 400, "invalid", "superpose.weights",
					  "weights must be finite and non-negative");
	for (int i = 0; i < 3; i++) {
		if (!isfinite(cfg->shares[i]) || cfg->shares[i] < 0)
			return cr_err_set(err, 400, "invalid", "superpose.shares",
					  "shares must be in [0, 1]");
		sum += cfg->shares[i];
	}
	if (sum > 1 + 1e-12)
		return cr_err_set(err, 400, "invalid", "superpose.shares",
				  "shares must add up to at most 1");
	for (int i = 0; i < 3; i++)
		if (!isfinite(cfg->fixed[i]) || cfg->fixed[i] <= 0 ||
		    (i > 0 && !(cfg->fixed[i] < cfg->fixed[i - 1])))
			return cr_err_set(err, 400, "invalid", "superpose.fixed",
					  "fixed thresholds must be positive and strictly "
					  "decreasing (red, orange, yellow)");
	for (int i = 0; i < 3; i++)
		if (!isfinite(cfg->district_ratio[i]) || cfg->district_ratio[i] <= 0 ||
		    (i > 0 && !(cfg->district_ratio[i] < cfg->district_ratio[i - 1])))
			return cr_err_set(
				err, 400, "invalid", "superpose.district_ratio",
				"district ratios must be positive and strictly decreasing "
				"(red, orange, yellow)");
	for (int i = 0; i < 3; i++)
		if (!isfinite(cfg->city_density[i]) || cfg->city_density[i] <= 0 ||
		    (i > 0 && !(cfg->city_density[i] < cfg->city_density[i - 1])))
			return cr_err_set(err, 400, "invalid", "superpose.city_density",
					  "city densities must be positive and strictly decreasing "
					  "(red, orange, yellow)");
	if (cfg->city_rule != CR_CITY_DENSITY && cfg->city_rule != CR_CITY_DISTRICTS)
		return cr_err_set(err, 400, "invalid", "superpose.city_rule", "unknown city rule");
	for (int i = 0; i < 3; i++)
		if (!isfinite(cfg->city_min_share[i]) || cfg->city_min_share[i] < 0 ||
		    cfg->city_min_share[i] > 1)
			return cr_err_set(err, 400, "invalid", "superpose.city_min_share",
					  "shares must be in [0, 1]");
	if (cfg->mode != CR_SUPERPOSE_QUANTILE && cfg->mode != CR_SUPERPOSE_FIXED)
		return cr_err_set(err, 400, "invalid", "superpose.mode", "unknown mode");
	if (!isfinite(cfg->cell_m) || cfg->cell_m < 10 || cfg->cell_m > 100000)
		return cr_err_set(err, 400, "invalid", "superpose.cell_m",
				  "cell size must be between 10 and 100000 metres");
	return 0;
}

double cr_superpose_weight(const struct cr_superpose_config *cfg, int grade)
{
	return cfg && cr_grade_valid(grade) ? cfg->weights[grade] : 0;
}

double cr_superpose_index(const struct cr_superpose_config *cfg, const long counts[5])
{
	double sum = 0;
	for (int g = CR_GRADE_MIN; g <= CR_GRADE_MAX; g++)
		sum += cr_superpose_weight(cfg, g) * (double)counts[g];
	return sum;
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x < y) - (x > y);
}

/* Index of the k-th highest cell (k ≥ 1), or HUGE_VAL when k is 0: no cell takes the colour. */
static double kth(const double *sorted, size_t k)
{
	return k ? sorted[k - 1] : HUGE_VAL;
}

int cr_area_thresholds_compute(const struct cr_superpose_config *cfg, const double *indices,
			       size_t n, struct cr_area_thresholds *out, struct cr_err *err)
{
	if (!cfg || !out || (n && !indices))
		return cr_err_set(err, 500, "internal", "", "cr_area_thresholds: missing argument");
	out->grade1_at_least_orange = cfg->grade1_at_least_orange;
	if (cfg->mode == CR_SUPERPOSE_FIXED) {
		out->red = cfg->fixed[0];
		out->orange = cfg->fixed[1];
		out->yellow = cfg->fixed[2];
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (!isfinite(indices[i]))
			return cr_err_set(err, 400, "invalid", "indices",
					  "cell index %zu is not a finite number", i);
	double *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return cr_err_set(err, 500, "internal", "", "out of memory");
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (indices[i] > 0)
			v[m++] = indices[i];
	qsort(v, m, sizeof *v, cmp_desc);
	/* The small epsilon keeps 0.05 × 20 = 1 from flooring to 0 through binary noise. */
	double c1 = cfg->shares[0], c2 = c1 + cfg->shares[1], c3 = c2 + cfg->shares[2];
	out->red = kth(v, (size_t)floor(c1 * (double)m + 1e-9));
	out->orange = kth(v, (size_t)floor(c2 * (double)m + 1e-9));
	out->yellow = kth(v, (size_t)floor(c3 * (double)m + 1e-9));
	free(v);
	return 0;
}

const char *cr_area_color(const struct cr_area_thresholds *t, double index, bool has_grade1)
{
	if (!t)
		return NULL;
	int g = CR_GRADE_IV;
	if (index >= t->red)
		g = CR_GRADE_I;
	else if (index >= t->orange)
		g = CR_GRADE_II;
	else if (index >= t->yellow)
		g = CR_GRADE_III;
	if (has_grade1 && t->grade1_at_least_orange && g > CR_GRADE_II)
		g = CR_GRADE_II;
	return cr_grade_color(g);
}

/* Project defaults (docs/METHODS.md "Area superposition"): the seeds ask for district four-colour
 * maps and a city level (H 三(一)4, J 三(二)2) but give no thresholds. */
const char *cr_district_color(const struct cr_superpose_config *cfg, double measure,
			      double reference)
{
	if (!cfg)
		return NULL;
	int g = CR_GRADE_IV;
	if (isfinite(measure) && isfinite(reference) && reference > 0) {
		if (measure >= cfg->district_ratio[0] * reference)
			g = CR_GRADE_I;
		else if (measure >= cfg->district_ratio[1] * reference)
			g = CR_GRADE_II;
		else if (measure >= cfg->district_ratio[2] * reference)
			g = CR_GRADE_III;
	}
	return cr_grade_color(g);
}

const char *cr_city_level_density(const struct cr_superpose_config *cfg, double index, double km2)
{
	if (!cfg || !isfinite(index) || !isfinite(km2) || km2 <= 0)
		return "unassessed";
	double d = index / km2;
	for (int g = CR_GRADE_I; g <= CR_GRADE_III; g++)
		if (d >= cfg->city_density[g - 1])
			return cr_grade_color(g);
	return cr_grade_color(CR_GRADE_IV);
}

const char *cr_city_level(const struct cr_superpose_config *cfg, const size_t n_by_grade[5])
{
	size_t total = 0, at_or_above = 0;
	for (int g = CR_GRADE_MIN; g <= CR_GRADE_MAX; g++)
		total += n_by_grade[g];
	if (!cfg || total == 0)
		return "unassessed";
	for (int g = CR_GRADE_I; g <= CR_GRADE_III; g++) {
		at_or_above += n_by_grade[g];
		if (at_or_above > 0 &&
		    (double)at_or_above >= cfg->city_min_share[g - 1] * (double)total)
			return cr_grade_color(g);
	}
	return cr_grade_color(CR_GRADE_IV);
}

/* ===== Grid ===== */

#define EARTH_RADIUS_M                                                                             \
	6371008.8 /* IUGG mean Earth radius R1 (Moritz 2000, Geodetic Reference System 1980) */
#define DEG (3.14159265358979323846 / 180.0)

static bool grid_ok(double ref_lat, double cell_m)
{
	return isfinite(ref_lat) && fabs(ref_lat) < 89 && isfinite(cell_m) && cell_m > 0;
}

int cr_grid_cell(double lon, double lat, double ref_lat, double cell_m, long *ix, long *iy)
{
	if (!grid_ok(ref_lat, cell_m) || !isfinite(lon) || !isfinite(lat) || fabs(lat) > 90 ||
	    fabs(lon) > 180 || !ix || !iy)
		return -1;
	double x = EARTH_RADIUS_M * lon * DEG * cos(ref_lat * DEG);
	double y = EARTH_RADIUS_M * lat * DEG;
	*ix = (long)floor(x / cell_m);
	*iy = (long)floor(y / cell_m);
	return 0;
}

int cr_grid_cell_bbox(long ix, long iy, double ref_lat, double cell_m, double bbox[4])
{
	if (!grid_ok(ref_lat, cell_m) || !bbox)
		return -1;
	double kx = EARTH_RADIUS_M * DEG * cos(ref_lat * DEG), ky = EARTH_RADIUS_M * DEG;
	bbox[0] = (double)ix * cell_m / kx;
	bbox[1] = (double)iy * cell_m / ky;
	bbox[2] = (double)(ix + 1) * cell_m / kx;
	bbox[3] = (double)(iy + 1) * cell_m / ky;
	return 0;
}
