/* test_superpose.c — unit tests of superpose.h: weights, index, quantile and fixed thresholds,
 * area and city colours, the grid. No I/O beyond the harness. */
#include "domain/grade.h"
#include "domain/superpose.h"
#include "harness.h"

TEST(superpose_weights_and_index)
{
	struct cr_superpose_config cfg;
	struct cr_err err = { 0 };
	cr_superpose_config_default(&cfg);
	INT_EQ(cr_superpose_config_check(&cfg, &err), 0);
	DBL_NEAR(cr_superpose_weight(&cfg, 1), 100, 0);
	DBL_NEAR(cr_superpose_weight(&cfg, 2), 30, 0);
	DBL_NEAR(cr_superpose_weight(&cfg, 3), 5, 0);
	DBL_NEAR(cr_superpose_weight(&cfg, 4), 1, 0);
	DBL_NEAR(cr_superpose_weight(&cfg, 0), 0, 0);
	DBL_NEAR(cr_superpose_weight(&cfg, 5), 0, 0);
	long counts[5] = { 99, 1, 2, 3, 4 };
	DBL_NEAR(cr_superpose_index(&cfg, counts), 100 + 60 + 15 + 4, 0);
	cfg.weights[1] = 50;
	DBL_NEAR(cr_superpose_weight(&cfg, 1), 50, 0);
}

/* 100 cells with indices 1..100: top 5 % (96..100) red, next 15 % (81..95) orange, next 30 %
 * (51..80) yellow, the rest blue. */
TEST(superpose_quantiles)
{
	struct cr_superpose_config cfg;
	struct cr_area_thresholds t;
	struct cr_err err = { 0 };
	double v[104];
	cr_superpose_config_default(&cfg);
	for (int i = 0; i < 100; i++)
		v[i] = 100 - i; /* any order */
	v[100] = 0;
	v[101] = 0;
	v[102] = -1; /* empty cells are left out */
	v[103] = 0;
	INT_EQ(cr_area_thresholds_compute(&cfg, v, 104, &t, &err), 0);
	DBL_NEAR(t.red, 96, 0);
	DBL_NEAR(t.orange, 81, 0);
	DBL_NEAR(t.yellow, 51, 0);
	STR_EQ(cr_area_color(&t, 100, false), "red");
	STR_EQ(cr_area_color(&t, 96, false), "red");
	STR_EQ(cr_area_color(&t, 95.9, false), "orange");
	STR_EQ(cr_area_color(&t, 81, false), "orange");
	STR_EQ(cr_area_color(&t, 80, false), "yellow");
	STR_EQ(cr_area_color(&t, 51, false), "yellow");
	STR_EQ(cr_area_color(&t, 50, false), "blue");
	STR_EQ(cr_area_color(&t, 0, false), "blue");
	/* Any area with a grade Ⅰ point is at least orange. */
	STR_EQ(cr_area_color(&t, 50, true), "orange");
	STR_EQ(cr_area_color(&t, 60, true), "orange");
	STR_EQ(cr_area_color(&t, 97, true), "red");
	t.grade1_at_least_orange = false;
	STR_EQ(cr_area_color(&t, 50, true), "blue");
	OK(cr_area_color(NULL, 1, false) == NULL);
}

TEST(superpose_quantiles_small_and_ties)
{
	struct cr_superpose_config cfg;
	struct cr_area_thresholds t;
	struct cr_err err = { 0 };
	double few[3] = { 5, 30, 100 };
	cr_superpose_config_default(&cfg);
	/* 3 cells: ⌊0.05·3⌋ = 0 red, ⌊0.2·3⌋ = 0 orange, ⌊0.5·3⌋ = 1 yellow. */
	INT_EQ(cr_area_thresholds_compute(&cfg, few, 3, &t, &err), 0);
	OK(t.red == HUGE_VAL);
	OK(t.orange == HUGE_VAL);
	DBL_NEAR(t.yellow, 100, 0);
	STR_EQ(cr_area_color(&t, 100, false), "yellow");
	STR_EQ(cr_area_color(&t, 100, true), "orange");
	/* No cells at all: everything blue. */
	INT_EQ(cr_area_thresholds_compute(&cfg, NULL, 0, &t, &err), 0);
	STR_EQ(cr_area_color(&t, 1000, false), "blue");
	/* 20 equal cells: the one red cell's value is everyone's, ties take the higher colour. */
	double same[20];
	for (int i = 0; i < 20; i++)
		same[i] = 7;
	INT_EQ(cr_area_thresholds_compute(&cfg, same, 20, &t, &err), 0);
	DBL_NEAR(t.red, 7, 0);
	STR_EQ(cr_area_color(&t, 7, false), "red");
	double bad[2] = { 1, NAN };
	INT_EQ(cr_area_thresholds_compute(&cfg, bad, 2, &t, &err), -1);
	INT_EQ(err.status, 400);
}

TEST(superpose_fixed_thresholds)
{
	struct cr_superpose_config cfg;
	struct cr_area_thresholds t;
	struct cr_err err = { 0 };
	cr_superpose_config_default(&cfg);
	cfg.mode = CR_SUPERPOSE_FIXED;
	INT_EQ(cr_area_thresholds_compute(&cfg, NULL, 0, &t, &err), 0);
	STR_EQ(cr_area_color(&t, 100, false), "red");
	STR_EQ(cr_area_color(&t, 99, false), "orange");
	STR_EQ(cr_area_color(&t, 30, false), "orange");
	STR_EQ(cr_area_color(&t, 29, false), "yellow");
	STR_EQ(cr_area_color(&t, 5, false), "yellow");
	STR_EQ(cr_area_color(&t, 4, false), "blue");
	cfg.fixed[1] = 200;
	INT_EQ(cr_superpose_config_check(&cfg, &err), -1);
	STR_EQ(err.field, "superpose.fixed");
	cr_superpose_config_default(&cfg);
	cfg.shares[2] = 0.9;
	INT_EQ(cr_superpose_config_check(&cfg, &err), -1);
	STR_EQ(err.field, "superpose.shares");
	cr_superpose_config_default(&cfg);
	cfg.weights[3] = -1;
	INT_EQ(cr_superpose_config_check(&cfg, &err), -1);
	STR_EQ(err.field, "superpose.weights");
}

TEST(superpose_city_level)
{
	struct cr_superpose_config cfg;
	cr_superpose_config_default(&cfg);
	size_t none[5] = { 0 };
	size_t d1[5] = { 0, 1, 2, 3, 4 };
	size_t d2[5] = { 0, 0, 0, 3, 4 };
	size_t d3[5] = { 0, 0, 0, 0, 4 };
	STR_EQ(cr_city_level(&cfg, none), "unassessed");
	STR_EQ(cr_city_level(&cfg, d1), "red"); /* default: the highest area colour */
	STR_EQ(cr_city_level(&cfg, d2), "yellow");
	STR_EQ(cr_city_level(&cfg, d3), "blue");
	cfg.city_min_share[0] = 0.2; /* red when ≥ 20 % of areas are red */
	cfg.city_min_share[1] = 0.3; /* orange when ≥ 30 % are orange or red */
	cfg.city_min_share[2] = 0.5;
	STR_EQ(cr_city_level(&cfg, d1), "orange"); /* 1/10 red, 3/10 orange+ */
	size_t d4[5] = { 0, 2, 0, 0, 8 };
	STR_EQ(cr_city_level(&cfg, d4), "red"); /* 2/10 exactly */
	size_t d5[5] = { 0, 1, 1, 2, 6 };
	STR_EQ(cr_city_level(&cfg, d5), "blue"); /* 4/10 yellow+ < 50 % */
}

/* Suzhou centre (120.585, 31.299), reference latitude 31.3. */
/* Districts are coloured by index per km² as a multiple of the density of all districts together
 * (project default 2 / 1 / 0.5): synthetic districts whose risk differs get different colours
 * even when every one holds a grade Ⅰ point (no floor at district level). Bounds at the ratio. */
TEST(superpose_district_colors)
{
	struct cr_superpose_config cfg;
	cr_superpose_config_default(&cfg);
	/* Four districts of 100 km²: indices 1000, 500, 250, 50 → densities 10, 5, 2.5, 0.5;
	 * all together 1800 / 400 km² = 4.5, so 9 / 4.5 / 2.25 are the bounds. */
	const double idx[4] = { 1000, 500, 250, 50 }, km2 = 100;
	const double ref = (idx[0] + idx[1] + idx[2] + idx[3]) / (4 * km2);
	const char *want[4] = { "red", "orange", "yellow", "blue" };
	DBL_NEAR(ref, 4.5, 1e-12);
	for (int i = 0; i < 4; i++)
		STR_EQ(cr_district_color(&cfg, idx[i] / km2, ref), want[i]);
	/* exact bounds: 2×, 1×, 0.5× the reference */
	STR_EQ(cr_district_color(&cfg, 8.5, 4.25), "red");
	STR_EQ(cr_district_color(&cfg, 8.4999, 4.25), "orange");
	STR_EQ(cr_district_color(&cfg, 4.25, 4.25), "orange");
	STR_EQ(cr_district_color(&cfg, 4.2499, 4.25), "yellow");
	STR_EQ(cr_district_color(&cfg, 2.125, 4.25), "yellow");
	STR_EQ(cr_district_color(&cfg, 2.1249, 4.25), "blue");
	STR_EQ(cr_district_color(&cfg, 5, 0), "blue"); /* no reference: nothing to compare */
	STR_EQ(cr_district_color(&cfg, NAN, 1), "blue");
	OK(cr_district_color(NULL, 1, 1) == NULL);
	/* Ten districts that each hold grade Ⅰ points but differ in density do not share a colour
	 * (the demo city used to come out all orange). */
	const double dens[10] = { 7.4, 2.5, 7.3, 12.3, 5.1, 14.8, 5.9, 4.6, 10.6, 2.7 };
	double sum = 0;
	for (int i = 0; i < 10; i++)
		sum += dens[i];
	int n_by[5] = { 0 };
	for (int i = 0; i < 10; i++)
		n_by[cr_grade_from_color(cr_district_color(&cfg, dens[i], sum / 10))]++;
	OK(n_by[1] > 0 && n_by[4] > 0);
	cfg.district_ratio[0] = 1.5;
	STR_EQ(cr_district_color(&cfg, 1.5, 1), "red");
}

/* The city level by density (default): all districts' index per km² on 100 / 30 / 5 — one Ⅰ, Ⅱ
 * or Ⅲ point's weight per km² — an absolute rule, not a share of quantile-coloured areas. */
TEST(superpose_city_level_density)
{
	struct cr_superpose_config cfg;
	cr_superpose_config_default(&cfg);
	INT_EQ(cfg.city_rule, CR_CITY_DENSITY);
	STR_EQ(cr_city_level_density(&cfg, 100000, 1000), "red");   /* 100 / km² */
	STR_EQ(cr_city_level_density(&cfg, 99999, 1000), "orange"); /* 99.999 */
	STR_EQ(cr_city_level_density(&cfg, 30000, 1000), "orange");
	STR_EQ(cr_city_level_density(&cfg, 29999, 1000), "yellow");
	STR_EQ(cr_city_level_density(&cfg, 5000, 1000), "yellow");
	STR_EQ(cr_city_level_density(&cfg, 4999, 1000), "blue");
	STR_EQ(cr_city_level_density(&cfg, 0, 1000), "blue");
	STR_EQ(cr_city_level_density(&cfg, 10, 0), "unassessed");
	STR_EQ(cr_city_level_density(&cfg, NAN, 10), "unassessed");
	STR_EQ(cr_city_level_density(NULL, 10, 10), "unassessed");
	struct cr_err err = { 0 };
	INT_EQ(cr_superpose_config_check(&cfg, &err), 0);
	cfg.city_density[1] = 200;
	INT_EQ(cr_superpose_config_check(&cfg, &err), -1);
	STR_EQ(err.field, "superpose.city_density");
	cr_superpose_config_default(&cfg);
	cfg.district_ratio[2] = -1;
	INT_EQ(cr_superpose_config_check(&cfg, &err), -1);
	STR_EQ(err.field, "superpose.district_ratio");
}

TEST(superpose_grid)
{
	long ix = 0, iy = 0, jx = 0, jy = 0;
	double bb[4];
	OK(cr_grid_cell(120.585, 31.299, 31.3, 1000, &ix, &iy) == 0);
	OK(cr_grid_cell_bbox(ix, iy, 31.3, 1000, bb) == 0);
	OK(bb[0] <= 120.585 && 120.585 < bb[2]);
	OK(bb[1] <= 31.299 && 31.299 < bb[3]);
	/* A cell is ~1 km a side: ~0.00899° of latitude, ~0.01052° of longitude at 31.3°. */
	DBL_NEAR(bb[3] - bb[1], 1000 / (6371008.8 * 3.14159265358979323846 / 180), 1e-12);
	DBL_NEAR((bb[2] - bb[0]) * cos(31.3 * 3.14159265358979323846 / 180) * 6371008.8 *
			 3.14159265358979323846 / 180,
		 1000, 1e-6);
	/* 600 m further east is the same or the next cell; 1.2 km further is the next or after. */
	OK(cr_grid_cell(120.585 + 0.0063, 31.299, 31.3, 1000, &jx, &jy) == 0);
	OK(jx - ix == 0 || jx - ix == 1);
	INT_EQ(jy, iy);
	OK(cr_grid_cell(120.585, 31.299 + 0.0108, 31.3, 1000, &jx, &jy) == 0);
	OK(jy - iy == 1 || jy - iy == 2);
	/* The cell's centre maps back to the cell. */
	OK(cr_grid_cell((bb[0] + bb[2]) / 2, (bb[1] + bb[3]) / 2, 31.3, 1000, &jx, &jy) == 0);
	INT_EQ(jx, ix);
	INT_EQ(jy, iy);
	/* Negative coordinates floor, not truncate. */
	OK(cr_grid_cell(-0.0001, -0.0001, 0, 1000, &jx, &jy) == 0);
	INT_EQ(jx, -1);
	INT_EQ(jy, -1);
	OK(cr_grid_cell(NAN, 31, 31.3, 1000, &jx, &jy) == -1);
	OK(cr_grid_cell(120, 31, 31.3, 0, &jx, &jy) == -1);
	OK(cr_grid_cell(120, 31, 89.5, 1000, &jx, &jy) == -1);
	OK(cr_grid_cell(200, 31, 31.3, 1000, &jx, &jy) == -1);
	OK(cr_grid_cell_bbox(0, 0, 31.3, -5, bb) == -1);
}
