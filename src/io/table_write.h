/* table_write.h — writes a table (a header row, then data rows) to a CSV or XLSX file for export.
 * It must not know what the columns mean or read the store; callers give it rows of text. */
#ifndef CR_TABLE_WRITE_H
#define CR_TABLE_WRITE_H

#include <stddef.h>

#include "core/err.h"

/* Formats, with flags OR-ed in: CR_TABLE_CSV | CR_TABLE_BOM. */
#define CR_TABLE_CSV 0x01
#define CR_TABLE_XLSX 0x02
#define CR_TABLE_BOM 0x10 /* CSV: start with a UTF-8 BOM so Excel opens the file as UTF-8 */
/* CSV: put ' before text cells that start with = + - @ TAB or CR, so a spreadsheet shows them
 * instead of running them as formulas (CSV injection). XLSX text cells are never formulas. */
#define CR_TABLE_FORMULA_GUARD 0x20

struct cr_table_writer;

/* Creates the file at path (replacing it). XLSX: one sheet named sheet_name (NULL for
 * "Sheet1"; at most 31 characters, none of []:*?/\), rows streamed to disk as written, the
 * first row bold, frozen and filterable, column widths fitted to the text (CJK counted double).
 * CSV: RFC 4180, CRLF line ends, quotes only where needed; sheet_name is ignored.
 * Returns NULL after filling err (500 "internal" when the file cannot be created, 400
 * "invalid" for a bad sheet name or format). The caller owns the writer and must pass it to
 * cr_table_writer_close exactly once. */
struct cr_table_writer *cr_table_writer_open(const char *path, int format, const char *sheet_name,
					     struct cr_err *err);

/* Appends a row of n text cells; NULL cells are empty. The writer copies what it needs, so
 * cells may be freed on return. Returns 0, or -1 once any write has failed (the error itself
 * is reported by cr_table_writer_close; later rows are ignored). */
int cr_table_writer_row(struct cr_table_writer *w, const char *const *cells, size_t n);

/* As cr_table_writer_row, with a type hint per cell: types[i] is 'n' for a number (XLSX
 * stores it as a number when the text parses as a finite one, as text otherwise; CSV writes
 * it unquoted as given) and anything else for text. types NULL means all text. */
int cr_table_writer_row_typed(struct cr_table_writer *w, const char *const *cells,
			      const char *types, size_t n);

/* A sheet meant to be printed and handed on (XLSX; ignored for CSV): a title row, note lines
 * under it (the filters, the date of export), then the header row, which is frozen, filterable
 * and repeated on every printed page; A4 landscape, one page wide, the print area the whole
 * table. Call once, before the first row. Strings are copied. */
struct cr_table_layout {
	const char *title;
	const char *notes[4]; /* NULL-terminated when fewer */
};
int cr_table_writer_layout(struct cr_table_writer *w, const struct cr_table_layout *l);

/* XLSX: ends the current sheet (its widths, filter and print area) and starts another named
 * sheet_name, laid out and filled like the first (call cr_table_writer_layout again for a
 * print layout). 0, or -1 (reported by cr_table_writer_close; 400 for a CSV writer or a bad
 * or repeated name). */
int cr_table_writer_sheet(struct cr_table_writer *w, const char *sheet_name);

/* A growing text buffer (malloc'd p; the owner frees it). */
struct cr_table_buf {
	char *p;
	size_t len, cap;
};
/* Appends one CSV record of n cells to b: RFC 4180 (quotes where needed, doubled inside),
 * CRLF at the end, types and flags (CR_TABLE_FORMULA_GUARD) as for the writer. The one CSV
 * formatter: the writer's CSV rows and streamed exports use it. 0, or -1 out of memory. */
int cr_table_csv_append(struct cr_table_buf *b, const char *const *cells, const char *types,
			size_t n, int flags);

/* v with dec (0-9) decimals into out (cap >= 32), exactly as snprintf "%.*f" writes it, without
 * printf's cost in the common case (a whole-city export formats 1.5 million coordinates).
 * Returns out. */
const char *cr_table_fixed(double v, int dec, char *out, size_t cap);

/* The zlib level XLSX files are deflated at: 1, or CITYRISK_XLSX_DEFLATE_LEVEL (0-9). The
 * writer's library has no option for it; io/xlsx_deflate.c says how it is applied. */
int cr_xlsx_deflate_level(void);

/* Finishes the file and frees w (w may be NULL). Returns 0, or -1 after filling err with the
 * first error of any row or of closing (413 "too_large" past 1,048,576 XLSX rows or 32,767
 * characters in one XLSX cell, 500 "internal" for I/O). On error the file at path is
 * incomplete; the caller removes it. */
int cr_table_writer_close(struct cr_table_writer *w, struct cr_err *err);

#endif
