/* csv_read.c — CSV uploads to rows: libcsv in strict RFC 4180 mode, UTF-8 checked cell by cell.
 * It must not guess encodings or delimiters, repair malformed quoting, or read past the limits. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/grow.h"
#include "io/table_read.h"

/* libcsv cannot be stopped from a callback, so input is fed in slices and checked between. */
#define FEED_SLICE 65536

struct csv_state {
	cr_row_fn fn;
	void *ctx;
	struct cr_err *err;
	int rc;             /* first error or callback result; once set, callbacks do nothing */
	size_t rowno;       /* rows finished so far, blank lines included */
	int last_term;      /* terminator of the last finished row, -1 at start */
	bool row_has_value; /* the row being read has a non-empty cell */
	char *buf;          /* the row's cells, each NUL-terminated, back to back */
	size_t len, cap;
	size_t off[CR_TABLE_MAX_COLS]; /* where each cell of the row starts in buf */
	size_t ncells;
};

/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF) and holds no NUL byte. */
static bool utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k;
		uint32_t cp, min;
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1, cp = c & 0x1f, min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2, cp = c & 0x0f, min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (n - i <= k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += k + 1;
	}
	return true;
}

static void on_field(void *s, size_t n, void *data)
{
	struct csv_state *st = data;
	if (st->rc)
		return;
	size_t rowno = st->rowno + 1;
	if (st->ncells == CR_TABLE_MAX_COLS) {
		/* empty cells past the limit are padding some spreadsheets write; values are not */
		if (n == 0)
			return;
		st->rc = cr_err_set(st->err, 413, "too_large", "file",
				    "row %zu: a value lies past column %u", rowno,
				    CR_TABLE_MAX_COLS);
		return;
	}
	if (n > CR_TABLE_MAX_CELL) {
		st->rc = cr_err_set(st->err, 413, "too_large", "file",
				    "row %zu, column %zu: cell longer than %u bytes", rowno,
				    st->ncells + 1, CR_TABLE_MAX_CELL);
		return;
	}
	if (!utf8_valid(s, n)) {
		st->rc = cr_err_set(st->err, 400, "invalid", "file",
				    "row %zu: file is not UTF-8; save as CSV UTF-8", rowno);
		return;
	}
	if (CR_GROW(st->buf, st->cap, st->len + n + 1)) {
		st->rc = cr_err_set(st->err, 500, "internal", "", "out of memory");
		return;
	}
	if (n)
		memcpy(st->buf + st->len, s, n);
	st->buf[st->len + n] = '\0';
	st->off[st->ncells++] = st->len;
	st->len += n + 1;
	if (n)
		st->row_has_value = true;
}

static void on_row(int term, void *data)
{
	struct csv_state *st = data;
	if (st->rc)
		return;
	/* With CSV_REPALL_NL a bare line end is reported as an empty row; the LF of a CRLF
	 * that ended a row arrives the same way and is not a row of its own. */
	bool lf_of_crlf = st->ncells == 0 && term == '\n' && st->last_term == '\r';
	st->last_term = term;
	if (lf_of_crlf)
		return;
	st->rowno++;
	if (st->rowno > CR_TABLE_MAX_ROWS) {
		st->rc = cr_err_set(st->err, 413, "too_large", "file", "more than %u rows",
				    CR_TABLE_MAX_ROWS);
		return;
	}
	if (st->row_has_value) {
		const char *cells[CR_TABLE_MAX_COLS];
		for (size_t i = 0; i < st->ncells; i++)
			cells[i] = st->buf + st->off[i];
		st->rc = st->fn(st->ctx, st->rowno, cells, st->ncells, st->err);
	}
	st->len = 0;
	st->ncells = 0;
	st->row_has_value = false;
}

int cr_csv_read(const void *data, size_t len, cr_row_fn fn, void *ctx, struct cr_err *err)
{
	const unsigned char *p = data;
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		p += 3, len -= 3;

	struct csv_parser parser;
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return cr_err_set(err, 500, "internal", "", "out of memory");
	struct csv_state *st = calloc(1, sizeof *st);
	if (!st) {
		csv_free(&parser);
		return cr_err_set(err, 500, "internal", "", "out of memory");
	}
	st->fn = fn, st->ctx = ctx, st->err = err, st->last_term = -1;

	size_t done = 0;
	while (done < len && !st->rc) {
		size_t n = len - done < FEED_SLICE ? len - done : FEED_SLICE;
		if (csv_parse(&parser, p + done, n, on_field, on_row, st) != n) {
			if (!st->rc)
				st->rc = cr_err_set(err, 400, "invalid", "file",
						    "row %zu: malformed CSV (a quote inside an "
						    "unquoted cell, or text after a closing quote)",
						    st->rowno + 1);
			break;
		}
		done += n;
	}
	if (!st->rc && csv_fini(&parser, on_field, on_row, st) != 0 && !st->rc)
		st->rc = cr_err_set(
			err, 400, "invalid", "file",
			"row %zu: a quoted cell is not closed before the end of the file",
			st->rowno + 1);
	int rc = st->rc;
	csv_free(&parser);
	free(st->buf);
	free(st);
	return rc;
}
