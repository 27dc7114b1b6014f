/* server.c — the HTTP server on libmicrohttpd: reads bodies within their caps, finds the route,
 * authenticates and checks CSRF, calls the handler and writes JSON. It holds no resource logic. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/grow.h"
#include "core/jsonx.h"
#include "http/http.h"
#include "http/offload.h"
#include "http/query_guard.h"
#include "http/read_route.h"
#include "http/static_files.h"
#include "io/table_read.h"

#define DEFAULT_MAX_BODY (1u << 20)
/* A connection that sends nothing for IDLE_SECONDS is closed, headers or body; a body must be
 * complete BODY_SECONDS after its headers. One address holds at most --max-conn-per-addr
 * connections (DEFAULT_CONN_PER_ADDR) of the --max-connections (at most CONN_LIMIT) in all:
 * room for thousands of open event streams (http/sse.c) besides the requests. */
#define IDLE_SECONDS 10u
#define BODY_SECONDS 60
#define CONN_LIMIT 16384u
#define DEFAULT_CONN_PER_ADDR 64u
/* Each connection's memory pool is CONN_MEMORY: no larger, libmicrohttpd zeroes the whole pool
 * between two requests on a connection, and at 256 KiB that memset was a third of the unit
 * list's CPU time (perf, docs/PERFORMANCE.md). A query string is judged before libmicrohttpd
 * parses it into the pool (http/query_guard.c); a request line or header block past the pool
 * is answered by libmicrohttpd itself (docs/SECURITY.md, "Requests too big"). */
#define CONN_MEMORY (64u * 1024u)

struct conn_state {
	char *buf;
	size_t len, cap, max;
	bool too_large;
	const struct cr_route *route;
	char params[CR_MAX_PARAMS][64];
	int nparams;
	bool method_mismatch;
	time_t started; /* when the headers were complete */
	/* A slow answer being made by http/offload.c while the connection is suspended: the
	 * request, the handler's result, and whether the worker is done with it. */
	struct cr_req *pending;
	int pending_rc;
	atomic_bool pending_done;
	double t0; /* cr_clock_mono_seconds() when the handler was called */
};

static bool hsts; /* served over https (--public-url https://…): every answer says so */

/* ===== Routing ===== */

static bool match(const char *pattern, const char *path, struct conn_state *st)
{
	int np = 0;
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *end = strchr(path, '/');
			size_t n = end ? (size_t)(end - path) : strlen(path);
			if (n == 0 || n >= sizeof st->params[0] || np == CR_MAX_PARAMS)
				return false;
			memcpy(st->params[np], path, n);
			st->params[np++][n] = 0;
			path += n;
			pattern = strchr(pattern, '}') + 1;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	if (*pattern || *path)
		return false;
	st->nparams = np;
	return true;
}

static void route(const char *method, const char *path, struct conn_state *st)
{
	st->route = NULL;
	st->method_mismatch = false;
	for (size_t i = 0; i < cr_nroutes; i++) {
		if (!match(cr_routes[i].pattern, path, st))
			continue;
		if (strcmp(cr_routes[i].method, method) == 0) {
			st->route = &cr_routes[i];
			return;
		}
		st->method_mismatch = true;
	}
}

/* ===== Helpers for handlers ===== */

const char *cr_arg(struct cr_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool cr_content_type_is(struct cr_req *r, const char *type)
{
	const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
	size_t n = strlen(type);
	return ct && strncasecmp(ct, type, n) == 0 && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

json_t *cr_body_json(struct cr_req *r)
{
	/* Only a body that says it is JSON is read as JSON: a cross-site form can send text/plain
	 * or form encoding without a preflight, and the log-in needs no CSRF token (curl users
	 * add -H 'Content-Type: application/json'). */
	if (r->body_len && !cr_content_type_is(r, "application/json")) {
		cr_err_set(&r->err, 415, "unsupported_media_type", "Content-Type",
			   "send the body as application/json");
		return NULL;
	}
	return cr_json_parse_object(r->body, r->body_len, &r->err);
}

int cr_param_id(struct cr_req *r, int i, long long *id)
{
	const char *s = r->params[i];
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno == ERANGE || v <= 0 || strspn(s, "0123456789") != strlen(s))
		return cr_err_set(&r->err, 404, "not_found", "id", "no such id '%s'", s);
	*id = v;
	return 0;
}

int cr_reply(struct cr_req *r, int status, json_t *json)
{
	r->status = status;
	r->json = json;
	return 0;
}

int cr_reply_raw(struct cr_req *r, int status, const char *type, char *data, size_t len)
{
	if (!data)
		return -1;
	r->status = status;
	r->raw = data;
	r->raw_len = len;
	r->raw_type = type;
	return 0;
}

int cr_reply_stream(struct cr_req *r, int status, const char *type,
		    int (*read)(void *ctx, char *buf, size_t cap, size_t *n),
		    void (*done)(void *ctx), void *ctx)
{
	r->status = status;
	r->raw_type = type;
	r->stream_read = read;
	r->stream_done = done;
	r->stream_ctx = ctx;
	return 0;
}

int cr_reply_file(struct cr_req *r, int status, const char *type, int fd)
{
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return cr_err_set(&r->err, 500, "internal", "", "cannot read the file to send");
	}
	r->status = status;
	r->raw_type = type;
	r->file_fd = fd;
	r->raw_len = (size_t)st.st_size;
	return 0;
}

int cr_temp_file(char *path, size_t cap, const char *prefix, struct cr_err *err)
{
	const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(path, cap, "%s/%s-XXXXXX", dir, prefix);
	int fd = mkstemp(path);
	if (fd < 0)
		return cr_err_set(err, 500, "internal", "", "cannot create a temporary file in %s",
				  dir);
	close(fd);
	return 0;
}

int cr_reply_temp_file(struct cr_req *r, const char *path, const char *type, const char *utf8_name,
		       const char *ascii_name)
{
	/* Open, then unlink: the file lives until the answer is sent, and no further. */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	remove(path);
	cr_reply_attachment(r, utf8_name, ascii_name);
	return cr_reply_file(r, 200, type, fd);
}

void cr_reply_attachment(struct cr_req *r, const char *utf8_name, const char *ascii_name)
{
	char enc[256];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)utf8_name; *p && n + 4 < sizeof enc;
	     p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			enc[n++] = (char)*p;
		else
			n += (size_t)snprintf(enc + n, sizeof enc - n, "%%%02X", *p);
	}
	enc[n] = 0;
	snprintf(r->disposition, sizeof r->disposition,
		 "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii_name, enc);
}

/* A streamed answer's state, owned by MHD from the response's creation. */
struct stream {
	int (*read)(void *ctx, char *buf, size_t cap, size_t *n);
	void (*done)(void *ctx);
	void *ctx;
};

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct stream *st = cls;
	size_t n = 0;
	int rc = st->read(st->ctx, buf, max, &n);
	if (rc < 0)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (rc > 0)
		return 0; /* suspended: nothing until the connection is resumed */
	return n ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

static void stream_free(void *cls)
{
	struct stream *st = cls;
	st->done(st->ctx);
	free(st);
}

/* The MHD response of a streamed or file answer, or NULL (the stream's state freed). */
static struct MHD_Response *stream_response(struct cr_req *r)
{
	if (r->file_fd > 0) {
		int fd = r->file_fd;
		r->file_fd = 0;
		struct MHD_Response *resp = MHD_create_response_from_fd(r->raw_len, fd);
		if (!resp)
			close(fd);
		return resp;
	}
	struct stream *st = malloc(sizeof *st);
	if (!st) {
		r->stream_done(r->stream_ctx);
		return NULL;
	}
	*st = (struct stream){ r->stream_read, r->stream_done, r->stream_ctx };
	r->stream_read = NULL;
	size_t block = r->stream_block ? r->stream_block : 64 * 1024;
	struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, block,
								      stream_read, st, stream_free);
	if (!resp)
		stream_free(st);
	return resp;
}

int cr_reply_json_text(struct cr_req *r, int status, char *text)
{
	return cr_reply_raw(r, status, "application/json; charset=utf-8", text,
			    text ? strlen(text) : 0);
}

int cr_reply_body(struct cr_req *r, int status, cr_body_fn fn)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = fn(r->db, &r->user, body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, status, out);
}

int cr_reply_id(struct cr_req *r, int status, cr_id_fn fn)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	return cr_reply_or_err(r, status, fn(r->db, &r->user, id, &r->err));
}

int cr_reply_id_body(struct cr_req *r, int status, cr_id_body_fn fn)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = fn(r->db, &r->user, id, body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, status, out);
}

int cr_table_body_check(struct cr_req *r)
{
	static const char xlsx[] =
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	if (!r->body_len)
		return cr_err_set(&r->err, 400, "invalid", "file",
				  "send the CSV or XLSX file as the body");
	bool as_csv = cr_content_type_is(r, "text/csv"), as_xlsx = cr_content_type_is(r, xlsx);
	if (!as_csv && !as_xlsx && !cr_content_type_is(r, "application/octet-stream"))
		return cr_err_set(&r->err, 415, "unsupported_media_type", "Content-Type",
				  "send the file as text/csv or as an .xlsx workbook");
	/* a declared type is the file's type: the importers tell CSV from XLSX by the zip
	 * signature, which only an application/octet-stream body leaves to them */
	bool zip = cr_table_is_xlsx(r->body, r->body_len);
	if (as_xlsx && !zip)
		return cr_err_set(
			&r->err, 400, "invalid", "file",
			"not a valid .xlsx file (sent as an .xlsx workbook, it is not a zip)");
	if (as_csv && zip)
		return cr_err_set(&r->err, 400, "invalid", "file",
				  "not a CSV file (sent as text/csv, it is a zip)");
	return 0;
}

int cr_reply_table(struct cr_req *r, cr_table_fn fn)
{
	if (cr_table_body_check(r))
		return -1;
	json_t *rows = NULL;
	json_t *out = fn(r->db, &r->user, r->body, r->body_len, cr_arg(r, "coords"), NULL, &rows,
			 &r->err);
	if (!out && rows)
		r->err_extra = json_pack("{so}", "rows", rows);
	return cr_reply_or_err(r, 200, out);
}

int cr_reply_or_err(struct cr_req *r, int status, json_t *json)
{
	return json ? cr_reply(r, status, json) : -1;
}

/* ===== Responses ===== */

static void common_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (hsts)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result send_json(struct MHD_Connection *conn, int status, json_t *body,
				 const char *cookie, int retry_after)
{
	static const char failed[] = "{\"error\":{\"code\":\"internal\",\"message\":\"response "
				     "could not be built\",\"field\":\"\"}}";
	char *text = body ? cr_json_dump(body) : NULL;
	struct MHD_Response *resp;
	if (text) {
		resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
	} else {
		status = 500;
		resp = MHD_create_response_from_buffer(sizeof failed - 1, (void *)failed,
						       MHD_RESPMEM_PERSISTENT);
	}
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	common_headers(resp);
	if (cookie && *cookie)
		MHD_add_response_header(resp, "Set-Cookie", cookie);
	if (retry_after > 0) {
		char secs[16];
		snprintf(secs, sizeof secs, "%d", retry_after);
		MHD_add_response_header(resp, "Retry-After", secs);
	}
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static json_t *error_body(const struct cr_err *e, json_t *extra)
{
	json_t *body = json_pack("{so}", "error", cr_err_json(e));
	if (extra)
		json_object_update(body, extra);
	return body;
}

static enum MHD_Result send_error(struct MHD_Connection *conn, int status, const char *code,
				  const char *field, const char *msg)
{
	struct cr_err e;
	cr_err_set(&e, status, code, field, "%s", msg);
	json_t *body = error_body(&e, NULL);
	enum MHD_Result ret = send_json(conn, status, body, NULL, 0);
	json_decref(body);
	return ret;
}

/* ===== Where a request comes from ===== */

void cr_session_cookie(struct cr_req *r, const char *token, int max_age)
{
	snprintf(r->set_cookie, sizeof r->set_cookie,
		 "cr_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token, max_age,
		 r->app->https ? "; Secure" : "");
}

static bool peer_address(struct MHD_Connection *conn, char out[48])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = 0;
	if (!ci || !ci->client_addr)
		return false;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		return inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				 out, 48) != NULL;
	if (sa->sa_family == AF_INET6)
		return inet_ntop(AF_INET6,
				 &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
				 48) != NULL;
	return false;
}

static enum MHD_Result last_value(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	if (strcasecmp(key, "X-Forwarded-For") == 0)
		*(const char **)cls = value;
	return MHD_YES;
}

/* The peer's address; behind the trusted proxy, the last X-Forwarded-For entry (the one the
 * proxy added: entries before it are whatever the client chose to send). */
static void client_address(const struct cr_app *app, struct MHD_Connection *conn, char out[48])
{
	if (!peer_address(conn, out) || !app->trusted_proxy || strcmp(out, app->trusted_proxy) != 0)
		return;
	const char *xff = NULL;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, last_value, (void *)&xff);
	if (!xff)
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	char cand[48];
	size_t n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof cand)
		return;
	memcpy(cand, last, n);
	cand[n] = 0;
	unsigned char bin[16];
	if (inet_pton(AF_INET, cand, bin) == 1 || inet_pton(AF_INET6, cand, bin) == 1)
		memcpy(out, cand, n + 1);
}

/* Length of the origin part (scheme://host[:port]) of a URL. */
static size_t origin_len(const char *url)
{
	const char *p = strstr(url, "://");
	return p ? (size_t)(p + 3 - url) + strcspn(p + 3, "/?#") : strlen(url);
}

/* Writes come from our own pages or from clients that are not browsers: a browser says where a
 * request comes from (Sec-Fetch-Site, Origin), other clients send neither and pass. */
static int same_origin(struct cr_req *r)
{
	const char *site = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
	const char *origin = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return cr_err_set(&r->err, 403, "cross_site", "Sec-Fetch-Site",
				  "a %s request may not change anything", site);
	if (!origin)
		return 0;
	const char *p = strstr(origin, "://");
	if (p && host && strcasecmp(p + 3, host) == 0)
		return 0;
	if (r->app->public_url) {
		size_t n = origin_len(r->app->public_url);
		if (strlen(origin) == n && strncasecmp(origin, r->app->public_url, n) == 0)
			return 0;
	}
	return cr_err_set(&r->err, 403, "cross_site", "Origin",
			  "requests from %.80s may not change anything", origin);
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

/* ===== Authentication ===== */

static int authenticate(struct cr_req *r)
{
	const char *tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "cr_session");
	if (!tok)
		return cr_err_set(&r->err, 401, "unauthorized", "", "log in first");
	if (cr_session_find(r->db, tok, &r->user, r->csrf, &r->err))
		return -1;
	snprintf(r->session_token, sizeof r->session_token, "%s", tok);
	r->authed = true;
	return 0;
}

static int authorise(struct cr_req *r, const struct cr_route *rt)
{
	if (rt->access == CR_PUBLIC) {
		/* Public routes still learn who is calling when a session exists. */
		struct cr_err keep = r->err;
		if (authenticate(r))
			r->err = keep;
		return 0;
	}
	if (authenticate(r))
		return -1;
	if (rt->access == CR_WRITE || rt->access == CR_CSRF) {
		const char *h =
			MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
		if (!h || strlen(h) != strlen(r->csrf) ||
		    sodium_memcmp(h, r->csrf, strlen(r->csrf)) != 0)
			return cr_err_set(&r->err, 403, "csrf", "X-CSRF-Token",
					  "missing or wrong X-CSRF-Token header");
		if (rt->access == CR_WRITE && r->user.role == CR_ROLE_EXPERT)
			return cr_err_set(&r->err, 403, "forbidden", "",
					  "the expert role is read-only");
	}
	return 0;
}

/* ===== MHD callbacks ===== */

/* The route's handler for an authorised request; a handler that failed mid-transaction writes
 * nothing. */
static int run(struct cr_req *r, const struct cr_route *rt)
{
	int rc = rt->handler(r);
	if (rc)
		cr_db_rollback(r->db);
	else if (is_write(r->method))
		cr_read_route_wrote(r);
	return rc;
}

static bool is_download(struct cr_req *r, const struct cr_route *rt);

/* On the read replica when the route's reads may go there (http/read_route.c). */
static int handle(struct cr_req *r, const struct cr_route *rt)
{
	if (cr_read_route_takes(r, rt))
		return cr_read_route_handle(r, rt, is_download(r, rt), run);
	return run(r, rt);
}

/* Sends what the handler left in r (or its error), counts it, and frees r. */
static enum MHD_Result answer(struct MHD_Connection *conn, struct cr_req *r, int rc, double t0)
{
	const char *method = r->method, *url = r->path;
	enum MHD_Result ret;
	if (rc) {
		int status = r->err.status ? r->err.status : 500;
		json_t *body = error_body(&r->err, r->err_extra);
		ret = send_json(conn, status, body, r->set_cookie, r->retry_after);
		json_decref(body);
		if (status >= 500)
			fprintf(stderr, "cityrisk: %s %s: %s\n", method, url, r->err.message);
	} else if (r->raw || r->stream_read || r->file_fd > 0) {
		struct MHD_Response *resp =
			r->raw ? MHD_create_response_from_buffer(r->raw_len, r->raw,
								 MHD_RESPMEM_MUST_FREE)
			       : stream_response(r);
		r->raw = NULL; /* MHD owns it now */
		if (resp) {
			MHD_add_response_header(resp, "Content-Type", r->raw_type);
			common_headers(resp);
			if (r->disposition[0])
				MHD_add_response_header(resp, "Content-Disposition",
							r->disposition);
			if (r->set_cookie[0])
				MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
			ret = MHD_queue_response(conn, (unsigned)r->status, resp);
			MHD_destroy_response(resp);
		} else {
			ret = send_error(conn, 500, "internal", "", "response could not be built");
		}
	} else {
		if (!r->json)
			r->json = json_object();
		ret = send_json(conn, r->status, r->json, r->set_cookie, 0);
	}
	cr_metrics_observe(rc ? (r->err.status ? r->err.status : 500) : r->status,
			   cr_clock_mono_seconds() - t0);
	json_decref(r->json);
	json_decref(r->err_extra);
	free(r->raw);
	free(r);
	return ret;
}

/* On an offload worker: the handler on the worker's own database connection, then the
 * connection resumed so its pool thread sends the answer (on_request sees pending_done). */
static void handle_offloaded(void *arg)
{
	struct conn_state *st = arg;
	struct cr_req *r = st->pending;
	r->db = cr_db_conn(r->app->db);
	st->pending_rc =
		r->db ? handle(r, st->route)
		      : cr_err_set(&r->err, 503, "unavailable", "", "database unavailable");
	atomic_store(&st->pending_done, true);
	MHD_resume_connection(r->conn);
}

/* Whether the route's answer is made off the pool thread: always, or for a download asked with
 * ?format= on a list route. */
static enum cr_offload *offload_of; /* by index in cr_routes, from cr_offload_routes */

static bool is_slow(struct MHD_Connection *conn, const struct cr_route *rt)
{
	enum cr_offload when = offload_of[rt - cr_routes];
	return when == CR_OFFLOAD_ALWAYS ||
	       (when == CR_OFFLOAD_EXPORT &&
		MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "format"));
}

static bool is_download(struct cr_req *r, const struct cr_route *rt)
{
	return offload_of[rt - cr_routes] == CR_OFFLOAD_EXPORT && cr_arg(r, "format");
}

/* offload_of from the table: -1 naming an entry that is no route. */
static int offload_index(struct cr_err *err)
{
	if (!offload_of && !(offload_of = calloc(cr_nroutes, sizeof *offload_of)))
		return cr_err_set(err, 500, "oom", "", "out of memory");
	for (size_t i = 0; i < cr_noffload_routes; i++) {
		const struct cr_offload_route *o = &cr_offload_routes[i];
		size_t k = 0;
		while (k < cr_nroutes && (strcmp(cr_routes[k].method, o->method) != 0 ||
					  strcmp(cr_routes[k].pattern, o->pattern) != 0))
			k++;
		if (k == cr_nroutes)
			return cr_err_set(err, 500, "internal", "", "slow route %s %s is no route",
					  o->method, o->pattern);
		offload_of[k] = o->when;
	}
	return 0;
}

static enum MHD_Result dispatch(struct cr_app *app, struct MHD_Connection *conn, const char *url,
				const char *method, struct conn_state *st)
{
	if (st->too_large)
		return send_error(conn, 413, "too_large", "", "request body is too large");

	if (!st->route)
		return st->method_mismatch
			       ? send_error(conn, 405, "method_not_allowed", "",
					    "method not allowed")
			       : send_error(conn, 404, "not_found", "", "no such endpoint");
	struct cr_req *r = calloc(1, sizeof *r);
	if (!r)
		return MHD_NO;
	r->app = app;
	r->conn = conn;
	r->method = method;
	r->path = url;
	r->body = st->buf;
	r->body_len = st->len;
	memcpy(r->params, st->params, sizeof r->params);
	r->nparams = st->nparams;
	r->db = cr_db_conn(app->db);
	if (!r->db) {
		free(r);
		return send_error(conn, 503, "unavailable", "", "database unavailable");
	}
	client_address(app, conn, r->client);
	st->t0 = cr_clock_mono_seconds();
	int rc = is_write(method) ? same_origin(r) : 0;
	if (!rc)
		rc = authorise(r, st->route);
	if (!rc && is_slow(conn, st->route)) {
		/* authorised here (cheap), made there: only a signed-in user can queue slow work */
		st->pending = r;
		atomic_store(&st->pending_done, false);
		MHD_suspend_connection(conn);
		if (cr_offload_submit(handle_offloaded, st)) {
			st->pending_rc = cr_err_set(&r->err, 503, "server_busy", "",
						    "too many slow requests are waiting");
			r->retry_after = 5;
			atomic_store(&st->pending_done, true);
			MHD_resume_connection(conn);
		}
		return MHD_YES;
	}
	if (rc)
		cr_db_rollback(r->db);
	else
		rc = handle(r, st->route);
	return answer(conn, r, rc, st->t0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct cr_app *app = cls;
	struct conn_state *st = *con_cls;
	const struct cr_query_refusal *no = cr_query_guard_refusal(st);
	if (no) {
		*con_cls = NULL;
		return send_error(conn, no->status, no->code, "", no->message);
	}
	if (!st) {
		if (strncmp(url, "/api/", 5) != 0 && strcmp(url, "/metrics") != 0) {
			if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
				return send_error(conn, 405, "method_not_allowed", "",
						  "method not allowed");
			return cr_static_serve(app, conn, url);
		}
		st = calloc(1, sizeof *st);
		if (!st)
			return MHD_NO;
		st->started = time(NULL);
		route(method, url, st);
		st->max = st->route && st->route->max_body ? st->route->max_body : DEFAULT_MAX_BODY;
		const char *cl =
			MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > st->max)
			st->too_large = true;
		*con_cls = st;
		return MHD_YES;
	}
	if (st->pending) { /* called again once the worker resumed the connection */
		if (!atomic_load(&st->pending_done))
			return MHD_YES;
		struct cr_req *r = st->pending;
		st->pending = NULL;
		return answer(conn, r, st->pending_rc, st->t0);
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (time(NULL) - st->started > BODY_SECONDS)
			return MHD_NO; /* a body trickling in for minutes holds a connection: drop it */
		if (st->too_large)
			return MHD_YES;
		if (st->len + n > st->max) {
			st->too_large = true;
			free(st->buf);
			st->buf = NULL;
			st->len = st->cap = 0;
			return MHD_YES;
		}
		if (CR_GROW(st->buf, st->cap, st->len + n + 1))
			return MHD_NO;
		memcpy(st->buf + st->len, upload, n);
		st->len += n;
		st->buf[st->len] = 0;
		return MHD_YES;
	}
	return dispatch(app, conn, url, method, st);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct conn_state *st = *con_cls;
	if (st && !cr_query_guard_refusal(st)) {
		free(st->buf);
		free(st);
		*con_cls = NULL;
	}
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decoding of paths and query values, except %00: a decoded NUL would end the C string
 * there, so "/units/1%00junk" would read as "/units/1". Left encoded, it is no id. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *val)
{
	char *out = val;
	for (const char *in = val; *in;) {
		int hi, lo;
		if (in[0] == '%' && (hi = hex_digit(in[1])) >= 0 && (lo = hex_digit(in[2])) >= 0 &&
		    (hi | lo)) {
			*out++ = (char)(hi * 16 + lo);
			in += 3;
		} else {
			*out++ = *in++;
		}
	}
	*out = 0;
	return (size_t)(out - val);
}

/* ===== Connections per address ===== */

static struct {
	uint32_t addr;
	unsigned n;
} conns[CONN_LIMIT];
static pthread_mutex_t conns_mu = PTHREAD_MUTEX_INITIALIZER;
static uint32_t proxy_addr; /* --trusted-proxy, exempt: it carries many clients */
static unsigned conn_per_addr = DEFAULT_CONN_PER_ADDR;

static bool ipv4_of(const struct sockaddr *sa, uint32_t *addr)
{
	if (!sa || sa->sa_family != AF_INET)
		return false;
	*addr = ((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr;
	return true;
}

static enum MHD_Result accept_policy(void *cls, const struct sockaddr *sa, socklen_t len)
{
	uint32_t a;
	if (!ipv4_of(sa, &a) || (proxy_addr && a == proxy_addr))
		return MHD_YES;
	bool ok = true;
	pthread_mutex_lock(&conns_mu);
	for (size_t i = 0; i < CONN_LIMIT; i++)
		if (conns[i].n && conns[i].addr == a) {
			ok = conns[i].n < conn_per_addr;
			break;
		}
	pthread_mutex_unlock(&conns_mu);
	return ok ? MHD_YES : MHD_NO;
}

/* Counts each open connection under its address. accept_policy only pre-checks: the worker
 * threads accept concurrently, so two of them can both see 63 and both say yes. The count taken
 * here, under the lock, is the authority: a connection that makes it exceed the limit is shut
 * down at once, and MHD then closes it (and reports CLOSED, which gives the count back). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	uint32_t a;
	if (!ci || !ipv4_of(ci->client_addr, &a))
		return;
	bool over = false;
	pthread_mutex_lock(&conns_mu);
	size_t slot = CONN_LIMIT;
	for (size_t i = 0; i < CONN_LIMIT; i++) {
		if (conns[i].n && conns[i].addr == a) {
			slot = i;
			break;
		}
		if (!conns[i].n && slot == CONN_LIMIT)
			slot = i;
	}
	if (slot < CONN_LIMIT) {
		if (code == MHD_CONNECTION_NOTIFY_STARTED) {
			conns[slot].addr = a;
			conns[slot].n++;
			over = conns[slot].n > conn_per_addr && !(proxy_addr && a == proxy_addr);
		} else if (conns[slot].n && conns[slot].addr == a) {
			conns[slot].n--;
		}
	}
	pthread_mutex_unlock(&conns_mu);
	if (over) {
		const union MHD_ConnectionInfo *fd =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (fd)
			shutdown(fd->connect_fd, SHUT_RDWR);
	}
}

unsigned cr_http_connections(void)
{
	unsigned n = 0;
	pthread_mutex_lock(&conns_mu);
	for (size_t i = 0; i < CONN_LIMIT; i++)
		n += conns[i].n;
	pthread_mutex_unlock(&conns_mu);
	return n;
}

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	vfprintf(stderr, fmt, ap);
}

struct MHD_Daemon *cr_http_start(struct cr_app *app, const char *listen, int threads,
				 struct cr_err *err)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host) {
		cr_err_set(err, 400, "invalid", "listen", "--listen wants HOST:PORT");
		return NULL;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = 0;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	if (*end || port < 0 || port > 65535 || inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		cr_err_set(err, 400, "invalid", "listen", "bad --listen address %s", listen);
		return NULL;
	}
	sa.sin_port = htons((uint16_t)port);
	struct in_addr proxy = { 0 };
	if (app->trusted_proxy && inet_pton(AF_INET, app->trusted_proxy, &proxy) != 1) {
		cr_err_set(err, 400, "invalid", "trusted-proxy",
			   "--trusted-proxy wants an IPv4 address, not %s", app->trusted_proxy);
		return NULL;
	}
	proxy_addr = proxy.s_addr;
	conn_per_addr = app->max_conn_per_addr ? app->max_conn_per_addr : DEFAULT_CONN_PER_ADDR;
	unsigned conn_limit = app->max_connections && app->max_connections < CONN_LIMIT
				      ? app->max_connections
				      : CONN_LIMIT;
	hsts = app->https;
	cr_metrics_start();
	if (offload_index(err) || cr_read_route_index(err))
		return NULL;
	if (cr_offload_start()) {
		cr_err_set(err, 500, "internal", "", "cannot start the workers for slow answers");
		return NULL;
	}
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			MHD_ALLOW_SUSPEND_RESUME,
		0, accept_policy, app, on_request, app, MHD_OPTION_EXTERNAL_LOGGER, log_mhd,
		(void *)NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, (void *)NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
		(void *)NULL, MHD_OPTION_UNESCAPE_CALLBACK, unescape, (void *)NULL,
		MHD_OPTION_URI_LOG_CALLBACK, cr_query_guard_uri, (void *)NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, IDLE_SECONDS, MHD_OPTION_CONNECTION_LIMIT,
		conn_limit, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_END);
	if (!d) {
		cr_offload_stop();
		cr_err_set(err, 500, "listen", "listen", "cannot listen on %s", listen);
		return NULL;
	}
	if (cr_sse_start()) {
		cr_http_stop(d);
		cr_err_set(err, 500, "internal", "", "cannot start the event streams");
		return NULL;
	}
	return d;
}

void cr_http_stop(struct MHD_Daemon *d)
{
	cr_sse_stop();
	cr_offload_stop();
	MHD_stop_daemon(d);
}
