/* progress.c — the progress board: counts from the store, rates, completion and ranking, and
 * the board as a file. It must not build SQL or speak HTTP. */
#include "service/progress.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "io/table_write.h"

double cr_progress_rate(long long n, long long d)
{
	return d > 0 ? round((double)n / (double)d * 10000.0) / 10000.0 : 0.0;
}

static const char *const group_names[] = { "district", "town", "dept", "sector" };
static const char *const group_cn[] = { "区县", "街道（镇）", "行业部门", "行业" };

int cr_progress_group_parse(const char *s, enum cr_progress_group *out, struct cr_err *err)
{
	*out = CR_PG_DISTRICT;
	if (!s || !*s)
		return 0;
	for (int i = 0; i < 4; i++)
		if (strcmp(s, group_names[i]) == 0) {
			*out = (enum cr_progress_group)i;
			return 0;
		}
	return cr_err_set(err, 400, "invalid", "by", "by must be district, town, dept or sector");
}

json_t *cr_progress_scoped_counts(struct cr_conn *c, const struct cr_user *u,
				  enum cr_progress_group g, const char *region, struct cr_err *err)
{
	if (u->role == CR_ROLE_UNIT) {
		cr_err_set(err, 403, "forbidden", "region",
			   "progress is for the regulators; a unit sees its own list's state");
		cr_err_param(err, "rule", "unit_scope");
		return NULL;
	}
	struct cr_scope sc;
	if (cr_user_scope(u, region, NULL, 0, &sc, err))
		return NULL;
	return cr_store_progress_counts(c, g, sc.region, sc.dept, err);
}

static long long num(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void add_rates(json_t *o)
{
	long long n = num(o, "units");
	double a = cr_progress_rate(num(o, "reported"), n);
	double b = cr_progress_rate(num(o, "reviewed"), n);
	double v = cr_progress_rate(num(o, "verified"), n);
	json_object_set_new(o, "reported_rate", json_real(a));
	json_object_set_new(o, "reviewed_rate", json_real(b));
	json_object_set_new(o, "verified_rate", json_real(v));
	json_object_set_new(o, "completion",
			    json_real(round((a + b + v) / 3.0 * 10000.0) / 10000.0));
}

static int by_completion(const void *pa, const void *pb)
{
	const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	double x = json_real_value(json_object_get(a, "completion"));
	double y = json_real_value(json_object_get(b, "completion"));
	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(json_string_value(json_object_get(a, "key")),
		      json_string_value(json_object_get(b, "key")));
}

json_t *cr_progress_board(struct cr_conn *c, const struct cr_user *u, const char *by,
			  const char *region, struct cr_err *err)
{
	enum cr_progress_group g;
	if (cr_progress_group_parse(by, &g, err))
		return NULL;
	json_t *counts = cr_progress_scoped_counts(c, u, g, region, err);
	if (!counts)
		return NULL;
	json_t *rows = json_object_get(counts, "items"), *row;
	size_t n = json_array_size(rows), i;
	json_t **v = calloc(n ? n : 1, sizeof *v);
	if (!v) {
		json_decref(counts);
		return cr_err_set(err, 500, "internal", "", "out of memory"), NULL;
	}
	long long t[4] = { 0 };
	json_array_foreach(rows, i, row) {
		add_rates(row);
		v[i] = row;
		t[0] += num(row, "units");
		t[1] += num(row, "reported");
		t[2] += num(row, "reviewed");
		t[3] += num(row, "verified");
	}
	qsort(v, n, sizeof *v, by_completion);
	json_t *items = json_array();
	for (i = 0; i < n; i++) {
		json_object_set_new(v[i], "rank", json_integer((json_int_t)i + 1));
		json_array_append(items, v[i]);
	}
	free(v);
	json_decref(counts);
	json_t *total =
		json_pack("{sI sI sI sI}", "units", (json_int_t)t[0], "reported", (json_int_t)t[1],
			  "reviewed", (json_int_t)t[2], "verified", (json_int_t)t[3]);
	add_rates(total);
	return json_pack("{ss ss so so}", "by", group_names[g], "by_cn", group_cn[g], "items",
			 items, "total", total);
}

/* A rate as a percentage with one decimal: "87.5". */
static void pct(double r, char out[16])
{
	snprintf(out, 16, "%.1f", r * 100.0);
}

static int write_rows(struct cr_table_writer *w, const json_t *board)
{
	static const char *const head[] = { "排名",   "名称",      "代码",         "登记单位数",
					    "已填报", "填报率(%)", "已发布",       "审核完成率(%)",
					    "已核查", "核查率(%)", "综合完成率(%)" };
	static const char types[] = "nttnnnnnnnn";
	if (cr_table_writer_row(w, head, 11))
		return -1;
	const json_t *row;
	size_t i;
	json_array_foreach(json_object_get(board, "items"), i, row) {
		char cells[11][32];
		snprintf(cells[0], 32, "%lld", num(row, "rank"));
		snprintf(cells[3], 32, "%lld", num(row, "units"));
		snprintf(cells[4], 32, "%lld", num(row, "reported"));
		pct(json_real_value(json_object_get(row, "reported_rate")), cells[5]);
		snprintf(cells[6], 32, "%lld", num(row, "reviewed"));
		pct(json_real_value(json_object_get(row, "reviewed_rate")), cells[7]);
		snprintf(cells[8], 32, "%lld", num(row, "verified"));
		pct(json_real_value(json_object_get(row, "verified_rate")), cells[9]);
		pct(json_real_value(json_object_get(row, "completion")), cells[10]);
		const char *out[11] = { cells[0],
					json_string_value(json_object_get(row, "name")),
					json_string_value(json_object_get(row, "key")),
					cells[3],
					cells[4],
					cells[5],
					cells[6],
					cells[7],
					cells[8],
					cells[9],
					cells[10] };
		if (cr_table_writer_row_typed(w, out, types, 11))
			return -1;
	}
	return 0;
}

int cr_progress_export(struct cr_conn *c, const struct cr_user *u, const char *by,
		       const char *region, enum cr_export_format fmt, const char *path,
		       char name[128], char ascii[128], struct cr_err *err)
{
	json_t *board = cr_progress_board(c, u, by, region, err);
	if (!board)
		return -1;
	const char *g = json_string_value(json_object_get(board, "by"));
	const char *ext = fmt == CR_EXPORT_XLSX ? "xlsx" : "csv";
	char today[11], day[9], title[96], note[96];
	cr_date_today(time(NULL), today);
	snprintf(day, sizeof day, "%.4s%.2s%.2s", today, today + 5, today + 8);
	snprintf(name, 128, "填报进度-%s-%s.%s", g, day, ext);
	snprintf(ascii, 128, "progress-%s-%s.%s", g, day, ext);
	snprintf(title, sizeof title, "风险报告填报进度（按%s）",
		 json_string_value(json_object_get(board, "by_cn")));
	snprintf(note, sizeof note, "导出日期 %s；区域 %s", today,
		 region && *region ? region : "全部");
	int rc = -1;
	struct cr_table_writer *w = cr_table_writer_open(
		path,
		fmt == CR_EXPORT_XLSX ? CR_TABLE_XLSX
				      : CR_TABLE_CSV | CR_TABLE_BOM | CR_TABLE_FORMULA_GUARD,
		"填报进度", err);
	if (!w)
		goto out;
	struct cr_table_layout l = { .title = title, .notes = { note, NULL } };
	if (cr_table_writer_layout(w, &l) || write_rows(w, board)) {
		cr_table_writer_close(w, err);
		goto out;
	}
	if (cr_table_writer_close(w, err))
		goto out;
	json_t *after = json_pack("{ss ss ss ss}", "format", ext, "by", g, "region",
				  region ? region : "", "file", name);
	rc = cr_export_audit(c, u, "progress", after, err);
	json_decref(after);
out:
	json_decref(board);
	return rc;
}
