/* test_import.c — a table import: rows reach the entity in file order across the reader's
 * batches, with their spreadsheet row numbers; the reader's error comes after the rows before it;
 * the file's hash; and a units import whose remembered look-ups give what a lone check gives. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tmpdb.h"
#include "service/import.h"
#include "service/unit_parts.h"
#include "service/units.h"
#include "domain/credit_code.h"
#include "store/db.h"
#include "store/refdata.h"

static const struct cr_import_column cols[] = {
	{ "n", "序号", true },
	{ "name", "名称", false },
};

static json_t *cell_text(const char *field, const char *cell)
{
	(void)field;
	return json_string(cell);
}

/* The records seen: each one's "n", in the order they came; ids are n * 10. Rows whose n is a
 * multiple of fail_every (when set) fail naming "name". */
static long long seen_n[4096];
static size_t seen_count;
static long long fail_every;

static int record_row(struct cr_import *x, const json_t *rec, long long *id, struct cr_err *e)
{
	(void)x;
	long long n = strtoll(json_string_value(json_object_get(rec, "n")), NULL, 10);
	if (seen_count < sizeof seen_n / sizeof seen_n[0])
		seen_n[seen_count++] = n;
	if (fail_every && n % fail_every == 0)
		return cr_err_set(e, 400, "invalid", "name", "row with n %lld refused", n);
	*id = n * 10;
	return 0;
}

/* The entity's finish (when finish_at is set): reports row finish_at as a duplicate, as a bulk
 * load finds one after the last row; notes whether an earlier row had failed. */
static size_t finish_at;
static bool finish_saw_failing;

static int finish_rows(struct cr_import *x, size_t *rowno, struct cr_err *e)
{
	finish_saw_failing = cr_import_failing(x);
	*rowno = finish_at;
	cr_err_set(e, 409, "duplicate", "n", "row %zu repeats an earlier one", finish_at);
	return 1;
}

/* A CSV of rows n = 1..rows (header "序号,名称"), a blank line after every 100th row; with
 * bad_at, that row's name holds a stray quote (malformed CSV). malloc'd. */
static char *table(int rows, int bad_at, size_t *len)
{
	size_t cap = 64 + (size_t)rows * 40, n = 0;
	char *s = malloc(cap);
	n += (size_t)snprintf(s + n, cap - n, "序号,名称\r\n");
	for (int i = 1; i <= rows; i++) {
		n += (size_t)snprintf(s + n, cap - n, "%d,%s%d\r\n", i,
				      i == bad_at ? "单\"位" : "单位", i);
		if (i % 100 == 0)
			n += (size_t)snprintf(s + n, cap - n, "\r\n");
	}
	*len = n;
	return s;
}

/* Reads a table of rows (table() above) through record_row, rows failing as fail_every says;
 * cr_import_read's result, with *x, *e and *out (the row errors) as it left them. */
static int read_table(int rows, int bad_at, long long fail, struct cr_import *x, struct cr_err *e,
		      json_t **out)
{
	size_t len;
	char *csv = table(rows, bad_at, &len);
	seen_count = 0;
	fail_every = fail;
	*x = (struct cr_import){ .columns = cols,
				 .ncolumns = 2,
				 .cell = cell_text,
				 .row = record_row,
				 .hash = true,
				 .finish = finish_at ? finish_rows : NULL };
	*e = (struct cr_err){ 0 };
	*out = NULL;
	int rc = cr_import_read(x, csv, len, out, e);
	if (x->ncols) {
		unsigned char want[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(want, (const unsigned char *)csv, len);
		OK(memcmp(x->sha256, want, sizeof want) == 0);
	}
	free(csv);
	return rc;
}

TEST(import_passes_rows_in_file_order_across_batches)
{
	struct cr_import x;
	struct cr_err e;
	json_t *rows;
	INT_EQ(read_table(2000, 0, 0, &x, &e, &rows), 0);
	OK(rows == NULL);
	INT_EQ(seen_count, 2000);
	bool in_order = true;
	for (size_t i = 0; i < seen_count; i++)
		in_order = in_order && seen_n[i] == (long long)i + 1;
	OK(in_order);
	INT_EQ(x.imported, 2000);
	INT_EQ(x.first_id, 10);
	INT_EQ(x.last_id, 20000);
}

TEST(import_row_errors_name_spreadsheet_rows_in_order)
{
	struct cr_import x;
	struct cr_err e;
	json_t *rows;
	/* n 250 and 500 fail: rows 253 and 505 (the header, then a blank line every 100) */
	INT_EQ(read_table(700, 0, 250, &x, &e, &rows), -1);
	INT_EQ(e.status, 422);
	STR_EQ(e.code, "invalid_rows");
	INT_EQ(seen_count, 700); /* every row is still checked */
	INT_EQ(json_array_size(rows), 2);
	INT_EQ(json_integer_value(json_object_get(json_array_get(rows, 0), "row")), 253);
	INT_EQ(json_integer_value(json_object_get(json_array_get(rows, 1), "row")), 505);
	STR_EQ(json_string_value(json_object_get(json_array_get(rows, 1), "field")), "name");
	INT_EQ(x.imported, 698);
	json_decref(rows);
}

TEST(import_finish_error_is_reported_among_the_rows_in_row_order)
{
	struct cr_import x;
	struct cr_err e;
	json_t *rows;
	finish_at = 300; /* between the failing rows 253 and 505 */
	INT_EQ(read_table(700, 0, 250, &x, &e, &rows), -1);
	finish_at = 0;
	OK(finish_saw_failing);
	INT_EQ(e.status, 422);
	OK(strstr(e.message, "3 row(s)") != NULL);
	INT_EQ(json_array_size(rows), 3);
	INT_EQ(json_integer_value(json_object_get(json_array_get(rows, 0), "row")), 253);
	INT_EQ(json_integer_value(json_object_get(json_array_get(rows, 1), "row")), 300);
	STR_EQ(json_string_value(json_object_get(json_array_get(rows, 1), "code")), "duplicate");
	INT_EQ(json_integer_value(json_object_get(json_array_get(rows, 2), "row")), 505);
	json_decref(rows);
	/* alone, it refuses a table whose rows all passed */
	finish_at = 5;
	INT_EQ(read_table(10, 0, 0, &x, &e, &rows), -1);
	finish_at = 0;
	OK(!finish_saw_failing);
	INT_EQ(json_array_size(rows), 1);
	INT_EQ(json_integer_value(json_object_get(json_array_get(rows, 0), "row")), 5);
	json_decref(rows);
}

TEST(import_reader_error_comes_after_the_rows_before_it)
{
	struct cr_import x;
	struct cr_err e;
	json_t *rows;
	INT_EQ(read_table(1500, 1200, 0, &x, &e, &rows), -1);
	INT_EQ(e.status, 400);
	STR_EQ(e.field, "file");
	/* n 1200 is row 1212: after the header and 11 blank lines */
	OK(strstr(e.message, "row 1212:") != NULL);
	INT_EQ(seen_count, 1199);
	INT_EQ(seen_n[1198], 1199);
	OK(rows == NULL);
}

TEST(import_header_error_reads_no_row)
{
	static const char csv[] = "名称\n甲\n乙\n";
	struct cr_import x = {
		.columns = cols, .ncolumns = 2, .cell = cell_text, .row = record_row
	};
	struct cr_err e = { 0 };
	json_t *rows = NULL;
	seen_count = 0;
	INT_EQ(cr_import_read(&x, csv, sizeof csv - 1, &rows, &e), -1);
	INT_EQ(e.status, 400);
	STR_EQ(e.code, "required");
	STR_EQ(e.field, "n");
	INT_EQ(seen_count, 0);
}

/* Whether a record of sector Z99 (none such) is refused 400 naming the sector, with seen. */
static bool refuses_unknown_sector(struct cr_conn *c, struct cr_unit_seen *seen)
{
	json_t *bad =
		json_pack("{ss ss ss ss ss}", "credit_code", "92320583500000000N", "name", "甲公司",
			  "region", "320583", "sector", "Z99", "size_class", "above");
	struct cr_unit_checked b = { 0 };
	struct cr_err e = { 0 };
	bool refused = cr_unit_validate(c, bad, CR_COORDS_WGS84, seen, &b, &e) == -1 &&
		       e.status == 400 && strcmp(e.field, "sector") == 0;
	json_decref(bad);
	return refused;
}

/* A database in a fresh file at path with the reference data loaded (the regions, sectors and
 * outlines a units import checks against). */
static struct cr_db *city_db(char *path)
{
	struct cr_err e = { 0 };
	struct cr_db *db = cr_test_db_open(path, &e);
	OK(db != NULL);
	OK(db && cr_refdata_ensure(cr_db_conn(db), "../../data", &e) == 0);
	return db;
}

/* Each record checked with one remembered set of look-ups gives the region and department a
 * lone check gives, codes falling on one slot included; a bad sector after good ones is still
 * refused. */
TEST(unit_check_remembers_look_ups_as_a_lone_check_finds_them)
{
	char path[] = "/tmp/cr-import-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = city_db(path);
	struct cr_conn *c = cr_db_conn(db);
	static const char *const recs[][4] = {
		/* region, sector, dept, expected region / dept */
		{ "320583", "F02", "", "320583 SWJ" },
		{ "320571", "C03", "", "320576 AJJ" },     /* an alias */
		{ "320583100", "F", "", "320583100 AJJ" }, /* a section: no department */
		{ "320583", "F02", "AWB", "320583 AWB" },
		{ "320571", "F02", "", "320576 SWJ" },
		{ "320583", "C03", "", "320583 AJJ" },
		{ "320505", "F", "AWB", "320505 AWB" },
	};
	struct cr_unit_seen *seen = calloc(1, sizeof *seen);
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
			json_t *rec =
				json_pack("{ss ss ss ss ss}", "credit_code", "92320583500000000N",
					  "name", "甲公司", "region", recs[i][0], "sector",
					  recs[i][1], "size_class", "above");
			if (recs[i][2][0])
				json_object_set_new(rec, "dept", json_string(recs[i][2]));
			struct cr_unit_checked lone = { 0 }, kept = { 0 };
			struct cr_err e1 = { 0 }, e2 = { 0 };
			INT_EQ(cr_unit_validate(c, rec, CR_COORDS_WGS84, NULL, &lone, &e1), 0);
			INT_EQ(cr_unit_validate(c, rec, CR_COORDS_WGS84, seen, &kept, &e2), 0);
			char got[40];
			snprintf(got, sizeof got, "%s %s", kept.row.region, kept.row.dept);
			STR_EQ(got, recs[i][3]);
			STR_EQ(kept.row.region, lone.row.region);
			STR_EQ(kept.row.dept, lone.row.dept);
			json_decref(rec);
		}
	/* Slot collisions: Suzhou's 118 towns fall on 64 slots; each asked three times, from the
	 * table or looked up again where another town took its slot. */
	char towns[128][16];
	int ntowns = 0;
	struct cr_stmt *s =
		cr_db_prepare(c,
			      "SELECT code FROM regions WHERE level='town' AND code LIKE"
			      " '3205%' ORDER BY code",
			      &e);
	OK(s != NULL);
	while (ntowns < 128 && cr_stmt_step(s) == CR_SQL_ROW)
		snprintf(towns[ntowns++], 16, "%s", (const char *)cr_stmt_column_text(s, 0));
	cr_stmt_finalize(s);
	OK(ntowns > CR_UNIT_SEEN_SLOTS);
	int same = 0;
	for (int round = 0; round < 3; round++)
		for (int t = 0; t < ntowns; t++) {
			json_t *rec = json_pack("{ss ss ss ss ss}", "credit_code",
						"92320583500000000N", "name", "甲公司", "region",
						towns[(t * 7 + round) % ntowns], "sector",
						t % 2 ? "F02" : "C03", "size_class", "below");
			struct cr_unit_checked lone = { 0 }, kept = { 0 };
			struct cr_err e1 = { 0 }, e2 = { 0 };
			INT_EQ(cr_unit_validate(c, rec, CR_COORDS_WGS84, NULL, &lone, &e1), 0);
			INT_EQ(cr_unit_validate(c, rec, CR_COORDS_WGS84, seen, &kept, &e2), 0);
			same += strcmp(kept.row.region, lone.row.region) == 0 &&
				strcmp(kept.row.region, towns[(t * 7 + round) % ntowns]) == 0 &&
				strcmp(kept.row.dept, lone.row.dept) == 0;
			json_decref(rec);
		}
	INT_EQ(same, 3 * ntowns);
	OK(refuses_unknown_sector(c, seen));
	free(seen);
	cr_test_db_drop(db, path);
}

/* With the sectors loaded (cr_unit_seen_sectors, as an import does before it sets the units'
 * foreign key aside) a check finds each sector's department without the sectors table, and a
 * sector that is not there is refused naming the field. */
TEST(unit_check_with_the_sectors_loaded_gives_what_the_table_gives)
{
	char path[] = "/tmp/cr-import-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = city_db(path);
	struct cr_conn *c = cr_db_conn(db);
	struct cr_unit_seen *seen = calloc(1, sizeof *seen);
	INT_EQ(cr_unit_seen_sectors(c, seen, &e), 0);
	OK(json_object_size(seen->sectors) > 10);
	/* the table is gone: what the check finds now comes from what was loaded */
	OK(cr_db_exec(c, "PRAGMA foreign_keys=OFF; DELETE FROM sectors", &e) == 0);
	static const char *const recs[][3] = {
		{ "F02", "", "320583 SWJ" },
		{ "C03", "", "320583 AJJ" },
		{ "F", "", "320583 AJJ" },
		{ "F02", "AWB", "320583 AWB" },
	};
	for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
		json_t *rec = json_pack("{ss ss ss ss ss}", "credit_code", "92320583500000000N",
					"name", "甲公司", "region", "320583", "sector", recs[i][0],
					"size_class", "above");
		if (recs[i][1][0])
			json_object_set_new(rec, "dept", json_string(recs[i][1]));
		struct cr_unit_checked b = { 0 };
		INT_EQ(cr_unit_validate(c, rec, CR_COORDS_WGS84, seen, &b, &e), 0);
		char got[48];
		snprintf(got, sizeof got, "%s %s", b.row.region, b.row.dept);
		STR_EQ(got, recs[i][2]);
		json_decref(rec);
	}
	OK(refuses_unknown_sector(c, seen));
	cr_unit_seen_free(seen);
	OK(seen->sectors == NULL);
	free(seen);
	cr_test_db_drop(db, path);
}

/* An entity's check: "n" doubled into the output, refusing n that are multiples of 7; notes
 * the thread it ran on. */
static pthread_t check_thread;
static int check_calls;
static struct cr_conn *check_saw_conn;

static int double_check(struct cr_import *x, struct cr_conn *c, const json_t *rec, void *out,
			struct cr_err *e)
{
	(void)x;
	long long n = strtoll(json_string_value(json_object_get(rec, "n")), NULL, 10);
	check_thread = pthread_self();
	check_saw_conn = c;
	check_calls++;
	if (n % 7 == 0)
		return cr_err_set(e, 400, "invalid", "n", "n %lld is a multiple of 7", n);
	*(long long *)out = 2 * n;
	return 0;
}

/* The rows written: each one's checked value must be twice its n. */
static int checked_rows_ok;

static int checked_row(struct cr_import *x, const json_t *rec, long long *id, struct cr_err *e)
{
	long long n = strtoll(json_string_value(json_object_get(rec, "n")), NULL, 10);
	checked_rows_ok += x->checked && *(const long long *)x->checked == 2 * n;
	return record_row(x, rec, id, e);
}

/* With a connection for the reader, records are checked on the reader's thread through it; the
 * row function finds each record's own check; refused records reach no row function and are
 * reported by row, in order. Without one, the caller's thread checks through x->c. */
TEST(import_checks_on_the_reader_thread_when_it_has_a_connection)
{
	size_t len;
	char *csv = table(600, 0, &len);
	int conn_a, conn_b; /* stand-ins: the check only notes which it was given */
	for (int reader = 1; reader >= 0; reader--) {
		seen_count = 0;
		fail_every = 0;
		check_calls = 0;
		checked_rows_ok = 0;
		struct cr_import x = { .c = (struct cr_conn *)&conn_a,
				       .columns = cols,
				       .ncolumns = 2,
				       .cell = cell_text,
				       .check = double_check,
				       .check_size = sizeof(long long),
				       .check_conn = reader ? (struct cr_conn *)&conn_b : NULL,
				       .row = checked_row };
		struct cr_err e = { 0 };
		json_t *rows = NULL;
		INT_EQ(cr_import_read(&x, csv, len, &rows, &e), -1);
		INT_EQ(check_calls, 600);
		OK(pthread_equal(check_thread, pthread_self()) == !reader);
		OK(check_saw_conn ==
		   (reader ? (struct cr_conn *)&conn_b : (struct cr_conn *)&conn_a));
		/* 85 multiples of 7 up to 600 refused; the others written, each with its own check */
		INT_EQ(seen_count, 600 - 85);
		INT_EQ(checked_rows_ok, 600 - 85);
		INT_EQ(json_array_size(rows), 85);
		/* n 7 is row 8 (after the header); n 105, the 15th, row 107 (a blank line after n 100) */
		INT_EQ(json_integer_value(json_object_get(json_array_get(rows, 0), "row")), 8);
		INT_EQ(json_integer_value(json_object_get(json_array_get(rows, 14), "row")), 107);
		STR_EQ(json_string_value(json_object_get(json_array_get(rows, 0), "field")), "n");
		json_decref(rows);
	}
	free(csv);
}

/* An import's progress: the calls' count, the last done and total; done never goes back and
 * never passes total. */
static void count_progress(void *ctx, long long done, long long total)
{
	long long *seen = ctx;
	if (done < seen[1] || done > total)
		seen[0] = -1000000;
	seen[0]++;
	seen[1] = done;
	seen[2] = total;
}

/* A units import on SQLite puts every row's name in the name index: 16,384 rows at a time as
 * they are written and the rest at the end, the rows at the edges too; and it tells its
 * progress. */
TEST(unit_import_puts_every_name_in_the_name_index)
{
	char path[] = "/tmp/cr-import-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = city_db(path);
	struct cr_conn *c = cr_db_conn(db);
	enum { N = 16384 + 1000 };
	size_t cap = (size_t)N * 120 + 128, len = 0;
	char *csv = malloc(cap);
	len += (size_t)snprintf(csv, cap, "credit_code,name,sector,region,size_class\n");
	for (int i = 0; i < N; i++) {
		char code[19];
		snprintf(code, sizeof code, "92320583%09d", 600000000 + i);
		code[17] = cr_credit_code_check_char(code);
		code[18] = '\0';
		len += (size_t)snprintf(csv + len, cap - len,
					"%s,名称索引测试%d号,F02,320583,below\n", code, i);
	}
	struct cr_user sys = { .login = "system", .role = CR_ROLE_CITY };
	json_t *rows = NULL;
	long long seen[3] = { 0 }; /* calls, the last done, the last total */
	struct cr_import_progress watch = { count_progress, seen };
	json_t *out = cr_unit_import(c, &sys, csv, len, NULL, &watch, &rows, &e);
	OK(out != NULL);
	INT_EQ(json_integer_value(json_object_get(out, "imported")), N);
	/* a call every batch of 256 rows and a last one with done == total == the rows */
	OK(seen[0] > N / 256);
	INT_EQ(seen[1], N);
	INT_EQ(seen[2], N);
	json_decref(out);
	json_decref(rows);
	struct cr_stmt *s =
		cr_db_prepare(c, "SELECT count(*) FROM units_fts WHERE units_fts MATCH ?", &e);
	OK(s != NULL);
	static const int edges[] = { 0, 16383, 16384, N - 1 };
	for (size_t k = 0; s && k < sizeof edges / sizeof edges[0]; k++) {
		char name[64];
		snprintf(name, sizeof name, "\"名称索引测试%d号\"", edges[k]);
		cr_stmt_bind_text(s, 1, name, -1, CR_SQL_COPY);
		INT_EQ(cr_stmt_step(s) == CR_SQL_ROW ? cr_stmt_column_int(s, 0) : -1, 1);
		cr_stmt_reset(s);
	}
	cr_stmt_bind_text(s, 1, "\"名称索引测试\"", -1, CR_SQL_COPY);
	INT_EQ(s && cr_stmt_step(s) == CR_SQL_ROW ? cr_stmt_column_int(s, 0) : -1, N);
	cr_stmt_finalize(s);
	free(csv);
	cr_test_db_drop(db, path);
}
