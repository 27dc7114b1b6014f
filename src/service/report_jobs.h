/* report_jobs.h — risk assessment reports made in the background (one thread each, on a
 * connection of its own), their progress, and the file when done; plus the limit on how many
 * reports are set at once, so reports never take every worker from other requests. */
#ifndef CR_SERVICE_REPORT_JOBS_H
#define CR_SERVICE_REPORT_JOBS_H

#include <jansson.h>

#include "core/err.h"
#include "domain/user.h"
#include "store/db.h"

#define CR_REPORT_SLOTS 2 /* reports being set at once, jobs and direct downloads together */
#define CR_REPORT_JOBS 32 /* jobs kept (running or finished) */

/* Takes one of the CR_REPORT_SLOTS: 0, or -1 with 429 "busy" (the caller sets Retry-After). */
int cr_report_slot_take(struct cr_err *err);
void cr_report_slot_give(void);
/* Slots taken now (for /metrics). */
int cr_report_slots_used(void);

/* Starts a job for u from body {"kind","code","format"} (service/report.h's query; checked
 * and authorised before it starts). The job's state {"id","kind","code","format","state":
 * "running"|"done"|"failed","percent","step"[,"error"]}; new reference, or NULL with err (429
 * when every slot or the job table is taken). */
json_t *cr_report_job_start(struct cr_db *db, const struct cr_user *u, const json_t *body,
			    struct cr_err *err);
/* The job's state as above; 404 for an unknown id or another user's job. */
json_t *cr_report_job_get(const struct cr_user *u, const char *id, struct cr_err *err);
/* The finished job's file, opened for reading (the caller closes *fd), its download names and
 * media type (static). 404 as above; 409 "not_ready" while it runs or when it failed. */
int cr_report_job_file(const struct cr_user *u, const char *id, int *fd, char utf8[160],
		       char ascii[64], const char **type, struct cr_err *err);
/* Waits for every running job and removes every job's file (at shutdown). */
void cr_report_jobs_stop(void);

#endif
