/* geo.c — datum conversions (WGS84, GCJ-02, BD-09), haversine and multipolygon geometry.
 * Must stay pure: libm only, no I/O, no JSON, no global state; callers own all memory. */
#include "domain/geo.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* ===== GCJ-02 =====
 * The GCJ-02 offset as reproduced in public, independently verified reimplementations
 * (e.g. github.com/googollee/eviltransform, github.com/wandergis/coordtransform): Krasovsky 1940
 * ellipsoid (a = 6378245 m, e² = 0.00669342162296594323) and the two trigonometric series
 * below, on x = lon − 105, y = lat − 35. The "China" test is the usual coarse rectangle. */
static const double gcj_a = 6378245.0;
static const double gcj_ee = 0.00669342162296594323;

bool cr_gcj02_applies(double lon, double lat)
{
	return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

static double gcj_dlat(double x, double y)
{
	double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
	r += (20.0 * sin(6.0 * x * M_PI) + 20.0 * sin(2.0 * x * M_PI)) * 2.0 / 3.0;
	r += (20.0 * sin(y * M_PI) + 40.0 * sin(y / 3.0 * M_PI)) * 2.0 / 3.0;
	r += (160.0 * sin(y / 12.0 * M_PI) + 320.0 * sin(y * M_PI / 30.0)) * 2.0 / 3.0;
	return r;
}

static double gcj_dlon(double x, double y)
{
	double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
	r += (20.0 * sin(6.0 * x * M_PI) + 20.0 * sin(2.0 * x * M_PI)) * 2.0 / 3.0;
	r += (20.0 * sin(x * M_PI) + 40.0 * sin(x / 3.0 * M_PI)) * 2.0 / 3.0;
	r += (150.0 * sin(x / 12.0 * M_PI) + 300.0 * sin(x / 30.0 * M_PI)) * 2.0 / 3.0;
	return r;
}

/* The offset (degrees) GCJ-02 adds at a WGS84 point; the series are in metres-like units that
 * are scaled by the meridian and parallel radii of curvature at that latitude. */
static void gcj_offset(double lon, double lat, double *dlon, double *dlat)
{
	double dy = gcj_dlat(lon - 105.0, lat - 35.0);
	double dx = gcj_dlon(lon - 105.0, lat - 35.0);
	double rad = lat / 180.0 * M_PI;
	double s = sin(rad);
	double magic = 1.0 - gcj_ee * s * s;
	double sq = sqrt(magic);
	*dlat = (dy * 180.0) / ((gcj_a * (1.0 - gcj_ee)) / (magic * sq) * M_PI);
	*dlon = (dx * 180.0) / (gcj_a / sq * cos(rad) * M_PI);
}

void cr_wgs84_to_gcj02(double lon, double lat, double *glon, double *glat)
{
	double dlon, dlat;
	if (!cr_gcj02_applies(lon, lat)) {
		*glon = lon;
		*glat = lat;
		return;
	}
	gcj_offset(lon, lat, &dlon, &dlat);
	*glon = lon + dlon;
	*glat = lat + dlat;
}

/* Fixed-point iteration w ← w − (gcj(w) − g): the offset varies slowly (its derivative is
 * ~1e-5), so each step gains about five digits; stop below 1e-11° (~1 µm). */
void cr_gcj02_to_wgs84(double lon, double lat, double *wlon, double *wlat)
{
	double x = lon, y = lat;
	if (!cr_gcj02_applies(lon, lat)) {
		*wlon = lon;
		*wlat = lat;
		return;
	}
	for (int i = 0; i < 20; i++) {
		double dlon, dlat, ex, ey;
		gcj_offset(x, y, &dlon, &dlat);
		ex = x + dlon - lon;
		ey = y + dlat - lat;
		x -= ex;
		y -= ey;
		if (fabs(ex) < 1e-11 && fabs(ey) < 1e-11)
			break;
	}
	*wlon = x;
	*wlat = y;
}

/* ===== BD-09 =====
 * Baidu's offset of GCJ-02 as published in the same reimplementations (and Baidu's own
 * examples): a shift of (0.0065, 0.006) and a small polar perturbation, x_pi = π·3000/180. */
static const double bd_x_pi = M_PI * 3000.0 / 180.0;

void cr_gcj02_to_bd09(double lon, double lat, double *blon, double *blat)
{
	double z = sqrt(lon * lon + lat * lat) + 0.00002 * sin(lat * bd_x_pi);
	double t = atan2(lat, lon) + 0.000003 * cos(lon * bd_x_pi);
	*blon = z * cos(t) + 0.0065;
	*blat = z * sin(t) + 0.006;
}

/* The published closed form leaves up to ~1e-6° (~0.1 m) against the forward transform; three
 * fixed-point correction steps against cr_gcj02_to_bd09 bring that under 1e-9°. */
void cr_bd09_to_gcj02(double lon, double lat, double *glon, double *glat)
{
	double x = lon - 0.0065, y = lat - 0.006;
	double z = sqrt(x * x + y * y) - 0.00002 * sin(y * bd_x_pi);
	double t = atan2(y, x) - 0.000003 * cos(x * bd_x_pi);
	double gx = z * cos(t), gy = z * sin(t);
	for (int i = 0; i < 3; i++) {
		double bx, by;
		cr_gcj02_to_bd09(gx, gy, &bx, &by);
		gx -= bx - lon;
		gy -= by - lat;
	}
	*glon = gx;
	*glat = gy;
}

int cr_coords_parse(const char *name)
{
	if (!name || !*name || strcmp(name, "wgs84") == 0)
		return CR_COORDS_WGS84;
	if (strcmp(name, "gcj02") == 0)
		return CR_COORDS_GCJ02;
	if (strcmp(name, "bd09") == 0)
		return CR_COORDS_BD09;
	return -1;
}

void cr_coords_to_wgs84(enum cr_coords sys, double lon, double lat, double *wlon, double *wlat)
{
	if (sys == CR_COORDS_BD09)
		cr_bd09_to_gcj02(lon, lat, &lon, &lat);
	if (sys == CR_COORDS_WGS84) {
		*wlon = lon;
		*wlat = lat;
		return;
	}
	cr_gcj02_to_wgs84(lon, lat, wlon, wlat);
}

/* ===== Distance =====
 * Haversine formula (R. W. Sinnott, "Virtues of the Haversine", Sky and Telescope 68(2), 1984)
 * on a sphere of the IUGG mean Earth radius R1 = 6,371,008.8 m; error ≤ 0.5 % vs the ellipsoid. */
static const double earth_r_m = 6371008.8;

double cr_haversine_m(double lon1, double lat1, double lon2, double lat2)
{
	double p1 = lat1 * M_PI / 180.0, p2 = lat2 * M_PI / 180.0;
	double dp = p2 - p1, dl = (lon2 - lon1) * M_PI / 180.0;
	double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
	if (h > 1.0)
		h = 1.0;
	return 2.0 * earth_r_m * asin(sqrt(h));
}

void cr_geo_circle_box(double lon, double lat, double radius_m, double box[4])
{
	double dlat = radius_m / earth_r_m * 180.0 / M_PI * 1.001 + 1e-7;
	double far = fabs(lat) + dlat;
	if (far > 89.0)
		far = 89.0;
	double dlon = dlat / cos(far * M_PI / 180.0);
	box[0] = lon - dlon;
	box[1] = lat - dlat;
	box[2] = lon + dlon;
	box[3] = lat + dlat;
}

/* ===== Polygons ===== */
void cr_multipolygon_free(struct cr_multipolygon *mp)
{
	if (!mp)
		return;
	for (size_t p = 0; p < mp->npolys; p++) {
		for (size_t r = 0; r < mp->polys[p].nrings; r++)
			free(mp->polys[p].rings[r].xy);
		free(mp->polys[p].rings);
	}
	free(mp->polys);
	memset(mp, 0, sizeof *mp);
}

void cr_multipolygon_update_bbox(struct cr_multipolygon *mp)
{
	bool any = false;
	double b[4] = { 0, 0, 0, 0 };
	for (size_t p = 0; p < mp->npolys; p++) {
		for (size_t r = 0; r < mp->polys[p].nrings; r++) {
			const struct cr_ring *ring = &mp->polys[p].rings[r];
			for (size_t i = 0; i < ring->n; i++) {
				double x = ring->xy[2 * i], y = ring->xy[2 * i + 1];
				if (!any) {
					b[0] = b[2] = x;
					b[1] = b[3] = y;
					any = true;
					continue;
				}
				b[0] = fmin(b[0], x);
				b[1] = fmin(b[1], y);
				b[2] = fmax(b[2], x);
				b[3] = fmax(b[3], y);
			}
		}
	}
	memcpy(mp->bbox, b, sizeof b);
}

static bool polygon_contains(const struct cr_polygon *poly, double px, double py)
{
	bool in = false;
	for (size_t r = 0; r < poly->nrings; r++) {
		const struct cr_ring *ring = &poly->rings[r];
		if (ring->n < 2)
			continue;
		/* Even-odd over every ring: crossing a hole's edge toggles back to outside. */
		for (size_t i = 0, j = ring->n - 1; i < ring->n; j = i++) {
			double xi = ring->xy[2 * i], yi = ring->xy[2 * i + 1];
			double xj = ring->xy[2 * j], yj = ring->xy[2 * j + 1];
			if ((yi > py) != (yj > py) && px < cr_edge_cross_x(xi, yi, xj, yj, py))
				in = !in;
		}
	}
	return in;
}

bool cr_multipolygon_contains(const struct cr_multipolygon *mp, double lon, double lat)
{
	if (!mp || mp->npolys == 0)
		return false;
	if (lon < mp->bbox[0] || lon > mp->bbox[2] || lat < mp->bbox[1] || lat > mp->bbox[3])
		return false;
	for (size_t p = 0; p < mp->npolys; p++)
		if (polygon_contains(&mp->polys[p], lon, lat))
			return true;
	return false;
}

/* Spherical polygon area, Chamberlain & Duquette, "Some algorithms for polygons on a sphere",
 * JPL Publication 07-03 (2007), eq. (4): A = R²/2 · |Σ (λ[i+1] − λ[i−1]) · sin φ[i]|. */
static double ring_area_m2(const struct cr_ring *ring)
{
	size_t m = ring->n; /* distinct vertices: drop the closing duplicate */
	double s = 0;
	if (m >= 2 && ring->xy[0] == ring->xy[2 * (m - 1)] &&
	    ring->xy[1] == ring->xy[2 * (m - 1) + 1])
		m--;
	if (m < 3)
		return 0;
	for (size_t i = 0; i < m; i++) {
		size_t prev = (i + m - 1) % m, next = (i + 1) % m;
		double dl = (ring->xy[2 * next] - ring->xy[2 * prev]) * M_PI / 180.0;
		s += dl * sin(ring->xy[2 * i + 1] * M_PI / 180.0);
	}
	return fabs(s) * earth_r_m * earth_r_m / 2.0;
}

static double polygon_area_m2(const struct cr_polygon *poly)
{
	double a = 0;
	for (size_t r = 0; r < poly->nrings; r++)
		a += (r == 0 ? 1 : -1) * ring_area_m2(&poly->rings[r]);
	return a > 0 ? a : 0;
}

double cr_multipolygon_area_km2(const struct cr_multipolygon *mp)
{
	double a = 0;
	for (size_t p = 0; p < mp->npolys; p++)
		a += polygon_area_m2(&mp->polys[p]);
	return a / 1e6;
}

/* Planar shoelace moments in degrees: an affine change of scale (cos φ on longitude) does not
 * move a centroid, so degrees are as good as metres here. Holes count negatively. */
static void polygon_moments(const struct cr_polygon *poly, double *a, double *mx, double *my)
{
	*a = *mx = *my = 0;
	for (size_t r = 0; r < poly->nrings; r++) {
		const struct cr_ring *ring = &poly->rings[r];
		double ra = 0, rx = 0, ry = 0;
		if (ring->n < 3)
			continue;
		/* Shift to the first vertex to keep the products small and precise. */
		double ox = ring->xy[0], oy = ring->xy[1];
		for (size_t i = 0, j = ring->n - 1; i < ring->n; j = i++) {
			double xi = ring->xy[2 * i] - ox, yi = ring->xy[2 * i + 1] - oy;
			double xj = ring->xy[2 * j] - ox, yj = ring->xy[2 * j + 1] - oy;
			double c = xj * yi - xi * yj;
			ra += c;
			rx += (xi + xj) * c;
			ry += (yi + yj) * c;
		}
		ra /= 2;
		if (ra == 0)
			continue;
		/* The ring centroid does not depend on winding; its weight is the unsigned area,
		 * added for the outer ring and subtracted for holes. */
		double w = (r == 0 ? 1 : -1) * fabs(ra);
		double cx = rx / (6 * ra) + ox, cy = ry / (6 * ra) + oy;
		*a += w;
		*mx += w * cx;
		*my += w * cy;
	}
}

bool cr_multipolygon_centroid(const struct cr_multipolygon *mp, double *lon, double *lat)
{
	double a = 0, mx = 0, my = 0;
	for (size_t p = 0; p < mp->npolys; p++) {
		double pa, px, py;
		polygon_moments(&mp->polys[p], &pa, &px, &py);
		a += pa;
		mx += px;
		my += py;
	}
	if (!(a > 0))
		return false;
	*lon = mx / a;
	*lat = my / a;
	return true;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Midpoint of the widest inside stretch of the line lat = py through poly, by the same
 * crossing rule as polygon_contains: sorted crossings x0 ≤ x1 ≤ … pair up into inside
 * intervals [x0,x1], [x2,x3], … Returns false if there is none of positive width. */
static bool polygon_scanline(const struct cr_polygon *poly, double py, double *px)
{
	size_t cap = 0, n = 0;
	double *xs;
	bool found = false;
	double best = 0;
	for (size_t r = 0; r < poly->nrings; r++)
		cap += poly->rings[r].n;
	if (cap == 0)
		return false;
	xs = malloc(cap * sizeof *xs);
	if (!xs)
		return false;
	for (size_t r = 0; r < poly->nrings; r++) {
		const struct cr_ring *ring = &poly->rings[r];
		if (ring->n < 2)
			continue;
		for (size_t i = 0, j = ring->n - 1; i < ring->n; j = i++) {
			double xi = ring->xy[2 * i], yi = ring->xy[2 * i + 1];
			double xj = ring->xy[2 * j], yj = ring->xy[2 * j + 1];
			if ((yi > py) != (yj > py))
				xs[n++] = cr_edge_cross_x(xi, yi, xj, yj, py);
		}
	}
	qsort(xs, n, sizeof *xs, cmp_double);
	for (size_t k = 0; k + 1 < n; k += 2) {
		double w = xs[k + 1] - xs[k];
		if (w > best) {
			best = w;
			*px = xs[k] + w / 2;
			found = true;
		}
	}
	free(xs);
	return found;
}

bool cr_multipolygon_label_point(const struct cr_multipolygon *mp, double *lon, double *lat)
{
	static const double fractions[] = { 0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875 };
	const struct cr_polygon *best = NULL;
	double best_a = 0, cy = 0;
	for (size_t p = 0; p < mp->npolys; p++) {
		double a, mx, my;
		polygon_moments(&mp->polys[p], &a, &mx, &my);
		if (a > best_a) {
			best_a = a;
			best = &mp->polys[p];
			cy = my / a;
		}
	}
	if (!best)
		return false;
	const struct cr_ring *outer = &best->rings[0];
	double ymin = outer->xy[1], ymax = outer->xy[1];
	for (size_t i = 1; i < outer->n; i++) {
		ymin = fmin(ymin, outer->xy[2 * i + 1]);
		ymax = fmax(ymax, outer->xy[2 * i + 1]);
	}
	for (size_t k = 0; k <= sizeof fractions / sizeof fractions[0]; k++) {
		double py = k == 0 ? cy : ymin + (ymax - ymin) * fractions[k - 1];
		double px;
		if (polygon_scanline(best, py, &px) && cr_multipolygon_contains(mp, px, py)) {
			*lon = px;
			*lat = py;
			return true;
		}
	}
	return false;
}

/* ===== Binary form ===== */
#define BLOB_MAGIC "CRMP"
#define BLOB_VERSION 1
#define BLOB_SCALE 1e7

static void put_u32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool coord_ok(double lon, double lat)
{
	return isfinite(lon) && isfinite(lat) && fabs(lon) <= 180.0 && fabs(lat) <= 90.0;
}

int cr_multipolygon_encode(const struct cr_multipolygon *mp, unsigned char **blob, size_t *len)
{
	size_t size = 4 + 1 + 4;
	unsigned char *buf, *p;
	*blob = NULL;
	*len = 0;
	if (mp->npolys > UINT32_MAX)
		return -1;
	for (size_t i = 0; i < mp->npolys; i++) {
		const struct cr_polygon *poly = &mp->polys[i];
		if (poly->nrings == 0 || poly->nrings > UINT32_MAX)
			return -1;
		size += 4;
		for (size_t r = 0; r < poly->nrings; r++) {
			const struct cr_ring *ring = &poly->rings[r];
			if (ring->n < 4 || ring->n > UINT32_MAX / 8)
				return -1;
			for (size_t k = 0; k < ring->n; k++)
				if (!coord_ok(ring->xy[2 * k], ring->xy[2 * k + 1]))
					return -1;
			size += 4 + ring->n * 8;
		}
	}
	buf = malloc(size);
	if (!buf)
		return -1;
	memcpy(buf, BLOB_MAGIC, 4);
	buf[4] = BLOB_VERSION;
	put_u32(buf + 5, (uint32_t)mp->npolys);
	p = buf + 9;
	for (size_t i = 0; i < mp->npolys; i++) {
		const struct cr_polygon *poly = &mp->polys[i];
		put_u32(p, (uint32_t)poly->nrings);
		p += 4;
		for (size_t r = 0; r < poly->nrings; r++) {
			const struct cr_ring *ring = &poly->rings[r];
			put_u32(p, (uint32_t)ring->n);
			p += 4;
			for (size_t k = 0; k < 2 * ring->n; k++) {
				int32_t v = (int32_t)lround(ring->xy[k] * BLOB_SCALE);
				put_u32(p, (uint32_t)v);
				p += 4;
			}
		}
	}
	*blob = buf;
	*len = size;
	return 0;
}

/* Reads a u32 count at *pos that announces count items of at least `unit` bytes each; fails
 * (without allocating anything) when the rest of the blob cannot hold them. */
static int read_count(const unsigned char *b, size_t len, size_t *pos, size_t unit, size_t *count,
		      struct cr_err *err, const char *what)
{
	if (len - *pos < 4)
		return cr_err_set(err, 400, "invalid", "outline",
				  "outline blob truncated at byte %zu (%s count)", *pos, what);
	*count = get_u32(b + *pos);
	*pos += 4;
	if (*count > (len - *pos) / unit)
		return cr_err_set(
			err, 400, "invalid", "outline",
			"outline blob truncated: %zu %s announced at byte %zu, %zu bytes left",
			*count, what, *pos - 4, len - *pos);
	return 0;
}

int cr_multipolygon_decode(const void *blob, size_t len, struct cr_multipolygon *out,
			   struct cr_err *err)
{
	const unsigned char *b = blob;
	size_t pos, npolys;
	memset(out, 0, sizeof *out);
	if (!b || len < 9 || memcmp(b, BLOB_MAGIC, 4) != 0)
		return cr_err_set(err, 400, "invalid", "outline", "not an outline blob");
	if (b[4] != BLOB_VERSION)
		return cr_err_set(err, 400, "invalid", "outline",
				  "outline blob version %u is not supported", b[4]);
	pos = 5;
	if (read_count(b, len, &pos, 4, &npolys, err, "polygons"))
		return -1;
	if (npolys) {
		out->polys = calloc(npolys, sizeof *out->polys);
		if (!out->polys)
			return cr_err_set(err, 500, "internal", "", "out of memory");
	}
	out->npolys = npolys;
	for (size_t i = 0; i < npolys; i++) {
		struct cr_polygon *poly = &out->polys[i];
		size_t nrings;
		if (read_count(b, len, &pos, 4, &nrings, err, "rings"))
			goto fail;
		if (nrings == 0) {
			cr_err_set(err, 400, "invalid", "outline",
				   "outline polygon %zu has no ring", i);
			goto fail;
		}
		poly->rings = calloc(nrings, sizeof *poly->rings);
		if (!poly->rings) {
			cr_err_set(err, 500, "internal", "", "out of memory");
			goto fail;
		}
		poly->nrings = nrings;
		for (size_t r = 0; r < nrings; r++) {
			struct cr_ring *ring = &poly->rings[r];
			size_t n;
			if (read_count(b, len, &pos, 8, &n, err, "positions"))
				goto fail;
			if (n < 4) {
				cr_err_set(err, 400, "invalid", "outline",
					   "outline ring has %zu positions, at least 4 needed", n);
				goto fail;
			}
			ring->xy = malloc(2 * n * sizeof *ring->xy);
			if (!ring->xy) {
				cr_err_set(err, 500, "internal", "", "out of memory");
				goto fail;
			}
			ring->n = n;
			for (size_t k = 0; k < 2 * n; k++) {
				ring->xy[k] = (int32_t)get_u32(b + pos) / BLOB_SCALE;
				pos += 4;
			}
			for (size_t k = 0; k < n; k++)
				if (!coord_ok(ring->xy[2 * k], ring->xy[2 * k + 1])) {
					cr_err_set(err, 400, "invalid", "outline",
						   "outline coordinate out of range");
					goto fail;
				}
		}
	}
	if (pos != len) {
		cr_err_set(err, 400, "invalid", "outline", "outline blob has %zu trailing bytes",
			   len - pos);
		goto fail;
	}
	cr_multipolygon_update_bbox(out);
	return 0;
fail:
	cr_multipolygon_free(out);
	return -1;
}
