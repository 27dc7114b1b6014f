/* report_render.h — sets a risk assessment report (the JSON of service/report.c's
 * cr_report_model) as a PDF or an HTML file: one walk over the report's sections
 * (report_render.c) drives either output (report_pdf.c, report_html.c). */
#ifndef CR_REPORT_RENDER_H
#define CR_REPORT_RENDER_H

#include <cairo.h>
#include <jansson.h>
#include <stddef.h>

#include "core/err.h"

/* share: 0..1 of the setting done. */
typedef void (*cr_render_progress)(void *ctx, double share);

/* Writes the report to path. 0, or -1 with err (500 when the file cannot be written). */
int cr_report_render_pdf(const json_t *model, const char *path, cr_render_progress fn, void *ctx,
			 struct cr_err *err);
int cr_report_render_html(const json_t *model, const char *path, struct cr_err *err);

/* ---- for the two outputs ---- */

typedef void (*cr_figure_draw)(cairo_t *cr, double w, double h, const void *arg);

/* What an output does with each element of the report, in order. */
struct cr_report_out {
	void *ctx;
	void (*heading)(void *ctx, int level, const char *text);
	void (*para)(void *ctx, const char *text);
	void (*table)(void *ctx, size_t ncols, const double *widths, const char *const *head,
		      const char *const *cells, const unsigned *fills, size_t nrows);
	/* keeps h points together: what follows starts a new page when less is left */
	void (*keep)(void *ctx, double h);
	/* a drawing of w × h points */
	void (*figure)(void *ctx, double w, double h, cr_figure_draw draw, const void *arg);
	cr_render_progress progress; /* may be NULL */
	void *progress_ctx;
	double width; /* the text column, points */
};

/* Walks the report's sections through out. */
void cr_report_walk(const json_t *model, const struct cr_report_out *out);

#endif
