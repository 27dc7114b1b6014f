/* chart.c — bars, pie and four-colour maps drawn with cairo, text set by pango (pdf_doc.h).
 * Must not read files or know where the figures come from. */
#include <math.h>
#include <string.h>

#include "domain/grade.h"
#include "io/chart.h"
#include "io/pdf_doc.h"

#define BLUE 0x2f6fb3
#define GREY_FILL 0xe8ecf1

static void title_draw(cairo_t *cr, double x, double *y, double w, const char *title)
{
	if (title)
		*y += cr_text_draw(cr, title, x, *y, w, 10, true, 0x203040, 0) + 4;
}

static void number_text(char *buf, size_t cap, double v)
{
	if (fabs(v - round(v)) < 1e-9)
		snprintf(buf, cap, "%.0f", v);
	else
		snprintf(buf, cap, "%.1f", v);
}

void cr_chart_bars(cairo_t *cr, double x, double y, double w, double h, const char *title,
		   const struct cr_chart_item *items, size_t n)
{
	double top = y;
	title_draw(cr, x, &top, w, title);
	if (n == 0)
		return;
	double max = 0;
	for (size_t i = 0; i < n; i++)
		max = items[i].value > max ? items[i].value : max;
	double label_w = w * 0.3, value_w = 44, bar_w = w - label_w - value_w - 8;
	double row = (y + h - top) / (double)n;
	double bar_h = row * 0.7 > 16 ? 16 : row * 0.7;
	double font = bar_h * 0.75 > 9 ? 9 : bar_h * 0.75 < 5 ? 5 : bar_h * 0.75;
	for (size_t i = 0; i < n; i++) {
		double cy = top + row * (double)i + (row - bar_h) / 2;
		double tw, th;
		cr_text_size(cr, items[i].label, 0, font, false, &tw, &th);
		cr_text_draw(cr, items[i].label, x + label_w - 4, cy + (bar_h - th) / 2, 0, font,
			     false, 0x333333, 1);
		double len = max > 0 ? bar_w * items[i].value / max : 0;
		cr_rgb_set(cr, items[i].rgb ? items[i].rgb : BLUE);
		cairo_rectangle(cr, x + label_w, cy, len < 0.5 && items[i].value > 0 ? 0.5 : len,
				bar_h);
		cairo_fill(cr);
		char num[32];
		number_text(num, sizeof num, items[i].value);
		cr_text_draw(cr, num, x + label_w + len + 3, cy + (bar_h - th) / 2, 0, font, false,
			     0x333333, -1);
	}
	cairo_set_line_width(cr, 0.6);
	cr_rgb_set(cr, 0x888888);
	cairo_move_to(cr, x + label_w, top);
	cairo_line_to(cr, x + label_w, y + h);
	cairo_stroke(cr);
}

void cr_chart_pie(cairo_t *cr, double x, double y, double w, double h, const char *title,
		  const struct cr_chart_item *items, size_t n)
{
	double top = y;
	title_draw(cr, x, &top, w, title);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += items[i].value > 0 ? items[i].value : 0;
	double r = fmin(w * 0.5, y + h - top) / 2 - 4;
	if (r <= 2)
		return;
	double cx = x + r + 4, cy = top + r + 2, a = -M_PI / 2;
	for (size_t i = 0; i < n && sum > 0; i++) {
		if (items[i].value <= 0)
			continue;
		double da = 2 * M_PI * items[i].value / sum;
		cr_rgb_set(cr, items[i].rgb ? items[i].rgb : BLUE);
		cairo_move_to(cr, cx, cy);
		cairo_arc(cr, cx, cy, r, a, a + da);
		cairo_close_path(cr);
		cairo_fill_preserve(cr);
		cr_rgb_set(cr, 0xffffff);
		cairo_set_line_width(cr, 1);
		cairo_stroke(cr);
		a += da;
	}
	double lx = cx + r + 14, ly = top + 4;
	for (size_t i = 0; i < n; i++) {
		char text[160], num[32];
		number_text(num, sizeof num, items[i].value);
		snprintf(text, sizeof text, "%s  %s（%.1f%%）", items[i].label, num,
			 sum > 0 ? 100 * items[i].value / sum : 0.0);
		cr_rgb_set(cr, items[i].rgb ? items[i].rgb : BLUE);
		cairo_rectangle(cr, lx, ly + 2, 9, 9);
		cairo_fill(cr);
		ly += cr_text_draw(cr, text, lx + 14, ly, x + w - lx - 14, 9, false, 0x333333, -1) +
		      3;
	}
}

/* ---- maps ---- */

struct frame {
	double lon0, lat0, lon1, lat1; /* the box of every coordinate */
	double k, kx, ox, oy;          /* points per degree of latitude, cos φ, offsets */
};

static void box_ring(const json_t *ring, struct frame *f)
{
	size_t i;
	json_t *pt;
	json_array_foreach(ring, i, pt) {
		double lon = json_number_value(json_array_get(pt, 0));
		double lat = json_number_value(json_array_get(pt, 1));
		f->lon0 = fmin(f->lon0, lon), f->lon1 = fmax(f->lon1, lon);
		f->lat0 = fmin(f->lat0, lat), f->lat1 = fmax(f->lat1, lat);
	}
}

/* Calls fn on every ring of every polygon of a geometry; the first ring of a polygon starts it. */
static void each_ring(const json_t *geom, void (*fn)(const json_t *ring, int first, void *ctx),
		      void *ctx)
{
	const char *type = json_string_value(json_object_get(geom, "type"));
	const json_t *coords = json_object_get(geom, "coordinates");
	if (!type || !json_is_array(coords))
		return;
	size_t i, j;
	json_t *poly, *ring;
	if (strcmp(type, "Polygon") == 0) {
		json_array_foreach(coords, j, ring)
			fn(ring, j == 0, ctx);
	} else if (strcmp(type, "MultiPolygon") == 0) {
		json_array_foreach(coords, i, poly)
			json_array_foreach(poly, j, ring)
				fn(ring, j == 0, ctx);
	}
}

static void box_fn(const json_t *ring, int first, void *ctx)
{
	box_ring(ring, ctx);
}

struct path_ctx {
	cairo_t *cr;
	const struct frame *f;
	size_t polygons;
};

static void path_fn(const json_t *ring, int first, void *ctx)
{
	struct path_ctx *pc = ctx;
	size_t i;
	json_t *pt;
	pc->polygons += first != 0;
	json_array_foreach(ring, i, pt) {
		double lon = json_number_value(json_array_get(pt, 0));
		double lat = json_number_value(json_array_get(pt, 1));
		double px = pc->f->ox + (lon - pc->f->lon0) * pc->f->k * pc->f->kx;
		double py = pc->f->oy + (pc->f->lat1 - lat) * pc->f->k;
		if (i == 0)
			cairo_move_to(pc->cr, px, py);
		else
			cairo_line_to(pc->cr, px, py);
	}
	cairo_close_path(pc->cr);
}

static unsigned area_rgb(const json_t *feature)
{
	const char *color =
		json_string_value(json_object_get(json_object_get(feature, "properties"), "color"));
	int g = cr_grade_from_color(color);
	return g ? cr_rgb_parse(cr_grade_color_hex(g), GREY_FILL) : GREY_FILL;
}

static void legend_draw(cairo_t *cr, double x, double y)
{
	for (int g = CR_GRADE_MIN; g <= CR_GRADE_MAX; g++) {
		char text[64];
		snprintf(text, sizeof text, "%s风险", cr_grade_name_cn(g));
		cr_rgb_set(cr, cr_rgb_parse(cr_grade_color_hex(g), 0));
		cairo_rectangle(cr, x, y + 2, 10, 8);
		cairo_fill(cr);
		x += 14;
		double w, h;
		cr_text_size(cr, text, 0, 8, false, &w, &h);
		cr_text_draw(cr, text, x, y, 0, 8, false, 0x333333, -1);
		x += w + 10;
	}
}

size_t cr_chart_map(cairo_t *cr, double x, double y, double w, double h,
		    const struct cr_map_layer *layers, size_t n)
{
	struct frame f = { INFINITY, INFINITY, -INFINITY, -INFINITY, 0, 0, 0, 0 };
	size_t k;
	json_t *feat;
	for (size_t l = 0; l < n; l++)
		json_array_foreach(layers[l].features, k, feat)
			each_ring(json_object_get(feat, "geometry"), box_fn, &f);
	cairo_save(cr);
	cr_rgb_set(cr, 0x9aa5b5);
	cairo_set_line_width(cr, 0.6);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
	struct path_ctx pc = { cr, &f, 0 };
	if (isfinite(f.lon0) && f.lon1 > f.lon0 && f.lat1 > f.lat0) {
		double pad = 10, legend = 20;
		f.kx = cos((f.lat0 + f.lat1) / 2 * M_PI / 180);
		double sx = (w - 2 * pad) / ((f.lon1 - f.lon0) * f.kx);
		double sy = (h - 2 * pad - legend) / (f.lat1 - f.lat0);
		f.k = fmin(sx, sy);
		f.ox = x + (w - (f.lon1 - f.lon0) * f.kx * f.k) / 2;
		f.oy = y + pad + (h - 2 * pad - legend - (f.lat1 - f.lat0) * f.k) / 2;
		for (size_t l = 0; l < n; l++) {
			json_array_foreach(layers[l].features, k, feat) {
				cairo_new_path(cr);
				each_ring(json_object_get(feat, "geometry"), path_fn, &pc);
				cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
				if (layers[l].fill) {
					cr_rgb_set(cr, area_rgb(feat));
					cairo_fill_preserve(cr);
				}
				cr_rgb_set(cr, layers[l].stroke);
				cairo_set_line_width(cr, layers[l].line);
				cairo_stroke(cr);
			}
			if (!layers[l].labels)
				continue;
			json_array_foreach(layers[l].features, k, feat) {
				struct frame one = { INFINITY, INFINITY, -INFINITY, -INFINITY,
						     0,        0,        0,         0 };
				each_ring(json_object_get(feat, "geometry"), box_fn, &one);
				const char *name = json_string_value(json_object_get(
					json_object_get(feat, "properties"), "name"));
				if (!name || !isfinite(one.lon0))
					continue;
				double px =
					f.ox + ((one.lon0 + one.lon1) / 2 - f.lon0) * f.k * f.kx;
				double py = f.oy + (f.lat1 - (one.lat0 + one.lat1) / 2) * f.k;
				cr_text_draw(cr, name, px, py - 5, 0, 8, true, 0x1a1a1a, 0);
			}
		}
	}
	legend_draw(cr, x + 8, y + h - 18);
	cairo_restore(cr);
	return pc.polygons;
}
