/* report_html.c — the risk assessment report as one self-contained HTML file: the sections of
 * report_render.c as headings, paragraphs and tables, every figure drawn by the same cairo code
 * as the PDF into a PNG embedded as a data: URI. Must not choose content. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "io/pdf_doc.h"
#include "io/report_render.h"

#define FIG_SCALE 2.0 /* pixels per point in the figures' images */

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static void heading(void *ctx, int level, const char *text)
{
	fprintf(ctx, "<h%d>", level + 1);
	esc(ctx, text);
	fprintf(ctx, "</h%d>\n", level + 1);
}

static void para(void *ctx, const char *text)
{
	fputs("<p>", ctx);
	esc(ctx, text);
	fputs("</p>\n", ctx);
}

static void table(void *ctx, size_t ncols, const double *widths, const char *const *head,
		  const char *const *cells, const unsigned *fills, size_t nrows)
{
	FILE *f = ctx;
	fputs("<table>\n<thead><tr>", f);
	for (size_t i = 0; i < ncols; i++) {
		fprintf(f, "<th style=\"width:%.0f%%\">", widths[i] * 100);
		esc(f, head[i]);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (size_t r = 0; r < nrows; r++) {
		fputs("<tr>", f);
		for (size_t i = 0; i < ncols; i++) {
			unsigned fill = fills ? fills[r * ncols + i] : 0;
			if (fill)
				fprintf(f, "<td style=\"background:#%06x;color:#%s\">", fill,
					cr_rgb_light(fill) ? "1a1a1a" : "fff");
			else
				fputs("<td>", f);
			esc(f, cells[r * ncols + i]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

struct png_buf {
	unsigned char *data;
	size_t len, cap;
};

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct png_buf *b = closure;
	if (CR_GROW(b->data, b->cap, b->len + length))
		return CAIRO_STATUS_NO_MEMORY;
	memcpy(b->data + b->len, data, length);
	b->len += length;
	return CAIRO_STATUS_SUCCESS;
}

static void keep(void *ctx, double h)
{
}

static void figure(void *ctx, double w, double h, cr_figure_draw draw, const void *arg)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * FIG_SCALE),
							(int)(h * FIG_SCALE));
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, FIG_SCALE, FIG_SCALE);
	draw(cr, w, h, arg);
	cairo_destroy(cr);
	struct png_buf b = { 0 };
	if (cairo_surface_write_to_png_stream(s, png_write, &b) == CAIRO_STATUS_SUCCESS) {
		gchar *b64 = g_base64_encode(b.data, b.len);
		fprintf(ctx,
			"<figure><img alt=\"\" width=\"%.0f\" src=\"data:image/png;base64,%s\">"
			"</figure>\n",
			w, b64);
		g_free(b64);
	}
	free(b.data);
	cairo_surface_destroy(s);
}

static const char style[] =
	"body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:820px;"
	"margin:2em auto;color:#1a1a1a;line-height:1.6}h1{text-align:center;color:#1f3864}"
	"h2{border-bottom:1px solid #1f3864;color:#203040}table{border-collapse:collapse;"
	"width:100%;font-size:13px;margin:0.5em 0 1em}th,td{border:1px solid #9aa5b5;"
	"padding:3px 5px;text-align:left}th{background:#dde4ee}img{max-width:100%}"
	"@media print{body{margin:0}}";

int cr_report_render_html(const json_t *model, const char *path, struct cr_err *err)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return cr_err_set(err, 500, "internal", "", "cannot write %s", path);
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>", f);
	esc(f, json_string_value(json_object_get(model, "title")));
	fprintf(f, "</title><style>%s</style></head>\n<body>\n", style);
	struct cr_report_out out = { f, heading, para, table, keep, figure, NULL, NULL, 495 };
	cr_report_walk(model, &out);
	fputs("</body>\n</html>\n", f);
	if (ferror(f) | fclose(f))
		return cr_err_set(err, 500, "internal", "", "cannot write %s", path);
	return 0;
}
