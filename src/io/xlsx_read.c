/* xlsx_read.c — XLSX uploads to rows: libzip over the bytes in memory, expat streaming each part.
 * It must not evaluate formulas, follow DTDs or entities, read more than CR_TABLE_MAX_XML bytes
 * of inflated data, or buffer a whole sheet: rows go to the callback as they end. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "core/grow.h"
#include "io/table_read.h"

#define NS_SEP '\x01'    /* expat joins namespace and local name with this */
#define PATH_MAX_LEN 256 /* part names we accept from the relationships file */
#define MAX_SHARED_STRINGS 4000000u
#define MAX_STYLES 65536u   /* cell formats (Excel allows 64,000) */
#define MAX_DATE_FMTS 1024u /* custom number formats that show dates */

/* ===== Reader state ===== */

enum phase { PH_WORKBOOK, PH_RELS, PH_STYLES, PH_STRINGS, PH_SHEET };

struct xlsx {
	cr_row_fn fn;
	void *ctx;
	zip_t *zip;
	struct cr_err *err;
	int rc;        /* first error or callback result; once set, handlers do nothing */
	size_t budget; /* inflated bytes still allowed */
	XML_Parser xp;
	enum phase phase;
	const char *part; /* part being parsed, for messages */

	/* text of the element being collected (<t>, <v>) */
	char text[CR_TABLE_MAX_CELL + 1];
	size_t text_len;
	bool in_text;
	int in_rph; /* depth inside phonetic runs, whose text is not cell text */

	/* workbook.xml and its relationships */
	char sheet_rid[PATH_MAX_LEN];
	bool date1904;
	bool in_sheets;
	char sheet_path[PATH_MAX_LEN];
	char strings_path[PATH_MAX_LEN];
	char styles_path[PATH_MAX_LEN];

	/* styles.xml: which cell formats show dates */
	unsigned date_fmt[MAX_DATE_FMTS];
	size_t ndate_fmt;
	unsigned char *xf_date; /* per cell format: 0 number, 1 date */
	size_t nxf;
	bool in_cellxfs;

	/* sharedStrings.xml: all strings back to back, each NUL-terminated */
	char *ss;
	size_t ss_len, ss_cap;
	uint32_t *ss_off;
	size_t nss, ss_off_cap;
	bool in_si;

	/* the sheet */
	bool in_sheetdata, in_row, in_cell, in_is;
	size_t rowno;   /* current row number, 0 before the first */
	size_t col;     /* current cell's column, 1-based; 0 before the first in a row */
	char ctype[16]; /* current cell's t attribute */
	size_t cstyle;
	bool has_value;
	char *row; /* the row's cell values, each NUL-terminated */
	size_t row_len, row_cap;
	size_t row_off[CR_TABLE_MAX_COLS];
	bool row_set[CR_TABLE_MAX_COLS];
	size_t ncells; /* highest column with a value */
};

static void fail(struct xlsx *x, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Records the first error and stops the parser that is running, if any. */
static void fail(struct xlsx *x, int status, const char *code, const char *fmt, ...)
{
	if (x->rc)
		return;
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	x->rc = cr_err_set(x->err, status, code, "file", "%s", msg);
	if (x->xp)
		XML_StopParser(x->xp, XML_FALSE);
}

#define INVALID(x, ...) fail(x, 400, "invalid", __VA_ARGS__)
#define TOO_LARGE(x, ...) fail(x, 413, "too_large", __VA_ARGS__)
#define NO_MEMORY(x) fail(x, 500, "internal", "out of memory")

/* ===== Small helpers ===== */

/* Local part of an expat name "namespace\x01local" (or a name without namespace). */
static const char *local(const char *name)
{
	const char *p = strrchr(name, NS_SEP);
	return p ? p + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* Parses a decimal unsigned integer that fits in max; false otherwise. */
static bool parse_uint(const char *s, size_t max, size_t *out)
{
	size_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		size_t d = (size_t)(*s - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

/* Resolves a relationship target against the folder of workbook.xml ("xl/"). False when the
 * result would leave the package or is too long. */
static bool resolve_target(const char *target, char *out, size_t cap)
{
	char buf[PATH_MAX_LEN * 2];
	if (target[0] == '/')
		snprintf(buf, sizeof buf, "%s", target + 1);
	else
		snprintf(buf, sizeof buf, "xl/%s", target);
	if (strlen(buf) >= PATH_MAX_LEN)
		return false;
	/* fold "./" and "dir/../" segments */
	size_t o = 0;
	for (const char *p = buf; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* "//" and "./" add nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (o == 0)
				return false;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			if (o + n + 2 > cap)
				return false;
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	out[o] = '\0';
	return o > 0;
}

/* ===== Numbers and dates ===== */

/* Excel's built-in number formats that show a date or time (ids 27-36 and 50-58 are the
 * East Asian date formats, e.g. 31 = "yyyy年m月d日" in a Chinese Excel). Durations (45-47)
 * stay numbers. */
static bool builtin_date(unsigned id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* A custom format code shows a date when a date/time letter appears outside quotes, brackets
 * ([Red], [$-804]) and escapes. */
static bool format_is_date(const char *code)
{
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':
			p = strchr(p + 1, '"');
			if (!p)
				return false;
			break;
		case '[':
			p = strchr(p + 1, ']');
			if (!p)
				return false;
			break;
		case '\\':
		case '_':
		case '*':
			if (!p[1])
				return false;
			p++;
			break;
		case 'y':
		case 'Y':
		case 'm':
		case 'M':
		case 'd':
		case 'D':
		case 'h':
		case 'H':
		case 's':
		case 'S':
			return true;
		}
	}
	return false;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Writes an Excel date serial as text; false when it is out of Excel's date range. */
static bool format_date(double serial, bool date1904, char *out, size_t cap)
{
	if (!(serial >= 0 && serial < 2958466))
		return false;
	long secs = lround(serial * 86400.0);
	long days = secs / 86400, sod = secs % 86400;
	if (date1904)
		days -= 24107; /* 1904-01-01 is 24107 days before 1970-01-01 */
	else if (days >= 61)
		days -= 25569; /* 1899-12-30 + serial; serial 60 is Excel's 1900-02-29 */
	else
		days -= 25568;
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	int hh = (int)(sod / 3600), mm = (int)(sod / 60 % 60), ss = (int)(sod % 60);
	if (serial < 1 && !date1904)
		snprintf(out, cap, "%02d:%02d:%02d", hh, mm, ss);
	else if (sod)
		snprintf(out, cap, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mm, ss);
	else
		snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
	return true;
}

/* Normalises a stored number: plain decimals keep their digits ("120.9808", "73728.0" ->
 * "73728"), exponent forms are written out in the shortest form that reads back the same.
 * False when s is not a finite number. */
static bool format_number(const char *s, char *out, size_t cap)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v))
		return false;
	size_t n = strlen(s);
	bool plain = n < cap && strspn(s, "-0123456789.") == n;
	if (plain) {
		memcpy(out, s, n + 1);
		char *dot = strchr(out, '.');
		if (dot) {
			char *e = out + strlen(out);
			while (e > dot + 1 && e[-1] == '0')
				*--e = '\0';
			if (e == dot + 1)
				*dot = '\0';
		}
	} else if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(out, cap, "%.0f", v);
	} else {
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(out, cap, "%.*g", prec, v);
			if (strtod(out, NULL) == v)
				break;
		}
	}
	if (strcmp(out, "-0") == 0)
		copy(out, cap, "0");
	return true;
}

/* ===== Text collection (shared by every part) ===== */

static void on_text(void *ud, const XML_Char *s, int n)
{
	struct xlsx *x = ud;
	if (x->rc || !x->in_text || x->in_rph)
		return;
	if ((size_t)n > CR_TABLE_MAX_CELL - x->text_len) {
		if (x->phase == PH_SHEET)
			TOO_LARGE(x, "row %zu: a cell is longer than %u bytes", x->rowno,
				  CR_TABLE_MAX_CELL);
		else
			TOO_LARGE(x, "a shared string is longer than %u bytes", CR_TABLE_MAX_CELL);
		return;
	}
	memcpy(x->text + x->text_len, s, (size_t)n);
	x->text_len += (size_t)n;
	x->text[x->text_len] = '\0';
}

static void text_start(struct xlsx *x)
{
	x->in_text = true;
	x->text_len = 0;
	x->text[0] = '\0';
}

/* ===== workbook.xml, its relationships and styles.xml ===== */

static void workbook_start(struct xlsx *x, const char *el, const char **atts)
{
	if (strcmp(el, "workbookPr") == 0) {
		const char *v = attr(atts, "date1904");
		x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(el, "sheets") == 0) {
		x->in_sheets = true;
	} else if (strcmp(el, "sheet") == 0 && x->in_sheets && !x->sheet_rid[0]) {
		const char *id = attr(atts, "id");
		if (id)
			copy(x->sheet_rid, sizeof x->sheet_rid, id);
	}
}

static bool type_is(const char *type, const char *suffix)
{
	size_t n = strlen(type), m = strlen(suffix);
	return n >= m && strcmp(type + n - m, suffix) == 0;
}

static void rels_start(struct xlsx *x, const char *el, const char **atts)
{
	if (strcmp(el, "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target");
	if (!id || !type || !target)
		return;
	char *dst = NULL;
	if (strcmp(id, x->sheet_rid) == 0)
		dst = x->sheet_path;
	else if (type_is(type, "/sharedStrings"))
		dst = x->strings_path;
	else if (type_is(type, "/styles"))
		dst = x->styles_path;
	if (dst && !resolve_target(target, dst, PATH_MAX_LEN))
		INVALID(x, "workbook relationship points outside the file: %.80s", target);
}

static void styles_start(struct xlsx *x, const char *el, const char **atts)
{
	if (strcmp(el, "numFmt") == 0) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		size_t v;
		if (id && code && parse_uint(id, UINT32_MAX, &v) && format_is_date(code) &&
		    x->ndate_fmt < MAX_DATE_FMTS)
			x->date_fmt[x->ndate_fmt++] = (unsigned)v;
	} else if (strcmp(el, "cellXfs") == 0) {
		x->in_cellxfs = true;
	} else if (strcmp(el, "xf") == 0 && x->in_cellxfs) {
		if (x->nxf == MAX_STYLES) {
			TOO_LARGE(x, "more than %u cell formats", MAX_STYLES);
			return;
		}
		if (!x->xf_date && !(x->xf_date = calloc(MAX_STYLES, 1))) {
			NO_MEMORY(x);
			return;
		}
		const char *id = attr(atts, "numFmtId");
		size_t v = 0;
		bool date = false;
		if (id && parse_uint(id, UINT32_MAX, &v)) {
			date = builtin_date((unsigned)v);
			for (size_t i = 0; i < x->ndate_fmt && !date; i++)
				date = x->date_fmt[i] == v;
		}
		x->xf_date[x->nxf++] = date;
	}
}

/* ===== sharedStrings.xml ===== */

static bool ss_add(struct xlsx *x, const char *s, size_t n)
{
	if (x->nss == MAX_SHARED_STRINGS) {
		TOO_LARGE(x, "more than %u shared strings", MAX_SHARED_STRINGS);
		return false;
	}
	if (CR_GROW(x->ss_off, x->ss_off_cap, x->nss + 1)) {
		NO_MEMORY(x);
		return false;
	}
	if (x->ss_len + n + 1 > UINT32_MAX) { /* offsets are 32-bit */
		TOO_LARGE(x, "shared strings take more than 4 GiB");
		return false;
	}
	if (CR_GROW(x->ss, x->ss_cap, x->ss_len + n + 1)) {
		NO_MEMORY(x);
		return false;
	}
	memcpy(x->ss + x->ss_len, s, n);
	x->ss[x->ss_len + n] = '\0';
	x->ss_off[x->nss++] = (uint32_t)x->ss_len;
	x->ss_len += n + 1;
	return true;
}

/* ===== The worksheet ===== */

/* "C5" -> column 3 (1-based); 0 when malformed. Columns past 16384 (XFD) are malformed. */
static size_t parse_ref_col(const char *ref)
{
	size_t col = 0;
	const char *p = ref;
	for (; *p >= 'A' && *p <= 'Z'; p++) {
		col = col * 26 + (size_t)(*p - 'A' + 1);
		if (col > 16384)
			return 0;
	}
	if (p == ref || *p < '1' || *p > '9')
		return 0;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return col;
}

static void row_put(struct xlsx *x, size_t col, const char *s)
{
	size_t n = strlen(s);
	if (!n)
		return;
	if (col > CR_TABLE_MAX_COLS) {
		TOO_LARGE(x, "row %zu: a value lies past column %u (IV)", x->rowno,
			  CR_TABLE_MAX_COLS);
		return;
	}
	if (CR_GROW(x->row, x->row_cap, x->row_len + n + 1)) {
		NO_MEMORY(x);
		return;
	}
	memcpy(x->row + x->row_len, s, n + 1);
	x->row_off[col - 1] = x->row_len;
	x->row_set[col - 1] = true;
	x->row_len += n + 1;
	if (col > x->ncells)
		x->ncells = col;
}

static void cell_end(struct xlsx *x)
{
	char buf[64];
	const char *v = x->text;
	const char *t = x->ctype;
	if (!x->has_value)
		return;
	if (strcmp(t, "s") == 0) {
		size_t i;
		if (!parse_uint(x->text, SIZE_MAX, &i) || i >= x->nss) {
			INVALID(x, "row %zu: shared string %.20s does not exist", x->rowno,
				x->text);
			return;
		}
		v = x->ss + x->ss_off[i];
	} else if (strcmp(t, "b") == 0) {
		v = strcmp(x->text, "1") == 0 ? "TRUE" : strcmp(x->text, "0") == 0 ? "FALSE" : "";
		if (!*v) {
			INVALID(x, "row %zu: invalid boolean %.20s", x->rowno, x->text);
			return;
		}
	} else if (t[0] == '\0' || strcmp(t, "n") == 0) {
		if (!x->text_len)
			return;
		if (!format_number(x->text, buf, sizeof buf)) {
			INVALID(x, "row %zu: invalid number %.40s", x->rowno, x->text);
			return;
		}
		if (x->cstyle < x->nxf && x->xf_date[x->cstyle])
			format_date(strtod(buf, NULL), x->date1904, buf, sizeof buf);
		v = buf;
	}
	/* "str" (formula text), "inlineStr", "e" (error), "d" (ISO date): as written */
	row_put(x, x->col, v);
}

static void row_end(struct xlsx *x)
{
	if (!x->ncells)
		return;
	const char *cells[CR_TABLE_MAX_COLS];
	for (size_t i = 0; i < x->ncells; i++)
		cells[i] = x->row_set[i] ? x->row + x->row_off[i] : "";
	int rc = x->fn(x->ctx, x->rowno, cells, x->ncells, x->err);
	if (rc) {
		x->rc = rc;
		XML_StopParser(x->xp, XML_FALSE);
	}
}

/* ===== expat handlers ===== */

static void on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	if (x->rc)
		return;
	const char *el = local(name);
	switch (x->phase) {
	case PH_WORKBOOK:
		workbook_start(x, el, atts);
		return;
	case PH_RELS:
		rels_start(x, el, atts);
		return;
	case PH_STYLES:
		styles_start(x, el, atts);
		return;
	case PH_STRINGS:
		if (strcmp(el, "si") == 0) {
			x->in_si = true;
			x->text_len = 0;
			x->text[0] = '\0';
		} else if (strcmp(el, "rPh") == 0) {
			x->in_rph++;
		} else if (strcmp(el, "t") == 0 && x->in_si) {
			x->in_text = true;
		}
		return;
	case PH_SHEET:
		break;
	}

	if (strcmp(el, "sheetData") == 0) {
		x->in_sheetdata = true;
	} else if (!x->in_sheetdata) {
		return;
	} else if (strcmp(el, "row") == 0) {
		const char *r = attr(atts, "r");
		size_t n = x->rowno + 1;
		if (r && !parse_uint(r, SIZE_MAX / 2, &n)) {
			INVALID(x, "row after row %zu: invalid row number", x->rowno);
			return;
		}
		if (n > CR_TABLE_MAX_ROWS) {
			TOO_LARGE(x, "more than %u rows", CR_TABLE_MAX_ROWS);
			return;
		}
		if (n <= x->rowno) {
			INVALID(x, "row %zu comes after row %zu", n, x->rowno);
			return;
		}
		x->rowno = n;
		x->in_row = true;
		x->col = 0;
		x->ncells = 0;
		x->row_len = 0;
		memset(x->row_set, 0, sizeof x->row_set);
	} else if (strcmp(el, "c") == 0) {
		if (!x->in_row) {
			INVALID(x, "a cell lies outside any row");
			return;
		}
		const char *ref = attr(atts, "r");
		size_t col = x->col + 1;
		if (ref && !(col = parse_ref_col(ref))) {
			INVALID(x, "row %zu: invalid cell reference %.20s", x->rowno, ref);
			return;
		}
		if (col <= x->col) {
			INVALID(x, "row %zu: cells out of order", x->rowno);
			return;
		}
		x->col = col;
		const char *t = attr(atts, "t"), *s = attr(atts, "s");
		copy(x->ctype, sizeof x->ctype, t ? t : "");
		if (!s || !parse_uint(s, SIZE_MAX, &x->cstyle))
			x->cstyle = 0;
		x->in_cell = true;
		x->has_value = false;
		x->text_len = 0;
		x->text[0] = '\0';
	} else if (!x->in_cell) {
		return;
	} else if (strcmp(el, "v") == 0) {
		text_start(x);
		x->has_value = true;
	} else if (strcmp(el, "is") == 0) {
		x->in_is = true;
		x->has_value = true;
		x->text_len = 0;
		x->text[0] = '\0';
	} else if (strcmp(el, "rPh") == 0) {
		x->in_rph++;
	} else if (strcmp(el, "t") == 0 && x->in_is) {
		x->in_text = true;
	}
}

static void on_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	if (x->rc)
		return;
	const char *el = local(name);
	switch (x->phase) {
	case PH_WORKBOOK:
		if (strcmp(el, "sheets") == 0)
			x->in_sheets = false;
		return;
	case PH_RELS:
		return;
	case PH_STYLES:
		if (strcmp(el, "cellXfs") == 0)
			x->in_cellxfs = false;
		return;
	case PH_STRINGS:
		if (strcmp(el, "t") == 0) {
			x->in_text = false;
		} else if (strcmp(el, "rPh") == 0 && x->in_rph) {
			x->in_rph--;
		} else if (strcmp(el, "si") == 0 && x->in_si) {
			x->in_si = false;
			ss_add(x, x->text, x->text_len);
		}
		return;
	case PH_SHEET:
		break;
	}

	if (strcmp(el, "t") == 0 || strcmp(el, "v") == 0) {
		x->in_text = false;
	} else if (strcmp(el, "rPh") == 0 && x->in_rph) {
		x->in_rph--;
	} else if (strcmp(el, "is") == 0) {
		x->in_is = false;
	} else if (strcmp(el, "c") == 0 && x->in_cell) {
		x->in_cell = false;
		cell_end(x);
	} else if (strcmp(el, "row") == 0 && x->in_row) {
		x->in_row = false;
		row_end(x);
	} else if (strcmp(el, "sheetData") == 0) {
		x->in_sheetdata = false;
	}
}

/* Any DOCTYPE is refused: workbook parts never have one, and it is how entity bombs start. */
static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
		       int has_internal_subset)
{
	struct xlsx *x = ud;
	INVALID(x, "%s: DOCTYPE is not allowed", x->part);
}

/* ===== Parts ===== */

/* Streams one zip entry through expat with the handlers of phase ph. A missing entry is an
 * error unless optional. */
static void parse_part(struct xlsx *x, const char *name, enum phase ph, bool optional)
{
	if (x->rc)
		return;
	zip_stat_t sb;
	zip_stat_init(&sb);
	if (zip_stat(x->zip, name, 0, &sb) != 0) {
		if (!optional)
			INVALID(x, "not an Excel workbook (.xlsx): %s is missing", name);
		return;
	}
	if (!(sb.valid & ZIP_STAT_SIZE) || sb.size > x->budget) {
		TOO_LARGE(x, "workbook is larger than %u MiB uncompressed", CR_TABLE_MAX_XML >> 20);
		return;
	}
	zip_file_t *zf = zip_fopen_index(x->zip, sb.index, 0);
	if (!zf) {
		INVALID(x, "cannot read %s: %s", name, zip_strerror(x->zip));
		return;
	}
	x->xp = XML_ParserCreateNS(NULL, NS_SEP);
	if (!x->xp) {
		zip_fclose(zf);
		NO_MEMORY(x);
		return;
	}
	x->phase = ph;
	x->part = name;
	x->in_text = false;
	x->in_rph = 0;
	XML_SetUserData(x->xp, x);
	XML_SetElementHandler(x->xp, on_start, on_end);
	XML_SetCharacterDataHandler(x->xp, on_text);
	XML_SetStartDoctypeDeclHandler(x->xp, on_doctype);

	char buf[65536];
	zip_uint64_t total = 0;
	bool xml_failed = false;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, sizeof buf);
		if (n < 0) {
			INVALID(x, "cannot read %s: %s", name, zip_file_strerror(zf));
			break;
		}
		total += (zip_uint64_t)n;
		if (total > sb.size) {
			INVALID(x, "%s inflates past its declared size", name);
			break;
		}
		if (total > x->budget) {
			TOO_LARGE(x, "workbook is larger than %u MiB uncompressed",
				  CR_TABLE_MAX_XML >> 20);
			break;
		}
		if (XML_Parse(x->xp, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			xml_failed = true;
			break;
		}
		if (n == 0)
			break;
	}
	if (xml_failed && !x->rc)
		INVALID(x, "%s, line %lu: %s", name, (unsigned long)XML_GetCurrentLineNumber(x->xp),
			XML_ErrorString(XML_GetErrorCode(x->xp)));
	x->budget -= total <= x->budget ? total : x->budget;
	XML_ParserFree(x->xp);
	x->xp = NULL;
	zip_fclose(zf);
}

int cr_xlsx_read(const void *data, size_t len, cr_row_fn fn, void *ctx, struct cr_err *err)
{
	struct xlsx *x = calloc(1, sizeof *x);
	if (!x)
		return cr_err_set(err, 500, "internal", "", "out of memory");
	x->fn = fn, x->ctx = ctx, x->err = err, x->budget = CR_TABLE_MAX_XML;

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = len ? zip_source_buffer_create(data, len, 0, &ze) : NULL;
	if (src && !(x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze)))
		zip_source_free(src);
	zip_error_fini(&ze);
	if (!x->zip) {
		INVALID(x, "not a valid .xlsx file (the zip is damaged or truncated)");
		goto out;
	}

	parse_part(x, "xl/workbook.xml", PH_WORKBOOK, false);
	if (!x->rc && !x->sheet_rid[0])
		INVALID(x, "the workbook has no worksheet");
	parse_part(x, "xl/_rels/workbook.xml.rels", PH_RELS, false);
	if (!x->rc && !x->sheet_path[0])
		INVALID(x, "the workbook's first sheet has no part");
	if (x->styles_path[0])
		parse_part(x, x->styles_path, PH_STYLES, true);
	parse_part(x, x->strings_path[0] ? x->strings_path : "xl/sharedStrings.xml", PH_STRINGS,
		   true);
	parse_part(x, x->sheet_path, PH_SHEET, false);
out:
	if (x->zip)
		zip_discard(x->zip);
	int rc = x->rc;
	free(x->xf_date);
	free(x->ss);
	free(x->ss_off);
	free(x->row);
	free(x);
	return rc;
}
