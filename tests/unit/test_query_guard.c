/* test_query_guard.c — the query string judged before libmicrohttpd parses it (http/query_guard.c):
 * parameters counted as libmicrohttpd splits them, bytes measured, a refused query cut to nothing. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "http/query_guard.h"

/* "/u?a0=1&a1=1&…" with n parameters, and tail after them */
static void uri_of(char *out, size_t cap, int n, const char *tail)
{
	size_t len = (size_t)snprintf(out, cap, "/u?");
	for (int i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%sa%d=1", i ? "&" : "", i);
	snprintf(out + len, cap - len, "%s", tail);
}

TEST(query_guard_counts_parameters_as_libmicrohttpd_splits_them)
{
	static char uri[2048];
	OK(cr_query_guard_uri(NULL, "/u", NULL) == NULL);
	OK(cr_query_guard_uri(NULL, NULL, NULL) == NULL);
	uri_of(uri, sizeof uri, 100, "");
	OK(cr_query_guard_uri(NULL, uri, NULL) == NULL);
	OK(strlen(uri) > 500);
	/* a trailing '&' starts no parameter */
	uri_of(uri, sizeof uri, 100, "&");
	OK(cr_query_guard_uri(NULL, uri, NULL) == NULL);
	/* an empty one between two '&' does */
	uri_of(uri, sizeof uri, 100, "&&");
	const struct cr_query_refusal *no =
		cr_query_guard_refusal(cr_query_guard_uri(NULL, uri, NULL));
	OK(no != NULL);
	INT_EQ(no->status, 414);
	STR_EQ(no->code, "too_many_parameters");
	STR_EQ(uri, "/u?"); /* cut: nothing left to parse */
	uri_of(uri, sizeof uri, 101, "");
	no = cr_query_guard_refusal(cr_query_guard_uri(NULL, uri, NULL));
	OK(no != NULL);
	STR_EQ(no->code, "too_many_parameters");
	STR_EQ(uri, "/u?");
	/* a context of the server's own is no refusal */
	int other;
	OK(cr_query_guard_refusal(&other) == NULL);
	OK(cr_query_guard_refusal(NULL) == NULL);
}

TEST(query_guard_measures_the_query_string)
{
	static char uri[CR_QUERY_MAX_BYTES + 16];
	memcpy(uri, "/u?q=", 5);
	memset(uri + 5, 'x', CR_QUERY_MAX_BYTES - 2);
	uri[CR_QUERY_MAX_BYTES + 3] = 0; /* "q=" and 16,382 x: 16,384 bytes after the '?' */
	OK(cr_query_guard_uri(NULL, uri, NULL) == NULL);
	INT_EQ((long long)strlen(uri), CR_QUERY_MAX_BYTES + 3);
	uri[CR_QUERY_MAX_BYTES + 3] = 'x';
	uri[CR_QUERY_MAX_BYTES + 4] = 0;
	const struct cr_query_refusal *no =
		cr_query_guard_refusal(cr_query_guard_uri(NULL, uri, NULL));
	OK(no != NULL);
	INT_EQ(no->status, 414);
	STR_EQ(no->code, "query_too_long");
	STR_EQ(uri, "/u?");
}
