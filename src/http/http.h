/* http.h — what every HTTP handler sees: the request, the caller, and how to answer.
 * Handlers live one file per resource (api_*.c) and are listed in routes.c. */
#ifndef CR_HTTP_H
#define CR_HTTP_H

#include <jansson.h>
#include <microhttpd.h>
#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct cr_import_progress; /* service/import.h */
#include "domain/user.h"
#include "service/auth.h"
#include "store/db.h"

#define CR_MAX_PARAMS 4

struct cr_app {
	struct cr_db *db;
	const char *webdir;    /* static UI files */
	const char *vendordir; /* node_modules, served under /vendor/ for whitelisted packages */
	/* --public-url: the origin browsers use ("https://risk.example.cn"), NULL when not told;
	 * an https one makes the cookie Secure and adds HSTS. */
	const char *public_url;
	bool https;
	/* --trusted-proxy: the one peer whose X-Forwarded-For names the client (NULL: none). */
	const char *trusted_proxy;
	unsigned max_conn_per_addr; /* --max-conn-per-addr (0: the default) */
	unsigned max_connections;   /* --max-connections, all addresses (0: the default) */
};

struct cr_req {
	struct cr_app *app;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	const char *body;
	size_t body_len;
	char params[CR_MAX_PARAMS][64]; /* {id} segments of the route, in order */
	int nparams;
	struct cr_conn *db;
	char client[48]; /* the client's address (from X-Forwarded-For behind the trusted proxy) */
	bool authed;
	struct cr_user user;
	char session_token[CR_TOKEN_LEN];
	char csrf[CR_TOKEN_LEN];
	/* the answer */
	int status;
	json_t *json; /* response body; the server frees it */
	char set_cookie[256];
	int retry_after;   /* seconds for a Retry-After header, 0 = none */
	json_t *err_extra; /* extra members of an error body (e.g. import "rows") */
	/* a raw answer instead of json: bytes (malloc'd, freed by the server), their type, and an
	 * optional Content-Disposition (files are sent as attachments, never rendered inline) */
	char *raw;
	size_t raw_len;
	const char *raw_type;
	char disposition[384];
	/* a streamed answer instead (cr_reply_stream, cr_reply_file) */
	int (*stream_read)(void *ctx, char *buf, size_t cap, size_t *n);
	void (*stream_done)(void *ctx);
	void *stream_ctx;
	size_t stream_block; /* bytes asked of read at once (0: 64 KiB) */
	int file_fd;         /* > 0: send this open file (the server closes it) */
	struct cr_err err;
};

/* A handler returns 0 with r->status/r->json set, or -1 with r->err set. */
typedef int (*cr_handler)(struct cr_req *r);

enum cr_access {
	CR_PUBLIC, /* no log-in */
	CR_READ,   /* any logged-in user */
	CR_WRITE,  /* logged in, CSRF token, not read-only (expert) */
	CR_CSRF,   /* logged in and CSRF token, any role (log-out) */
};

struct cr_route {
	const char *method;
	const char *pattern; /* "/api/v1/units/{id}" */
	cr_handler handler;
	enum cr_access access;
	size_t max_body; /* 0 = the default 1 MiB */
	const char *summary;
	/* For the OpenAPI description (http/openapi.c): the request body — a schema name, or
	 * "file TYPE…" for raw bytes of those media types, or NULL for none — and the answer: an
	 * optional status ("201 "; default 200), then a schema name, "items NAME" ({"items":[…]}),
	 * "page NAME" (a cursor page) or "file TYPE…". */
	const char *request;
	const char *response;
};

extern const struct cr_route cr_routes[];
extern const size_t cr_nroutes;

/* The routes whose answers take seconds, made by http/offload.c's workers: always, or only
 * when ?format= asks a list route for a download. Each must name a route of cr_routes (the
 * server refuses to start otherwise). */
enum cr_offload {
	CR_OFFLOAD_NONE,
	CR_OFFLOAD_ALWAYS,
	CR_OFFLOAD_EXPORT,
};
struct cr_offload_route {
	const char *method;
	const char *pattern;
	enum cr_offload when;
};
extern const struct cr_offload_route cr_offload_routes[];
extern const size_t cr_noffload_routes;
/* The GET routes whose database reads may go to the read replica (--db-read): lists, their
 * downloads and statistics (docs/OPERATIONS.md "Read replicas"). Each must name a GET route of
 * cr_routes (the server refuses to start otherwise). */
extern const char *const cr_replica_routes[];
extern const size_t cr_nreplica_routes;

/* Query-string argument, or NULL. */
const char *cr_arg(struct cr_req *r, const char *name);
/* Whether the request's Content-Type is type (parameters such as charset ignored). */
bool cr_content_type_is(struct cr_req *r, const char *type);
/* Parses the body as a JSON object: 415 unless it declares application/json (a cross-site
 * form can only send form or text types), 400 when malformed. New reference. */
json_t *cr_body_json(struct cr_req *r);
/* Parses path parameter i as a positive id (404 naming it as given when it is not one: no
 * sign, no trailing bytes, no overflow). */
int cr_param_id(struct cr_req *r, int i, long long *id);
/* Answers with a JSON value (stolen). Returns 0. */
int cr_reply(struct cr_req *r, int status, json_t *json);
/* Answers with raw bytes of a content type (data is malloc'd; the server frees it). Returns 0,
 * or -1 (with the error the service set) when data is NULL. */
int cr_reply_raw(struct cr_req *r, int status, const char *type, char *data, size_t len);
/* Answers with a body made while it is sent (chunked), never held whole: the server calls
 * read(ctx, buf, cap, &n) whenever the socket can take more — 0 with n > 0 for bytes, 0 with
 * n == 0 at the end, -1 to abort (the connection is closed), 1 for nothing yet after read
 * suspended the connection (MHD_suspend_connection; whoever resumes it calls read again) —
 * and done(ctx) once, when the
 * answer is finished or dropped. read runs after the handler returned, on the same thread:
 * ctx must not borrow from the request (nor use r->db). Returns 0. */
int cr_reply_stream(struct cr_req *r, int status, const char *type,
		    int (*read)(void *ctx, char *buf, size_t cap, size_t *n),
		    void (*done)(void *ctx), void *ctx);
/* Answers with the content of an open file, sent from disk; the server closes fd. Returns 0,
 * or -1 with 500 when fd cannot be read. */
int cr_reply_file(struct cr_req *r, int status, const char *type, int fd);
/* Makes an empty temporary file prefix-XXXXXX in $TMPDIR (default /tmp), its name into path:
 * 0, or -1 with 500. */
int cr_temp_file(char *path, size_t cap, const char *prefix, struct cr_err *err);
/* Answers 200 with the file at path (made by cr_temp_file) as a download, and removes the name
 * at once: the open file lives until it is sent. Returns 0, or -1 with 500. */
int cr_reply_temp_file(struct cr_req *r, const char *path, const char *type, const char *utf8_name,
		       const char *ascii_name);
/* Makes the answer a download named utf8_name (RFC 6266/5987: filename="ascii_name";
 * filename*=UTF-8''<percent-encoded utf8_name>). */
void cr_reply_attachment(struct cr_req *r, const char *utf8_name, const char *ascii_name);
/* Answers with JSON text made by a service (malloc'd), or its error when text is NULL. */
int cr_reply_json_text(struct cr_req *r, int status, char *text);
/* The three shapes of a resource handler, so api_*.c files only name their use case:
 * fn(db, user, body) — a create; fn(db, user, id) — a read or archive by the path's first id;
 * fn(db, user, id, body) — a change of that id. Each answers status with fn's result, or the
 * error it (or the body/id parsing) set. */
typedef json_t *(*cr_body_fn)(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			      struct cr_err *err);
typedef json_t *(*cr_id_fn)(struct cr_conn *c, const struct cr_user *u, long long id,
			    struct cr_err *err);
typedef json_t *(*cr_id_body_fn)(struct cr_conn *c, const struct cr_user *u, long long id,
				 const json_t *body, struct cr_err *err);
int cr_reply_body(struct cr_req *r, int status, cr_body_fn fn);
int cr_reply_id(struct cr_req *r, int status, cr_id_fn fn);
int cr_reply_id_body(struct cr_req *r, int status, cr_id_body_fn fn);
/* An import: the body is a CSV or XLSX table (400 when empty, 415 for another type), read by
 * fn(db, user, data, len, ?coords, no progress, &rows) all rows or none; the rows' errors, when
 * fn gives them, go out beside the error as "rows". */
typedef json_t *(*cr_table_fn)(struct cr_conn *c, const struct cr_user *u, const void *data,
			       size_t len, const char *coords,
			       const struct cr_import_progress *progress, json_t **rows,
			       struct cr_err *err);
/* An import's body: 400 when empty, 415 unless text/csv, .xlsx or application/octet-stream,
 * 400 when its declared type is not what it is (a CSV sent as .xlsx, a zip as text/csv).
 * 0, or -1 with r->err set. */
int cr_table_body_check(struct cr_req *r);
int cr_reply_table(struct cr_req *r, cr_table_fn fn);
/* Answers with the result of a service call: json, or the error it set. */
int cr_reply_or_err(struct cr_req *r, int status, json_t *json);

/* The Set-Cookie value for the session cookie (token "" clears it): HttpOnly, SameSite=Strict,
 * and Secure when the app is served over https. */
void cr_session_cookie(struct cr_req *r, const char *token, int max_age);

/* The live event streams (sse.c). cr_http_start starts their keep-alive and hooks them to new
 * alerts; cr_sse_stop ends every stream and must run before MHD_stop_daemon (a daemon must not
 * stop with a connection suspended). cr_sse_stats: for /metrics — streams open now, the bytes
 * their queues of unsent events hold, and the streams dropped since the start for falling more
 * than the budget (256 KiB) behind. */
struct cr_sse_stats {
	size_t streams, queued_bytes;
	unsigned long long dropped;
};
int cr_sse_start(void);
void cr_sse_stop(void);
void cr_sse_stats(struct cr_sse_stats *st);

/* Starts the server; returns NULL with err on failure. */
/* Open client connections, all addresses (for /metrics). */
unsigned cr_http_connections(void);
/* metrics.c: the clock for uptime, and one API answer's status and time (seconds). */
void cr_metrics_start(void);
void cr_metrics_observe(int status, double seconds);

struct MHD_Daemon *cr_http_start(struct cr_app *app, const char *listen, int threads,
				 struct cr_err *err);
/* Ends the event streams, lets the slow answers under way finish (their connections are
 * suspended, and a daemon must not stop with one so), then stops the daemon. */
void cr_http_stop(struct MHD_Daemon *d);

#endif
