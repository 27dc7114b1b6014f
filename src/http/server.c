/* server.c — the HTTP server on libmicrohttpd: reads bodies within their caps, finds the route,
 * authenticates and checks CSRF, calls the handler and writes JSON. It holds no resource logic. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/jsonx.h"
#include "http/http.h"
#include "http/static_files.h"

#define DEFAULT_MAX_BODY (1u << 20)

struct conn_state {
	char *buf;
	size_t len, cap, max;
	bool too_large;
	const struct cr_route *route;
	char params[CR_MAX_PARAMS][64];
	int nparams;
	bool method_mismatch;
};

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
	/* A JSON body is read whatever type it declares (curl -d says form-urlencoded): cross-site
	 * forms are kept out by the X-CSRF-Token header they cannot send, not by the type. Only
	 * multipart uploads, which are never JSON, are refused outright. */
	if (r->body_len && cr_content_type_is(r, "multipart/form-data")) {
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
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0 || strspn(s, "0123456789") != strlen(s))
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

int cr_reply_or_err(struct cr_req *r, int status, json_t *json)
{
	return json ? cr_reply(r, status, json) : -1;
}

/* ===== Responses ===== */

static enum MHD_Result send_json(struct MHD_Connection *conn, int status, json_t *body,
				 const char *cookie)
{
	static const char failed[] =
		"{\"error\":{\"code\":\"internal\",\"message\":\"response could not be built\",\"field\":\"\"}}";
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
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (cookie && *cookie)
		MHD_add_response_header(resp, "Set-Cookie", cookie);
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
	enum MHD_Result ret = send_json(conn, status, body, NULL);
	json_decref(body);
	return ret;
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
		const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
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

static enum MHD_Result dispatch(struct cr_app *app, struct MHD_Connection *conn, const char *url,
				const char *method, struct conn_state *st)
{
	if (st->too_large)
		return send_error(conn, 413, "too_large", "", "request body is too large");
	if (!st->route)
		return st->method_mismatch
			       ? send_error(conn, 405, "method_not_allowed", "", "method not allowed")
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
	enum MHD_Result ret;
	if (!r->db) {
		ret = send_error(conn, 503, "unavailable", "", "database unavailable");
		free(r);
		return ret;
	}
	int rc = authorise(r, st->route);
	if (!rc)
		rc = st->route->handler(r);
	if (rc) {
		cr_db_rollback(r->db); /* a handler that failed mid-transaction writes nothing */
		int status = r->err.status ? r->err.status : 500;
		json_t *body = error_body(&r->err, r->err_extra);
		ret = send_json(conn, status, body, r->set_cookie);
		json_decref(body);
		if (status >= 500)
			fprintf(stderr, "cityrisk: %s %s: %s\n", method, url, r->err.message);
	} else if (r->raw) {
		struct MHD_Response *resp =
			MHD_create_response_from_buffer(r->raw_len, r->raw, MHD_RESPMEM_MUST_FREE);
		r->raw = NULL; /* MHD owns it now */
		MHD_add_response_header(resp, "Content-Type", r->raw_type);
		MHD_add_response_header(resp, "Cache-Control", "no-store");
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		if (r->disposition[0])
			MHD_add_response_header(resp, "Content-Disposition", r->disposition);
		if (r->set_cookie[0])
			MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
		ret = MHD_queue_response(conn, (unsigned)r->status, resp);
		MHD_destroy_response(resp);
	} else {
		if (!r->json)
			r->json = json_object();
		ret = send_json(conn, r->status, r->json, r->set_cookie);
	}
	json_decref(r->json);
	json_decref(r->err_extra);
	free(r->raw);
	free(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct cr_app *app = cls;
	struct conn_state *st = *con_cls;
	if (!st) {
		if (strncmp(url, "/api/", 5) != 0) {
			if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
				return send_error(conn, 405, "method_not_allowed", "",
						  "method not allowed");
			return cr_static_serve(app, conn, url);
		}
		st = calloc(1, sizeof *st);
		if (!st)
			return MHD_NO;
		route(method, url, st);
		st->max = st->route && st->route->max_body ? st->route->max_body : DEFAULT_MAX_BODY;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > st->max)
			st->too_large = true;
		*con_cls = st;
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (st->too_large)
			return MHD_YES;
		if (st->len + n > st->max) {
			st->too_large = true;
			free(st->buf);
			st->buf = NULL;
			st->len = st->cap = 0;
			return MHD_YES;
		}
		if (st->len + n + 1 > st->cap) {
			size_t cap = st->cap ? st->cap : 4096;
			while (cap < st->len + n + 1)
				cap *= 2;
			char *b = realloc(st->buf, cap);
			if (!b)
				return MHD_NO;
			st->buf = b;
			st->cap = cap;
		}
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
	if (st) {
		free(st->buf);
		free(st);
		*con_cls = NULL;
	}
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
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
		on_request, app, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, (void *)NULL, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, (void *)NULL, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
		MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
		MHD_OPTION_END);
	if (!d)
		cr_err_set(err, 500, "listen", "listen", "cannot listen on %s", listen);
	return d;
}
