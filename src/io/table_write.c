/* table_write.c — rows of text to a CSV file (libcsv quoting) or an XLSX file (libxlsxwriter).
 * It must not interpret cell text beyond the number hint, nor hold all rows in memory. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/grow.h"
#include "io/table_write.h"

#include "io/async_file.h"
#include "io/relay.h"

#define XLSX_MAX_ROWS 1048576u
#define XLSX_MAX_COLS 16384u
#define WIDTH_MIN 8.0
#define WIDTH_MAX 60.0

/* XLSX rows go from the caller's thread to a thread of the writer's own in batches, so that
 * libxlsxwriter formats and writes the XML of some rows while the caller reads and formats the
 * next (on two cores the export's wall time is the longer of the two, not their sum). A batch
 * holds copies of the cells' text; NBATCH of them bound the memory held (a few hundred KiB). */
#define NBATCH 4
#define BATCH_TEXT (64u << 10)
#define BATCH_CELLS 4096u

struct batch_cell {
	size_t off; /* of its text in the batch's text */
	double v;
	lxw_row_t row;
	lxw_col_t col;
	bool num; /* write v as a number */
};

struct batch {
	struct cr_table_buf text;
	struct batch_cell *cells;
	size_t ncells, cap;
};

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
	struct cr_async_file *async[8]; /* the sheets' temporary files (see sheet_file) */
	size_t nasync;

	/* the rows' thread (XLSX): the caller fills batch[cr_relay_slot(&relay)] and passes it;
	 * the thread writes it with libxlsxwriter (write_batch) */
	struct batch batch[NBATCH];
	struct cr_relay relay;
	struct cr_err werr; /* the thread's first failure; read by the caller after drain() */
	int wfailed;        /* atomic: werr is set */
};

static int fail_lxw_at(struct cr_err *err, const char *path, size_t row, lxw_error e)
{
	if (err->status)
		return -1;
	if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		return cr_err_set(err, 413, "too_large", "",
				  "row %zu: a cell is longer than 32,767 characters", row);
	return cr_err_set(err, 500, "internal", "", "writing %s: %s", path, lxw_strerror(e));
}

static int fail_lxw(struct cr_table_writer *w, lxw_error e)
{
	return fail_lxw_at(&w->err, w->path, w->nrows + 1, e);
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

/* libxlsxwriter's constant_memory mode writes each sheet's rows to a temporary file (through
 * stdio's 4 KiB buffer: 135,000 write calls and 555 MB copied into the page cache for a
 * whole-city export, a sixth of the rows thread's time), then at the close copies it into the
 * sheet's XML and deflates that into the zip, on one thread. The file becomes an io/async_file.c
 * stream instead: the rows thread fills 1 MiB chunks, a thread of their own deflates them (at
 * cr_xlsx_deflate_level) and writes the deflated bytes, and the close puts those into the zip
 * as they are (io/xlsx_deflate.c) — deflate moves off the close onto a core the write phase
 * leaves partly idle, and the temporary file is a ninth of the size. The file is the library's
 * public member (file and optimize_tmpfile, the same FILE until the workbook closes, which
 * reads it back and fcloses it); a sheet past the eighth keeps the library's file. */
static void sheet_file(struct cr_table_writer *w)
{
	FILE *f = w->ws->optimize_tmpfile;
	if (!f || w->ws->file != f || w->nasync == sizeof w->async / sizeof w->async[0])
		return;
	struct cr_async_file *a = cr_async_file_open_deflated(f, cr_xlsx_deflate_level());
	if (!a)
		return;
	w->ws->optimize_tmpfile = w->ws->file = cr_async_file_stream(a);
	w->async[w->nasync++] = a;
}

/* Frees the sheets' streams (after workbook_close, which closes them when it has written the
 * sheets); a write that failed on the way to disk is the writer's error. */
static void free_async(struct cr_table_writer *w)
{
	for (size_t i = 0; i < w->nasync; i++) {
		int e = cr_async_file_free(w->async[i]);
		if (e && !w->err.status)
			cr_err_set(&w->err, 500, "internal", "", "writing %s: %s", w->path,
				   strerror(e));
	}
	w->nasync = 0;
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

static void write_batch(void *ctx, size_t slot);

static void free_writer(struct cr_table_writer *w)
{
	for (size_t i = 0; i < NBATCH; i++) {
		free(w->batch[i].text.p);
		free(w->batch[i].cells);
	}
	free_async(w);
	cr_relay_end(&w->relay);
	free(w->width);
	free(w->line.p);
	free(w->path);
	free(w);
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
	cr_relay_init(&w->relay, NBATCH, write_batch, w);

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
	sheet_file(w);
	return w;
fail:
	if (w->csv)
		fclose(w->csv);
	if (w->wb) {
		/* close to free it; what it writes is removed below */
		workbook_close(w->wb);
	}
	remove(path);
	free_writer(w);
	return NULL;
}

static bool needs_quotes(const char *s)
{
	size_t n = strlen(s);
	return strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
}

static int buf_put(struct cr_table_buf *b, const char *s, size_t n)
{
	if (CR_GROW(b->p, b->cap, b->len + n + 1))
		return -1;
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

/* Writes one batch's cells with libxlsxwriter (on the rows' thread, or the caller's when no
 * thread could be started). */
static void write_batch(void *ctx, size_t slot)
{
	struct cr_table_writer *w = ctx;
	struct batch *b = &w->batch[slot];
	for (size_t i = 0; i < b->ncells && !w->werr.status; i++) {
		const struct batch_cell *c = &b->cells[i];
		lxw_format *fmt = c->row == w->head ? w->bold : NULL;
		lxw_error e = c->num ? worksheet_write_number(w->ws, c->row, c->col, c->v, fmt)
				     : worksheet_write_string(w->ws, c->row, c->col,
							      b->text.p + c->off, fmt);
		if (e != LXW_NO_ERROR) {
			fail_lxw_at(&w->werr, w->path, (size_t)c->row + 1, e);
			__atomic_store_n(&w->wfailed, 1, __ATOMIC_RELEASE);
		}
	}
	b->ncells = 0;
	b->text.len = 0;
}

/* Hands the batch being filled to the rows' thread (started with the first) and waits for a
 * free one. */
static void publish(struct cr_table_writer *w)
{
	if (!w->batch[cr_relay_slot(&w->relay)].ncells)
		return;
	cr_relay_start(&w->relay); /* or, without a thread, the batch is written here */
	cr_relay_pass(&w->relay);
}

/* Every row given so far is written; the thread's error, if any, becomes the writer's (it is
 * of an earlier row than any the caller found since). */
static void drain(struct cr_table_writer *w)
{
	publish(w);
	cr_relay_wait(&w->relay);
	if (w->werr.status)
		w->err = w->werr;
}

static int batch_add(struct batch *b, lxw_row_t row, lxw_col_t col, const char *s, bool num,
		     double v)
{
	if (CR_GROW(b->cells, b->cap, b->ncells + 1))
		return -1;
	struct batch_cell *c = &b->cells[b->ncells];
	c->off = b->text.len, c->v = v, c->row = row, c->col = col, c->num = num;
	if (!num && buf_put(&b->text, s, strlen(s) + 1))
		return -1;
	b->ncells++;
	return 0;
}

static int xlsx_row(struct cr_table_writer *w, const char *const *cells, const char *types,
		    size_t n)
{
	if (__atomic_load_n(&w->wfailed, __ATOMIC_ACQUIRE))
		return -1; /* reported at close */
	if (w->nrows >= XLSX_MAX_ROWS)
		return cr_err_set(&w->err, 413, "too_large", "", "more than %u rows for one sheet",
				  XLSX_MAX_ROWS);
	if (n > XLSX_MAX_COLS)
		return cr_err_set(&w->err, 413, "too_large", "",
				  "more than %u columns for one sheet", XLSX_MAX_COLS);
	if (n > w->width_cap) {
		size_t was = w->width_cap;
		if (CR_GROW(w->width, w->width_cap, n))
			return cr_err_set(&w->err, 500, "internal", "", "out of memory");
		for (size_t i = was; i < w->width_cap; i++)
			w->width[i] = WIDTH_MIN;
	}
	lxw_row_t r = (lxw_row_t)w->nrows;
	struct batch *b = &w->batch[cr_relay_slot(&w->relay)];
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i];
		if (!s || !*s)
			continue;
		double v = 0;
		bool num = types && types[i] == 'n' && parse_number(s, &v);
		if (batch_add(b, r, (lxw_col_t)i, s, num, v))
			return cr_err_set(&w->err, 500, "internal", "", "out of memory");
		/* a character is at least one byte and counts at most 2, so text of n bytes is
		 * at most n wide: most cells of a long table need no counting */
		if (strlen(s) + 2 <= w->width[i])
			continue;
		double width = text_width(s) + 2;
		if (width > w->width[i])
			w->width[i] = width < WIDTH_MAX ? width : WIDTH_MAX;
	}
	if (b->text.len >= BATCH_TEXT || b->ncells >= BATCH_CELLS)
		publish(w);
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
	drain(w);
	if (w->err.status)
		return -1;
	lxw_error e = workbook_validate_sheet_name(w->wb, sheet_name);
	if (e != LXW_NO_ERROR)
		return cr_err_set(&w->err, 400, "invalid", "sheet_name", "invalid sheet name: %s",
				  lxw_strerror(e));
	finish_sheet(w);
	if (!(w->ws = workbook_add_worksheet(w->wb, sheet_name)))
		return cr_err_set(&w->err, 500, "internal", "", "out of memory");
	worksheet_freeze_panes(w->ws, 1, 0);
	sheet_file(w);
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
		drain(w);
		finish_sheet(w);
		lxw_error e = workbook_close(w->wb);
		if (e != LXW_NO_ERROR)
			fail_lxw(w, e);
		free_async(w);
	}
	int rc = 0;
	if (w->err.status) {
		if (err)
			*err = w->err;
		rc = -1;
	}
	free_writer(w);
	return rc;
}
