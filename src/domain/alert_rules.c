/* alert_rules.c — the early-warning rules as tables: dynamic report kinds, rule names and
 * levels, and who an alert reaches. Pure: no I/O, no clock. */
#include "domain/alert_rules.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "domain/date.h"

static const struct {
	const char *kind, *cn, *level;
} kinds[] = {
	{ "upgrade", "升级改造", "yellow" },  { "renovation", "装修施工", "yellow" },
	{ "event", "大型活动", "orange" },    { "hot_work", "动火作业", "orange" },
	{ "shutdown", "停产检修", "yellow" }, { "other", "其他", "yellow" },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static int kind_index(const char *kind)
{
	for (size_t i = 0; kind && i < NKINDS; i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			return (int)i;
	return -1;
}

const char *cr_dynamic_kind_cn(const char *kind)
{
	int k = kind_index(kind);
	return k < 0 ? NULL : kinds[k].cn;
}

/* "YYYY-MM-DD", optionally followed by "THH:MM". */
static bool datetime_ok(const char *s)
{
	size_t n = strlen(s);
	if (n != 10 && n != 16)
		return false;
	char day[11];
	memcpy(day, s, 10);
	day[10] = 0;
	if (cr_date_check(day))
		return false;
	if (n == 10)
		return true;
	const char *t = s + 10;
	if (t[0] != 'T' || t[3] != ':')
		return false;
	for (int i = 1; i < 6; i++)
		if (i != 3 && (t[i] < '0' || t[i] > '9'))
			return false;
	int hh = (t[1] - '0') * 10 + (t[2] - '0'), mm = (t[4] - '0') * 10 + (t[5] - '0');
	return hh < 24 && mm < 60;
}

int cr_dynamic_window_check(const char *start, const char *end, struct cr_err *err)
{
	const char *names[2] = { "start", "end" }, *vals[2] = { start, end };
	for (int i = 0; i < 2; i++)
		if (!datetime_ok(vals[i])) {
			cr_err_set(err, 400, "invalid", names[i],
				   "%s must be a date YYYY-MM-DD or YYYY-MM-DDTHH:MM", names[i]);
			return cr_err_param(err, "rule", "datetime");
		}
	/* A date alone is the start of its day: "2026-12-01" sorts before "2026-12-01T08:00". */
	if (strcmp(end, start) < 0) {
		cr_err_set(err, 400, "invalid", "end", "end %s is before start %s", end, start);
		return cr_err_param(err, "rule", "window_order");
	}
	return 0;
}

static const struct {
	const char *name, *cn, *level;
} rules[CR_ALERT_RULE_COUNT] = {
	[CR_ALERT_DYNAMIC_REPORT] = { "dynamic_report", "动态上报临时风险", "yellow" },
	[CR_ALERT_ZERO_RISK] = { "zero_risk", "零风险上报单位", "blue" },
	[CR_ALERT_OWNER_RANK] = { "owner_rank", "风险责任人层级不足", "orange" },
	[CR_ALERT_OVERDUE_MAJOR] = { "overdue_major", "重大隐患逾期未整改", "red" },
	[CR_ALERT_NEW_GRADE1] = { "new_grade1", "新增或升级重大风险", "red" },
	[CR_ALERT_SIGNAL] = { "signal", "预警期间临时风险", "orange" },
	[CR_ALERT_MONITORING] = { "monitoring", "监测报警", "orange" },
	[CR_ALERT_REVIEW_OVERDUE] = { "review_overdue", "风险点逾期未复核", "yellow" },
	[CR_ALERT_REPORT_LATE] = { "report_late", "风险报告逾期未报", "yellow" },
};

const char *cr_alert_rule_name(enum cr_alert_rule r)
{
	return (unsigned)r < CR_ALERT_RULE_COUNT ? rules[r].name : "";
}

int cr_alert_rule_parse(const char *name)
{
	for (int i = 0; name && i < CR_ALERT_RULE_COUNT; i++)
		if (strcmp(name, rules[i].name) == 0)
			return i;
	return -1;
}

bool cr_alert_rule_scheduled(enum cr_alert_rule r)
{
	return r != CR_ALERT_DYNAMIC_REPORT && r != CR_ALERT_SIGNAL && r != CR_ALERT_MONITORING;
}

const char *cr_alert_rule_cn(enum cr_alert_rule r)
{
	return (unsigned)r < CR_ALERT_RULE_COUNT ? rules[r].cn : "";
}

const char *cr_alert_level(enum cr_alert_rule r, const char *dynamic_kind)
{
	if (r == CR_ALERT_DYNAMIC_REPORT) {
		int k = kind_index(dynamic_kind);
		return k < 0 ? rules[r].level : kinds[k].level;
	}
	return (unsigned)r < CR_ALERT_RULE_COUNT ? rules[r].level : "yellow";
}

bool cr_alert_reaches(const struct cr_user *u, const char *region, const char *dept)
{
	if (u->role == CR_ROLE_UNIT || u->role == CR_ROLE_EXPERT)
		return false;
	if (!cr_user_covers_region(u, region ? region : ""))
		return false;
	if (u->role == CR_ROLE_CITY_DEPT || u->role == CR_ROLE_DISTRICT_DEPT)
		return dept && strcmp(u->dept, dept) == 0;
	return true;
}

void cr_alert_config_default(struct cr_alert_config *c)
{
	for (int i = 0; i < CR_ALERT_RULE_COUNT; i++)
		c->enabled[i] = true;
	c->new_grade1_days = 7;
	c->owner_rank_max_grade =
		2; /* 一险一人: 较大 and 重大 risks need a ranked owner [S 三(一)] */
	c->watch_minutes = 60;
	c->max_per_run = 500;
	c->report_grace_days = 0;
}

int cr_alert_review_cutoff(const char *today, int review_days, char cutoff[32])
{
	char day[11];
	/* the CST day D begins at 16:00 UTC of D − 1 */
	if (review_days < 1 || cr_date_check(today) ||
	    cr_date_add(today, -(long)review_days - 1, day))
		return -1;
	snprintf(cutoff, 32, "%sT16:00:00.000Z", day);
	return 0;
}

bool cr_alert_review_overdue(const char *reviewed_at, const char *cutoff)
{
	return !reviewed_at || !*reviewed_at || strcmp(reviewed_at, cutoff) < 0;
}

bool cr_alert_report_late(long days_late, int grace_days)
{
	return days_late > (grace_days > 0 ? grace_days : 0);
}

int cr_alert_level_rank(const char *level)
{
	static const char *const levels[] = { "blue", "yellow", "orange", "red" };
	for (int i = 0; level && i < 4; i++)
		if (strcmp(level, levels[i]) == 0)
			return i + 1;
	return 0;
}

bool cr_alert_subscribed(const struct cr_alert_subscription *s, const char *rule, const char *level,
			 const char *region)
{
	if (!s)
		return true;
	int r = cr_alert_rule_parse(rule);
	size_t n = strlen(s->region);
	return (!s->rules || (r >= 0 && (s->rules & (1u << r)))) &&
	       cr_alert_level_rank(level) >= s->min_level && region &&
	       strncmp(region, s->region, n) == 0;
}

bool cr_alert_step_ok(const char *from, const char *to)
{
	if (strcmp(from, "open") == 0)
		return strcmp(to, "acked") == 0 || strcmp(to, "closed") == 0;
	return strcmp(from, "acked") == 0 && strcmp(to, "closed") == 0;
}

long long cr_webhook_backoff(long long retry_s, long long attempts)
{
	const long long cap = 6 * 3600;
	long long wait = retry_s > 0 ? retry_s : 1;
	for (long long i = 1; i < attempts && wait < cap; i++)
		wait *= 2;
	return wait < cap ? wait : cap;
}
