/* pdf_doc.c — A4 pages on cairo's PDF surface with pango text: a cursor moving down the page,
 * headings, paragraphs, tables with repeated headers. Must not know what a report contains. */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "io/pdf_doc.h"

#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 50.0
#define FOOT 28.0
#define CELL_PAD 3.0

struct cr_pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	double y; /* the cursor: top of what comes next */
	int page;
	char *footer;
	double table_font; /* points */
};

void cr_rgb_set(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
			     (rgb & 255) / 255.0);
}

unsigned cr_rgb_parse(const char *hex, unsigned fallback)
{
	if (!hex || hex[0] != '#' || strlen(hex) != 7)
		return fallback;
	char *end;
	unsigned long v = strtoul(hex + 1, &end, 16);
	return *end ? fallback : (unsigned)v;
}

bool cr_rgb_light(unsigned rgb)
{
	double y = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
	return y > 150;
}

static PangoLayout *layout_of(cairo_t *cr, const char *text, double width, double size, bool bold,
			      int align)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(CR_PDF_FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_alignment(l, align < 0    ? PANGO_ALIGN_LEFT
					      : align == 0 ? PANGO_ALIGN_CENTER
							   : PANGO_ALIGN_RIGHT);
	}
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

void cr_text_size(cairo_t *cr, const char *text, double width, double size, bool bold, double *w,
		  double *h)
{
	PangoLayout *l = layout_of(cr, text, width, size, bold, -1);
	int pw, ph;
	pango_layout_get_size(l, &pw, &ph);
	*w = (double)pw / PANGO_SCALE;
	*h = (double)ph / PANGO_SCALE;
	g_object_unref(l);
}

double cr_text_draw(cairo_t *cr, const char *text, double x, double y, double width, double size,
		    bool bold, unsigned rgb, int align)
{
	PangoLayout *l = layout_of(cr, text, width, size, bold, align);
	int pw, ph;
	pango_layout_get_size(l, &pw, &ph);
	double dx = 0;
	if (width <= 0 && align >= 0) /* unwrapped text aligned on x: centre or right edge */
		dx = align == 0 ? -(double)pw / PANGO_SCALE / 2 : -(double)pw / PANGO_SCALE;
	cairo_save(cr);
	cr_rgb_set(cr, rgb);
	cairo_move_to(cr, x + dx, y);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	g_object_unref(l);
	return (double)ph / PANGO_SCALE;
}

static void page_foot(struct cr_pdf *p)
{
	char text[320];
	snprintf(text, sizeof text, "%s%s第 %d 页", p->footer ? p->footer : "",
		 p->footer ? "    " : "", p->page);
	cr_text_draw(p->cr, text, MARGIN, PAGE_H - FOOT, PAGE_W - 2 * MARGIN, 8, false, 0x666666,
		     0);
}

void cr_pdf_page_break(struct cr_pdf *p)
{
	page_foot(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

struct cr_pdf *cr_pdf_open(const char *path, const char *footer, struct cr_err *err)
{
	struct cr_pdf *p = calloc(1, sizeof *p);
	if (!p) {
		cr_err_set(err, 500, "internal", "", "out of memory");
		return NULL;
	}
	p->surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) {
		cr_err_set(err, 500, "internal", "", "cannot write the PDF %s: %s", path,
			   cairo_status_to_string(cairo_surface_status(p->surface)));
		cairo_surface_destroy(p->surface);
		free(p);
		return NULL;
	}
	p->cr = cairo_create(p->surface);
	p->footer = footer ? strdup(footer) : NULL;
	p->page = 1;
	p->y = MARGIN;
	p->table_font = 8;
	return p;
}

void cr_pdf_free(struct cr_pdf *p)
{
	if (!p)
		return;
	cairo_destroy(p->cr);
	cairo_surface_destroy(p->surface);
	free(p->footer);
	free(p);
}

int cr_pdf_finish(struct cr_pdf *p, struct cr_err *err)
{
	page_foot(p);
	cairo_show_page(p->cr);
	cairo_surface_finish(p->surface);
	cairo_status_t st = cairo_surface_status(p->surface);
	cr_pdf_free(p);
	if (st != CAIRO_STATUS_SUCCESS)
		return cr_err_set(err, 500, "internal", "", "cannot write the PDF: %s",
				  cairo_status_to_string(st));
	return 0;
}

cairo_t *cr_pdf_cairo(struct cr_pdf *p)
{
	return p->cr;
}

double cr_pdf_left(const struct cr_pdf *p)
{
	return MARGIN;
}

double cr_pdf_width(const struct cr_pdf *p)
{
	return PAGE_W - 2 * MARGIN;
}

double cr_pdf_room(struct cr_pdf *p, double h)
{
	if (p->y + h > PAGE_H - MARGIN && p->y > MARGIN)
		cr_pdf_page_break(p);
	double top = p->y;
	p->y += h;
	return top;
}

void cr_pdf_back(struct cr_pdf *p, double h)
{
	p->y = p->y - h < MARGIN ? MARGIN : p->y - h;
}

void cr_pdf_heading(struct cr_pdf *p, int level, const char *text)
{
	static const double size[] = { 20, 14, 11.5 };
	level = level < 0 ? 0 : level > 2 ? 2 : level;
	double w, h;
	cr_text_size(p->cr, text, cr_pdf_width(p), size[level], true, &w, &h);
	/* A heading keeps some of what follows on its page. */
	double top = cr_pdf_room(p, h + (level == 0 ? 14 : 8) + 60);
	cr_pdf_back(p, 60);
	if (level == 1)
		top += 6, p->y += 6;
	cr_text_draw(p->cr, text, MARGIN, top, cr_pdf_width(p), size[level], true,
		     level == 0 ? 0x1f3864 : 0x203040, level == 0 ? 0 : -1);
	if (level == 1) {
		cairo_save(p->cr);
		cr_rgb_set(p->cr, 0x1f3864);
		cairo_set_line_width(p->cr, 1);
		cairo_move_to(p->cr, MARGIN, top + h + 2);
		cairo_line_to(p->cr, PAGE_W - MARGIN, top + h + 2);
		cairo_stroke(p->cr);
		cairo_restore(p->cr);
	}
}

void cr_pdf_text(struct cr_pdf *p, const char *text, double size, unsigned rgb)
{
	double w, h;
	cr_text_size(p->cr, text, cr_pdf_width(p), size, false, &w, &h);
	double top = cr_pdf_room(p, h + 4);
	cr_text_draw(p->cr, text, MARGIN, top, cr_pdf_width(p), size, false, rgb, -1);
}

/* The height of one row: its tallest cell. */
static double row_height(struct cr_pdf *p, size_t ncols, const double *widths,
			 const char *const *cells, bool bold)
{
	double hmax = 0;
	for (size_t i = 0; i < ncols; i++) {
		double w, h;
		cr_text_size(p->cr, cells[i] ? cells[i] : "",
			     widths[i] * cr_pdf_width(p) - 2 * CELL_PAD, p->table_font, bold, &w,
			     &h);
		if (h > hmax)
			hmax = h;
	}
	return hmax + 2 * CELL_PAD;
}

static void row_draw(struct cr_pdf *p, size_t ncols, const double *widths, const char *const *cells,
		     const unsigned *fills, bool head, double top, double h)
{
	double x = MARGIN;
	for (size_t i = 0; i < ncols; i++) {
		double w = widths[i] * cr_pdf_width(p);
		unsigned fill = head ? 0xdde4ee : fills ? fills[i] : 0;
		cairo_save(p->cr);
		if (fill) {
			cr_rgb_set(p->cr, fill);
			cairo_rectangle(p->cr, x, top, w, h);
			cairo_fill(p->cr);
		}
		cr_rgb_set(p->cr, 0x9aa5b5);
		cairo_set_line_width(p->cr, 0.5);
		cairo_rectangle(p->cr, x, top, w, h);
		cairo_stroke(p->cr);
		cairo_restore(p->cr);
		/* White text on the darker grade colours, dark text elsewhere. */
		unsigned ink = fill && !head && !cr_rgb_light(fill) ? 0xffffff : 0x1a1a1a;
		cr_text_draw(p->cr, cells[i] ? cells[i] : "", x + CELL_PAD, top + CELL_PAD,
			     w - 2 * CELL_PAD, p->table_font, head, ink, -1);
		x += w;
	}
}

void cr_pdf_table_font(struct cr_pdf *p, double size)
{
	p->table_font = size;
}

void cr_pdf_table(struct cr_pdf *p, size_t ncols, const double *widths, const char *const *head,
		  const char *const *cells, const unsigned *fills, size_t nrows)
{
	double hh = row_height(p, ncols, widths, head, true);
	int page = -1;
	for (size_t r = 0; r < nrows; r++) {
		const char *const *row = cells + r * ncols;
		double h = row_height(p, ncols, widths, row, false);
		if (p->y + h > PAGE_H - MARGIN)
			cr_pdf_page_break(p);
		if (page != p->page) { /* the header at the top of the table on every page */
			double top = cr_pdf_room(p, hh + h);
			p->y = top + hh;
			row_draw(p, ncols, widths, head, NULL, true, top, hh);
			page = p->page;
		}
		double top = p->y;
		p->y += h;
		row_draw(p, ncols, widths, row, fills ? fills + r * ncols : NULL, false, top, h);
	}
	if (nrows == 0) {
		double top = cr_pdf_room(p, hh);
		row_draw(p, ncols, widths, head, NULL, true, top, hh);
	}
	p->y += 8;
}

/* LeakSanitizer (the test builds) reads this: fontconfig keeps the font patterns pango asks it to
 * match for the life of the process, and cairo 1.16 loses two small arrays in
 * cairo_surface_finish of a PDF with fonts — the libraries' own, not ours. The test builds
 * unwind fast, so a leak inside cairo shows only cairo's frame: the whole library is named.
 * (With ASAN_OPTIONS=fast_unwind_on_malloc=0, every cairo leak left is under
 * cairo_surface_finish.) */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libcairo.so\n";
}
