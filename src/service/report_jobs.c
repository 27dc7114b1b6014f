/* report_jobs.c — background report jobs: a fixed table under one mutex, a thread per running
 * job with its own database connection, files in the temporary directory removed when a job is
 * evicted or the server stops. Must not hold the mutex while a report is being set. */
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/jsonx.h"
#include "service/report.h"
#include "service/report_jobs.h"

enum job_state { JOB_FREE, JOB_RUNNING, JOB_DONE, JOB_FAILED };
static const char *const state_names[] = { "", "running", "done", "failed" };

struct job {
	enum job_state state;
	char id[33];
	long long owner;
	struct cr_user user;
	char kind[16], code[24], format[8];
	int percent;
	const char *step; /* static */
	struct cr_err err;
	char path[512];
	char territory[96];
	time_t finished;
	pthread_t thread;
	bool joinable;
	struct cr_db *db;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct job jobs[CR_REPORT_JOBS];
static int slots_used;

int cr_report_slot_take(struct cr_err *err)
{
	pthread_mutex_lock(&lock);
	bool ok = slots_used < CR_REPORT_SLOTS;
	slots_used += ok;
	pthread_mutex_unlock(&lock);
	if (ok)
		return 0;
	cr_err_set(err, 429, "reports_busy", "", "%d reports are being made; try again shortly",
		   CR_REPORT_SLOTS);
	return -1;
}

void cr_report_slot_give(void)
{
	pthread_mutex_lock(&lock);
	slots_used--;
	pthread_mutex_unlock(&lock);
}

int cr_report_slots_used(void)
{
	pthread_mutex_lock(&lock);
	int n = slots_used;
	pthread_mutex_unlock(&lock);
	return n;
}

static struct cr_report_query query_of(const struct job *j)
{
	return (struct cr_report_query){ .kind = j->kind,
					 .code = *j->code ? j->code : NULL,
					 .format = j->format };
}

/* Under the lock. */
static json_t *state_json(const struct job *j)
{
	json_t *o = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:i, s:s}", "id", j->id, "kind", j->kind,
			      "code", *j->code ? j->code : NULL, "format", j->format, "state",
			      state_names[j->state], "percent", j->percent, "step",
			      j->step ? j->step : "");
	if (j->state == JOB_FAILED)
		json_object_set_new(o, "error", cr_err_json(&j->err));
	return o;
}

static void progress(void *ctx, int percent, const char *step)
{
	struct job *j = ctx;
	pthread_mutex_lock(&lock);
	j->percent = percent;
	j->step = step;
	pthread_mutex_unlock(&lock);
}

static void *run(void *arg)
{
	struct job *j = arg;
	struct cr_report_query q = query_of(j);
	struct cr_err err = { 0 };
	int rc = cr_report_write(cr_db_conn(j->db), &j->user, &q, j->path, progress, j, &err);
	cr_db_thread_done();
	pthread_mutex_lock(&lock);
	j->state = rc ? JOB_FAILED : JOB_DONE;
	j->err = err;
	j->finished = time(NULL);
	if (!rc)
		j->percent = 100;
	slots_used--;
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Under the lock: a free entry, or the finished one that finished first (its file removed and
 * its thread joined — it has ended). NULL when every job is running. */
static struct job *entry_take(void)
{
	struct job *best = NULL;
	for (size_t i = 0; i < CR_REPORT_JOBS; i++) {
		if (jobs[i].state == JOB_FREE)
			return &jobs[i];
		if (jobs[i].state != JOB_RUNNING && (!best || jobs[i].finished < best->finished))
			best = &jobs[i];
	}
	if (best) {
		if (best->joinable)
			pthread_join(best->thread, NULL);
		remove(best->path);
		memset(best, 0, sizeof *best);
	}
	return best;
}

static int body_read(const json_t *body, struct cr_report_query *q, struct cr_err *err)
{
	static const char *const allowed[] = { "kind", "code", "format", NULL };
	if (cr_json_only(body, allowed, err))
		return -1;
	if (cr_json_str(body, "kind", 16, &q->kind, err) < 0 ||
	    cr_json_str(body, "code", 15, &q->code, err) < 0 ||
	    cr_json_str(body, "format", 8, &q->format, err) < 0)
		return -1;
	if (!q->kind)
		return cr_err_set(err, 400, "required", "kind", "kind is required");
	return 0;
}

json_t *cr_report_job_start(struct cr_db *db, const struct cr_user *u, const json_t *body,
			    struct cr_err *err)
{
	struct cr_report_query q = { 0 };
	char territory[96];
	if (body_read(body, &q, err) || cr_report_check(cr_db_conn(db), u, &q, territory, err))
		return NULL;
	if (cr_report_slot_take(err))
		return NULL;
	const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	unsigned char rnd[16];
	randombytes_buf(rnd, sizeof rnd);
	pthread_mutex_lock(&lock);
	struct job *j = entry_take();
	json_t *out = NULL;
	if (!j) {
		slots_used--;
		cr_err_set(err, 429, "reports_busy", "", "%d report jobs are running",
			   CR_REPORT_JOBS);
		goto out;
	}
	sodium_bin2hex(j->id, sizeof j->id, rnd, sizeof rnd);
	j->owner = u->id;
	j->user = *u;
	snprintf(j->kind, sizeof j->kind, "%s", q.kind);
	snprintf(j->territory, sizeof j->territory, "%s", territory);
	snprintf(j->code, sizeof j->code, "%s", q.code ? q.code : "");
	snprintf(j->format, sizeof j->format, "%s", q.format ? q.format : "pdf");
	snprintf(j->path, sizeof j->path, "%s/cityrisk-report-%s.%s", dir, j->id, j->format);
	j->db = db;
	j->step = "queued";
	j->state = JOB_RUNNING;
	if (pthread_create(&j->thread, NULL, run, j)) {
		memset(j, 0, sizeof *j);
		slots_used--;
		cr_err_set(err, 500, "internal", "", "cannot start a report thread");
		goto out;
	}
	j->joinable = true;
	out = state_json(j);
out:
	pthread_mutex_unlock(&lock);
	return out;
}

/* Under the lock: the user's job of that id, or NULL with 404. */
static struct job *find(const struct cr_user *u, const char *id, struct cr_err *err)
{
	for (size_t i = 0; id && i < CR_REPORT_JOBS; i++)
		if (jobs[i].state != JOB_FREE && jobs[i].owner == u->id &&
		    strcmp(jobs[i].id, id) == 0)
			return &jobs[i];
	cr_err_set(err, 404, "not_found", "id", "no report job %s", id ? id : "");
	return NULL;
}

json_t *cr_report_job_get(const struct cr_user *u, const char *id, struct cr_err *err)
{
	pthread_mutex_lock(&lock);
	struct job *j = find(u, id, err);
	json_t *out = j ? state_json(j) : NULL;
	pthread_mutex_unlock(&lock);
	return out;
}

int cr_report_job_file(const struct cr_user *u, const char *id, int *fd, char utf8[160],
		       char ascii[64], const char **type, struct cr_err *err)
{
	int rc = -1;
	pthread_mutex_lock(&lock);
	struct job *j = find(u, id, err);
	if (!j)
		goto out;
	if (j->state != JOB_DONE) {
		cr_err_set(err, 409, "not_ready", "id", "report job %s is %s", id,
			   state_names[j->state]);
		goto out;
	}
	if ((*fd = open(j->path, O_RDONLY | O_CLOEXEC)) < 0) {
		cr_err_set(err, 500, "internal", "", "report file %s is gone", j->path);
		goto out;
	}
	struct cr_report_query q = query_of(j);
	cr_report_names(&q, j->territory, utf8, ascii);
	*type = cr_report_media_type(&q);
	rc = 0;
out:
	pthread_mutex_unlock(&lock);
	return rc;
}

void cr_report_jobs_stop(void)
{
	for (size_t i = 0; i < CR_REPORT_JOBS; i++) {
		pthread_mutex_lock(&lock);
		bool join = jobs[i].joinable;
		pthread_t t = jobs[i].thread;
		jobs[i].joinable = false;
		pthread_mutex_unlock(&lock);
		if (join)
			pthread_join(t, NULL);
		pthread_mutex_lock(&lock);
		if (jobs[i].state != JOB_FREE)
			remove(jobs[i].path);
		memset(&jobs[i], 0, sizeof jobs[i]);
		pthread_mutex_unlock(&lock);
	}
}
