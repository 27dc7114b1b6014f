/* pdf_doc.h — a small A4 document on cairo's PDF surface, its text set by pango in Noto Sans CJK
 * (fonts-noto-cjk through fontconfig): headings, wrapped paragraphs, tables that break across
 * pages with their header repeated, and room kept for drawings. Knows nothing of risks. */
#ifndef CR_PDF_DOC_H
#define CR_PDF_DOC_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define CR_PDF_FONT "Noto Sans CJK SC"

struct cr_pdf;

/* Opens path for writing an A4 portrait document (points; 50 pt margins); footer (copied, may
 * be NULL) is printed with the page number at the foot of every page. NULL with err (500). Free
 * with cr_pdf_finish (writes and closes) or cr_pdf_free (abandons). */
struct cr_pdf *cr_pdf_open(const char *path, const char *footer, struct cr_err *err);
/* Writes the last page and closes the file; frees p. 0, or -1 with err (500). */
int cr_pdf_finish(struct cr_pdf *p, struct cr_err *err);
void cr_pdf_free(struct cr_pdf *p);

/* The drawing context (borrowed), the left edge and the width of the text column. */
cairo_t *cr_pdf_cairo(struct cr_pdf *p);
double cr_pdf_left(const struct cr_pdf *p);
double cr_pdf_width(const struct cr_pdf *p);

void cr_pdf_page_break(struct cr_pdf *p);
/* level 0 is the document title (large, centred), 1 a section, 2 a sub-section. */
void cr_pdf_heading(struct cr_pdf *p, int level, const char *text);
/* A paragraph wrapped to the column, size in points, colour 0xRRGGBB. */
void cr_pdf_text(struct cr_pdf *p, const char *text, double size, unsigned rgb);
/* Keeps h points of room (a new page when the rest of this one is shorter), advances past
 * them and returns the top y of the room. */
double cr_pdf_room(struct cr_pdf *p, double h);
/* Moves the cursor h points back up (after cr_pdf_room only kept the room together). */
void cr_pdf_back(struct cr_pdf *p, double h);

/* A table of nrows × ncols cells (row-major, NULL cells are empty) under head (ncols titles),
 * column widths as fractions of the column; fills (nrows × ncols, may be NULL) gives a cell's
 * background as 0xRRGGBB, 0 for none. Rows wrap their text and never split across pages. */
/* The size of the tables' text from now on (points; 8 to begin with). */
void cr_pdf_table_font(struct cr_pdf *p, double size);
void cr_pdf_table(struct cr_pdf *p, size_t ncols, const double *widths, const char *const *head,
		  const char *const *cells, const unsigned *fills, size_t nrows);

/* Draws text (UTF-8) with its top-left at x, y in size points, wrapped at width when width > 0;
 * align -1 left, 0 centre, 1 right (within width). Returns the height it took. */
double cr_text_draw(cairo_t *cr, const char *text, double x, double y, double width, double size,
		    bool bold, unsigned rgb, int align);
/* The size text would take, as cr_text_draw would set it. */
void cr_text_size(cairo_t *cr, const char *text, double width, double size, bool bold, double *w,
		  double *h);
/* Sets the source colour from 0xRRGGBB. */
void cr_rgb_set(cairo_t *cr, unsigned rgb);
/* Whether dark text reads better than white on this background. */
bool cr_rgb_light(unsigned rgb);
/* 0xRRGGBB of "#rrggbb"; fallback for anything else. */
unsigned cr_rgb_parse(const char *hex, unsigned fallback);

#endif
