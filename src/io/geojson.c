/* geojson.c — reads GeoJSON Polygon/MultiPolygon geometries into cr_multipolygon and writes
 * them back rounded. Must not do I/O or guess: malformed input is an error naming its path. */
#include "io/geojson.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

#define FIELD_ROOT "geometry"

/* dst = path + "[i]"; a path too long for dst is cut short, which only shortens a message. */
static void path_index(char *dst, size_t cap, const char *path, size_t i)
{
	int w = snprintf(dst, cap, "%s[%zu]", path, i);
	if (w < 0)
		dst[0] = '\0';
}

static int invalid(struct cr_err *err, const char *field, const char *msg)
{
	return cr_err_set(err, 400, "invalid", field, "%s", msg);
}

/* position: [lon, lat] or [lon, lat, alt] */
static int read_position(const json_t *pos, bool from_gcj02, double *xy, struct cr_err *err,
			 const char *path)
{
	double lon, lat;
	if (!json_is_array(pos) || json_array_size(pos) < 2 || json_array_size(pos) > 3)
		return invalid(err, path, "position must be an array of 2 or 3 numbers");
	for (size_t i = 0; i < json_array_size(pos); i++)
		if (!json_is_number(json_array_get(pos, i)))
			return invalid(err, path, "position must be an array of 2 or 3 numbers");
	lon = json_number_value(json_array_get(pos, 0));
	lat = json_number_value(json_array_get(pos, 1));
	if (!isfinite(lon) || !isfinite(lat) || fabs(lon) > 180.0 || fabs(lat) > 90.0)
		return invalid(err, path, "position out of range (longitude ±180, latitude ±90)");
	if (from_gcj02)
		cr_gcj02_to_wgs84(lon, lat, &xy[0], &xy[1]);
	else {
		xy[0] = lon;
		xy[1] = lat;
	}
	return 0;
}

static int read_ring(const json_t *arr, bool from_gcj02, struct cr_ring *ring, struct cr_err *err,
		     const char *path)
{
	char sub[64];
	size_t n;
	if (!json_is_array(arr))
		return invalid(err, path, "ring must be an array of positions");
	n = json_array_size(arr);
	if (n < 4)
		return cr_err_set(err, 400, "invalid", path,
				  "ring has %zu positions, at least 4 needed", n);
	ring->xy = malloc(2 * n * sizeof *ring->xy);
	if (!ring->xy)
		return cr_err_set(err, 500, "internal", "", "out of memory");
	ring->n = n;
	for (size_t i = 0; i < n; i++) {
		path_index(sub, sizeof sub, path, i);
		if (read_position(json_array_get(arr, i), from_gcj02, &ring->xy[2 * i], err, sub))
			return -1;
	}
	/* Compare the JSON values, not the converted ones, so that conversion cannot open a ring. */
	{
		const json_t *a = json_array_get(arr, 0), *b = json_array_get(arr, n - 1);
		if (json_number_value(json_array_get(a, 0)) !=
			    json_number_value(json_array_get(b, 0)) ||
		    json_number_value(json_array_get(a, 1)) !=
			    json_number_value(json_array_get(b, 1)))
			return invalid(err, path,
				       "ring is not closed (first and last positions differ)");
		ring->xy[2 * (n - 1)] = ring->xy[0];
		ring->xy[2 * (n - 1) + 1] = ring->xy[1];
	}
	return 0;
}

static int read_polygon(const json_t *arr, bool from_gcj02, struct cr_polygon *poly,
			struct cr_err *err, const char *path)
{
	char sub[64];
	size_t n;
	if (!json_is_array(arr))
		return invalid(err, path, "polygon must be an array of rings");
	n = json_array_size(arr);
	if (n == 0)
		return invalid(err, path, "polygon has no outer ring");
	poly->rings = calloc(n, sizeof *poly->rings);
	if (!poly->rings)
		return cr_err_set(err, 500, "internal", "", "out of memory");
	poly->nrings = n;
	for (size_t i = 0; i < n; i++) {
		path_index(sub, sizeof sub, path, i);
		if (read_ring(json_array_get(arr, i), from_gcj02, &poly->rings[i], err, sub))
			return -1;
	}
	return 0;
}

int cr_geojson_read_multipolygon(const json_t *geometry, bool from_gcj02,
				 struct cr_multipolygon *out, struct cr_err *err)
{
	const char *type;
	const json_t *coords;
	char path[64];
	memset(out, 0, sizeof *out);
	if (!json_is_object(geometry))
		return invalid(err, FIELD_ROOT, "geometry must be an object");
	type = json_string_value(json_object_get(geometry, "type"));
	if (!type)
		return invalid(err, FIELD_ROOT ".type", "geometry type must be a string");
	coords = json_object_get(geometry, "coordinates");
	if (!json_is_array(coords))
		return invalid(err, FIELD_ROOT ".coordinates", "coordinates must be an array");
	if (strcmp(type, "Polygon") == 0) {
		out->polys = calloc(1, sizeof *out->polys);
		if (!out->polys)
			return cr_err_set(err, 500, "internal", "", "out of memory");
		out->npolys = 1;
		if (read_polygon(coords, from_gcj02, &out->polys[0], err,
				 FIELD_ROOT ".coordinates"))
			goto fail;
	} else if (strcmp(type, "MultiPolygon") == 0) {
		size_t n = json_array_size(coords);
		if (n == 0)
			return invalid(err, FIELD_ROOT ".coordinates",
				       "MultiPolygon has no polygon");
		out->polys = calloc(n, sizeof *out->polys);
		if (!out->polys)
			return cr_err_set(err, 500, "internal", "", "out of memory");
		out->npolys = n;
		for (size_t i = 0; i < n; i++) {
			path_index(path, sizeof path, FIELD_ROOT ".coordinates", i);
			if (read_polygon(json_array_get(coords, i), from_gcj02, &out->polys[i], err,
					 path))
				goto fail;
		}
	} else {
		return cr_err_set(err, 400, "invalid", FIELD_ROOT ".type",
				  "geometry type must be Polygon or MultiPolygon, not %.32s", type);
	}
	cr_multipolygon_update_bbox(out);
	return 0;
fail:
	cr_multipolygon_free(out);
	return -1;
}

/* ===== Writing ===== */
static json_t *write_ring(const struct cr_ring *ring, double scale)
{
	json_t *arr = json_array();
	double px = NAN, py = NAN;
	if (!arr)
		return NULL;
	for (size_t i = 0; i < ring->n; i++) {
		double x = round(ring->xy[2 * i] * scale) / scale;
		double y = round(ring->xy[2 * i + 1] * scale) / scale;
		json_t *pos;
		if (x == px && y == py)
			continue;
		pos = json_pack("[ff]", x, y);
		if (!pos || json_array_append_new(arr, pos)) {
			json_decref(arr);
			return NULL;
		}
		px = x;
		py = y;
	}
	return arr;
}

json_t *cr_geojson_write_multipolygon(const struct cr_multipolygon *mp, int decimals)
{
	json_t *coords = json_array(), *geom;
	double scale;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	scale = pow(10.0, decimals);
	if (!coords)
		return NULL;
	for (size_t p = 0; p < mp->npolys; p++) {
		const struct cr_polygon *poly = &mp->polys[p];
		json_t *rings = json_array();
		if (!rings)
			goto oom;
		for (size_t r = 0; r < poly->nrings; r++) {
			json_t *ring = write_ring(&poly->rings[r], scale);
			if (!ring) {
				json_decref(rings);
				goto oom;
			}
			if (json_array_size(ring) < 4) {
				json_decref(ring);
				if (r == 0)
					break;
				continue;
			}
			if (json_array_append_new(rings, ring)) {
				json_decref(rings);
				goto oom;
			}
		}
		if (json_array_size(rings) == 0) {
			json_decref(rings);
			continue;
		}
		if (json_array_append_new(coords, rings))
			goto oom;
	}
	geom = json_pack("{s:s, s:o}", "type", "MultiPolygon", "coordinates", coords);
	return geom;
oom:
	json_decref(coords);
	return NULL;
}
