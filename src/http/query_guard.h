/* query_guard.h — judges a request's query string before libmicrohttpd parses it into the
 * connection's memory pool (query_guard.c says why). */
#ifndef CR_HTTP_QUERY_GUARD_H
#define CR_HTTP_QUERY_GUARD_H

#include <microhttpd.h>

/* A query string has at most this many parameters (the longest list takes a dozen) and bytes
 * (room for the parameters' records and the headers after them in a 64 KiB pool). */
#define CR_QUERY_MAX_PARAMS 100
#define CR_QUERY_MAX_BYTES 16384

/* Why a query string was refused: the status, error code and message of the answer. */
struct cr_query_refusal {
	int status;
	const char *code, *message;
};

/* The MHD_OPTION_URI_LOG_CALLBACK: NULL for a query string that may be parsed; else its query
 * is cut to nothing and the refusal returned becomes the request's context (static: never
 * freed). */
void *cr_query_guard_uri(void *cls, const char *uri, struct MHD_Connection *conn);
/* The refusal a request's context is, or NULL when it is none. */
const struct cr_query_refusal *cr_query_guard_refusal(const void *ctx);

#endif
