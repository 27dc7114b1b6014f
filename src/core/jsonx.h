/* jsonx.h — the one JSON helper on top of jansson: strict field readers that name the field in
 * their errors, and dumping with the project's number format. */
#ifndef CR_JSONX_H
#define CR_JSONX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Parses a request body: must be a JSON object, valid UTF-8, no duplicate keys. New reference. */
json_t *cr_json_parse_object(const char *body, size_t len, struct cr_err *err);

/* Refuses any key of obj not in the NULL-terminated list (400 naming the key). */
int cr_json_only(const json_t *obj, const char *const *allowed, struct cr_err *err);

/* Field readers. Each returns 0 and sets *out, 1 when the key is absent (or null, where
 * allowed), or -1 with err naming the field. Strings are borrowed from obj. maxchars counts
 * characters (code points), and control characters other than tab are refused. */
int cr_json_str(const json_t *obj, const char *key, size_t maxchars, const char **out,
		struct cr_err *err);
/* As cr_json_str for multi-line text (descriptions, measures, comments): LF is allowed, and
 * CR LF or a lone CR is first replaced by LF in obj itself, so what is stored, audited and
 * answered is the normalised text. */
int cr_json_text(const json_t *obj, const char *key, size_t maxchars, const char **out,
		 struct cr_err *err);
int cr_json_int(const json_t *obj, const char *key, long long min, long long max, long long *out,
		struct cr_err *err);
int cr_json_num(const json_t *obj, const char *key, double min, double max, double *out,
		struct cr_err *err);
int cr_json_bool(const json_t *obj, const char *key, bool *out, struct cr_err *err);

/* Counts UTF-8 code points; -1 if s is not valid UTF-8. */
long cr_utf8_len(const char *s, size_t n);
/* Drops, in place, every byte of the NUL-terminated s that is not part of a valid UTF-8
 * character — such as the half of a character that snprintf cut off to fit a buffer. */
void cr_utf8_repair(char *s);

/* The error as {"code","message","field"} plus "params" when it has any. New reference. */
json_t *cr_err_json(const struct cr_err *e);

/* Sets key to v (stolen) right after the member `after`, moving the members behind it back, so
 * a field derived from another sits beside it as the API has always had it. A key already there
 * is replaced in its place; without `after` the member is appended. */
void cr_json_set_after(json_t *obj, const char *after, const char *key, json_t *v);

/* Serialises compactly with 17-significant-digit reals trimmed to what is needed. Caller frees. */
char *cr_json_dump(const json_t *v);

#endif
