/* table_read.c — picks the reader for an upload from its first bytes.
 * It must not parse anything itself or trust the file name or content type. */
#include <string.h>

#include "io/table_read.h"

bool cr_table_is_xlsx(const void *data, size_t len)
{
	static const unsigned char zip[] = { 'P', 'K', 3, 4 }, empty_zip[] = { 'P', 'K', 5, 6 };
	return len >= 4 && (memcmp(data, zip, 4) == 0 || memcmp(data, empty_zip, 4) == 0);
}

int cr_table_read(const void *data, size_t len, cr_row_fn fn, void *ctx, struct cr_err *err)
{
	static const unsigned char ole2[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
	if (len >= sizeof ole2 && memcmp(data, ole2, sizeof ole2) == 0)
		return cr_err_set(
			err, 400, "invalid", "file",
			"old Excel .xls files are not supported; save as .xlsx or CSV UTF-8");
	if (cr_table_is_xlsx(data, len))
		return cr_xlsx_read(data, len, fn, ctx, err);
	return cr_csv_read(data, len, fn, ctx, err);
}
