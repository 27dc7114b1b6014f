/* test_xlsx_deflate.c — a sheet's rows deflated as they are written (io/async_file.c) and put
 * into the sheet's zip entry at the close (io/xlsx_deflate.c): the entry inflates to exactly
 * the head, the rows and the tail, in that order, its CRC-32 and size check, the entries around
 * it are untouched; rows nobody took are an error; and a workbook from the table writer unzips
 * with every member's CRC right. Read back with libzip, which is not the writer's zip. */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter/packager.h>
#include <zip.h>
#include <zlib.h>

#include "harness.h"
#include "io/async_file.h"
#include "io/table_write.h"

/* The member name of the zip at path, its bytes (malloc'd, *len of them) and the CRC-32 and
 * size the zip's directory gives for it; NULL when it cannot be read. */
static char *read_member(const char *path, const char *name, size_t *len, uint32_t *crc,
			 uint64_t *csize)
{
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
	if (!z)
		return NULL;
	zip_stat_t st;
	char *data = NULL;
	zip_file_t *f = NULL;
	if (zip_stat(z, name, 0, &st) == 0 && (data = malloc(st.size + 1)) &&
	    (f = zip_fopen(z, name, 0)) && zip_fread(f, data, st.size) == (zip_int64_t)st.size) {
		*len = st.size;
		*crc = st.crc;
		*csize = st.comp_size;
	} else {
		free(data);
		data = NULL;
	}
	if (f)
		zip_fclose(f);
	zip_close(z);
	return data;
}

/* The number of members of the zip at path whose bytes' CRC-32 differs from the directory's,
 * or that cannot be read; -1 when the zip cannot be opened. */
static int bad_members(const char *path, int *count)
{
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
	if (!z)
		return -1;
	int bad = 0;
	*count = (int)zip_get_num_entries(z, 0);
	zip_close(z);
	for (int i = 0; i < *count; i++) {
		z = zip_open(path, ZIP_RDONLY, &ze);
		const char *name = z ? zip_get_name(z, (zip_uint64_t)i, 0) : NULL;
		char *copy = name ? strdup(name) : NULL;
		if (z)
			zip_close(z);
		size_t len = 0;
		uint32_t crc = 0;
		uint64_t csize = 0;
		char *data = copy ? read_member(path, copy, &len, &crc, &csize) : NULL;
		bad += !data || crc32(0, (const Bytef *)data, (uInt)len) != crc;
		free(data);
		free(copy);
	}
	return bad;
}

typedef zipFile (*zip_open64_fn)(const void *, int);
typedef int (*zip_close_all_fn)(zipFile, const char *);

static int open_entry(zipFile zf, const char *name)
{
	zip_fileinfo zi = { 0 };
	return zipOpenNewFileInZip4_64(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
				       Z_DEFAULT_COMPRESSION, 0, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
				       NULL, 0, 0, 0, 0);
}

TEST(xlsx_deflate_splices_the_rows_after_sheetdata_with_crc_and_size)
{
	char path[] = "/tmp/cr-splice-XXXXXX";
	close(mkstemp(path));
	zip_open64_fn zopen;
	zip_close_all_fn zclose;
	*(void **)&zopen = dlsym(RTLD_DEFAULT, "zipOpen64");
	*(void **)&zclose = dlsym(RTLD_DEFAULT, "zipClose");
	OK(zopen && zclose);
	FILE *f = tmpfile();
	struct cr_async_file *a = f ? cr_async_file_open_deflated(f, 1) : NULL;
	OK(a != NULL);
	if (!a || !zopen || !zclose)
		return;

	/* the rows: 15 MB, many times the four chunks of 1 MiB */
	FILE *s = cr_async_file_stream(a);
	size_t cap = 24u << 20, n = 0;
	char *rows = malloc(cap);
	for (int i = 0; i < 400000; i++)
		n += (size_t)snprintf(rows + n, cap - n, "<row r=\"%d\"><c><v>%d</v></c></row>", i,
				      i * 7);
	OK(fwrite(rows, 1, n, s) == n);
	/* what libxlsxwriter does at the close: flush, rewind, read back (nothing) */
	OK(fflush(s) == 0);
	rewind(s);
	char back[64];
	OK(fread(back, 1, sizeof back, s) == 0);

	const char *head1 = "<?xml version=\"1.0\"?><worksheet><cols/><sheetDa", *head2 = "ta>";
	const char *tail = "</sheetData><pageMargins left=\"0.7\"/></worksheet>";
	const char *styles = "<styleSheet><fonts count=\"1\"/></styleSheet>";
	zipFile zf = zopen(path, 0);
	OK(zf != NULL);
	OK(open_entry(zf, "xl/worksheets/sheet1.xml") == ZIP_OK);
	/* "<sheetData>" split across two writes */
	OK(zipWriteInFileInZip(zf, head1, (unsigned)strlen(head1)) == ZIP_OK);
	OK(zipWriteInFileInZip(zf, head2, (unsigned)strlen(head2)) == ZIP_OK);
	OK(zipWriteInFileInZip(zf, tail, (unsigned)strlen(tail)) == ZIP_OK);
	OK(zipCloseFileInZip(zf) == ZIP_OK);
	OK(open_entry(zf, "xl/styles.xml") == ZIP_OK);
	OK(zipWriteInFileInZip(zf, styles, (unsigned)strlen(styles)) == ZIP_OK);
	OK(zipCloseFileInZip(zf) == ZIP_OK);
	OK(zclose(zf, NULL) == ZIP_OK);
	fclose(s);
	INT_EQ(cr_async_file_free(a), 0);

	size_t want_len = strlen(head1) + strlen(head2) + n + strlen(tail), len = 0;
	char *want = malloc(want_len);
	size_t k = 0;
	memcpy(want + k, head1, strlen(head1)), k += strlen(head1);
	memcpy(want + k, head2, strlen(head2)), k += strlen(head2);
	memcpy(want + k, rows, n), k += n;
	memcpy(want + k, tail, strlen(tail));
	uint32_t crc = 0;
	uint64_t csize = 0;
	char *got = read_member(path, "xl/worksheets/sheet1.xml", &len, &crc, &csize);
	OK(got != NULL);
	INT_EQ(len, want_len);
	OK(got && len == want_len && memcmp(got, want, len) == 0);
	INT_EQ(crc, crc32(0, (const Bytef *)want, (uInt)want_len));
	OK(csize > 0 && csize < want_len / 4); /* deflated, not stored */
	free(got);
	got = read_member(path, "xl/styles.xml", &len, &crc, &csize);
	OK(got && len == strlen(styles) && memcmp(got, styles, len) == 0);
	free(got);
	int count = 0;
	INT_EQ(bad_members(path, &count), 0);
	INT_EQ(count, 2);
	free(want);
	free(rows);
	unlink(path);
}

TEST(xlsx_deflate_rows_no_entry_took_are_an_error)
{
	FILE *f = tmpfile();
	struct cr_async_file *a = f ? cr_async_file_open_deflated(f, 1) : NULL;
	OK(a != NULL);
	if (!a)
		return;
	FILE *s = cr_async_file_stream(a);
	fputs("<row r=\"1\"/>", s);
	fflush(s);
	rewind(s);
	char back[16];
	OK(fread(back, 1, sizeof back, s) == 0);
	fclose(s);
	INT_EQ(cr_async_file_free(a), EIO);
}

/* A workbook of 20,000 rows on two sheets from the table writer (the whole path: the rows'
 * thread, the deflating thread, the splice at the close) unzips with every member's CRC-32
 * right, and its first sheet's XML is whole: one <row> a row, between <sheetData> and the
 * library's tail. */
TEST(xlsx_deflate_table_writer_workbook_unzips_with_crcs_right)
{
	char path[] = "/tmp/cr-splice-book-XXXXXX";
	close(mkstemp(path));
	struct cr_err e = { 0 };
	struct cr_table_writer *w = cr_table_writer_open(path, CR_TABLE_XLSX, "风险点", &e);
	OK(w != NULL);
	if (!w)
		return;
	const char *head[] = { "编号", "名称" };
	OK(cr_table_writer_row(w, head, 2) == 0);
	for (int i = 1; i < 20000; i++) {
		char id[16], name[32];
		snprintf(id, sizeof id, "%d", i);
		snprintf(name, sizeof name, "风险点%d", i);
		const char *row[] = { id, name };
		OK(cr_table_writer_row_typed(w, row, "ns", 2) == 0);
	}
	OK(cr_table_writer_sheet(w, "乙") == 0);
	OK(cr_table_writer_row(w, head, 2) == 0);
	OK(cr_table_writer_close(w, &e) == 0);

	int count = 0;
	INT_EQ(bad_members(path, &count), 0);
	OK(count >= 9);
	size_t len = 0;
	uint32_t crc = 0;
	uint64_t csize = 0;
	char *xml = read_member(path, "xl/worksheets/sheet1.xml", &len, &crc, &csize);
	OK(xml != NULL);
	if (xml) {
		xml[len] = 0;
		size_t rows = 0;
		for (const char *p = xml; (p = strstr(p, "<row ")); p++)
			rows++;
		INT_EQ(rows, 20000);
		OK(strstr(xml, "<sheetData><row r=\"1\"") != NULL);
		OK(strstr(xml, "<c r=\"B20000\" t=\"inlineStr\"><is><t>风险点19999</t>") != NULL);
		OK(len > 20 && strcmp(xml + len - 12, "</worksheet>") == 0);
		OK(csize < len / 3);
	}
	free(xml);
	unlink(path);
}
