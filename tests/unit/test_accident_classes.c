/* test_accident_classes.c — data/accident-classes.csv read with the project's CSV reader agrees
 * with the consequence defaults of methods.c, and marks the 1,000,000 CNY bound as our default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/methods.h"
#include "harness.h"
#include "io/table_read.h"

struct classes_read {
	int rows, bad;
	char header[7][32];
	double v[5][4]; /* by class 1..4: deaths, injuries, loss, grade */
	char source[5][128];
};

static int class_row(void *ctx, size_t rowno, const char *const *cells, size_t n,
		     struct cr_err *err)
{
	struct classes_read *r = ctx;
	(void)err;
	if (n != 7) {
		r->bad++;
		return 0;
	}
	if (rowno == 1) {
		for (size_t i = 0; i < n; i++)
			snprintf(r->header[i], sizeof r->header[i], "%s", cells[i]);
		return 0;
	}
	long k = strtol(cells[0], NULL, 10);
	if (k < 1 || k > 4) {
		r->bad++;
		return 0;
	}
	for (int i = 0; i < 4; i++)
		r->v[k][i] = strtod(cells[2 + i], NULL);
	snprintf(r->source[k], sizeof r->source[k], "%s", cells[6]);
	r->rows++;
	return 0;
}

TEST(accident_classes_csv_matches_defaults)
{
	FILE *f = fopen("../../data/accident-classes.csv", "rb");
	OK(f != NULL);
	if (!f)
		return;
	char buf[4096];
	size_t len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	struct classes_read r;
	struct cr_err err = { 0 };
	memset(&r, 0, sizeof r);
	INT_EQ(cr_csv_read(buf, len, class_row, &r, &err), 0);
	INT_EQ(r.bad, 0);
	INT_EQ(r.rows, 4);
	STR_EQ(r.header[4], "min_direct_loss_cny");
	STR_EQ(r.header[6], "min_direct_loss_source");

	struct cr_methods_config cfg;
	cr_methods_config_default(&cfg);
	for (int k = 1; k <= 4; k++) {
		const struct cr_accident_class *c = &cfg.classes[k - 1];
		DBL_NEAR(r.v[k][0], c->min_deaths, 0);
		DBL_NEAR(r.v[k][1], c->min_injuries, 0);
		DBL_NEAR(r.v[k][2], c->min_loss_cny, 0);
		DBL_NEAR(r.v[k][3], c->grade, 0);
	}
	/* Decree 493 art. 3 sets the bounds of classes 1–3; 一般's 1,000,000 CNY is ours. */
	for (int k = 1; k <= 3; k++)
		STR_EQ(r.source[k], "Decree 493 art. 3");
	OK(strncmp(r.source[4], "project default", 15) == 0);
}
