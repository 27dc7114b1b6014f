/* table_write.c — rows of text to a CSV file (libcsv quoting) or an XLSX file (libxlsxwriter).
 * It must not interpret cell text beyond the number hint, nor hold all rows in memory. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "io/table_write.h"

#define XLSX_MAX_ROWS 1048576u
#define XLSX_MAX_COLS 16384u
#define WIDTH_MIN 8.0
#define WIDTH_MAX 60.0

struct cr_table_writer {
	int format; /* CR_TABLE_CSV or CR_TABLE_XLSX, flags removed */
	int flags;
	char *path;
	size_t nrows;
	size_t ncols;      /* widest row so far */
	struct cr_err err; /* first failure; err.status 0 while all is well */

	FILE *csv;

	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *title_fmt;
	lxw_row_t head; /* the header row: 0, or below the title and notes */
	bool laid_out;
	struct cr_table_buf line; /* CSV: the record being written */
	double *width;            /* per column, in Excel character units */
	size_t width_cap;
};

static int fail_lxw(struct cr_table_writer *w, lxw_error e)
{
	if (w->err.status)
		return -1;
	if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		return cr_err_set(&w->err, 413, "too_large", "",
				  "row %zu: a cell is longer than 32,767 characters", w->nrows + 1);
	return cr_err_set(&w->err, 500, "internal", "", "writing %s: %s", w->path, lxw_strerror(e));
}

/* Display width of UTF-8 text: East Asian wide characters count 2. */
static double text_width(const char *s)
{
	double n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned cp = *p;
		int k = cp < 0x80 ? 0 : cp < 0xe0 ? 1 : cp < 0xf0 ? 2 : 3;
		cp &= k == 0 ? 0x7f : k == 1 ? 0x1f : k == 2 ? 0x0f : 0x07;
		p++;
		for (int i = 0; i < k && (*p & 0xc0) == 0x80; i++, p++)
			cp = (cp << 6) | (*p & 0x3f);
		n += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
				     (cp >= 0xac00 && cp <= 0xd7a3) ||
				     (cp >= 0xf900 && cp <= 0xfaff) ||
				     (cp >= 0xfe30 && cp <= 0xfe4f) ||
				     (cp >= 0xff00 && cp <= 0xff60) ||
				     (cp >= 0xffe0 && cp <= 0xffe6) ||
				     (cp >= 0x20000 && cp <= 0x3fffd)
			     ? 2
			     : 1;
	}
	return n;
}

/* True when s is a whole finite number, as strtod reads it. */
static bool parse_number(const char *s, double *v)
{
	char *end;
	if (!*s)
		return false;
	*v = strtod(s, &end);
	return !*end && isfinite(*v);
}

struct cr_table_writer *cr_table_writer_open(const char *path, int format, const char *sheet_name,
					     struct cr_err *err)
{
	int kind = format & (CR_TABLE_CSV | CR_TABLE_XLSX);
	if (kind != CR_TABLE_CSV && kind != CR_TABLE_XLSX) {
		cr_err_set(err, 400, "invalid", "format", "unknown table format %#x", format);
		return NULL;
	}
	struct cr_table_writer *w = calloc(1, sizeof *w);
	if (!w || !(w->path = strdup(path))) {
		free(w);
		cr_err_set(err, 500, "internal", "", "out of memory");
		return NULL;
	}
	w->format = kind;
	w->flags = format & ~kind;

	if (kind == CR_TABLE_CSV) {
		w->csv = fopen(path, "wb");
		if (!w->csv) {
			cr_err_set(err, 500, "internal", "", "cannot create %s: %s", path,
				   strerror(errno));
			goto fail;
		}
		if ((w->flags & CR_TABLE_BOM) && fwrite("\xef\xbb\xbf", 1, 3, w->csv) != 3)
			cr_err_set(&w->err, 500, "internal", "", "writing %s: %s", path,
				   strerror(errno));
		return w;
	}

	/* Fail now rather than at close when the file cannot be created. */
	FILE *probe = fopen(path, "wb");
	if (!probe) {
		cr_err_set(err, 500, "internal", "", "cannot create %s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(probe);
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	w->wb = workbook_new_opt(path, &opt);
	if (!w->wb) {
		cr_err_set(err, 500, "internal", "", "cannot create %s", path);
		goto fail;
	}
	lxw_error e = sheet_name ? workbook_validate_sheet_name(w->wb, sheet_name) : LXW_NO_ERROR;
	if (e != LXW_NO_ERROR) {
		cr_err_set(err, 400, "invalid", "sheet_name", "invalid sheet name: %s",
			   lxw_strerror(e));
		goto fail;
	}
	w->ws = workbook_add_worksheet(w->wb, sheet_name);
	w->bold = workbook_add_format(w->wb);
	if (!w->ws || !w->bold) {
		cr_err_set(err, 500, "internal", "", "out of memory");
		goto fail;
	}
	format_set_bold(w->bold);
	worksheet_freeze_panes(w->ws, 1, 0);
	return w;
fail:
	if (w->csv)
		fclose(w->csv);
	if (w->wb) {
		/* close to free it; what it writes is removed below */
		workbook_close(w->wb);
	}
	remove(path);
	free(w->path);
	free(w);
	return NULL;
}

static bool needs_quotes(const char *s)
{
	size_t n = strlen(s);
	return strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
}

static int buf_put(struct cr_table_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p, b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
	return 0;
}

int cr_table_csv_append(struct cr_table_buf *b, const char *const *cells, const char *types,
			size_t n, int flags)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i] ? cells[i] : "";
		bool text = !types || types[i] != 'n';
		bool guard = text && (flags & CR_TABLE_FORMULA_GUARD) && s[0] &&
			     strchr("=+-@\t\r", s[0]);
		bool quote = needs_quotes(s);
		if (i && buf_put(b, ",", 1))
			return -1;
		if (quote && buf_put(b, "\"", 1))
			return -1;
		if (guard && buf_put(b, "'", 1))
			return -1;
		for (const char *p = s; *p;) {
			size_t k = strcspn(p, "\"");
			if (buf_put(b, p, k))
				return -1;
			p += k;
			if (*p == '"') {
				if (buf_put(b, "\"\"", 2))
					return -1;
				p++;
			}
		}
		if (quote && buf_put(b, "\"", 1))
			return -1;
	}
	return buf_put(b, "\r\n", 2);
}

const char *cr_table_fixed(double v, int dec, char *out, size_t cap)
{
	static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
	double a = fabs(v);
	if (dec < 0 || dec > 9 || cap < 32 || !(a < 1e9)) {
		snprintf(out, cap, "%.*f", dec, v);
		return out;
	}
	/* a * 10^dec is off by far less than 1e-6 from the exact scaled value; away from a
	 * rounding tie its nearest integer is the one printf rounds the exact value to */
	double scaled = a * pow10[dec], frac = scaled - floor(scaled);
	if (fabs(frac - 0.5) < 1e-6) {
		snprintf(out, cap, "%.*f", dec, v);
		return out;
	}
	unsigned long long n = (unsigned long long)floor(scaled + 0.5);
	char digits[32];
	int k = 0;
	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n || k <= dec);
	size_t o = 0;
	if (signbit(v))
		out[o++] = '-';
	for (int i = k - 1; i >= 0; i--) {
		out[o++] = digits[i];
		if (i == dec && dec)
			out[o++] = '.';
	}
	out[o] = 0;
	return out;
}

static int csv_row(struct cr_table_writer *w, const char *const *cells, const char *types, size_t n)
{
	w->line.len = 0;
	if (cr_table_csv_append(&w->line, cells, types, n, w->flags))
		return cr_err_set(&w->err, 500, "internal", "", "out of memory");
	if (fwrite(w->line.p, 1, w->line.len, w->csv) != w->line.len)
		return cr_err_set(&w->err, 500, "internal", "", "writing %s: %s", w->path,
				  strerror(errno));
	return 0;
}

int cr_table_writer_layout(struct cr_table_writer *w, const struct cr_table_layout *l)
{
	if (w->err.status)
		return -1;
	if (w->format != CR_TABLE_XLSX)
		return 0;
	if (w->nrows || w->laid_out)
		return cr_err_set(&w->err, 500, "internal", "", "layout after the first row");
	w->laid_out = true;
	w->title_fmt = workbook_add_format(w->wb);
	if (!w->title_fmt)
		return cr_err_set(&w->err, 500, "internal", "", "out of memory");
	format_set_bold(w->title_fmt);
	format_set_font_size(w->title_fmt, 14);
	lxw_row_t r = 0;
	lxw_error e = LXW_NO_ERROR;
	if (l->title && *l->title) {
		worksheet_set_row(w->ws, r, 22, NULL);
		e = worksheet_write_string(w->ws, r++, 0, l->title, w->title_fmt);
	}
	for (size_t i = 0; e == LXW_NO_ERROR && i < 4 && l->notes[i]; i++)
		e = worksheet_write_string(w->ws, r++, 0, l->notes[i], NULL);
	if (e != LXW_NO_ERROR)
		return fail_lxw(w, e);
	w->head = r;
	w->nrows = r;
	worksheet_freeze_panes(w->ws, r + 1, 0);
	worksheet_repeat_rows(w->ws, r, r);
	worksheet_set_landscape(w->ws);
	worksheet_set_paper(w->ws, 9); /* A4 */
	worksheet_fit_to_pages(w->ws, 1, 0);
	worksheet_set_margins(w->ws, 0.4, 0.4, 0.5, 0.5);
	return 0;
}

static int xlsx_row(struct cr_table_writer *w, const char *const *cells, const char *types,
		    size_t n)
{
	if (w->nrows >= XLSX_MAX_ROWS)
		return cr_err_set(&w->err, 413, "too_large", "", "more than %u rows for one sheet",
				  XLSX_MAX_ROWS);
	if (n > XLSX_MAX_COLS)
		return cr_err_set(&w->err, 413, "too_large", "",
				  "more than %u columns for one sheet", XLSX_MAX_COLS);
	if (n > w->width_cap) {
		double *p = realloc(w->width, n * sizeof *p);
		if (!p)
			return cr_err_set(&w->err, 500, "internal", "", "out of memory");
		for (size_t i = w->width_cap; i < n; i++)
			p[i] = WIDTH_MIN;
		w->width = p, w->width_cap = n;
	}
	lxw_row_t r = (lxw_row_t)w->nrows;
	lxw_format *fmt = w->nrows == w->head ? w->bold : NULL;
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i];
		if (!s || !*s)
			continue;
		lxw_col_t c = (lxw_col_t)i;
		double v;
		lxw_error e;
		if (types && types[i] == 'n' && parse_number(s, &v))
			e = worksheet_write_number(w->ws, r, c, v, fmt);
		else
			e = worksheet_write_string(w->ws, r, c, s, fmt);
		if (e != LXW_NO_ERROR)
			return fail_lxw(w, e);
		double width = text_width(s) + 2;
		if (width > w->width[i])
			w->width[i] = width < WIDTH_MAX ? width : WIDTH_MAX;
	}
	return 0;
}

int cr_table_writer_row_typed(struct cr_table_writer *w, const char *const *cells,
			      const char *types, size_t n)
{
	if (w->err.status)
		return -1;
	int rc = w->format == CR_TABLE_CSV ? csv_row(w, cells, types, n)
					   : xlsx_row(w, cells, types, n);
	if (rc)
		return rc;
	w->nrows++;
	if (n > w->ncols)
		w->ncols = n;
	return 0;
}

int cr_table_writer_row(struct cr_table_writer *w, const char *const *cells, size_t n)
{
	return cr_table_writer_row_typed(w, cells, NULL, n);
}

/* The current sheet's column widths, filter and print area (XLSX). */
static void finish_sheet(struct cr_table_writer *w)
{
	for (size_t i = 0; i < w->ncols; i++)
		worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, w->width[i], NULL);
	if (w->nrows > w->head && w->ncols)
		worksheet_autofilter(w->ws, w->head, 0, (lxw_row_t)(w->nrows - 1),
				     (lxw_col_t)(w->ncols - 1));
	if (w->laid_out && w->nrows && w->ncols)
		worksheet_print_area(w->ws, 0, 0, (lxw_row_t)(w->nrows - 1),
				     (lxw_col_t)(w->ncols - 1));
}

int cr_table_writer_sheet(struct cr_table_writer *w, const char *sheet_name)
{
	if (w->err.status)
		return -1;
	if (w->format != CR_TABLE_XLSX)
		return cr_err_set(&w->err, 400, "invalid", "format", "a CSV file has one table");
	lxw_error e = workbook_validate_sheet_name(w->wb, sheet_name);
	if (e != LXW_NO_ERROR)
		return cr_err_set(&w->err, 400, "invalid", "sheet_name", "invalid sheet name: %s",
				  lxw_strerror(e));
	finish_sheet(w);
	if (!(w->ws = workbook_add_worksheet(w->wb, sheet_name)))
		return cr_err_set(&w->err, 500, "internal", "", "out of memory");
	worksheet_freeze_panes(w->ws, 1, 0);
	w->nrows = w->ncols = 0;
	w->head = 0;
	w->laid_out = false;
	for (size_t i = 0; i < w->width_cap; i++)
		w->width[i] = WIDTH_MIN;
	return 0;
}

int cr_table_writer_close(struct cr_table_writer *w, struct cr_err *err)
{
	if (!w)
		return 0;
	if (w->csv) {
		if (fclose(w->csv) != 0 && !w->err.status)
			cr_err_set(&w->err, 500, "internal", "", "writing %s: %s", w->path,
				   strerror(errno));
	} else {
		finish_sheet(w);
		lxw_error e = workbook_close(w->wb);
		if (e != LXW_NO_ERROR)
			fail_lxw(w, e);
	}
	int rc = 0;
	if (w->err.status) {
		if (err)
			*err = w->err;
		rc = -1;
	}
	free(w->width);
	free(w->line.p);
	free(w->path);
	free(w);
	return rc;
}
