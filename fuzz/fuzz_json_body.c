/* fuzz_json_body.c — libFuzzer target: a request body through cr_json_parse_object and every field
 * reader of core/jsonx.h on every key it holds, with the readers' promises checked. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"

static const char *const allowed[] = { "name",      "credit_code", "lon", "lat",
				       "employees", "archived",    NULL };

static void read_field(const json_t *obj, const char *key)
{
	struct cr_err err = { 0 };
	const char *s;
	long long i;
	double d;
	bool b;
	if (cr_json_str(obj, key, 200, &s, &err) == 0) {
		long chars = cr_utf8_len(s, strlen(s));
		if (chars < 0 || chars > 200)
			__builtin_trap();
		for (const char *p = s; *p; p++)
			if ((unsigned char)*p < 0x20 && *p != '\t')
				__builtin_trap();
	}
	if (cr_json_int(obj, key, -1000, 1000000, &i, &err) == 0 && (i < -1000 || i > 1000000))
		__builtin_trap();
	if (cr_json_num(obj, key, -180.0, 180.0, &d, &err) == 0 && !(d >= -180.0 && d <= 180.0))
		__builtin_trap();
	cr_json_bool(obj, key, &b, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cr_err err = { 0 };
	json_t *obj = cr_json_parse_object((const char *)data, size, &err);
	if (!obj) {
		if (err.status != 400)
			__builtin_trap();
		return 0;
	}
	if (!json_is_object(obj))
		__builtin_trap();
	cr_json_only(obj, allowed, &err);
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val)
		read_field(obj, key);
	read_field(obj, "absent");
	char *text = cr_json_dump(obj);
	free(text);
	json_decref(obj);
	return 0;
}
