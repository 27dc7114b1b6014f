/* api_reports.c — /api/v1/reports/…: a risk assessment report as a download (set while the
 * request waits, in a temporary file sent from disk), or as a background job with its progress
 * and its file, for service/report.c and service/report_jobs.c. No rules here. */
#include <stdio.h>

#include "http/api.h"
#include "service/report.h"
#include "service/report_jobs.h"

#define BUSY_RETRY_S 5

static int report(struct cr_req *r, const char *kind, const char *code)
{
	struct cr_report_query q = { .kind = kind, .code = code, .format = cr_arg(r, "format") };
	char territory[96], utf8[160], ascii[64], path[512];
	if (cr_report_check(r->db, &r->user, &q, territory, &r->err))
		return -1;
	if (cr_report_slot_take(&r->err)) {
		r->retry_after = BUSY_RETRY_S;
		return -1;
	}
	int rc = -1;
	if (cr_temp_file(path, sizeof path, "cityrisk-report", &r->err))
		goto out;
	if (cr_report_write(r->db, &r->user, &q, path, NULL, NULL, &r->err)) {
		remove(path);
		goto out;
	}
	cr_report_names(&q, territory, utf8, ascii);
	rc = cr_reply_temp_file(r, path, cr_report_media_type(&q), utf8, ascii);
out:
	cr_report_slot_give();
	return rc;
}

int cr_api_report_city(struct cr_req *r)
{
	return report(r, "city", NULL);
}

int cr_api_report_district(struct cr_req *r)
{
	return report(r, "district", r->params[0]);
}

int cr_api_report_industry(struct cr_req *r)
{
	return report(r, "industry", r->params[0]);
}

int cr_api_report_job_start(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *job = cr_report_job_start(r->app->db, &r->user, body, &r->err);
	json_decref(body);
	if (!job && r->err.status == 429)
		r->retry_after = BUSY_RETRY_S;
	return cr_reply_or_err(r, 202, job);
}

int cr_api_report_job_get(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_report_job_get(&r->user, r->params[0], &r->err));
}

int cr_api_report_job_file(struct cr_req *r)
{
	int fd;
	char utf8[160], ascii[64];
	const char *type;
	if (cr_report_job_file(&r->user, r->params[0], &fd, utf8, ascii, &type, &r->err))
		return -1;
	cr_reply_attachment(r, utf8, ascii);
	return cr_reply_file(r, 200, type, fd);
}
