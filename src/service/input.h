/* input.h — the request readers every use case shares, written once: required and optional
 * texts, a lon/lat pair and its coordinate system, and a list's limit and cursor. Built on core/jsonx.h. */
#ifndef CR_SERVICE_INPUT_H
#define CR_SERVICE_INPUT_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"
#include "domain/geo.h"

/* A required text of at most max bytes: 0 with *out borrowed from b, or -1 with err (400
 * "required" naming key when absent or blank, or jsonx's refusal). */
int cr_input_required_text(const json_t *b, const char *key, size_t max, const char **out,
			   struct cr_err *err);
/* As cr_input_required_text for a multi-line text (a description): line breaks allowed. */
int cr_input_required_lines(const json_t *b, const char *key, size_t max, const char **out,
			    struct cr_err *err);
/* An optional text: 0 with *out borrowed from b, or "" when absent; -1 with err. */
int cr_input_optional_text(const json_t *b, const char *key, size_t max, const char **out,
			   struct cr_err *err);
/* As cr_input_optional_text for a multi-line text (a textarea in the form). */
int cr_input_optional_lines(const json_t *b, const char *key, size_t max, const char **out,
			    struct cr_err *err);

/* "lon" and "lat": both or neither, inside China (lon 73–136, lat 3–54). 0 when both were read,
 * 1 when neither was given (lon, lat untouched), -1 with err (400 "required" naming the missing
 * one when only one came). */
int cr_input_lonlat(const json_t *b, double *lon, double *lat, struct cr_err *err);

/* As cr_input_lonlat, and when neither was given the position of `fallback` (an object with
 * numeric "lon" and "lat", such as the record's unit) when it has one: 0 when *lon and *lat
 * hold a position, 1 when there is none, -1 with err. */
int cr_input_lonlat_or(const json_t *b, const json_t *fallback, double *lon, double *lat,
		       struct cr_err *err);
/* A list's search text `q`: NULL, or UTF-8 of at most 200 bytes; else 400 naming q. */
int cr_input_search(const char *q, struct cr_err *err);

/* The coordinate system named (`coords`: wgs84, gcj02 or bd09; NULL: wgs84) into *sys; 400
 * "invalid" naming coords otherwise. */
int cr_input_coords_named(const char *name, enum cr_coords *sys, struct cr_err *err);
/* The same for a body's optional "coords". */
int cr_input_coords(const json_t *b, enum cr_coords *sys, struct cr_err *err);

/* Default and largest page of a list. */
#define CR_INPUT_LIMIT_DEFAULT 50
#define CR_INPUT_LIMIT_MAX 500
/* A list's query arguments `limit` (1 to 500) and `after` (a cursor from "next", ≥ 0), as
 * received (NULL or "" = absent: *limit and *after untouched). 0, or -1 with err 400
 * "invalid" naming the argument. */
int cr_input_page(const char *limit_arg, const char *after_arg, int *limit, long long *after,
		  struct cr_err *err);

#endif
