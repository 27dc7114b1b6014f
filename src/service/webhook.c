/* webhook.c — webhook use cases and the delivery worker: validate and authorise a webhook, queue
 * alerts for it, send due deliveries signed and record each attempt with its back-off. It must
 * not build SQL (store/webhooks.c) nor speak HTTP itself (io/webhook_post.c). */
#include "service/webhook.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "domain/alert_rules.h"
#include "io/webhook_post.h"
#include "service/alert.h"
#include "service/input.h"
#include "service/ticker.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/refdata.h"
#include "store/webhooks.h"

/* A delivery is leased for this long while it is being sent; each step of a send waits at
 * most SEND_TIMEOUT_MS. */
#define LEASE_S 60
#define SEND_TIMEOUT_MS 5000
#define BATCH 16

static const char *const writable[] = { "name",   "url",     "secret",  "region",
					"dept",   "rules",   "retry_s", "max_attempts",
					"active", "version", NULL };

static bool may_manage(const struct cr_user *u)
{
	return u->role == CR_ROLE_CITY || u->role == CR_ROLE_CITY_DEPT ||
	       u->role == CR_ROLE_DISTRICT || u->role == CR_ROLE_DISTRICT_DEPT;
}

static int refuse(struct cr_err *err, const char *field, long long id)
{
	cr_err_set(err, 403, "forbidden", field, "this webhook is outside your scope");
	cr_err_param(err, "rule", "webhook_scope");
	return cr_err_param(err, "id", "%lld", id);
}

/* Whether the webhook's territory and department lie inside u's. */
static bool inside(const struct cr_user *u, const char *region, const char *dept)
{
	if (!may_manage(u) || !cr_user_covers_region(u, region))
		return false;
	return !cr_role_needs_dept(u->role) || strcmp(dept, u->dept) == 0;
}

struct webhook_buf {
	struct cr_webhook_row row;
	char region[16], dept[16];
};

/* Reads a webhook from in (a whole one: create, or a stored one merged with a change). */
static int validate(struct cr_conn *c, const struct cr_user *u, const json_t *in, bool need_secret,
		    struct webhook_buf *b, struct cr_err *err)
{
	struct cr_webhook_row *w = &b->row;
	const char *region = "", *dept = "";
	if (cr_input_required_text(in, "name", 100, &w->name, err) ||
	    cr_input_required_text(in, "url", 500, &w->url, err) ||
	    cr_input_optional_text(in, "region", 12, &region, err) ||
	    cr_input_optional_text(in, "dept", 15, &dept, err))
		return -1;
	w->secret = NULL;
	if (need_secret ? cr_input_required_text(in, "secret", 200, &w->secret, err)
			: cr_json_str(in, "secret", 200, &w->secret, err) < 0)
		return -1;
	if (w->secret && strlen(w->secret) < 16) {
		cr_err_set(err, 400, "invalid", "secret", "a secret has at least 16 characters");
		return cr_err_param(err, "rule", "webhook_secret");
	}
	if (cr_webhook_url_check(w->url)) {
		cr_err_set(err, 400, "invalid", "url", "url must be http://HOST[:PORT]/PATH");
		return cr_err_param(err, "rule", "webhook_url");
	}
	if (!*region)
		region = u->region;
	if (*region && cr_region_resolve(c, region, "region", b->region, err))
		return -1;
	if (!*region)
		b->region[0] = 0;
	if (cr_role_needs_dept(u->role) && !*dept)
		dept = u->dept;
	if (*dept && !cr_store_dept_exists(c, dept))
		return cr_err_set(err, 400, "invalid", "dept", "no department '%s'", dept);
	snprintf(b->dept, sizeof b->dept, "%s", dept);
	w->region = b->region;
	w->dept = b->dept;
	unsigned mask;
	w->rules = json_object_get(in, "rules");
	if (cr_alert_rule_list_parse(w->rules, &mask, err))
		return -1;
	w->retry_s = 30;
	w->max_attempts = 8;
	bool active = true;
	if (cr_json_int(in, "retry_s", 1, 3600, &w->retry_s, err) < 0 ||
	    cr_json_int(in, "max_attempts", 1, 20, &w->max_attempts, err) < 0 ||
	    cr_json_bool(in, "active", &active, err) < 0)
		return -1;
	w->active = active;
	return 0;
}

static json_t *finish(struct cr_conn *c, const struct cr_user *u, long long id, const char *action,
		      const json_t *before, struct cr_err *err)
{
	return cr_audit_commit(c, u, "webhook", id, action, before,
			       cr_store_webhook_get(c, id, err), err);
}

json_t *cr_webhook_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			  struct cr_err *err)
{
	struct webhook_buf b = { 0 };
	long long id;
	if (cr_json_only(body, writable, err) || validate(c, u, body, true, &b, err))
		return NULL;
	if (!inside(u, b.row.region, b.row.dept)) {
		refuse(err, "region", 0);
		return NULL;
	}
	b.row.created_by = u->login;
	if (cr_db_begin(c, err))
		return NULL;
	if (cr_store_webhook_insert(c, &b.row, &id, err)) {
		cr_db_rollback(c);
		return NULL;
	}
	return finish(c, u, id, "create", NULL, err);
}

static json_t *load_inside(struct cr_conn *c, const struct cr_user *u, long long id,
			   struct cr_err *err)
{
	json_t *w = cr_store_webhook_get(c, id, err);
	if (w && !inside(u, json_string_value(json_object_get(w, "region")),
			 json_string_value(json_object_get(w, "dept")))) {
		json_decref(w);
		refuse(err, "id", id);
		return NULL;
	}
	return w;
}

json_t *cr_webhook_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			 const json_t *body, struct cr_err *err)
{
	long long expect = 0;
	struct webhook_buf b = { 0 };
	json_t *before = NULL, *merged = NULL, *out = NULL;
	if (cr_json_only(body, writable, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0)
		return NULL;
	if (cr_db_begin(c, err))
		return NULL;
	before = load_inside(c, u, id, err);
	if (!before)
		goto fail;
	merged = json_deep_copy(before);
	json_object_update(merged, (json_t *)body);
	json_object_del(merged, "version");
	if (validate(c, u, merged, false, &b, err))
		goto fail;
	if (!inside(u, b.row.region, b.row.dept)) {
		refuse(err, "region", id);
		goto fail;
	}
	if (cr_store_webhook_update(c, id, &b.row, expect, err))
		goto fail;
	out = finish(c, u, id, "update", before, err);
	goto out;
fail:
	cr_db_rollback(c);
out:
	json_decref(before);
	json_decref(merged);
	return out;
}

json_t *cr_webhook_list(struct cr_conn *c, const struct cr_user *u, struct cr_err *err)
{
	if (!may_manage(u))
		return json_pack("{s[]}", "items");
	return cr_store_webhook_list(c, u->region, cr_role_needs_dept(u->role) ? u->dept : "", err);
}

json_t *cr_webhook_deliveries(struct cr_conn *c, const struct cr_user *u, long long id,
			      const char *state, const char *after, const char *limit,
			      struct cr_err *err)
{
	int lim = CR_INPUT_LIMIT_DEFAULT;
	long long aft = 0;
	if (cr_input_page(limit, after, &lim, &aft, err))
		return NULL;
	if (state && *state && strcmp(state, "pending") && strcmp(state, "delivered") &&
	    strcmp(state, "failed"))
		return cr_err_set(err, 400, "invalid", "state",
				  "state must be pending, delivered or failed"),
		       NULL;
	json_t *w = load_inside(c, u, id, err);
	if (!w)
		return NULL;
	json_decref(w);
	return cr_store_webhook_deliveries(c, id, state, aft, lim, err);
}

int cr_webhook_enqueue(struct cr_conn *c, const json_t *alert, struct cr_err *err)
{
	int queued = 0;
	long long id = json_integer_value(json_object_get(alert, "id"));
	json_t *body = json_pack("{ss sO}", "event", "alert", "alert", alert);
	char *payload = body ? cr_json_dump(body) : NULL;
	json_decref(body);
	if (!payload)
		return cr_err_set(err, 500, "oom", "", "out of memory");
	int rc = cr_store_webhook_enqueue(c, id, json_string_value(json_object_get(alert, "rule")),
					  json_string_value(json_object_get(alert, "region")),
					  json_string_value(json_object_get(alert, "dept")),
					  payload, (long long)time(NULL), &queued, err);
	free(payload);
	return rc;
}

/* ===== The worker ===== */

static pthread_mutex_t worker_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cr_ticker *worker;

void cr_webhook_kick(void)
{
	pthread_mutex_lock(&worker_mu);
	cr_ticker_kick(worker);
	pthread_mutex_unlock(&worker_mu);
}

/* Sends one leased delivery and records the attempt. */
static void send_one(struct cr_conn *c, const struct cr_webhook_due *d)
{
	struct cr_err err = { 0 };
	char why[256] = "";
	int status = 0;
	long long attempts = d->attempts + 1, now = (long long)time(NULL);
	const char *state = "pending";
	if (!d->active) {
		state = "failed";
		snprintf(why, sizeof why, "webhook switched off");
	} else if (!cr_webhook_post(d->url, d->secret, d->payload, strlen(d->payload), d->id,
				    SEND_TIMEOUT_MS, &status, why, sizeof why) &&
		   status >= 200 && status < 300) {
		state = "delivered";
	} else {
		if (status)
			snprintf(why, sizeof why, "HTTP %d", status);
		if (attempts >= d->max_attempts)
			state = "failed";
	}
	long long next = now + cr_webhook_backoff(d->retry_s, attempts);
	if (cr_db_begin(c, &err) ||
	    cr_store_webhook_attempt(c, d->id, state, attempts, status, why, next, &err) ||
	    cr_db_commit(c, &err)) {
		cr_db_rollback(c);
		fprintf(stderr, "cityrisk: webhook delivery %lld: %s\n", d->id, err.message);
	}
}

/* One batch of due deliveries; true when the batch was full (more may be due). */
static bool send_due(struct cr_conn *c, void *ctx)
{
	(void)ctx;
	struct cr_webhook_due due[BATCH];
	struct cr_err err = { 0 };
	int n = 0;
	if (!c)
		return false;
	if (cr_store_webhook_due(c, (long long)time(NULL), LEASE_S, due, BATCH, &n, &err))
		fprintf(stderr, "cityrisk: webhook queue: %s\n", err.message);
	for (int i = 0; i < n; i++)
		send_one(c, &due[i]);
	cr_store_webhook_due_free(due, n);
	return n == BATCH;
}

struct cr_ticker *cr_webhook_worker_start(struct cr_db *db)
{
	struct cr_ticker *t = cr_ticker_start(db, 1, send_due, NULL);
	pthread_mutex_lock(&worker_mu);
	worker = t;
	pthread_mutex_unlock(&worker_mu);
	return t;
}

void cr_webhook_worker_stop(struct cr_ticker *t)
{
	pthread_mutex_lock(&worker_mu);
	if (worker == t)
		worker = NULL;
	pthread_mutex_unlock(&worker_mu);
	cr_ticker_stop(t);
}
