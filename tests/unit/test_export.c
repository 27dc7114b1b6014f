/* test_export.c — the export's building blocks: the one CSV formatter (RFC 4180 quoting, CRLF,
 * the formula guard), the store's row cursor (every filtered row once, its texts copied so the
 * caller's buffers may go) and the XLSX layout (title and notes above a header row that the
 * autofilter and print titles point at); the targets register and the four lists' workbook
 * read back with the project's own XLSX reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tmpdb.h"
#include "io/table_read.h"
#include "io/table_write.h"
#include "service/export.h"
#include "service/lists.h"
#include "store/refdata.h"
#include "store/targets.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/sqlb.h"

TEST(export_csv_quotes_as_rfc4180)
{
	struct cr_table_buf b = { 0 };
	const char *cells[] = { "plain", "a,b", "say \"hi\"", "two\nlines", " pad", NULL, "-1" };
	OK(cr_table_csv_append(&b, cells, "ssssssn", 7, CR_TABLE_FORMULA_GUARD) == 0);
	OK(strcmp(b.p, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",,-1\r\n") == 0);
	b.len = 0;
	const char *evil[] = { "=HYPERLINK(\"x\")", "+86 512", "中文" };
	OK(cr_table_csv_append(&b, evil, NULL, 3, CR_TABLE_FORMULA_GUARD) == 0);
	OK(strcmp(b.p, "\"'=HYPERLINK(\"\"x\"\")\",'+86 512,中文\r\n") == 0);
	free(b.p);
}

/* A new database at a fresh temporary path (path is a mkstemp template, filled in); NULL after
 * a failed check. */
struct cr_db *export_test_db(char *path)
{
	struct cr_err e;
	struct cr_db *db = cr_test_db_open(path, &e);
	OK(db != NULL);
	return db;
}

TEST(export_rows_cursor_visits_every_filtered_row_once)
{
	char path[] = "/tmp/cr-rows-XXXXXX";
	struct cr_err e;
	struct cr_db *db = export_test_db(path);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	OK(cr_db_exec(c,
		      "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
		      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<2500)"
		      " INSERT INTO t SELECT i, CASE i%2 WHEN 0 THEN 'even' ELSE 'odd' END FROM n",
		      &e) == 0);
	struct cr_sqlb sel;
	cr_sqlb_init(&sel, "SELECT id, v, NULL FROM t");
	char *v = strdup("even");
	cr_sqlb_where(&sel, "v = ?");
	cr_sqlb_bind_text(&sel, v);
	struct cr_store_rows *r = cr_store_rows_open(c, &sel, " ORDER BY id", &e);
	free(v); /* the cursor keeps its own copy */
	OK(r != NULL);
	long long n = 0, last = 0;
	while (r && cr_store_rows_step(r, &e) == 1) {
		long long id = cr_store_rows_int(r, 0);
		OK(id > last && id % 2 == 0);
		OK(strcmp(cr_store_rows_text(r, 1), "even") == 0 && !cr_store_rows_null(r, 1));
		OK(cr_store_rows_null(r, 2) && strcmp(cr_store_rows_text(r, 2), "") == 0);
		last = id;
		n++;
	}
	INT_EQ(n, 1250);
	OK(r && cr_store_rows_step(r, &e) == 0);
	cr_store_rows_close(r);
	cr_test_db_drop(db, path);
}

TEST(export_xlsx_layout_puts_title_and_notes_above_the_header)
{
	char path[] = "/tmp/cr-layout-XXXXXX";
	struct cr_err e;
	close(mkstemp(path));
	struct cr_table_writer *w = cr_table_writer_open(path, CR_TABLE_XLSX, "风险点台账", &e);
	OK(w != NULL);
	if (!w)
		return;
	struct cr_table_layout l = { .title = "风险点台账",
				     .notes = { "筛选：区域 昆山市", NULL } };
	OK(cr_table_writer_layout(w, &l) == 0);
	const char *head[] = { "编号", "名称" }, *row[] = { "1", "甲" };
	OK(cr_table_writer_row(w, head, 2) == 0);
	OK(cr_table_writer_row_typed(w, row, "ns", 2) == 0);
	OK(cr_table_writer_close(w, &e) == 0);
	char cmd[128], out[4096] = "";
	snprintf(cmd, sizeof cmd, "unzip -p %s xl/workbook.xml 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
	out[n] = 0;
	if (p)
		pclose(p);
	if (n) { /* unzip is installed (scripts/bootstrap) */
		OK(strstr(out, "!$3:$3</definedName>") != NULL);     /* print titles: the header */
		OK(strstr(out, "!$A$1:$B$4</definedName>") != NULL); /* print area: everything */
		OK(strstr(out, "!$A$3:$B$4</definedName>") !=
		   NULL); /* autofilter from the header */
	}
	unlink(path);
}

TEST(export_fixed_writes_what_printf_writes)
{
	static const double edge[] = { 0.0,   -0.0,       0.05,  0.15,       0.25,           2.5,
				       -2.5,  1e-9,       -1e-9, 82.4283924, 120.9512345678, 31.38,
				       12000, 999999.995, 1e9,   -1e12,      0.125 };
	char a[64], b[64];
	for (int dec = 0; dec <= 6; dec++)
		for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
			snprintf(a, sizeof a, "%.*f", dec, edge[i]);
			OK(strcmp(cr_table_fixed(edge[i], dec, b, sizeof b), a) == 0);
		}
	/* coordinates, radii and sums as the registers hold them */
	unsigned s = 12345;
	int bad = 0;
	for (int i = 0; i < 200000; i++) {
		s = s * 1103515245u + 12345u;
		double v = (s % 2000000000u) / 1e7 - 50.0 + (s % 7) * 1e-12;
		int dec = i % 3 == 0 ? 1 : i % 3 == 1 ? 6 : 2;
		snprintf(a, sizeof a, "%.*f", dec, v);
		bad += strcmp(cr_table_fixed(v, dec, b, sizeof b), a) != 0;
	}
	INT_EQ(bad, 0);
}

struct read_back {
	char cells[8][6][64]; /* the first six cells of the first eight rows */
	size_t rows;
};

static int keep_row(void *ctx, size_t rowno, const char *const *cells, size_t ncells,
		    struct cr_err *err)
{
	(void)rowno;
	(void)err;
	struct read_back *rb = ctx;
	for (size_t i = 0; rb->rows < 8 && i < ncells && i < 6; i++)
		snprintf(rb->cells[rb->rows][i], 64, "%s", cells[i]);
	rb->rows++;
	return 0;
}

/* Reads an XLSX file's first sheet back with the project's own reader (io/table_read.c). */
static int read_xlsx_file(const char *path, struct read_back *rb)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	static char data[1 << 20];
	size_t n = fread(data, 1, sizeof data, f);
	fclose(f);
	struct cr_err e = { 0 };
	memset(rb, 0, sizeof *rb);
	return cr_xlsx_read(data, n, keep_row, rb, &e);
}

/* The targets register as XLSX (service/export.c) and the four lists' workbook
 * (service/lists.c), each read back with cr_xlsx_read: title, filter line, header and rows. */
TEST(export_targets_and_the_four_lists_read_back_as_xlsx)
{
	char path[] = "/tmp/cr-tgx-XXXXXX", out[64];
	struct cr_err e = { 0 };
	struct cr_db *db = cr_test_db_open(path, &e);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	OK(cr_refdata_ensure(c, "../../data", &e) == 0);
	struct cr_target_row t = { .name = "玉山实验小学",
				   .kind = "school",
				   .protection_class = "high",
				   .region = "320583",
				   .dept = "JYJ",
				   .address = "前进路1号",
				   .lon = 120.98,
				   .lat = 31.38,
				   .people_day = 1500,
				   .people_night = -1 };
	long long id;
	OK(cr_store_target_insert(c, &t, &id, &e) == 0);
	struct cr_user sys = { .login = "system", .role = CR_ROLE_CITY };
	struct cr_export_query q = { .kind = CR_EXPORT_TARGETS, .targets = { .region = "320583" } };
	struct cr_export *x = cr_export_open(c, c, &sys, &q, CR_EXPORT_XLSX, &e);
	OK(x != NULL);
	snprintf(out, sizeof out, "%s.xlsx", path);
	OK(x && cr_export_write_file(x, out, NULL, NULL, &e) == 0);
	cr_export_close(x);
	struct read_back rb;
	OK(read_xlsx_file(out, &rb) == 0);
	INT_EQ(rb.rows, 5); /* title, filter, date, header, one row */
	STR_EQ(rb.cells[0][0], "脆弱性目标台账");
	STR_EQ(rb.cells[1][0], "筛选：区域 昆山市");
	STR_EQ(rb.cells[3][0], "编号");
	STR_EQ(rb.cells[3][3], "防护类别");
	STR_EQ(rb.cells[4][1], "玉山实验小学");
	STR_EQ(rb.cells[4][2], "学校");
	STR_EQ(rb.cells[4][3], "高敏感防护目标");
	STR_EQ(rb.cells[4][4], "昆山市");
	unlink(out);

	struct cr_list_query lq = { .name = CR_LIST_ALL, .region = "320583", .format = "xlsx" };
	OK(cr_list_write_file(c, &sys, &lq, out, &e) == 0);
	OK(read_xlsx_file(out, &rb) == 0);
	INT_EQ(rb.rows, 3); /* the first sheet: no major risk yet — title, scope, header */
	STR_EQ(rb.cells[0][0], "重大安全风险清单");
	STR_EQ(rb.cells[1][0], "范围：320583");
	STR_EQ(rb.cells[2][2], "所属单位");
	unlink(out);
	cr_test_db_drop(db, path);
}
