/* alert.c — early-warning use cases: raise (deduplicated, audited, in the caller's
 * transaction), announce after the commit, run the configured rules, list, acknowledge, close.
 * It must not speak HTTP or hold SQL: store/alerts.c holds the SQL, domain/alert_rules.c the
 * rules' tables. */
#include "service/alert.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/grow.h"
#include "core/jsonx.h"
#include "domain/date.h"
#include "domain/grade.h"
#include "domain/hazard_clock.h"
#include "service/config.h"
#include "service/input.h"
#include "service/reporting.h"
#include "service/ticker.h"
#include "service/webhook.h"
#include "store/alert_subscriptions.h"
#include "store/audit.h"

/* Set and cleared by the HTTP layer while the rules' thread may be announcing: read once per
 * announcement, atomically, so a stop between the check and the call cannot call NULL. */
static _Atomic(cr_alert_listener) listener;

void cr_alert_listen(cr_alert_listener fn)
{
	atomic_store(&listener, fn);
}

/* The alerts announced lately, by id, so each reaches the listener once: raised here (announced
 * after the commit) or by another server or process (found by the relay below), whichever
 * comes first. */
#define ANNOUNCED 1024
static struct {
	pthread_mutex_t mu;
	long long ids[ANNOUNCED];
	size_t next;
} announced = { .mu = PTHREAD_MUTEX_INITIALIZER };

/* true when id was announced lately; with take, it is noted as announced now. */
static bool was_announced(long long id, bool take)
{
	bool seen = false;
	pthread_mutex_lock(&announced.mu);
	for (size_t i = 0; i < ANNOUNCED && !seen; i++)
		seen = announced.ids[i] == id;
	if (!seen && take)
		announced.ids[announced.next++ % ANNOUNCED] = id;
	pthread_mutex_unlock(&announced.mu);
	return seen;
}

void cr_alert_announce(const json_t *raised)
{
	size_t i;
	json_t *a;
	if (json_array_size(raised))
		cr_webhook_kick();
	cr_alert_listener fn = atomic_load(&listener);
	json_array_foreach(raised, i, a)
		if (!was_announced(json_integer_value(json_object_get(a, "id")), true) && fn)
			fn(a);
}

/* A copy of text (NULL stays NULL) that is valid UTF-8: the rules cut their titles and reasons
 * to fit with snprintf, which may split a character. NULL when memory runs out. */
static char *valid_text(const char *text, bool *oom)
{
	char *t = text ? strdup(text) : NULL;
	if (text && !t)
		*oom = true;
	else if (t)
		cr_utf8_repair(t);
	return t;
}

int cr_alert_raise(struct cr_conn *c, const struct cr_user *by, const struct cr_alert_row *a,
		   json_t *raised, struct cr_err *err)
{
	bool open, oom = false;
	long long id;
	int rc = -1;
	json_t *after = NULL;
	struct cr_alert_row row = *a;
	char *title = NULL, *why = NULL;
	if (cr_store_alert_exists(c, a->rule, a->entity, a->entity_id, &open, err))
		goto out;
	rc = 0;
	if (open)
		goto out;
	rc = -1;
	row.title = title = valid_text(a->title, &oom);
	row.why = why = valid_text(a->why, &oom);
	if (oom) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		goto out;
	}
	if (cr_store_alert_insert(c, &row, &id, err))
		goto out;
	if (!(after = cr_store_alert_get(c, id, err)))
		goto out;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	if (cr_audit_write(c, by, "alert", idt, "raise", NULL, after, err))
		goto out;
	if (cr_webhook_enqueue(c, after, err))
		goto out;
	json_array_append_new(raised, after);
	after = NULL;
	rc = 0;
out:
	json_decref(after);
	free(title);
	free(why);
	return rc;
}

bool cr_alert_visible(const struct cr_user *u, const json_t *alert)
{
	return cr_alert_reaches(u, json_string_value(json_object_get(alert, "region")),
				json_string_value(json_object_get(alert, "dept")));
}

/* The rules of mask as a JSON array text ("[]" for none). */
static void rules_json(unsigned mask, char *out, size_t cap)
{
	size_t n = (size_t)snprintf(out, cap, "[");
	for (int r = 0; r < CR_ALERT_RULE_COUNT && n < cap; r++)
		if (mask & (1u << r))
			n += (size_t)snprintf(out + n, cap - n, "%s\"%s\"", n > 1 ? "," : "",
					      cr_alert_rule_name((enum cr_alert_rule)r));
	if (n < cap)
		snprintf(out + n, cap - n, "]");
}

json_t *cr_alert_list(struct cr_conn *c, const struct cr_user *u, const struct cr_alert_query *q,
		      struct cr_err *err)
{
	struct cr_scope sc;
	int limit = CR_INPUT_LIMIT_DEFAULT;
	long long after = 0;
	if (cr_input_page(q->limit, q->after, &limit, &after, err))
		return NULL;
	if (q->state && *q->state && strcmp(q->state, "open") && strcmp(q->state, "acked") &&
	    strcmp(q->state, "closed"))
		return cr_err_set(err, 400, "invalid", "state",
				  "state must be open, acked or closed"),
		       NULL;
	if (q->rule && *q->rule && cr_alert_rule_parse(q->rule) < 0)
		return cr_err_set(err, 400, "invalid", "rule", "no rule '%s'", q->rule), NULL;
	if (u->role == CR_ROLE_UNIT || u->role == CR_ROLE_EXPERT)
		return json_pack("{s[] sn si}", "items", "next", "total", 0);
	struct cr_alert_subscription sub;
	bool has = false;
	char rules[512] = "";
	const char *region = q->region;
	if (q->subscribed && strcmp(q->subscribed, "1") == 0) {
		if (cr_alert_subscription_load(c, u, &sub, &has, err))
			return NULL;
		if (has && (!region || !*region || strlen(region) < strlen(sub.region)))
			region = sub.region;
	}
	if (cr_user_scope(u, region, NULL, 0, &sc, err))
		return NULL;
	if (has && sub.rules)
		rules_json(sub.rules, rules, sizeof rules);
	struct cr_alert_filter f = {
		.region_prefix = sc.region,
		.dept = sc.dept,
		.state = q->state,
		.rule = q->rule,
		.level = q->level,
		.rules = rules[0] ? rules : NULL,
		.min_level = has ? sub.min_level : 0,
		.after = after,
		.limit = limit,
	};
	return cr_store_alert_list(c, &f, err);
}

static json_t *load_visible(struct cr_conn *c, const struct cr_user *u, long long id,
			    struct cr_err *err)
{
	json_t *a = cr_store_alert_get(c, id, err);
	if (a && !cr_alert_visible(u, a)) {
		json_decref(a);
		cr_err_set(err, 403, "forbidden", "id", "alert %lld is not addressed to you", id);
		cr_err_param(err, "rule", "alert_scope");
		cr_err_param(err, "id", "%lld", id);
		return NULL;
	}
	return a;
}

json_t *cr_alert_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	return load_visible(c, u, id, err);
}

static json_t *step(struct cr_conn *c, const struct cr_user *u, long long id, const char *to,
		    struct cr_err *err)
{
	json_t *before = NULL, *after = NULL;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	if (cr_db_begin(c, err))
		return NULL;
	before = load_visible(c, u, id, err);
	if (!before)
		goto fail;
	const char *from = json_string_value(json_object_get(before, "state"));
	if (!cr_alert_step_ok(from, to)) {
		cr_err_set(err, 409, "illegal_transition", "state", "an alert %s cannot become %s",
			   from, to);
		goto fail;
	}
	if (cr_store_alert_set_state(c, id, to, u->login, err))
		goto fail;
	after = cr_store_alert_get(c, id, err);
	if (!after)
		goto fail;
	if (cr_audit_write(c, u, "alert", idt, strcmp(to, "acked") ? "close" : "ack", before, after,
			   err))
		goto fail;
	if (cr_db_commit(c, err))
		goto fail;
	json_decref(before);
	return after;
fail:
	cr_db_rollback(c);
	json_decref(before);
	json_decref(after);
	return NULL;
}

json_t *cr_alert_ack(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	return step(c, u, id, "acked", err);
}

json_t *cr_alert_close(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	return step(c, u, id, "closed", err);
}

/* ===== Subscriptions ===== */

static bool receives(const struct cr_user *u)
{
	return u->role != CR_ROLE_UNIT && u->role != CR_ROLE_EXPERT;
}

int cr_alert_subscription_load(struct cr_conn *c, const struct cr_user *u,
			       struct cr_alert_subscription *out, bool *has, struct cr_err *err)
{
	json_t *j = cr_store_alert_subscription_get(c, u->id, err), *v;
	size_t i;
	if (!j)
		return -1;
	*has = json_is_object(j);
	memset(out, 0, sizeof *out);
	if (*has) {
		snprintf(out->region, sizeof out->region, "%s",
			 json_string_value(json_object_get(j, "region")));
		json_array_foreach(json_object_get(j, "rules"), i, v) {
			int r = cr_alert_rule_parse(json_string_value(v));
			if (r >= 0)
				out->rules |= 1u << r;
		}
		out->min_level =
			cr_alert_level_rank(json_string_value(json_object_get(j, "min_level")));
	}
	json_decref(j);
	return 0;
}

json_t *cr_alert_subscription_read(struct cr_conn *c, const struct cr_user *u, struct cr_err *err)
{
	json_t *j = cr_store_alert_subscription_get(c, u->id, err);
	return j ? json_pack("{so}", "subscription", j) : NULL;
}

static json_t *subscription_write(struct cr_conn *c, const struct cr_user *u, const char *region,
				  const char *rules, const char *min_level, struct cr_err *err)
{
	json_t *before = NULL, *after = NULL;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", u->id);
	if (cr_db_begin(c, err))
		return NULL;
	before = cr_store_alert_subscription_get(c, u->id, err);
	if (!before)
		goto fail;
	if (region ? cr_store_alert_subscription_put(c, u->id, region, rules, min_level, err)
		   : cr_store_alert_subscription_delete(c, u->id, err))
		goto fail;
	after = cr_store_alert_subscription_get(c, u->id, err);
	if (!after ||
	    cr_audit_write(c, u, "alert_subscription", idt, region ? "set" : "clear",
			   json_is_null(before) ? NULL : before, json_is_null(after) ? NULL : after,
			   err) ||
	    cr_db_commit(c, err))
		goto fail;
	json_decref(before);
	return json_pack("{so}", "subscription", after);
fail:
	cr_db_rollback(c);
	json_decref(before);
	json_decref(after);
	return NULL;
}

json_t *cr_alert_subscription_put(struct cr_conn *c, const struct cr_user *u, const json_t *body,
				  struct cr_err *err)
{
	static const char *const keys[] = { "region", "rules", "min_level", NULL };
	const char *region = NULL, *level = NULL;
	char rules[512];
	unsigned mask;
	if (cr_json_only(body, keys, err) || cr_json_str(body, "region", 12, &region, err) < 0 ||
	    cr_json_str(body, "min_level", 8, &level, err) < 0)
		return NULL;
	if (!receives(u))
		return cr_err_set(err, 403, "forbidden", "", "this account receives no alerts"),
		       cr_err_param(err, "rule", "alert_scope"), NULL;
	if (!region || !*region)
		region = u->region;
	if (strspn(region, "0123456789") != strlen(region) || !cr_user_covers_region(u, region))
		return cr_err_set(err, 403, "forbidden", "region",
				  "region %s is outside your scope", region),
		       cr_err_param(err, "rule", "region_scope"),
		       cr_err_param(err, "region", "%s", region), NULL;
	if (!level)
		level = "blue";
	if (!cr_alert_level_rank(level))
		return cr_err_set(err, 400, "invalid", "min_level",
				  "min_level must be blue, yellow, orange or red"),
		       cr_err_param(err, "rule", "signal_level"), NULL;
	if (cr_alert_rule_list_parse(json_object_get(body, "rules"), &mask, err))
		return NULL;
	rules_json(mask, rules, sizeof rules);
	return subscription_write(c, u, region, rules, level, err);
}

json_t *cr_alert_subscription_clear(struct cr_conn *c, const struct cr_user *u, struct cr_err *err)
{
	return subscription_write(c, u, NULL, NULL, NULL, err);
}

/* ===== The rules ===== */

/* A hit found by a rule's scan, waiting to be raised: its alert's texts, owned. */
struct pending {
	char *region, *dept, *entity;
	long long unit_id, entity_id;
	char title[320], why[640];
	json_t *links;
};

/* One rule's pass: its hits are found first (reads, no lock) into pending, then raised in
 * the write transaction — so a province-wide scan does not hold the writers' lock. A hit whose
 * alert is still open is passed over while scanning, and the scan stops once it holds the
 * rule's cap of new alerts (the rest come next run), so pending never outgrows the cap. */
struct run {
	struct cr_conn *c;
	const struct cr_user *by;
	enum cr_alert_rule rule;
	json_t *raised;
	struct cr_err *err;
	long long n;
	struct pending *pending;
	size_t npending, cap;
};

static void pending_free(struct run *r)
{
	for (size_t i = 0; i < r->npending; i++) {
		free(r->pending[i].region);
		free(r->pending[i].dept);
		free(r->pending[i].entity);
		json_decref(r->pending[i].links);
	}
	free(r->pending);
	r->pending = NULL;
	r->npending = r->cap = 0;
}

json_t *cr_alert_link(const char *entity, long long id, const char *label)
{
	return json_pack("{ss sI ss}", "entity", entity, "id", (json_int_t)id, "label", label);
}

static const char *rank_cn(const char *rank)
{
	const char *cn = cr_owner_rank_name_cn(cr_owner_rank_parse(rank));
	return cn ? cn : "未填写";
}

/* on_hit's answers that end a rule's pass early: the server is stopping (an error), or the
 * pass holds its cap of new alerts (not an error). */
enum { RUN_HALTED = 3, RUN_FULL = 4 };
static atomic_bool halting;

void cr_alert_rules_halt(void)
{
	atomic_store(&halting, true);
}

/* The alert for one record a rule found: its title, its reason in words, its links. */
static int on_hit(void *ctx, const struct cr_alert_hit *h)
{
	struct run *r = ctx;
	if (atomic_load(&halting))
		return RUN_HALTED;
	bool open;
	if (cr_store_alert_exists(r->c, cr_alert_rule_name(r->rule), h->entity, h->entity_id, &open,
				  r->err))
		return -1;
	if (open)
		return 0;
	if (CR_GROW(r->pending, r->cap, r->npending + 1))
		return cr_err_set(r->err, 500, "oom", "", "out of memory");
	struct pending *p = &r->pending[r->npending];
	*p = (struct pending){ 0 };
	json_t *links = json_array();
	json_array_append_new(links, cr_alert_link("unit", h->unit_id, h->unit_name));
	switch (r->rule) {
	case CR_ALERT_ZERO_RISK:
		snprintf(p->title, sizeof p->title, "%s：%s", cr_alert_rule_cn(r->rule),
			 h->unit_name);
		snprintf(p->why, sizeof p->why,
			 "单位“%s”未上报任何风险点，应督促其重新辨识并上报（苏州市对零风险上报单位"
			 "要求重新上报）。",
			 h->unit_name);
		break;
	case CR_ALERT_OWNER_RANK:
		snprintf(p->title, sizeof p->title, "%s：%s / %s", cr_alert_rule_cn(r->rule),
			 h->unit_name, h->name);
		snprintf(p->why, sizeof p->why,
			 "%s风险点“%s”的责任人层级为“%s”，低于一险一人的要求（较大风险至少中层管理"
			 "人员，重大风险至少副总经理）。",
			 cr_grade_name_cn((int)h->grade), h->name, rank_cn(h->detail));
		json_array_append_new(links, cr_alert_link("risk", h->entity_id, h->name));
		break;
	case CR_ALERT_OVERDUE_MAJOR:
		snprintf(p->title, sizeof p->title, "%s：%s", cr_alert_rule_cn(r->rule),
			 *h->unit_name ? h->unit_name : h->region);
		snprintf(p->why, sizeof p->why,
			 "重大隐患“%.200s”整改期限为 %s，已逾期仍未整改销号。", h->name, h->detail);
		json_array_append_new(links, cr_alert_link("hazard", h->entity_id, h->name));
		break;
	case CR_ALERT_REVIEW_OVERDUE: {
		char oldest[17] = "从未复核";
		if (*h->detail && cr_date_china_time(h->detail, oldest))
			snprintf(oldest, sizeof oldest, "%.10s", h->detail);
		snprintf(p->title, sizeof p->title, "%s：%s", cr_alert_rule_cn(r->rule),
			 h->unit_name);
		snprintf(p->why, sizeof p->why,
			 "单位“%s”有 %lld 个风险点超过 %d "
			 "天未复核（最早一次复核：%.10s，其中最高为%s风险），"
			 "应按季度更新风险辨识评估结果。",
			 h->unit_name, h->count, cr_config()->review_days, oldest,
			 cr_grade_name_cn((int)h->grade));
		break;
	}
	case CR_ALERT_REPORT_LATE:
		snprintf(p->title, sizeof p->title, "%s：%s", cr_alert_rule_cn(r->rule),
			 h->unit_name);
		snprintf(p->why, sizeof p->why, "单位“%s”逾期未报送：%s。", h->unit_name,
			 h->detail);
		break;
	default:
		snprintf(p->title, sizeof p->title, "%s：%s / %s", cr_alert_rule_cn(r->rule),
			 h->unit_name, h->name);
		char day[11] = "";
		cr_date_local(h->detail, day); /* a UTC instant, told as its day in China */
		snprintf(p->why, sizeof p->why, "风险点“%s”于 %s 新增或升级为重大风险（Ⅰ级）。",
			 h->name, day);
		json_array_append_new(links, cr_alert_link("risk", h->entity_id, h->name));
		break;
	}
	p->links = links;
	p->region = h->region ? strdup(h->region) : NULL;
	p->dept = h->dept ? strdup(h->dept) : NULL;
	p->entity = strdup(h->entity);
	p->unit_id = h->unit_id;
	p->entity_id = h->entity_id;
	r->npending++;
	if ((h->region && !p->region) || (h->dept && !p->dept) || !p->entity)
		return cr_err_set(r->err, 500, "oom", "", "out of memory");
	return r->npending >= (size_t)cr_config()->alerts.max_per_run ? RUN_FULL : 0;
}

/* Raises a rule's pending hits (one whose alert was opened meanwhile raises nothing). */
static int raise_pending(struct run *r)
{
	for (size_t i = 0; i < r->npending; i++) {
		const struct pending *p = &r->pending[i];
		struct cr_alert_row a = {
			.rule = cr_alert_rule_name(r->rule),
			.level = cr_alert_level(r->rule, NULL),
			.region = p->region,
			.dept = p->dept,
			.unit_id = p->unit_id,
			.title = p->title,
			.why = p->why,
			.links = p->links,
			.entity = p->entity,
			.entity_id = p->entity_id,
		};
		size_t before = json_array_size(r->raised);
		if (cr_alert_raise(r->c, r->by, &a, r->raised, r->err))
			return -1;
		r->n += (long long)(json_array_size(r->raised) - before);
	}
	return 0;
}

/* report_late: one hit per unit, its late reports in words as the detail. */
static int on_late(void *ctx, const json_t *unit, const struct cr_reporting_due *late, size_t n)
{
	char detail[400];
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof detail; i++)
		len += (size_t)snprintf(detail + len, sizeof detail - len,
					"%s%s应于 %s 前报送，已逾期 %ld 天", i ? "；" : "",
					cr_reporting_kind_cn(late[i].kind), late[i].due,
					late[i].days_late);
	long long id = json_integer_value(json_object_get(unit, "id"));
	struct cr_alert_hit h = {
		.entity = "unit",
		.entity_id = id,
		.unit_id = id,
		.unit_name = json_string_value(json_object_get(unit, "name")),
		.region = json_string_value(json_object_get(unit, "region")),
		.dept = json_string_value(json_object_get(unit, "dept")),
		.name = "",
		.detail = detail,
		.count = (long long)n,
	};
	return on_hit(ctx, &h);
}

static int run_rule(struct run *r, const struct cr_alert_config *cfg)
{
	char today[11], since[11], cutoff[32];
	struct cr_hazard_clock_window clock;
	cr_date_today(cr_clock_now(), today);
	switch (r->rule) {
	case CR_ALERT_ZERO_RISK:
		return cr_store_alert_zero_risk(r->c, on_hit, r, r->err);
	case CR_ALERT_OWNER_RANK:
		return cr_store_alert_owner_rank(r->c, cfg->owner_rank_max_grade, on_hit, r,
						 r->err);
	case CR_ALERT_OVERDUE_MAJOR:
		if (cr_hazard_clock_window(today, &clock))
			return cr_err_set(r->err, 500, "internal", "", "no date today");
		return cr_store_alert_overdue_major(r->c, clock.states, clock.overdue_before,
						    on_hit, r, r->err);
	case CR_ALERT_NEW_GRADE1:
		if (cr_date_add(today, -(long)cfg->new_grade1_days, since))
			return cr_err_set(r->err, 500, "internal", "", "no date today");
		return cr_store_alert_new_grade1(r->c, since, on_hit, r, r->err);
	case CR_ALERT_REVIEW_OVERDUE:
		if (cr_alert_review_cutoff(today, cr_config()->review_days, cutoff))
			return cr_err_set(r->err, 500, "internal", "", "bad review window");
		return cr_store_alert_review_overdue(r->c, cutoff, on_hit, r, r->err);
	case CR_ALERT_REPORT_LATE:
		return cr_reporting_each_late(r->c, today, cfg->report_grace_days, on_late, r,
					      r->err);
	default:
		return 0; /* dynamic reports raise theirs as they are filed */
	}
}

/* Runs the rules marked in want: each rule's scan first, outside any transaction, then every
 * rule's alerts raised in one transaction; raised gets the new alerts. */
static json_t *run_rules(struct cr_conn *c, const struct cr_user *by, const bool want[],
			 json_t *raised, struct cr_err *err)
{
	const struct cr_alert_config *cfg = &cr_config()->alerts;
	json_t *by_rule = json_object();
	struct run runs[CR_ALERT_RULE_COUNT];
	int nruns = 0, i;
	long long total = 0;
	bool began = false;
	for (i = 0; i < CR_ALERT_RULE_COUNT; i++) {
		if (!want[i] || !cfg->enabled[i] || !cr_alert_rule_scheduled((enum cr_alert_rule)i))
			continue;
		struct run *r = &runs[nruns++];
		*r = (struct run){ c, by, (enum cr_alert_rule)i, raised, err, 0, NULL, 0, 0 };
		int rc = run_rule(r, cfg);
		if (rc == RUN_FULL)
			rc = 0;
		if (rc == RUN_HALTED)
			cr_err_set(err, 503, "unavailable", "", "the server is stopping");
		if (rc)
			goto fail;
	}
	if (cr_db_begin(c, err))
		goto fail;
	began = true;
	for (i = 0; i < nruns; i++) {
		if (raise_pending(&runs[i]))
			goto fail;
		json_object_set_new(by_rule, cr_alert_rule_name(runs[i].rule),
				    json_integer(runs[i].n));
		total += runs[i].n;
	}
	if (cr_db_commit(c, err))
		goto fail;
	for (i = 0; i < nruns; i++)
		pending_free(&runs[i]);
	return json_pack("{sI so}", "raised", (json_int_t)total, "by_rule", by_rule);
fail:
	if (began)
		cr_db_rollback(c);
	for (i = 0; i < nruns; i++)
		pending_free(&runs[i]);
	json_decref(by_rule);
	json_array_clear(raised);
	return NULL;
}

int cr_alert_rule_list_parse(const json_t *names, unsigned *mask, struct cr_err *err)
{
	size_t i;
	json_t *v;
	*mask = 0;
	if (names && !json_is_array(names))
		return cr_err_set(err, 400, "invalid", "rules", "rules must be a list of names");
	json_array_foreach(names, i, v) {
		int r = cr_alert_rule_parse(json_string_value(v));
		if (r < 0) {
			cr_err_set(err, 400, "invalid", "rules", "no rule at index %zu", i);
			cr_err_param(err, "rule", "alert_rule");
			return cr_err_param(err, "index", "%zu", i);
		}
		*mask |= 1u << r;
	}
	return 0;
}

json_t *cr_alert_evaluate(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			  struct cr_err *err)
{
	static const char *const keys[] = { "rules", NULL };
	bool want[CR_ALERT_RULE_COUNT];
	if (cr_json_only(body, keys, err))
		return NULL;
	if (u->role != CR_ROLE_CITY)
		return cr_err_set(err, 403, "forbidden", "", "only the city office runs the rules"),
		       cr_err_param(err, "rule", "alert_evaluate"), NULL;
	const json_t *names = json_object_get(body, "rules");
	unsigned mask;
	if (cr_alert_rule_list_parse(names, &mask, err))
		return NULL;
	for (int k = 0; k < CR_ALERT_RULE_COUNT; k++)
		want[k] = !names || (mask & (1u << k));
	json_t *raised = json_array();
	json_t *out = run_rules(c, u, want, raised, err);
	if (out)
		cr_alert_announce(raised);
	json_decref(raised);
	return out;
}

/* ===== The watcher ===== */

static bool watch_run(struct cr_conn *c, void *ctx)
{
	(void)ctx;
	bool all[CR_ALERT_RULE_COUNT];
	struct cr_err err = { 0 };
	for (int i = 0; i < CR_ALERT_RULE_COUNT; i++)
		all[i] = true;
	if (!c)
		return false;
	json_t *raised = json_array();
	json_t *out = run_rules(c, NULL, all, raised, &err);
	if (out)
		cr_alert_announce(raised);
	else
		fprintf(stderr, "cityrisk: early-warning rules: %s\n", err.message);
	json_decref(out);
	json_decref(raised);
	return false;
}

struct cr_ticker *cr_alert_watch_start(struct cr_db *db, int period_s)
{
	return cr_ticker_start(db, "alert_watch", period_s > 0 ? period_s : 3600, watch_run, NULL);
}

/* ===== Alerts raised elsewhere =====
 * Another server on the database (or the CLI) raises an alert: this server hears of the write
 * (cr_db_poll_writes: NOTIFY on PostgreSQL, the file's data version on SQLite), reads the alerts
 * above the highest id it knows and announces those not announced yet. It reads a little below
 * that id too (RELAY_BACK), for an alert whose transaction began first and committed after. */

#define RELAY_MS 200
#define RELAY_BATCH 256
#define RELAY_BACK 64

struct relay {
	long long top; /* the highest alert id seen */
	bool primed;   /* the alerts there were at start are taken as announced */
	bool more;     /* the last run left some: run without waiting for news */
};

static bool relay_run(struct cr_conn *c, void *ctx)
{
	struct relay *r = ctx;
	struct cr_err err = { 0 };
	long long ids[RELAY_BATCH];
	size_t n = 0;
	if (!c)
		return false;
	if (!r->primed && cr_store_alert_max_id(c, &r->top, &err))
		goto fail;
	if (r->primed && !r->more && !cr_db_poll_writes(c))
		return false;
	long long from = r->top > RELAY_BACK ? r->top - RELAY_BACK : 0;
	if (cr_store_alert_ids_after(c, from, ids, RELAY_BATCH, &n, &err))
		goto fail;
	json_t *raised = json_array();
	for (size_t i = 0; i < n; i++) {
		if (ids[i] > r->top)
			r->top = ids[i];
		if (!r->primed) {
			was_announced(ids[i], true);
			continue;
		}
		if (was_announced(ids[i], false))
			continue;
		json_t *a = cr_store_alert_get(c, ids[i], &err);
		if (a)
			json_array_append_new(raised, a);
	}
	cr_alert_announce(raised);
	json_decref(raised);
	r->primed = true;
	r->more = n == RELAY_BATCH; /* the top moved up by at least RELAY_BATCH - RELAY_BACK */
	return r->more;
fail:
	fprintf(stderr, "cityrisk: alerts of other servers: %s\n", err.message);
	return false;
}

static struct relay relay;

struct cr_ticker *cr_alert_relay_start(struct cr_db *db)
{
	relay = (struct relay){ 0 };
	return cr_ticker_start_ms(db, NULL, RELAY_MS, relay_run, &relay);
}
