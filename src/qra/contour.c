/* contour.c — marching squares over the individual-risk grid's cell centres, interpolating in
 * log10 (risk spans decades). It must not know GeoJSON: it hands out segments. No I/O. */
#include "qra/risk.h"

#include <math.h>

static double lg(double v)
{
	return v > 1e-300 ? log10(v) : -300;
}

/* The point on the edge from corner a (value va) to corner b where the level is crossed. */
static void cut(double ax, double ay, double va, double bx, double by, double vb, double level,
		double *x, double *y)
{
	double la = lg(va), lb = lg(vb), t = (lg(level) - la) / (lb - la);
	*x = ax + t * (bx - ax);
	*y = ay + t * (by - ay);
}

void cr_qra_contour(const struct cr_qra_grid *g, double level,
		    void (*seg)(void *ctx, double x1, double y1, double x2, double y2), void *ctx)
{
	for (int j = 0; j + 1 < g->ny; j++) {
		for (int i = 0; i + 1 < g->nx; i++) {
			/* corners counter-clockwise from the south-west */
			double v[4] = { g->ir[(size_t)j * g->nx + i],
					g->ir[(size_t)j * g->nx + i + 1],
					g->ir[(size_t)(j + 1) * g->nx + i + 1],
					g->ir[(size_t)(j + 1) * g->nx + i] };
			int code = (v[0] >= level) | (v[1] >= level) << 1 | (v[2] >= level) << 2 |
				   (v[3] >= level) << 3;
			if (code == 0 || code == 15)
				continue;
			double x0 = g->x0_m + (i + 0.5) * g->cell_m,
			       y0 = g->y0_m + (j + 0.5) * g->cell_m;
			double cx[4] = { x0, x0 + g->cell_m, x0 + g->cell_m, x0 };
			double cy[4] = { y0, y0, y0 + g->cell_m, y0 + g->cell_m };
			double ex[4], ey[4];
			bool on[4];
			for (int e = 0; e < 4; e++) { /* edge e joins corner e and e + 1 */
				int a = e, b = (e + 1) & 3;
				on[e] = (v[a] >= level) != (v[b] >= level);
				if (on[e])
					cut(cx[a], cy[a], v[a], cx[b], cy[b], v[b], level, &ex[e],
					    &ey[e]);
			}
			if (code == 5 || code == 10) { /* saddle: decide by the centre's mean */
				bool mid = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
				bool pair01 = (code == 5) == mid;
				if (pair01) {
					seg(ctx, ex[0], ey[0], ex[1], ey[1]);
					seg(ctx, ex[2], ey[2], ex[3], ey[3]);
				} else {
					seg(ctx, ex[0], ey[0], ex[3], ey[3]);
					seg(ctx, ex[1], ey[1], ex[2], ey[2]);
				}
				continue;
			}
			int first = -1;
			for (int e = 0; e < 4; e++)
				if (on[e]) {
					if (first < 0) {
						first = e;
					} else {
						seg(ctx, ex[first], ey[first], ex[e], ey[e]);
						break;
					}
				}
		}
	}
}
