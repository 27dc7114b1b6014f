/* alert_rules.h — early warning (预警) as pure rules: the kinds of 动态上报 (dynamic reports of
 * coming works and events), their time window, each warning rule's level, and who an alert
 * reaches. No I/O here. */
#ifndef CR_ALERT_RULES_H
#define CR_ALERT_RULES_H

#include <stdbool.h>

#include "domain/user.h"

/* 动态上报: a unit tells its regulator in advance of an upgrade (升级改造), a renovation (装修
 *施工), a large event (大型活动), hot work (动火作业), a shutdown (停产检修) or other work
 * that brings temporary risks [S 三(三)]. The Chinese name of a kind, or NULL when unknown. */
const char *cr_dynamic_kind_cn(const char *kind);

/* A time window "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (China Standard Time) at each end. 0 when
 * both are such texts and end is not before start; -1 naming the field: "start" or "end" with
 * rule "datetime" for a malformed text, "end" with rule "window_order" when end < start. */
int cr_dynamic_window_check(const char *start, const char *end, struct cr_err *err);

/* The early-warning rules. Each alert names its rule, so a reader sees why it was raised. */
enum cr_alert_rule {
	CR_ALERT_DYNAMIC_REPORT, /* a unit reported temporary risks (动态上报) */
	CR_ALERT_ZERO_RISK,      /* a unit that reported no risk point at all (零风险单位) */
	CR_ALERT_OWNER_RANK, /* a grade Ⅰ/Ⅱ point whose owner lacks the rank (一险一人) */
	CR_ALERT_OVERDUE_MAJOR, /* a 重大隐患 past its deadline */
	CR_ALERT_NEW_GRADE1,    /* a grade Ⅰ point added, or raised to Ⅰ, lately */
	CR_ALERT_SIGNAL,     /* a weather warning over temporary risks or a major hazard source */
	CR_ALERT_MONITORING, /* a monitoring event (监测报警) at a unit */
	CR_ALERT_REVIEW_OVERDUE, /* a unit's points not reviewed within the quarter (逾期未复核) */
	CR_ALERT_REPORT_LATE, /* a unit's initial, periodic or change report past due */
	CR_ALERT_RULE_COUNT
};
/* "dynamic_report", "zero_risk", "owner_rank", "overdue_major", "new_grade1", "signal",
 * "monitoring", "review_overdue", "report_late". */
const char *cr_alert_rule_name(enum cr_alert_rule r);
/* The rule of a name, or -1. */
int cr_alert_rule_parse(const char *name);
/* Whether the rule runs over the tables on a schedule (the others fire as records arrive: a
 * dynamic report, an external signal). */
bool cr_alert_rule_scheduled(enum cr_alert_rule r);
/* The Chinese name of a rule (for the alert's title and the audit trail). */
const char *cr_alert_rule_cn(enum cr_alert_rule r);
/* The warning level of an alert, in the 蓝黄橙红 order of China's warning signals: "blue",
 * "yellow", "orange", "red". A dynamic report's depends on its kind: large events and hot work
 * are orange (crowds, fire), other works yellow. */
const char *cr_alert_level(enum cr_alert_rule r, const char *dynamic_kind);

/* Whether an alert about a record in region (a code) and dept (its supervising department)
 * reaches user u — on the live stream, in the alerts list, and for acknowledging it: the
 * territory (属地: city, district, street by region prefix) and the industry (行业: a department
 * role only for its own department) that supervise the record. Units and experts get none. */
bool cr_alert_reaches(const struct cr_user *u, const char *region, const char *dept);

/* Which rules run and their thresholds; the configuration file's "alerts" object overrides
 * them (docs/METHODS.md "Early warning"). */
struct cr_alert_config {
	bool enabled[CR_ALERT_RULE_COUNT]; /* dynamic_report is always on */
	int new_grade1_days;               /* a grade Ⅰ point is "new" this many days: 7 */
	int owner_rank_max_grade;          /* grades up to this need a ranked owner: 2 (Ⅰ, Ⅱ) */
	int watch_minutes;                 /* the rules run again after this many minutes: 60 */
	int max_per_run; /* new alerts one rule raises in one run at most (the rest next run): 500 */
	int report_grace_days; /* report_late: a report is flagged this many days after due: 0 */
};
void cr_alert_config_default(struct cr_alert_config *c);

/* review_overdue: a risk point is reviewed at least once a quarter (每季度更新 [B 四(四)]); it is
 * due review_days after its last review (a UTC instant as stored), counted in China Standard
 * Time days, and overdue from the day after. The UTC instant at which the CST day
 * today − review_days begins ("YYYY-MM-DDT16:00:00.000Z" of the day before), into cutoff: a
 * point last reviewed before it is overdue on today. -1 for a malformed today or days < 1. */
int cr_alert_review_cutoff(const char *today, int review_days, char cutoff[32]);
/* Whether a point last reviewed at reviewed_at (NULL or "": never) is overdue at cutoff. */
bool cr_alert_review_overdue(const char *reviewed_at, const char *cutoff);
/* report_late: whether a report days_late past its due date is flagged with grace_days of
 * grace: days_late > grace_days (due today or within the grace: not yet). */
bool cr_alert_report_late(long days_late, int grace_days);

/* A user's subscription (订阅): alerts in region (a code prefix inside the user's territory), of
 * the rules in mask (bit 1 << rule; 0 = every rule), at min_level (1 blue … 4 red) or above. */
struct cr_alert_subscription {
	char region[16];
	unsigned rules;
	int min_level;
};
/* 1 blue, 2 yellow, 3 orange, 4 red; 0 for anything else. */
int cr_alert_level_rank(const char *level);
/* Whether an alert of rule (a name), level and region falls in the subscription (NULL: yes). */
bool cr_alert_subscribed(const struct cr_alert_subscription *s, const char *rule, const char *level,
			 const char *region);

/* The states of an alert: open → acked → closed, or open → closed. Whether `to` may follow
 * `from`. */
bool cr_alert_step_ok(const char *from, const char *to);

/* Exponential back-off of a webhook delivery: the wait in seconds before the next try after
 * `attempts` failed ones (≥ 1): retry_s · 2^(attempts−1), at most six hours. */
long long cr_webhook_backoff(long long retry_s, long long attempts);

#endif
