/* api_export.c — ?format=xlsx|csv on the register lists: the whole filtered list as a download,
 * CSV streamed from the store's cursor, XLSX written to a temporary file and sent from disk. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/api.h"
#include "http/offload.h"
#include "service/export.h"

bool cr_api_export_asked(struct cr_req *r)
{
	const char *f = cr_arg(r, "format");
	return f && *f;
}

/* A streamed CSV: the export, the connection of its own it reads from, and the block of it an
 * offload worker (http/offload.c) fills while the request's connection is suspended. The pool
 * thread never reads rows itself: the first rows of a province's city (a million risk points)
 * take longer than the idle timeout to come — PostgreSQL sends a result whole, SQLite may sort
 * first — and a pool thread that waited for them held its other connections meanwhile and
 * found this one timed out when they came (the transfer ended early: curl's code 18).
 * A suspended connection is not timed out; its resume restarts the idle clock. */
struct csv_stream {
	struct cr_conn *conn;
	struct cr_export *x;
	struct MHD_Connection *mhd;
	pthread_mutex_t mu;
	size_t len, sent;
	bool ended, failed;
	char buf[64 * 1024];
};

/* On an offload worker (or the pool thread when the queue is full): the next block, then the
 * connection resumed so its pool thread sends it. */
static void csv_fill(void *ctx)
{
	struct csv_stream *cs = ctx;
	struct cr_err err = { 0 };
	size_t n = 0;
	int rc = cr_export_csv_read(cs->x, cs->buf, sizeof cs->buf, &n, &err);
	if (rc)
		fprintf(stderr, "cityrisk: export %s: %s\n", cr_export_filename_ascii(cs->x),
			err.message);
	struct MHD_Connection *mhd = cs->mhd;
	pthread_mutex_lock(&cs->mu);
	cs->len = n, cs->sent = 0;
	cs->failed = rc != 0;
	cs->ended = !rc && n == 0;
	pthread_mutex_unlock(&cs->mu);
	MHD_resume_connection(mhd);
}

/* On the pool thread: 0 with bytes of the block filled, 0 with none at the end, 1 when the
 * connection is suspended until the next block is filled, -1 on an error. */
static int csv_read(void *ctx, char *buf, size_t cap, size_t *n)
{
	struct csv_stream *cs = ctx;
	*n = 0;
	pthread_mutex_lock(&cs->mu);
	int rc = cs->failed ? -1 : 0;
	if (cs->sent < cs->len) {
		*n = cs->len - cs->sent < cap ? cs->len - cs->sent : cap;
		memcpy(buf, cs->buf + cs->sent, *n);
		cs->sent += *n;
	} else if (!cs->failed && !cs->ended) {
		MHD_suspend_connection(cs->mhd);
		rc = 1;
	}
	pthread_mutex_unlock(&cs->mu);
	if (rc == 1 && cr_offload_submit(csv_fill, cs))
		csv_fill(cs); /* no worker free to queue it on: here, as before */
	return rc;
}

static void csv_done(void *ctx)
{
	struct csv_stream *cs = ctx;
	cr_export_close(cs->x);
	cr_db_reader_close(cs->conn);
	pthread_mutex_destroy(&cs->mu);
	free(cs);
}

static int export_csv(struct cr_req *r, const struct cr_export_query *q)
{
	struct csv_stream *cs = calloc(1, sizeof *cs);
	if (!cs)
		return cr_err_set(&r->err, 500, "internal", "", "out of memory");
	pthread_mutex_init(&cs->mu, NULL);
	cs->mhd = r->conn;
	if (!(cs->conn = cr_db_reader_open(r->app->db, &r->err))) {
		pthread_mutex_destroy(&cs->mu);
		free(cs);
		return -1;
	}
	cs->x = cr_export_open(r->db, cs->conn, &r->user, q, CR_EXPORT_CSV, &r->err);
	if (!cs->x) {
		csv_done(cs);
		return -1;
	}
	cr_reply_attachment(r, cr_export_filename(cs->x), cr_export_filename_ascii(cs->x));
	return cr_reply_stream(r, 200, "text/csv; charset=utf-8", csv_read, csv_done, cs);
}

/* Written whole to a temporary file on the request's connection, then sent from disk: XLSX, and
 * the quarter's changes in either format (its pages come from the risk index, which reads on
 * the request's connection only). */
static int export_file(struct cr_req *r, const struct cr_export_query *q, enum cr_export_format fmt)
{
	struct cr_export *x = cr_export_open(r->db, r->db, &r->user, q, fmt, &r->err);
	if (!x)
		return -1;
	char path[512];
	int rc = -1;
	if (cr_temp_file(path, sizeof path, "cityrisk-export", &r->err))
		goto out;
	if (cr_export_write_file(x, path, NULL, NULL, &r->err)) {
		remove(path);
		goto out;
	}
	rc = cr_reply_temp_file(
		r, path,
		fmt == CR_EXPORT_CSV
			? "text/csv; charset=utf-8"
			: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		cr_export_filename(x), cr_export_filename_ascii(x));
out:
	cr_export_close(x);
	return rc;
}

int cr_api_export(struct cr_req *r, const struct cr_export_query *q)
{
	enum cr_export_format fmt;
	if (cr_export_format_parse(cr_arg(r, "format"), &fmt, &r->err))
		return -1;
	return fmt == CR_EXPORT_CSV && q->kind != CR_EXPORT_CHANGES ? export_csv(r, q)
								    : export_file(r, q, fmt);
}
