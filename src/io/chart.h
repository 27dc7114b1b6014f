/* chart.h — charts and maps drawn with cairo for the printed reports: horizontal bars, a pie,
 * a four-colour legend and GeoJSON areas filled by their colour. Draws into any cairo context
 * (PDF page or PNG image); reads no files and knows no database. */
#ifndef CR_CHART_H
#define CR_CHART_H

#include <cairo.h>
#include <jansson.h>
#include <stddef.h>

struct cr_chart_item {
	const char *label; /* UTF-8, borrowed */
	double value;
	unsigned rgb; /* 0xRRGGBB; 0 picks the chart's default blue */
};

/* Horizontal bars, one per item, labels on the left and values at the bar's end, in the box
 * x, y, w, h (points), under title (may be NULL). */
void cr_chart_bars(cairo_t *cr, double x, double y, double w, double h, const char *title,
		   const struct cr_chart_item *items, size_t n);
/* A pie of the items' shares with a legend on its right; items with a value of 0 are left out. */
void cr_chart_pie(cairo_t *cr, double x, double y, double w, double h, const char *title,
		  const struct cr_chart_item *items, size_t n);

/* A layer of a map: GeoJSON Features (a borrowed array) whose Polygon/MultiPolygon geometry is
 * filled with the grade colour named by properties.color ("red" … "blue"; light grey for
 * anything else) when fill, and outlined in stroke (0xRRGGBB) at line points. */
struct cr_map_layer {
	const json_t *features;
	int fill;
	unsigned stroke;
	double line;
	int labels; /* print properties.name at the centre of each feature's box */
};
/* Draws the layers in order, fitted together into the box (equirectangular about the middle
 * latitude, aspect kept), with a frame and the four-colour legend at the bottom left. Returns
 * the number of polygons drawn. */
size_t cr_chart_map(cairo_t *cr, double x, double y, double w, double h,
		    const struct cr_map_layer *layers, size_t n);

#endif
