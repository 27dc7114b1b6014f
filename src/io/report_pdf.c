/* report_pdf.c — the risk assessment report as PDF: the sections of report_render.c set on A4
 * pages by pdf_doc.c, figures drawn straight onto the page. Must not choose content. */
#include "io/pdf_doc.h"
#include "io/report_render.h"

static void heading(void *ctx, int level, const char *text)
{
	cr_pdf_heading(ctx, level, text);
}

static void para(void *ctx, const char *text)
{
	cr_pdf_text(ctx, text, 10, 0x1a1a1a);
}

static void table(void *ctx, size_t ncols, const double *widths, const char *const *head,
		  const char *const *cells, const unsigned *fills, size_t nrows)
{
	cr_pdf_table(ctx, ncols, widths, head, cells, fills, nrows);
}

static void keep(void *ctx, double h)
{
	struct cr_pdf *p = ctx;
	cr_pdf_room(p, h);
	cr_pdf_back(p, h);
}

static void figure(void *ctx, double w, double h, cr_figure_draw draw, const void *arg)
{
	struct cr_pdf *p = ctx;
	double top = cr_pdf_room(p, h + 10);
	cairo_t *cr = cr_pdf_cairo(p);
	cairo_save(cr);
	cairo_translate(cr, cr_pdf_left(p), top);
	draw(cr, w, h, arg);
	cairo_restore(cr);
}

int cr_report_render_pdf(const json_t *model, const char *path, cr_render_progress fn, void *ctx,
			 struct cr_err *err)
{
	const char *title = json_string_value(json_object_get(model, "title"));
	struct cr_pdf *p = cr_pdf_open(path, title, err);
	if (!p)
		return -1;
	struct cr_report_out out = {
		p, heading, para, table, keep, figure, fn, ctx, cr_pdf_width(p)
	};
	cr_report_walk(model, &out);
	return cr_pdf_finish(p, err);
}
