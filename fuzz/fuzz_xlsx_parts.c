/* fuzz_xlsx_parts.c — libFuzzer target: the XML parts of a workbook, separated by 0xFF bytes
 * (workbook, its relationships, styles, shared strings, sheet1), zipped here and read through
 * cr_table_read. Mutating a real .xlsx mostly breaks the zip; this reaches the XML handlers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "core/jsonx.h"
#include "io/table_read.h"

static const char *const names[] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
				     "xl/styles.xml", "xl/sharedStrings.xml",
				     "xl/worksheets/sheet1.xml" };

static int touch_row(void *ctx, size_t rowno, const char *const *cells, size_t ncells,
		     struct cr_err *err)
{
	size_t *last = ctx;
	if (rowno <= *last || rowno > CR_TABLE_MAX_ROWS || ncells == 0 ||
	    ncells > CR_TABLE_MAX_COLS)
		__builtin_trap();
	*last = rowno;
	for (size_t i = 0; i < ncells; i++) {
		size_t n = strlen(cells[i]);
		if (n > CR_TABLE_MAX_CELL || cr_utf8_len(cells[i], n) < 0)
			__builtin_trap();
	}
	return 0;
}

/* The stored (uncompressed) zip of the parts in data; malloc'd, NULL on failure. */
static unsigned char *zip_parts(const uint8_t *data, size_t size, size_t *len)
{
	zip_error_t ze;
	unsigned char *out = NULL;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	if (!z)
		goto out;
	zip_source_keep(src);
	const uint8_t *p = data, *end = data + size;
	for (size_t i = 0; i < sizeof names / sizeof names[0] && p <= end; i++) {
		const uint8_t *e = memchr(p, 0xff, (size_t)(end - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
		zip_source_t *s = zip_source_buffer(z, p, n, 0);
		zip_int64_t idx = s ? zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE) : -1;
		if (idx < 0 || zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0))
			zip_source_free(s);
		p += n + 1;
	}
	if (zip_close(z)) {
		zip_discard(z);
		goto out;
	}
	zip_stat_t st;
	if (zip_source_stat(src, &st) || zip_source_open(src))
		goto out;
	out = malloc(st.size ? st.size : 1);
	if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
		free(out);
		out = NULL;
	}
	*len = st.size;
	zip_source_close(src);
out:
	zip_source_free(src);
	zip_error_fini(&ze);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len, last = 0;
	unsigned char *xlsx = zip_parts(data, size, &len);
	struct cr_err err = { 0 };
	if (!xlsx)
		return 0;
	int rc = cr_table_read(xlsx, len, touch_row, &last, &err);
	if (rc != 0 && (rc != -1 || err.status < 400))
		__builtin_trap();
	free(xlsx);
	return 0;
}
