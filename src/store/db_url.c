/* db_url.c — a database location with its password hidden (db_url.h). It must not open or
 * parse anything else of the URL: the connection is libpq's to make. */
#include "store/db_url.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HIDDEN "***"

/* Appends n bytes of s to out at *len, cutting at cap - 1. */
static void put(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
	if (*len + 1 >= cap)
		return;
	if (n > cap - 1 - *len)
		n = cap - 1 - *len;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/* Whether the query parameter starting at p is password=… (libpq's keyword, any case). */
static bool is_password_param(const char *p)
{
	return strncasecmp(p, "password=", 9) == 0;
}

char *cr_db_url_redact(const char *location, char *out, size_t cap)
{
	size_t len = 0;
	if (!cap)
		return out;
	out[0] = '\0';
	const char *scheme = strstr(location, "://");
	if (!scheme) {
		put(out, cap, &len, location, strlen(location));
		return out;
	}
	/* user:password@host — the authority ends at the first '/', '?' or '#'; its user part at
	 * the last '@' in it (a password may hold an '@' written as %40, never a bare one). */
	const char *auth = scheme + 3;
	const char *auth_end = auth + strcspn(auth, "/?#");
	const char *at = NULL;
	for (const char *p = auth; p < auth_end; p++)
		if (*p == '@')
			at = p;
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon) {
		put(out, cap, &len, location, (size_t)(colon + 1 - location));
		put(out, cap, &len, HIDDEN, strlen(HIDDEN));
		put(out, cap, &len, at, (size_t)(auth_end - at));
	} else {
		put(out, cap, &len, location, (size_t)(auth_end - location));
	}
	/* The path, then each query parameter, password=… hidden. */
	const char *q = strchr(auth_end, '?');
	const char *rest_end = q ? q : auth_end + strlen(auth_end);
	put(out, cap, &len, auth_end, (size_t)(rest_end - auth_end));
	if (!q)
		return out;
	const char *p = q + 1;
	put(out, cap, &len, "?", 1);
	for (;;) {
		size_t n = strcspn(p, "&#");
		if (is_password_param(p)) {
			put(out, cap, &len, p, 9);
			put(out, cap, &len, HIDDEN, strlen(HIDDEN));
		} else {
			put(out, cap, &len, p, n);
		}
		p += n;
		if (*p != '&') {
			put(out, cap, &len, p, strlen(p));
			return out;
		}
		put(out, cap, &len, "&", 1);
		p++;
	}
}
