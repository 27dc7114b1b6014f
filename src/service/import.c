/* import.c — a table read as records of an entity, all rows or none (import.h). It must not know
 * an entity's fields, checks or writes: the caller's columns and row function carry them. */
#include "service/import.h"
#include "store/audit.h"
#include "store/db.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "io/table_read.h"

/* Notes a row's error among the others in row order (rows mostly come in order, so the search
 * starts from the end), keeping the first CR_IMPORT_MAX_ROW_ERRORS. */
static void row_error(struct cr_import *x, size_t rowno, const struct cr_err *e)
{
	size_t at = json_array_size(x->errors);
	while (at && json_integer_value(json_object_get(json_array_get(x->errors, at - 1), "row")) >
			     (json_int_t)rowno)
		at--;
	json_t *o;
	if (at < CR_IMPORT_MAX_ROW_ERRORS && (o = cr_err_json(e))) {
		json_object_set_new(o, "row", json_integer((json_int_t)rowno));
		json_array_insert_new(x->errors, at, o);
		if (json_array_size(x->errors) > CR_IMPORT_MAX_ROW_ERRORS)
			json_array_remove(x->errors, CR_IMPORT_MAX_ROW_ERRORS);
	}
}

static int header(struct cr_import *x, const char *const *cells, size_t n, struct cr_err *err)
{
	x->ncols = n < CR_IMPORT_MAX_COLUMNS ? n : CR_IMPORT_MAX_COLUMNS;
	bool seen[CR_IMPORT_MAX_COLUMNS] = { false };
	for (size_t i = 0; i < x->ncols; i++) {
		x->colfield[i] = -1;
		for (size_t k = 0; k < x->ncolumns; k++)
			if (strcmp(cells[i], x->columns[k].field) == 0 ||
			    strcmp(cells[i], x->columns[k].label) == 0) {
				if (seen[k])
					return cr_err_set(err, 400, "invalid", x->columns[k].field,
							  "column %s appears twice", cells[i]);
				seen[k] = true;
				x->colfield[i] = (int)k;
			}
		if (x->colfield[i] < 0 && cells[i][0])
			return cr_err_set(err, 400, "unknown_field", cells[i],
					  "unknown column '%s'", cells[i]);
	}
	for (size_t k = 0; k < x->ncolumns; k++)
		if (!seen[k] && x->columns[k].required)
			return cr_err_set(err, 400, "required", x->columns[k].field,
					  "the header row has no column %s (%s)",
					  x->columns[k].field, x->columns[k].label);
	return 0;
}

/* ===== The reader's thread =====
 * The table is read and its rows made into records on a thread of its own, while the caller's
 * thread checks and writes them: the writes keep the caller's one SQLite connection, and the
 * two halves of the work run on the two cores at once. Records pass in file order, in batches,
 * through a short queue (a fast reader waits for room, so memory stays bounded); the writer hands
 * each batch back when it is done with it, and the reader, which made the records, frees them. */
_Static_assert(sizeof((struct cr_import *)0)->sha256 == crypto_hash_sha256_BYTES, "SHA-256 size");

/* The queue holds up to 16,384 records (about 16 MiB), so the reader goes on while the writer
 * spends a while on something else (the units' name index, unit_import.c). */
#define BATCH_ROWS 256
#define QUEUE_BATCHES 64

struct batch {
	struct batch *next; /* in the list of batches handed back */
	size_t n;
	size_t rowno[BATCH_ROWS];
	json_t *rec[BATCH_ROWS];
	struct cr_err *err[BATCH_ROWS]; /* a record the reader's check refused: its error */
	bool checked;                   /* the reader checked the records */
	unsigned char *out;             /* what the check made of each, x->check_size apart */
};

struct relay {
	struct cr_import *x;
	const void *data;
	size_t len;
	int rc; /* the reader's result, err its error: read after the join */
	struct cr_err *err;
	pthread_mutex_t lock;
	pthread_cond_t filled, emptied;
	struct batch *queue[QUEUE_BATCHES];
	size_t head, count;
	bool done;             /* the reader has put its last batch */
	struct batch *filling; /* the reader's own */
	struct batch *spent;   /* written, handed back to be freed */
};

/* Frees a list of batches and their records. */
static void batches_free(struct batch *b)
{
	while (b) {
		struct batch *next = b->next;
		for (size_t i = 0; i < b->n; i++) {
			json_decref(b->rec[i]);
			free(b->err[i]);
		}
		free(b->out);
		free(b);
		b = next;
	}
}

/* Hands the reader's batch to the writer, waiting while the queue is full, and frees the
 * batches the writer has handed back. */
static void relay_put(struct relay *r)
{
	pthread_mutex_lock(&r->lock);
	while (r->count == QUEUE_BATCHES)
		pthread_cond_wait(&r->emptied, &r->lock);
	r->queue[(r->head + r->count++) % QUEUE_BATCHES] = r->filling;
	r->filling = NULL;
	struct batch *spent = r->spent;
	r->spent = NULL;
	pthread_cond_signal(&r->filled);
	pthread_mutex_unlock(&r->lock);
	batches_free(spent);
}

/* Hands back the batch written (when not NULL); the next batch in file order, or NULL when the
 * reader has finished and all were taken. */
static struct batch *relay_take(struct relay *r, struct batch *written)
{
	pthread_mutex_lock(&r->lock);
	if (written) {
		written->next = r->spent;
		r->spent = written;
	}
	while (r->count == 0 && !r->done)
		pthread_cond_wait(&r->filled, &r->lock);
	struct batch *b = NULL;
	if (r->count) {
		b = r->queue[r->head];
		r->head = (r->head + 1) % QUEUE_BATCHES;
		r->count--;
		pthread_cond_signal(&r->emptied);
	}
	pthread_mutex_unlock(&r->lock);
	return b;
}

/* A batch to fill, with room for what the reader's check makes of its records. */
static struct batch *batch_new(const struct cr_import *x)
{
	struct batch *b = calloc(1, sizeof *b);
	if (b && x->check && x->check_conn) {
		b->checked = true;
		if (!(b->out = calloc(BATCH_ROWS, x->check_size))) {
			free(b);
			return NULL;
		}
	}
	return b;
}

/* On the reader's thread: the header row read, every other row made into a record (and checked,
 * when the entity checks there). */
static int read_row(void *ctx, size_t rowno, const char *const *cells, size_t n, struct cr_err *err)
{
	struct relay *r = ctx;
	struct cr_import *x = r->x;
	if (rowno == 1)
		return header(x, cells, n, err);
	if (!r->filling && !(r->filling = batch_new(x)))
		return cr_err_set(err, 500, "internal", "", "out of memory");
	json_t *rec = json_object();
	for (size_t i = 0; i < n && i < x->ncols; i++)
		if (x->colfield[i] >= 0 && cells[i][0]) {
			const char *field = x->columns[x->colfield[i]].field;
			json_object_set_new(rec, field, x->cell(field, cells[i]));
		}
	struct batch *b = r->filling;
	if (b->checked) {
		struct cr_err e = { 0 };
		if (x->check(x, x->check_conn, rec, b->out + b->n * x->check_size, &e)) {
			if (!(b->err[b->n] = malloc(sizeof e))) {
				json_decref(rec);
				return cr_err_set(err, 500, "internal", "", "out of memory");
			}
			*b->err[b->n] = e;
		}
	}
	b->rowno[b->n] = rowno;
	b->rec[b->n++] = rec;
	if (b->n == BATCH_ROWS)
		relay_put(r);
	return 0;
}

static void *reader(void *arg)
{
	struct relay *r = arg;
	r->rc = cr_table_read(r->data, r->len, read_row, r, r->err);
	if (r->filling)
		relay_put(r);
	pthread_mutex_lock(&r->lock);
	r->done = true;
	pthread_cond_signal(&r->filled);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* The file's SHA-256, on a thread of its own: a quarter of a second for 200,000 rows, taken
 * while the writer waits for rows or builds indexes and the reader has nothing left to read. */
static void *hasher(void *arg)
{
	struct relay *r = arg;
	crypto_hash_sha256(r->x->sha256, r->data, r->len);
	return NULL;
}

/* On the caller's thread: record i of b checked (unless the reader did) and written through the
 * entity's row function. */
static void write_row(struct cr_import *x, struct batch *b, size_t i, void *mine)
{
	struct cr_err e = { 0 };
	long long id = 0;
	size_t rowno = b->rowno[i];
	const json_t *rec = b->rec[i];
	x->rowno = rowno;
	x->checked = NULL;
	if (b->checked) {
		if (b->err[i]) {
			row_error(x, rowno, b->err[i]);
			return;
		}
		x->checked = b->out + i * x->check_size;
	} else if (x->check) {
		if (x->check(x, x->c, rec, mine, &e)) {
			row_error(x, rowno, &e);
			return;
		}
		x->checked = mine;
	}
	int rc = x->row(x, rec, &id, &e);
	if (rc < 0) {
		row_error(x, rowno, &e);
	} else if (rc == 0) {
		if (!x->first_id)
			x->first_id = id;
		x->last_id = id;
		x->imported++;
	}
}

/* The data lines of a CSV file (its lines less the header), for the progress of its import;
 * 0 for an XLSX file. */
static long long table_lines(const void *data, size_t len)
{
	if (cr_table_is_xlsx(data, len))
		return 0;
	long long n = 0;
	for (const char *p = data, *end = p + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	if (len && ((const char *)data)[len - 1] != '\n')
		n++; /* a last line without its line break */
	return n > 0 ? n - 1 : 0;
}

/* Reads the table on the reader's thread and writes its records here, in file order. The
 * reader's error (a malformed file, a bad header) comes back after the rows read before it. */
static int read_and_write(struct cr_import *x, const void *data, size_t len, struct cr_err *err)
{
	struct relay r = { .x = x, .data = data, .len = len, .err = err };
	pthread_t t;
	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.filled, NULL);
	pthread_cond_init(&r.emptied, NULL);
	int rc = -1;
	/* a check on this thread (no connection for the reader's) puts its result here */
	void *mine = x->check ? calloc(1, x->check_size) : NULL;
	if (x->check && !mine) {
		cr_err_set(err, 500, "internal", "", "out of memory");
		goto out;
	}
	if (pthread_create(&t, NULL, reader, &r)) {
		cr_err_set(err, 500, "internal", "", "cannot start the table reader");
		goto out;
	}
	pthread_t h;
	bool hashing = x->hash && pthread_create(&h, NULL, hasher, &r) == 0;
	const struct cr_import_progress *p = x->progress;
	long long done = 0, total = p ? table_lines(data, len) : 0;
	struct batch *b = NULL;
	while ((b = relay_take(&r, b))) {
		for (size_t i = 0; i < b->n; i++)
			write_row(x, b, i, mine);
		done += (long long)b->n;
		if (p && total > done) /* an XLSX file's rows are known at the end only */
			p->fn(p->ctx, done, total);
	}
	if (p)
		p->fn(p->ctx, done, done);
	pthread_join(t, NULL);
	if (hashing)
		pthread_join(h, NULL);
	else if (x->hash)
		crypto_hash_sha256(x->sha256, data, len);
	batches_free(r.spent);
	rc = r.rc;
out:
	free(mine);
	pthread_cond_destroy(&r.emptied);
	pthread_cond_destroy(&r.filled);
	pthread_mutex_destroy(&r.lock);
	return rc;
}

bool cr_import_failing(const struct cr_import *x)
{
	return json_array_size(x->errors) > 0;
}

void cr_import_ids(const struct cr_import *x, char out[48])
{
	snprintf(out, 48, "%lld-%lld", x->first_id, x->last_id);
}

int cr_import_read(struct cr_import *x, const void *data, size_t len, json_t **rows,
		   struct cr_err *err)
{
	*rows = NULL;
	x->errors = json_array();
	int rc = -1;
	if (read_and_write(x, data, len, err))
		goto out;
	if (x->ncols == 0) {
		cr_err_set(err, 400, "invalid", "", "the table is empty");
		goto out;
	}
	if (x->finish) {
		size_t rowno = 0;
		struct cr_err e = { 0 };
		int done = x->finish(x, &rowno, &e);
		if (done < 0) {
			if (err)
				*err = e;
			goto out;
		}
		if (done > 0)
			row_error(x, rowno, &e);
	}
	if (cr_import_failing(x)) {
		cr_err_set(err, 422, "invalid_rows", "",
			   "%zu row(s) are invalid; nothing was imported",
			   json_array_size(x->errors));
		*rows = json_incref(x->errors);
		goto out;
	}
	rc = 0;
out:
	json_decref(x->errors);
	x->errors = NULL;
	return rc;
}

json_t *cr_import_run(struct cr_import *x, const void *data, size_t len, const char *audit_entity,
		      json_t **rows, struct cr_err *err)
{
	json_t *after = NULL;
	*rows = NULL;
	if (cr_db_begin(x->c, err))
		return NULL;
	if (cr_import_read(x, data, len, rows, err))
		goto fail;
	if (x->imported) {
		char ids[48];
		cr_import_ids(x, ids);
		after = json_pack("{sI sI sI}", "rows", x->imported, "first_id", x->first_id,
				  "last_id", x->last_id);
		if (cr_audit_write(x->c, x->u, audit_entity, ids, "import", NULL, after, err))
			goto fail;
	}
	if (cr_db_commit(x->c, err))
		goto fail;
	json_decref(after);
	return json_pack("{sI}", "imported", x->imported);
fail:
	json_decref(after);
	cr_db_rollback(x->c);
	return NULL;
}
