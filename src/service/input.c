/* input.c — shared readers of request bodies and list arguments (input.h). It must not know any
 * entity: callers name the keys and keep the values' meaning. */
#include "service/input.h"

#include <stdlib.h>

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
