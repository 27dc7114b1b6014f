/* input.c — shared readers of request bodies and list arguments (input.h). It must not know any
 * entity: callers name the keys and keep the values' meaning. */
#include "service/input.h"

#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"

int cr_input_required_text(const json_t *b, const char *key, size_t max, const char **out,
			   struct cr_err *err)
{
	int rc = cr_json_str(b, key, max, out, err);
	if (rc == 1 || (rc == 0 && !**out))
		return cr_err_set(err, 400, "required", key, "'%s' is required", key);
	return rc;
}

int cr_input_required_lines(const json_t *b, const char *key, size_t max, const char **out,
			    struct cr_err *err)
{
	int rc = cr_json_text(b, key, max, out, err);
	if (rc == 1 || (rc == 0 && !**out))
		return cr_err_set(err, 400, "required", key, "'%s' is required", key);
	return rc;
}

int cr_input_optional_text(const json_t *b, const char *key, size_t max, const char **out,
			   struct cr_err *err)
{
	int rc = cr_json_str(b, key, max, out, err);
	if (rc == 1)
		*out = "";
	return rc < 0 ? -1 : 0;
}

int cr_input_optional_lines(const json_t *b, const char *key, size_t max, const char **out,
			    struct cr_err *err)
{
	int rc = cr_json_text(b, key, max, out, err);
	if (rc == 1)
		*out = "";
	return rc < 0 ? -1 : 0;
}

int cr_input_lonlat(const json_t *b, double *lon, double *lat, struct cr_err *err)
{
	int hl = cr_json_num(b, "lon", 73, 136, lon, err);
	if (hl < 0)
		return -1;
	int ht = cr_json_num(b, "lat", 3, 54, lat, err);
	if (ht < 0)
		return -1;
	if (hl != ht)
		return cr_err_set(err, 400, "required", hl ? "lon" : "lat",
				  "lon and lat go together: give both or neither");
	return hl;
}

int cr_input_lonlat_or(const json_t *b, const json_t *fallback, double *lon, double *lat,
		       struct cr_err *err)
{
	int hl = cr_input_lonlat(b, lon, lat, err);
	if (hl != 1)
		return hl;
	json_t *flon = json_object_get(fallback, "lon"), *flat = json_object_get(fallback, "lat");
	if (!json_is_number(flon) || !json_is_number(flat))
		return 1;
	*lon = json_number_value(flon);
	*lat = json_number_value(flat);
	return 0;
}

int cr_input_search(const char *q, struct cr_err *err)
{
	if (q && (strlen(q) > 200 || cr_utf8_len(q, strlen(q)) < 0))
		return cr_err_set(err, 400, "invalid", "q",
				  "q must be UTF-8 text of at most 200 bytes");
	return 0;
}

int cr_input_coords_named(const char *name, enum cr_coords *sys, struct cr_err *err)
{
	int k = cr_coords_parse(name);
	if (k < 0) {
		cr_err_set(err, 400, "invalid", "coords", "coords must be wgs84, gcj02 or bd09");
		cr_err_param(err, "rule", "coords");
		return -1;
	}
	*sys = (enum cr_coords)k;
	return 0;
}

int cr_input_coords(const json_t *b, enum cr_coords *sys, struct cr_err *err)
{
	const char *name = NULL;
	if (cr_json_str(b, "coords", 8, &name, err) < 0)
		return -1;
	return cr_input_coords_named(name, sys, err);
}

int cr_input_page(const char *limit_arg, const char *after_arg, int *limit, long long *after,
		  struct cr_err *err)
{
	char *end;
	if (limit_arg && *limit_arg) {
		long v = strtol(limit_arg, &end, 10);
		if (*end || v < 1 || v > CR_INPUT_LIMIT_MAX)
			return cr_err_set(err, 400, "invalid", "limit", "limit must be 1 to %d",
					  CR_INPUT_LIMIT_MAX);
		*limit = (int)v;
	}
	if (after_arg && *after_arg) {
		long long v = strtoll(after_arg, &end, 10);
		if (*end || v < 0)
			return cr_err_set(err, 400, "invalid", "after",
					  "after must be a cursor from next");
		*after = v;
	}
	return 0;
}
