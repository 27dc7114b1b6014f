/* jsonx.c — strict JSON reading for request bodies and one dump format for responses.
 * It must not know any entity: callers list their own fields. */
#include "core/jsonx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

json_t *cr_json_parse_object(const char *body, size_t len, struct cr_err *err)
{
	if (!body || len == 0) {
		cr_err_set(err, 400, "invalid_json", "", "request body must be a JSON object");
		return NULL;
	}
	if (cr_utf8_len(body, len) < 0) {
		cr_err_set(err, 400, "invalid_utf8", "", "request body is not valid UTF-8");
		return NULL;
	}
	json_error_t je;
	json_t *v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!v) {
		cr_err_set(err, 400, "invalid_json", "", "malformed JSON at line %d column %d: %s",
			   je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		cr_err_set(err, 400, "invalid_json", "", "request body must be a JSON object");
		return NULL;
	}
	return v;
}

int cr_json_only(const json_t *obj, const char *const *allowed, struct cr_err *err)
{
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)obj, key, val) {
		bool ok = false;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok)
			return cr_err_set(err, 400, "unknown_field", key, "unknown field '%s'",
					  key);
	}
	return 0;
}

long cr_utf8_len(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	long count = 0;
	while (p < end) {
		unsigned c = *p;
		size_t k;
		unsigned min;
		if (c < 0x80) {
			p++;
			count++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			k = 1;
			min = 0x80;
			c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			k = 2;
			min = 0x800;
			c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			k = 3;
			min = 0x10000;
			c &= 0x07;
		} else {
			return -1;
		}
		if ((size_t)(end - p) < k + 1)
			return -1;
		for (size_t i = 1; i <= k; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return -1;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return -1;
		p += k + 1;
		count++;
	}
	return count;
}

void cr_utf8_repair(char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = s;
	while (*p) {
		size_t k = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : 4;
		size_t have = 1;
		while (have < k && p[have])
			have++;
		if (have == k && cr_utf8_len((const char *)p, k) == 1) {
			memmove(out, p, k);
			out += k;
			p += k;
		} else {
			p++;
		}
	}
	*out = '\0';
}

static int read_str(const json_t *obj, const char *key, size_t maxchars, bool lines,
		    const char **out, struct cr_err *err)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_string(v))
		return cr_err_set(err, 400, "invalid", key, "'%s' must be a string", key),
		       cr_err_param(err, "rule", "not_string");
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (strlen(s) != n)
		return cr_err_set(err, 400, "invalid", key, "'%s' must not contain NUL", key),
		       cr_err_param(err, "rule", "control_chars");
	long chars = cr_utf8_len(s, n);
	if (chars < 0)
		return cr_err_set(err, 400, "invalid_utf8", key, "'%s' is not valid UTF-8", key);
	if ((size_t)chars > maxchars)
		return cr_err_set(err, 400, "invalid", key, "'%s' is longer than %zu characters",
				  key, maxchars),
		       cr_err_param(err, "rule", "too_long"),
		       cr_err_param(err, "max", "%zu", maxchars);
	/* C0 (but tab, and LF in multi-line text), DEL and C1 (U+0080–U+009F, UTF-8 C2 80–C2 9F)
	 * are control characters. */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch < 0x20 && ch != '\t' && !(lines && ch == '\n')) || ch == 0x7f ||
		    (ch == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		     (unsigned char)s[i + 1] <= 0x9f))
			return cr_err_set(err, 400, "invalid", key,
					  "'%s' must not contain control characters", key),
			       cr_err_param(err, "rule",
					    ch == '\n' || ch == '\r' ? "line_break"
								     : "control_chars");
	}
	*out = s;
	return 0;
}

int cr_json_str(const json_t *obj, const char *key, size_t maxchars, const char **out,
		struct cr_err *err)
{
	return read_str(obj, key, maxchars, false, out, err);
}

int cr_json_text(const json_t *obj, const char *key, size_t maxchars, const char **out,
		 struct cr_err *err)
{
	json_t *v = json_object_get(obj, key);
	if (v && json_is_string(v) && memchr(json_string_value(v), '\r', json_string_length(v))) {
		/* CR LF and a lone CR become LF; the result is never longer. */
		const char *s = json_string_value(v);
		size_t n = json_string_length(v), m = 0;
		char *t = malloc(n + 1);
		if (!t)
			return cr_err_set(err, 500, "oom", key, "out of memory");
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '\r') {
				t[m++] = '\n';
				if (i + 1 < n && s[i + 1] == '\n')
					i++;
			} else {
				t[m++] = s[i];
			}
		}
		int rc = json_string_setn(v, t, m);
		free(t);
		if (rc)
			return cr_err_set(err, 500, "oom", key, "out of memory");
	}
	return read_str(obj, key, maxchars, true, out, err);
}

int cr_json_int(const json_t *obj, const char *key, long long min, long long max, long long *out,
		struct cr_err *err)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_integer(v))
		return cr_err_set(err, 400, "invalid", key, "'%s' must be an integer", key),
		       cr_err_param(err, "rule", "not_integer");
	long long x = json_integer_value(v);
	if (x < min || x > max)
		return cr_err_set(err, 400, "invalid", key, "'%s' must be between %lld and %lld",
				  key, min, max),
		       cr_err_param(err, "rule", "range"), cr_err_param(err, "min", "%lld", min),
		       cr_err_param(err, "max", "%lld", max);
	*out = x;
	return 0;
}

int cr_json_num(const json_t *obj, const char *key, double min, double max, double *out,
		struct cr_err *err)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_number(v))
		return cr_err_set(err, 400, "invalid", key, "'%s' must be a number", key),
		       cr_err_param(err, "rule", "not_number");
	double x = json_number_value(v);
	if (!isfinite(x) || x < min || x > max)
		return cr_err_set(err, 400, "invalid", key, "'%s' must be between %g and %g", key,
				  min, max),
		       cr_err_param(err, "rule", "range"), cr_err_param(err, "min", "%g", min),
		       cr_err_param(err, "max", "%g", max);
	*out = x;
	return 0;
}

int cr_json_bool(const json_t *obj, const char *key, bool *out, struct cr_err *err)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_boolean(v))
		return cr_err_set(err, 400, "invalid", key, "'%s' must be true or false", key),
		       cr_err_param(err, "rule", "not_boolean");
	*out = json_is_true(v);
	return 0;
}

json_t *cr_err_json(const struct cr_err *e)
{
	json_t *o =
		json_pack("{ss ss ss}", "code", e->code, "message", e->message, "field", e->field);
	json_t *params = json_object();
	for (int i = 0; i < CR_ERR_PARAMS; i++)
		if (e->params[i].key[0])
			json_object_set_new(params, e->params[i].key,
					    json_string(e->params[i].value));
	if (o && json_object_size(params))
		json_object_set(o, "params", params);
	json_decref(params);
	return o;
}

void cr_json_set_after(json_t *obj, const char *after, const char *key, json_t *v)
{
	if (json_object_get(obj, key) || !json_object_get(obj, after)) {
		json_object_set_new_nocheck(obj, key, v);
		return;
	}
	/* jansson keeps insertion order and only appends: take the tail off, add, put it back. */
	json_t *tail = json_object();
	for (void *it = json_object_iter_next(obj, json_object_iter_at(obj, after)); it;
	     it = json_object_iter_next(obj, it))
		json_object_set_nocheck(tail, json_object_iter_key(it), json_object_iter_value(it));
	const char *k;
	json_t *x;
	json_object_foreach(tail, k, x)
		json_object_del(obj, k);
	json_object_set_new_nocheck(obj, key, v);
	json_object_update(obj, tail);
	json_decref(tail);
}

char *cr_json_dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(10));
}
