/* api_hazards.c — /api/v1/hazards, their steps and attachments, public reports (举报) and
 * /api/v1/stats/hazards: HTTP in and out for service/hazards.c, and the report rate limit. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/api.h"
#include "service/export.h"
#include "service/hazards.h"

static void read_query(struct cr_req *r, struct cr_hazard_query *q)
{
	*q = (struct cr_hazard_query){
		.region = cr_arg(r, "region"),
		.dept = cr_arg(r, "dept"),
		.sector = cr_arg(r, "sector"),
		.state = cr_arg(r, "state"),
		.grade = cr_arg(r, "grade"),
		.source = cr_arg(r, "source"),
		.supervised_by = cr_arg(r, "supervised_by"),
		.listed = cr_arg(r, "listed"),
		.open = cr_arg(r, "open"),
		.overdue = cr_arg(r, "overdue"),
		.due_soon = cr_arg(r, "due_soon"),
		.escalation = cr_arg(r, "escalation"),
		.unit_id = cr_arg(r, "unit_id"),
		.risk_id = cr_arg(r, "risk_id"),
		.q = cr_arg(r, "q"),
		.after = cr_arg(r, "after"),
		.limit = cr_arg(r, "limit"),
	};
}

int cr_api_hazards_list(struct cr_req *r)
{
	struct cr_hazard_query q;
	read_query(r, &q);
	if (cr_api_export_asked(r))
		return cr_api_export(
			r, &(struct cr_export_query){ .kind = CR_EXPORT_HAZARDS, .hazards = q });
	return cr_reply_or_err(r, 200, cr_hazard_list(r->db, &r->user, &q, &r->err));
}

int cr_api_stats_hazards(struct cr_req *r)
{
	struct cr_hazard_query q;
	read_query(r, &q);
	return cr_reply_or_err(r, 200,
			       cr_hazard_stats(r->db, &r->user, &q, cr_arg(r, "by"), &r->err));
}

int cr_api_hazards_create(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	bool existed;
	json_t *out = cr_hazard_create(r->db, &r->user, body, &existed, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, existed ? 200 : 201, out);
}

int cr_api_hazard_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_hazard_read);
}

int cr_api_hazard_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_hazard_patch);
}

int cr_api_hazard_transition(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_hazard_transition);
}

/* ===== Attachments ===== */

/* The stored types, as static strings the server may keep until the answer is sent. */
static const struct {
	const char *type, *ext;
} file_types[] = {
	{ "image/jpeg", "jpg" },
	{ "image/png", "png" },
	{ "image/webp", "webp" },
	{ "application/pdf", "pdf" },
};

int cr_api_hazard_attach(struct cr_req *r)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	/* The bytes decide the type (service); the header must at least claim a file. */
	bool ok = cr_content_type_is(r, "application/octet-stream");
	for (size_t i = 0; !ok && i < sizeof file_types / sizeof file_types[0]; i++)
		ok = cr_content_type_is(r, file_types[i].type);
	if (!ok)
		return cr_err_set(&r->err, 415, "unsupported_media_type", "Content-Type",
				  "send the file as image/jpeg, image/png, image/webp or"
				  " application/pdf");
	return cr_reply_or_err(r, 201,
			       cr_hazard_attach(r->db, &r->user, id, cr_arg(r, "name"), r->body,
						r->body_len, &r->err));
}

int cr_api_hazard_attachment_get(struct cr_req *r)
{
	long long id, aid;
	if (cr_param_id(r, 0, &id))
		return -1;
	if (cr_param_id(r, 1, &aid))
		return -1;
	void *data = NULL;
	size_t len = 0;
	json_t *meta = cr_hazard_attachment(r->db, &r->user, id, aid, &data, &len, &r->err);
	if (!meta)
		return -1;
	const char *stored = json_string_value(json_object_get(meta, "content_type"));
	size_t i = 0, n = sizeof file_types / sizeof file_types[0];
	while (i < n && strcmp(stored, file_types[i].type) != 0)
		i++;
	json_decref(meta);
	if (i == n) {
		free(data);
		return cr_err_set(&r->err, 500, "internal", "", "attachment of an unknown type");
	}
	/* Always a download, never rendered in the application's origin. */
	snprintf(r->disposition, sizeof r->disposition,
		 "attachment; filename=\"hazard-%lld-%lld.%s\"", id, aid, file_types[i].ext);
	return cr_reply_raw(r, 200, file_types[i].type, data, len);
}

/* ===== Public reports (举报) ===== */

/* At most REPORTS_MAX accepted reports per client address in REPORT_WINDOW_S seconds; a
 * refused report (bad input, a point outside the city) costs nothing. The address is the
 * client's (behind --trusted-proxy, from X-Forwarded-For), so reporters behind one proxy do
 * not share a quota. The table is small and in memory: when full, the oldest window is
 * reused. */
#define REPORTS_MAX 5
#define REPORT_WINDOW_S 600
#define REPORT_SLOTS 1024

static struct {
	char addr[48];
	time_t start;
	int count;
} report_slots[REPORT_SLOTS];
static pthread_mutex_t report_mu = PTHREAD_MUTEX_INITIALIZER;

/* Takes one report from addr's quota (delta 1) or gives it back (-1, for a refused report);
 * false when the quota is used up. Taking before filing keeps parallel reports in bounds. */
static bool report_quota(const char *addr, int delta)
{
	time_t now = time(NULL);
	bool ok;
	pthread_mutex_lock(&report_mu);
	/* The client's slot; else an unused or expired one; else the oldest. */
	size_t slot = REPORT_SLOTS, victim = 0;
	bool victim_used = true;
	for (size_t i = 0; i < REPORT_SLOTS; i++) {
		bool used = report_slots[i].count && now - report_slots[i].start < REPORT_WINDOW_S;
		if (used && strcmp(report_slots[i].addr, addr) == 0) {
			slot = i;
			break;
		}
		if (victim_used && (!used || report_slots[i].start < report_slots[victim].start)) {
			victim = i;
			victim_used = used;
		}
	}
	if (slot == REPORT_SLOTS) {
		if (delta < 0) { /* the window ended meanwhile: nothing to give back */
			pthread_mutex_unlock(&report_mu);
			return true;
		}
		slot = victim;
		snprintf(report_slots[slot].addr, sizeof report_slots[slot].addr, "%s", addr);
		report_slots[slot].start = now;
		report_slots[slot].count = 0;
	}
	ok = delta < 0 || report_slots[slot].count < REPORTS_MAX;
	if (ok)
		report_slots[slot].count += delta;
	pthread_mutex_unlock(&report_mu);
	return ok;
}

int cr_api_public_report(struct cr_req *r)
{
	if (!report_quota(r->client, 1)) {
		r->retry_after = REPORT_WINDOW_S;
		return cr_err_set(&r->err, 429, "rate_limited", "",
				  "too many reports from your address; try again in 10 minutes");
	}
	json_t *body = cr_body_json(r);
	json_t *out = body ? cr_hazard_report(r->db, body, &r->err) : NULL;
	json_decref(body);
	if (!out)
		report_quota(r->client, -1);
	return cr_reply_or_err(r, 201, out);
}
