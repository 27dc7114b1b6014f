/* query_guard.c — refuses a query string with too many parameters or bytes before libmicrohttpd
 * parses it, so that it gets our JSON 414. It answers nothing itself (http/server.c does). */
#include <string.h>

#include "http/query_guard.h"

static const struct cr_query_refusal too_many_parameters = {
	414, "too_many_parameters", "a query string may have at most 100 parameters"
};
static const struct cr_query_refusal query_too_long = {
	414, "query_too_long", "a query string may have at most 16384 bytes"
};

/* libmicrohttpd 0.9.75 parses the query string into one record per parameter in the
 * connection's pool (connection.c, parse_initial_message_line -> MHD_parse_arguments_ ->
 * connection_add_header). When the pool runs out half-way (about 900 parameters fill 64 KiB,
 * or 100 when the URI itself fills most of it), connection_add_header queues its own 431 page,
 * but parse_initial_message_line still returns MHD_YES and MHD_connection_handle_idle then sets
 * the state to MHD_CONNECTION_URL_RECEIVED over the queued answer: the client sees the
 * connection close with nothing (docs/SECURITY.md, "Requests too big", has the lines). A larger
 * pool only moves the limit. MHD_OPTION_URI_LOG_CALLBACK is called with the whole URI after the
 * '?' is found and before the parameters are parsed ("log callback before we modify URI *or*
 * args"), so here they are counted the way MHD_parse_arguments_ splits them (each '&' starts
 * one, a trailing '&' none) and measured; past either bound the query is cut to nothing, so
 * nothing is parsed into the pool, and the refusal returned has http/server.c answer with our
 * JSON. The URI lies in the connection's read buffer, which libmicrohttpd itself writes to right
 * after this call; it is handed over as const only because a logger has no business writing to
 * it. */
void *cr_query_guard_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	char *query = uri ? strchr(uri, '?') : NULL;
	if (!query)
		return NULL;
	const struct cr_query_refusal *no = NULL;
	unsigned n = 0;
	for (const char *p = query + 1; *p && !no;) {
		if (++n > CR_QUERY_MAX_PARAMS)
			no = &too_many_parameters;
		p = strchr(p, '&');
		if (!p)
			break;
		p++;
	}
	if (!no && strlen(query + 1) > CR_QUERY_MAX_BYTES)
		no = &query_too_long;
	if (!no)
		return NULL;
	query[1] = 0;
	return (void *)no;
}

const struct cr_query_refusal *cr_query_guard_refusal(const void *ctx)
{
	return ctx == &too_many_parameters || ctx == &query_too_long ? ctx : NULL;
}
