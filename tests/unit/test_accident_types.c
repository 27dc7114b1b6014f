/* test_accident_types.c — GB 6441 editions: the code counts and the 1986 ↔ 2025 mapping of
 * domain/accident.c agree with data/gb6441-*.csv, and every type of each edition maps somewhere. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accident.h"
#include "harness.h"
#include "io/table_read.h"

struct csv_rows {
	int rows, bad, ncols;
	int pairs[64][2]; /* map file: 1986 code, 2025 code */
	int codes[64];    /* list files: codes in order */
};

static int row(void *ctx, size_t rowno, const char *const *cells, size_t n, struct cr_err *err)
{
	struct csv_rows *r = ctx;
	(void)err;
	if (rowno == 1) {
		r->ncols = (int)n;
		return 0;
	}
	if ((int)n != r->ncols || r->rows >= 64) {
		r->bad++;
		return 0;
	}
	r->codes[r->rows] = (int)strtol(cells[0], NULL, 10);
	if (n == 4) {
		r->pairs[r->rows][0] = (int)strtol(cells[0], NULL, 10);
		r->pairs[r->rows][1] = (int)strtol(cells[2], NULL, 10);
	}
	r->rows++;
	return 0;
}

static int read_csv(const char *path, struct csv_rows *r)
{
	memset(r, 0, sizeof *r);
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char buf[8192];
	size_t len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	struct cr_err err = { 0 };
	return cr_csv_read(buf, len, row, r, &err);
}

TEST(accident_type_lists_match_the_editions)
{
	struct csv_rows r;
	INT_EQ(read_csv("../../data/gb6441-accident-types.csv", &r), 0);
	INT_EQ(r.bad, 0);
	INT_EQ(r.rows, cr_accident_type_count(1986));
	for (int i = 0; i < r.rows; i++)
		INT_EQ(r.codes[i], i + 1);
	INT_EQ(read_csv("../../data/gb6441-2025-accident-types.csv", &r), 0);
	INT_EQ(r.bad, 0);
	INT_EQ(r.rows, cr_accident_type_count(2025));
	for (int i = 0; i < r.rows; i++)
		INT_EQ(r.codes[i], i + 1);
	INT_EQ(cr_accident_type_count(2024), 0);
	OK(cr_accident_code_valid(2025, 27));
	OK(!cr_accident_code_valid(1986, 21));
	OK(!cr_accident_code_valid(1986, 0));
	OK(!cr_accident_code_valid(2000, 1));
}

TEST(accident_map_matches_the_data_file_both_ways)
{
	struct csv_rows r;
	INT_EQ(read_csv("../../data/gb6441-1986-2025-map.csv", &r), 0);
	INT_EQ(r.bad, 0);
	size_t total = 0;
	int out[32];
	for (int c = 1; c <= 20; c++)
		total += cr_accident_map(1986, c, out, 32);
	INT_EQ((int)total, r.rows);
	for (int i = 0; i < r.rows; i++) {
		int a = r.pairs[i][0], b = r.pairs[i][1], hit = 0;
		size_t n = cr_accident_map(1986, a, out, 32);
		for (size_t k = 0; k < n; k++)
			hit += out[k] == b;
		INT_EQ(hit, 1);
		hit = 0;
		n = cr_accident_map(2025, b, out, 32);
		for (size_t k = 0; k < n; k++)
			hit += out[k] == a;
		INT_EQ(hit, 1);
	}
}

TEST(accident_map_covers_every_type)
{
	int out[32];
	for (int c = 1; c <= 20; c++)
		OK(cr_accident_map(1986, c, out, 32) >= 1);
	for (int c = 1; c <= 27; c++)
		OK(cr_accident_map(2025, c, out, 32) >= 1);
	/* 中毒和窒息 split into 中毒 and 窒息 */
	INT_EQ((int)cr_accident_map(1986, 19, out, 32), 2);
	INT_EQ(out[0], 23);
	INT_EQ(out[1], 24);
	/* 可燃气体爆炸 took 瓦斯爆炸 and part of 其它爆炸, ascending */
	INT_EQ((int)cr_accident_map(2025, 16, out, 32), 2);
	INT_EQ(out[0], 15);
	INT_EQ(out[1], 18);
	/* cap: the count is still the whole */
	INT_EQ((int)cr_accident_map(1986, 18, out, 2), 6);
	INT_EQ((int)cr_accident_map(1986, 21, out, 32), 0);
	INT_EQ((int)cr_accident_map(1999, 1, out, 32), 0);
}
