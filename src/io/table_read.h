/* table_read.h — reads an uploaded table (CSV or XLSX) row by row for bulk import.
 * It must not know what the columns mean, touch the store, or trust the bytes it is given. */
#ifndef CR_TABLE_READ_H
#define CR_TABLE_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Limits shared by both formats; going past one is 413 "too_large". */
#define CR_TABLE_MAX_ROWS 1048576u             /* Excel's own row limit */
#define CR_TABLE_MAX_COLS 256u                 /* columns that may hold a value */
#define CR_TABLE_MAX_CELL (32u * 1024u)        /* bytes of UTF-8 in one cell */
#define CR_TABLE_MAX_XML (64u * 1024u * 1024u) /* XLSX: uncompressed bytes read, all parts */

/* Called once per row that holds at least one non-empty cell.
 * rowno is 1-based and counts the header as row 1, as a spreadsheet does; completely empty
 * rows (blank CSV lines, ",,,", XLSX rows without values) are never passed on but keep their
 * numbers, so rowno may jump. cells[0..ncells) are NUL-terminated, valid UTF-8 without NUL
 * bytes; a missing cell is "". An XLSX row ends at its last non-empty cell, so rows may be
 * shorter than the header. The cells and the array are owned by the reader and valid only
 * during the call. Return 0 to go on; any other value stops reading and is returned by the
 * reader unchanged (fill err before returning -1). */
typedef int (*cr_row_fn)(void *ctx, size_t rowno, const char *const *cells, size_t ncells,
			 struct cr_err *err);

/* CSV, RFC 4180 strictly (libcsv): comma separated, "" escapes a quote inside a quoted field,
 * quoted fields may hold commas and line breaks, CRLF or LF line ends, a UTF-8 BOM is skipped.
 * Anything not UTF-8 (e.g. GBK saved by an older Excel) is 400 "invalid" naming the row.
 * An empty file gives no rows and returns 0. data is only read; nothing is kept after return. */
int cr_csv_read(const void *data, size_t len, cr_row_fn fn, void *ctx, struct cr_err *err);

/* XLSX (Office Open XML workbook): the first worksheet in workbook order. Shared strings
 * (rich-text runs joined, phonetic runs left out), inline strings, formula results as cached,
 * booleans as "TRUE"/"FALSE", error values as written ("#N/A"), numbers as written with
 * integers shown without ".0" ("73728", "120.9808"), numbers formatted as dates as
 * "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS". A file that is not a zip, or a zip that
 * is not a workbook, is 400 "invalid"; limits above are 413 "too_large".
 * data is only read; nothing is kept after return. */
int cr_xlsx_read(const void *data, size_t len, cr_row_fn fn, void *ctx, struct cr_err *err);

/* Whether the first bytes are a zip's ("PK" 3 4, or 5 6 for an empty one): the file is read as
 * XLSX. */
bool cr_table_is_xlsx(const void *data, size_t len);
/* Picks the format from the first bytes: a zip (cr_table_is_xlsx) is read as XLSX, an old
 * binary .xls is refused with a message asking for .xlsx or CSV UTF-8, anything else is read
 * as CSV. */
int cr_table_read(const void *data, size_t len, cr_row_fn fn, void *ctx, struct cr_err *err);

#endif
