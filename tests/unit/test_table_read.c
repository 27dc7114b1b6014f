/* test_table_read.c — CSV and XLSX uploads read back row by row, hostile files refused, and
 * table_write round trips. Files are made in /tmp with mkstemp and removed; no fixtures. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "harness.h"
#include "io/table_read.h"
#include "io/table_write.h"

/* ===== Helpers ===== */

/* Rows as one string, "rowno:cell|cell\n" per row, so a whole table compares in one STR_EQ. */
struct got {
	char s[8192];
	size_t len, rows, last; /* bytes in s, rows seen, number of the last */
	int stop_at;            /* return 7 from this row, 0 never */
};

static int collect(void *ctx, size_t rowno, const char *const *cells, size_t ncells,
		   struct cr_err *err)
{
	struct got *g = ctx;
	g->rows++;
	g->last = rowno;
	g->len += (size_t)snprintf(g->s + g->len, sizeof g->s - g->len, "%zu:", rowno);
	for (size_t i = 0; i < ncells && g->len < sizeof g->s; i++)
		g->len += (size_t)snprintf(g->s + g->len, sizeof g->s - g->len, "%s%s",
					   i ? "|" : "", cells[i]);
	if (g->len < sizeof g->s)
		g->len += (size_t)snprintf(g->s + g->len, sizeof g->s - g->len, "\n");
	if (g->len >= sizeof g->s)
		g->len = sizeof g->s - 1;
	return g->stop_at && (size_t)g->stop_at == rowno ? 7 : 0;
}

/* The rows read so far; opaque to the compiler, whose format-size checks in STR_EQ would
 * otherwise count the whole buffer. */
static const char *rows(const struct got *g)
{
	const char *volatile s = g->s;
	return s;
}

static int read_csv(const char *s, struct got *g, struct cr_err *err)
{
	memset(g, 0, sizeof *g);
	memset(err, 0, sizeof *err);
	return cr_table_read(s, strlen(s), collect, g, err);
}

static char *temp_path(char *buf, size_t cap)
{
	snprintf(buf, cap, "/tmp/cr_table_XXXXXX");
	int fd = mkstemp(buf);
	if (fd >= 0)
		close(fd);
	return buf;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = malloc((size_t)n + 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

static int read_bytes(const void *p, size_t len, struct got *g, struct cr_err *err)
{
	memset(g, 0, sizeof *g);
	memset(err, 0, sizeof *err);
	return cr_table_read(p, len, collect, g, err);
}

/* A zip of the given parts (name, content; NULL-terminated), as bytes the caller frees. */
static unsigned char *make_zip(const char *const *parts, size_t *len)
{
	char path[64];
	temp_path(path, sizeof path);
	int ze;
	zip_t *z = zip_open(path, ZIP_TRUNCATE, &ze);
	if (!z)
		return NULL;
	for (size_t i = 0; parts[i]; i += 2) {
		zip_source_t *src = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
		zip_file_add(z, parts[i], src, ZIP_FL_OVERWRITE);
	}
	zip_close(z);
	unsigned char *p = slurp(path, len);
	remove(path);
	return p;
}

#define WORKBOOK                                                                                   \
	"xl/workbook.xml",                                                                         \
		"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "   \
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" \
		"<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",     \
		"xl/_rels/workbook.xml.rels",                                                      \
		"<Relationships "                                                                  \
		"xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"          \
		"<Relationship Id=\"rId1\" "                                                       \
		"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"      \
		"worksheet\" "                                                                     \
		"Target=\"worksheets/sheet1.xml\"/>"                                               \
		"<Relationship Id=\"rId2\" "                                                       \
		"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"      \
		"sharedStrings\" "                                                                 \
		"Target=\"/xl/sharedStrings.xml\"/></Relationships>"

#define SHEET(rows)                                                                                \
	"xl/worksheets/sheet1.xml",                                                                \
		"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"  \
		"<sheetData>" rows "</sheetData></worksheet>"

/* Reads a hand-made workbook whose first sheet holds rows and whose shared strings are sst. */
static int read_parts(const char *sst, const char *sheet_xml, struct got *g, struct cr_err *err)
{
	const char *parts[] = { WORKBOOK,  "xl/worksheets/sheet1.xml",
				sheet_xml, "xl/sharedStrings.xml",
				sst,       NULL };
	size_t len;
	unsigned char *p = make_zip(parts, &len);
	int rc = read_bytes(p, len, g, err);
	free(p);
	return rc;
}

/* ===== CSV ===== */

TEST(csv_quotes_commas_newlines)
{
	struct got g;
	struct cr_err err;
	INT_EQ(read_csv("name,note\r\n\"A, Inc.\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",x\r\n", &g,
			&err),
	       0);
	STR_EQ(rows(&g), "1:name|note\n2:A, Inc.|say \"hi\"\n3:two\r\nlines|x\n");
}

TEST(csv_bom_lf_chinese_no_final_newline)
{
	struct got g;
	struct cr_err err;
	INT_EQ(read_csv("\xef\xbb\xbf名称,地址\n苏州化工厂,苏州市工业园区星湖街", &g, &err), 0);
	STR_EQ(rows(&g), "1:名称|地址\n2:苏州化工厂|苏州市工业园区星湖街\n");
}

TEST(csv_empty_rows_keep_numbers_trailing_dropped)
{
	struct got g;
	struct cr_err err;
	INT_EQ(read_csv("a,b\r\n\r\n,\r\nc,\r\n\r\n,,\r\n\r\n", &g, &err), 0);
	STR_EQ(rows(&g), "1:a|b\n4:c|\n");
}

TEST(csv_empty_file)
{
	struct got g;
	struct cr_err err;
	INT_EQ(read_csv("", &g, &err), 0);
	INT_EQ(g.rows, 0);
	INT_EQ(read_csv("\xef\xbb\xbf", &g, &err), 0);
	INT_EQ(g.rows, 0);
	INT_EQ(read_csv("\n\n", &g, &err), 0);
	INT_EQ(g.rows, 0);
}

TEST(csv_gbk_is_refused_naming_the_row)
{
	struct got g;
	struct cr_err err;
	/* "苏州" in GBK on row 3 */
	INT_EQ(read_csv("name\nok\n\xcb\xd5\xd6\xdd\n", &g, &err), -1);
	INT_EQ(err.status, 400);
	STR_EQ(err.code, "invalid");
	STR_EQ(err.field, "file");
	STR_EQ(err.message, "row 3: file is not UTF-8; save as CSV UTF-8");
	/* overlong, surrogate and NUL are not UTF-8 text either */
	INT_EQ(read_csv("\xc0\xaf\n", &g, &err), -1);
	INT_EQ(read_csv("\xed\xa0\x80\n", &g, &err), -1);
	INT_EQ(read_bytes("a\0b\n", 4, &g, &err), -1);
	OK(strstr(err.message, "row 1") != NULL);
}

TEST(csv_malformed_quotes)
{
	struct got g;
	struct cr_err err;
	INT_EQ(read_csv("a\nb,\"c\"d\n", &g, &err), -1);
	INT_EQ(err.status, 400);
	OK(strstr(err.message, "row 2") != NULL);
	INT_EQ(read_csv("a\nb\n\"open\n", &g, &err), -1);
	OK(strstr(err.message, "row 3: a quoted cell is not closed") != NULL);
}

TEST(csv_callback_stops_reading)
{
	struct got g;
	struct cr_err err;
	memset(&g, 0, sizeof g);
	g.stop_at = 2;
	const char *s = "a\nb\nc\n";
	INT_EQ(cr_csv_read(s, strlen(s), collect, &g, &err), 7);
	STR_EQ(rows(&g), "1:a\n2:b\n");
}

TEST(csv_limits)
{
	struct got g;
	struct cr_err err;
	/* "a" and 300 empty cells: the padding past column 256 is dropped */
	char wide[302];
	memset(wide, ',', sizeof wide);
	wide[0] = 'a';
	strcpy(wide + sizeof wide - 2, "\n");
	INT_EQ(read_csv(wide, &g, &err), 0);
	INT_EQ(g.rows, 1);
	wide[sizeof wide - 3] = 'z';
	INT_EQ(read_csv(wide, &g, &err), -1);
	INT_EQ(err.status, 413);
	STR_EQ(err.code, "too_large");
	STR_EQ(err.message, "row 1: a value lies past column 256");

	char *big = malloc(CR_TABLE_MAX_CELL + 3);
	memset(big, 'x', CR_TABLE_MAX_CELL + 1);
	strcpy(big + CR_TABLE_MAX_CELL + 1, "\n");
	INT_EQ(read_csv(big, &g, &err), -1);
	INT_EQ(err.status, 413);
	free(big);
}

TEST(csv_crlf_split_across_feed_slices)
{
	/* three cells filling exactly 65535 bytes, so CR ends one slice and LF starts the next */
	size_t n = 30000 + 1 + 30000 + 1 + 5533;
	char *s = malloc(n + 8);
	memset(s, 'a', 30000);
	s[30000] = ',';
	memset(s + 30001, 'b', 30000);
	s[60001] = ',';
	memset(s + 60002, 'c', 5533);
	strcpy(s + n, "\r\nd\r\n");
	struct got g;
	struct cr_err err;
	INT_EQ(read_csv(s, &g, &err), 0);
	INT_EQ(g.rows, 2);
	INT_EQ(g.last, 2);
	free(s);
}

/* ===== XLSX written by libxlsxwriter ===== */

static unsigned char *sample_xlsx(size_t *len)
{
	char path[64];
	temp_path(path, sizeof path);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "单位");
	lxw_worksheet *other = workbook_add_worksheet(wb, "Other");
	lxw_format *date = workbook_add_format(wb), *stamp = workbook_add_format(wb);
	lxw_format *bold = workbook_add_format(wb), *fill = workbook_add_format(wb);
	format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
	format_set_num_format(stamp, "yyyy-mm-dd hh:mm");
	format_set_bold(bold);
	format_set_bg_color(fill, LXW_COLOR_YELLOW);

	worksheet_write_string(other, 0, 0, "not this one", NULL);
	worksheet_write_string(ws, 0, 0, "名称", bold);
	worksheet_write_string(ws, 0, 1, "经度", bold);
	worksheet_write_string(ws, 0, 2, "人数", bold);
	worksheet_write_string(ws, 0, 3, "备注", bold);
	worksheet_write_string(ws, 1, 0, "苏州化工厂", NULL);
	worksheet_write_number(ws, 1, 1, 120.9808, NULL);
	worksheet_write_number(ws, 1, 2, 73728, NULL);
	worksheet_write_string(ws, 2, 1, "B", NULL);
	worksheet_write_blank(ws, 2, 2, fill);
	worksheet_write_string(ws, 2, 3, "D", NULL);
	/* row 4 (index 3) left out */
	worksheet_write_string(ws, 4, 0, "Row 5", NULL);
	worksheet_write_number(ws, 4, 1, -0.5, NULL);
	worksheet_write_boolean(ws, 4, 2, 1, NULL);
	worksheet_write_formula_num(ws, 4, 3, "=1+1", NULL, 2);
	lxw_rich_string_tuple run1 = { .format = bold, .string = "危险" };
	lxw_rich_string_tuple run2 = { .format = NULL, .string = "源" };
	lxw_rich_string_tuple *runs[] = { &run1, &run2, NULL };
	worksheet_write_rich_string(ws, 4, 4, runs, NULL);
	lxw_datetime d = { 2024, 3, 15, 0, 0, 0 }, t = { 2024, 3, 15, 8, 30, 0 };
	worksheet_write_datetime(ws, 5, 0, &d, date);
	worksheet_write_datetime(ws, 5, 1, &t, stamp);
	worksheet_write_blank(ws, 7, 0, fill); /* formatted but empty: not a row */
	workbook_close(wb);
	unsigned char *p = slurp(path, len);
	remove(path);
	return p;
}

static const char sample_rows[] = "1:名称|经度|人数|备注\n"
				  "2:苏州化工厂|120.9808|73728\n"
				  "3:|B||D\n"
				  "5:Row 5|-0.5|TRUE|2|危险源\n"
				  "6:2024-03-15|2024-03-15 08:30:00\n";

/* A zip's signature, or an empty zip's, is an XLSX file; anything else (a CSV whose first cell
 * begins "PK", a file too short) is not. */
TEST(table_is_xlsx_by_the_zip_signature)
{
	OK(cr_table_is_xlsx("PK\3\4rest", 8));
	OK(cr_table_is_xlsx("PK\5\6", 4));
	OK(!cr_table_is_xlsx("PKG,name\n", 9));
	OK(!cr_table_is_xlsx("PK", 2));
	OK(!cr_table_is_xlsx("", 0));
}

TEST(xlsx_reads_first_sheet)
{
	size_t len;
	unsigned char *p = sample_xlsx(&len);
	OK(p != NULL);
	struct got g;
	struct cr_err err;
	INT_EQ(read_bytes(p, len, &g, &err), 0);
	STR_EQ(rows(&g), sample_rows);
	memset(&g, 0, sizeof g);
	g.stop_at = 3;
	INT_EQ(cr_xlsx_read(p, len, collect, &g, &err), 7);
	INT_EQ(g.rows, 3);
	INT_EQ(g.last, 3);
	free(p);
}

TEST(xlsx_truncated_and_random_bytes)
{
	size_t len;
	unsigned char *p = sample_xlsx(&len);
	struct got g;
	struct cr_err err;
	INT_EQ(read_bytes(p, len / 2, &g, &err), -1);
	INT_EQ(err.status, 400);
	STR_EQ(err.code, "invalid");
	INT_EQ(read_bytes(p, 4, &g, &err), -1);
	INT_EQ(g.rows, 0);

	unsigned char noise[4096];
	srand(1);
	for (size_t i = 0; i < sizeof noise; i++)
		noise[i] = (unsigned char)rand();
	INT_EQ(cr_xlsx_read(noise, sizeof noise, collect, &g, &err), -1);
	INT_EQ(err.status, 400);
	noise[0] = 'P', noise[1] = 'K', noise[2] = 3, noise[3] = 4;
	INT_EQ(read_bytes(noise, sizeof noise, &g, &err), -1);
	INT_EQ(err.status, 400);
	free(p);
}

TEST(xlsx_survives_mutations)
{
	size_t len;
	unsigned char *p = sample_xlsx(&len);
	unsigned char *m = malloc(len);
	struct got g;
	struct cr_err err;
	srand(42);
	int failed = 0;
	for (int i = 0; i < 300; i++) {
		memcpy(m, p, len);
		for (int k = rand() % 8 + 1; k > 0; k--)
			m[(size_t)rand() % len] = (unsigned char)rand();
		int rc = read_bytes(m, len, &g, &err);
		OK(rc == 0 || rc == -1);
		failed += rc != 0;
	}
	for (size_t cut = 0; cut < len; cut += 97)
		OK(read_bytes(p, cut, &g, &err) == -1 || cut == 0);
	OK(failed > 0);
	free(m);
	free(p);
}

TEST(xlsx_zip_without_workbook)
{
	const char *parts[] = { "hello.txt", "hello", NULL };
	size_t len;
	unsigned char *p = make_zip(parts, &len);
	struct got g;
	struct cr_err err;
	INT_EQ(read_bytes(p, len, &g, &err), -1);
	INT_EQ(err.status, 400);
	STR_EQ(err.message, "not an Excel workbook (.xlsx): xl/workbook.xml is missing");
	free(p);
}

TEST(xlsx_old_xls_is_refused)
{
	static const unsigned char xls[16] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
	struct got g;
	struct cr_err err;
	INT_EQ(read_bytes(xls, sizeof xls, &g, &err), -1);
	OK(strstr(err.message, ".xls") != NULL);
}

/* ===== XLSX made by hand: what other writers do, and hostile parts ===== */

TEST(xlsx_inline_strings_phonetic_and_implicit_refs)
{
	struct got g;
	struct cr_err err;
	int rc;
	rc = read_parts("<sst><si><t>共享</t><rPh><t>ignored</t></rPh></si>"
			"<si><r><t>富</t></r><r><t xml:space=\"preserve\"> 文本</t></r></si></sst>",
			"<worksheet><sheetData>"
			"<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c></row>"
			"<row><c t=\"inlineStr\"><is><t>行内</t></is></c><c><v>1.50</v></c>"
			"<c><v>7.3728E4</v></c><c t=\"e\"><v>#N/A</v></c></row>"
			"<row r=\"9\"><c r=\"B9\" t=\"str\"><f>A1</f><v>x</v></c><c "
			"r=\"C9\"><f>1</f></c></row>"
			"</sheetData></worksheet>",
			&g, &err);
	INT_EQ(rc, 0);
	STR_EQ(rows(&g), "1:共享|富 文本\n2:行内|1.5|73728|#N/A\n9:|x\n");
}

/* Reads one row of numbers styled with cell formats 0-5 (see STYLES) from a workbook in
 * the 1900 or the 1904 date system. */
#define STYLES                                                                                     \
	"<styleSheet><numFmts><numFmt numFmtId=\"164\" "                                           \
	"formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;\"/>"                                     \
	"<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;d&quot;;[Red]\\-0.00\"/></numFmts>"       \
	"<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"                                       \
	"<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"                 \
	"<xf numFmtId=\"31\"/><xf numFmtId=\"22\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>"

static int read_dates(const char *workbook_pr, const char *row, struct got *g, struct cr_err *err)
{
	char workbook[512], sheet[1024];
	snprintf(workbook, sizeof workbook,
		 "<workbook xmlns:r=\"urn:r\">%s<sheets><sheet r:id=\"rId1\"/></sheets></workbook>",
		 workbook_pr);
	snprintf(sheet, sizeof sheet, "<worksheet><sheetData>%s</sheetData></worksheet>", row);
	const char *parts[] = {
		"xl/workbook.xml",
		workbook,
		"xl/_rels/workbook.xml.rels",
		"<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
		"Target=\"./sheets/../worksheets/s.xml\"/><Relationship Id=\"rId2\" "
		"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
		"styles\" "
		"Target=\"styles.xml\"/></Relationships>",
		"xl/styles.xml",
		STYLES,
		"xl/worksheets/s.xml",
		sheet,
		NULL
	};
	size_t len;
	unsigned char *p = make_zip(parts, &len);
	int rc = read_bytes(p, len, g, err);
	free(p);
	return rc;
}

TEST(xlsx_dates_from_number_formats)
{
	struct got g;
	struct cr_err err;
	int rc = read_dates(
		"",
		"<row><c s=\"1\"><v>45366</v></c><c s=\"2\"><v>45366</v></c>"
		"<c s=\"3\"><v>45366</v></c><c s=\"4\"><v>45366.5</v></c>"
		"<c s=\"4\"><v>0.25</v></c><c s=\"5\"><v>45366</v></c>"
		"<c s=\"0\"><v>45366</v></c><c s=\"1\"><v>59</v></c>"
		"<c s=\"1\"><v>61</v></c><c s=\"1\"><v>-1</v></c><c s=\"9\"><v>7</v></c></row>",
		&g, &err);
	INT_EQ(rc, 0);
	STR_EQ(rows(&g), "1:2024-03-15|2024-03-15|2024-03-15|2024-03-15 12:00:00|06:00:00|45366|"
			 "45366|1900-02-28|1900-03-01|-1|7\n");
	rc = read_dates("<workbookPr date1904=\"1\"/>", "<row><c s=\"1\"><v>43904</v></c></row>",
			&g, &err);
	INT_EQ(rc, 0);
	STR_EQ(rows(&g), "1:2024-03-15\n");
}

TEST(xlsx_hostile_parts_are_refused)
{
	struct got g;
	struct cr_err err;
	int rc;
	rc = read_parts("<sst/>",
			"<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
			"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c>"
			"</row></sheetData></worksheet>",
			&g, &err);
	INT_EQ(rc, -1);
	INT_EQ(err.status, 400);
	OK(strstr(err.message, "DOCTYPE") != NULL);

	rc = read_parts("<sst/>",
			"<worksheet><sheetData><row><c t=\"s\"><v>5</v></c></row>"
			"</sheetData></worksheet>",
			&g, &err);
	INT_EQ(rc, -1);
	STR_EQ(err.message, "row 1: shared string 5 does not exist");

	rc = read_parts("<sst/>",
			"<worksheet><sheetData><row r=\"3\"/><row r=\"2\"/>"
			"</sheetData></worksheet>",
			&g, &err);
	INT_EQ(rc, -1);
	INT_EQ(err.status, 400);

	rc = read_parts("<sst/>",
			"<worksheet><sheetData><row><c r=\"C1\"><v>1</v></c>"
			"<c r=\"B1\"><v>1</v></c></row></sheetData></worksheet>",
			&g, &err);
	INT_EQ(rc, -1);
	INT_EQ(err.status, 400);

	/* an empty formatted cell far right is fine; a value past column 256 is not */
	rc = read_parts("<sst/>",
			"<worksheet><sheetData><row><c r=\"A1\"><v>1</v></c>"
			"<c r=\"XFD1\" s=\"1\"/></row></sheetData></worksheet>",
			&g, &err);
	INT_EQ(rc, 0);
	STR_EQ(rows(&g), "1:1\n");
	rc = read_parts("<sst/>",
			"<worksheet><sheetData><row><c r=\"IW1\"><v>1</v></c></row>"
			"</sheetData></worksheet>",
			&g, &err);
	INT_EQ(rc, -1);
	INT_EQ(err.status, 413);

	rc = read_parts("<sst/>",
			"<worksheet><sheetData><row r=\"1048577\"><c><v>1</v></c>"
			"</row></sheetData></worksheet>",
			&g, &err);
	INT_EQ(rc, -1);
	INT_EQ(err.status, 413);

	rc = read_parts("<sst/>",
			"<worksheet><sheetData><row><c><v>1x</v></c></row>"
			"</sheetData></worksheet>",
			&g, &err);
	INT_EQ(rc, -1);
	INT_EQ(err.status, 400);

	rc = read_parts("<sst/>", "<worksheet><sheetData><row><c><v>1</v>", &g, &err);
	INT_EQ(rc, -1);
	INT_EQ(err.status, 400);
	OK(strstr(err.message, "xl/worksheets/sheet1.xml, line 1") != NULL);
}

TEST(xlsx_long_cell_is_too_large)
{
	size_t n = CR_TABLE_MAX_CELL + 200;
	char *xml = malloc(n);
	int k = snprintf(xml, n, "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>");
	memset(xml + k, 'x', CR_TABLE_MAX_CELL + 1);
	strcpy(xml + k + CR_TABLE_MAX_CELL + 1, "</t></is></c></row></sheetData></worksheet>");
	struct got g;
	struct cr_err err;
	int rc = read_parts("<sst/>", xml, &g, &err);
	INT_EQ(rc, -1);
	INT_EQ(err.status, 413);
	STR_EQ(err.message, "row 1: a cell is longer than 32768 bytes");
	free(xml);
}

/* A sheet that inflates past the limit is stopped, whether or not its header says so. */
TEST(xlsx_zip_bomb)
{
	size_t n = CR_TABLE_MAX_XML + 1024;
	char *xml = malloc(n + 1);
	memset(xml, ' ', n);
	memcpy(xml, "<worksheet>", 11);
	xml[n] = '\0';
	struct got g;
	struct cr_err err;
	size_t len;
	const char *parts[] = { WORKBOOK, "xl/worksheets/sheet1.xml", xml, NULL };
	unsigned char *p = make_zip(parts, &len);
	free(xml);
	INT_EQ(read_bytes(p, len, &g, &err), -1);
	INT_EQ(err.status, 413);
	STR_EQ(err.message, "workbook is larger than 64 MiB uncompressed");

	/* both headers now claim 100 bytes; libzip inflates on regardless, the byte count stops it */
	static const char name[] = "xl/worksheets/sheet1.xml";
	size_t nl = sizeof name - 1;
	for (size_t i = 0; i + 46 + nl < len; i++) {
		if (memcmp(p + i, "PK\x03\x04", 4) == 0 && memcmp(p + i + 30, name, nl) == 0)
			memcpy(p + i + 22, "\x64\0\0\0", 4);
		if (memcmp(p + i, "PK\x01\x02", 4) == 0 && memcmp(p + i + 46, name, nl) == 0)
			memcpy(p + i + 24, "\x64\0\0\0", 4);
	}
	INT_EQ(read_bytes(p, len, &g, &err), -1);
	INT_EQ(err.status, 400);
	STR_EQ(err.message, "xl/worksheets/sheet1.xml inflates past its declared size");
	INT_EQ(g.rows, 0);
	free(p);
}

/* ===== table_write round trips ===== */

static const char *const hdr[] = { "名称", "经度", "人数", "备注" };
static const char *const row1[] = { "苏州化工厂, \"一厂\"", "120.9808", "73728", "two\nlines" };
static const char *const row2[] = { "0012", NULL, "abc", " padded " };
static const char roundtrip[] = "1:名称|经度|人数|备注\n"
				"2:苏州化工厂, \"一厂\"|120.9808|73728|two\nlines\n"
				"3:0012||abc| padded \n";

static void write_sample(const char *path, int format)
{
	struct cr_err err;
	struct cr_table_writer *w = cr_table_writer_open(path, format, "重大危险源", &err);
	OK(w != NULL);
	if (!w)
		return;
	INT_EQ(cr_table_writer_row(w, hdr, 4), 0);
	INT_EQ(cr_table_writer_row_typed(w, row1, "snns", 4), 0);
	INT_EQ(cr_table_writer_row_typed(w, row2, "snns", 4), 0);
	INT_EQ(cr_table_writer_close(w, &err), 0);
}

TEST(table_write_csv_round_trip)
{
	char path[64];
	temp_path(path, sizeof path);
	write_sample(path, CR_TABLE_CSV | CR_TABLE_BOM);
	size_t len;
	unsigned char *p = slurp(path, &len);
	OK(p && len > 3 && memcmp(p, "\xef\xbb\xbf名称,经度,人数,备注\r\n", 3 + 12 + 3 + 2) == 0);
	struct got g;
	struct cr_err err;
	INT_EQ(read_bytes(p, len, &g, &err), 0);
	STR_EQ(rows(&g), roundtrip);
	free(p);

	struct cr_table_writer *w =
		cr_table_writer_open(path, CR_TABLE_CSV | CR_TABLE_FORMULA_GUARD, NULL, &err);
	const char *evil[] = { "=HYPERLINK(\"x\")", "-1", "ok" };
	INT_EQ(cr_table_writer_row_typed(w, evil, "sns", 3), 0);
	INT_EQ(cr_table_writer_close(w, &err), 0);
	p = slurp(path, &len);
	INT_EQ(read_bytes(p, len, &g, &err), 0);
	STR_EQ(rows(&g), "1:'=HYPERLINK(\"x\")|-1|ok\n");
	free(p);
	remove(path);
}

TEST(table_write_xlsx_round_trip)
{
	char path[64];
	temp_path(path, sizeof path);
	write_sample(path, CR_TABLE_XLSX);
	size_t len;
	unsigned char *p = slurp(path, &len);
	OK(p && len > 4 && memcmp(p, "PK\x03\x04", 4) == 0);
	struct got g;
	struct cr_err err;
	INT_EQ(read_bytes(p, len, &g, &err), 0);
	STR_EQ(rows(&g), roundtrip);
	free(p);
	remove(path);
}

TEST(table_write_errors)
{
	struct cr_err err;
	memset(&err, 0, sizeof err);
	OK(cr_table_writer_open("/nonexistent-dir/x.csv", CR_TABLE_CSV, NULL, &err) == NULL);
	INT_EQ(err.status, 500);
	OK(cr_table_writer_open("/nonexistent-dir/x.xlsx", CR_TABLE_XLSX, NULL, &err) == NULL);
	INT_EQ(err.status, 500);
	char path[64];
	temp_path(path, sizeof path);
	OK(cr_table_writer_open(path, CR_TABLE_XLSX, "a/b", &err) == NULL);
	INT_EQ(err.status, 400);
	STR_EQ(err.field, "sheet_name");
	OK(cr_table_writer_open(path, 0, NULL, &err) == NULL);
	INT_EQ(err.status, 400);
	INT_EQ(cr_table_writer_close(NULL, &err), 0);
	remove(path);
}
