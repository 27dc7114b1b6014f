/* test_alert_rules.c — the early-warning rules: dynamic report kinds and windows, levels, who an
 * alert reaches, the alert states; the zero-risk rule against a demo city in the store: it
 * flags exactly the active units that have no active risk point; and the dated rules (reviews
 * overdue, reports late) at their bounds and over a demo city with dates moved back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/demo.h"
#include "domain/alert_rules.h"
#include "harness.h"
#include "service/alert.h"
#include "service/auth.h"
#include "domain/reporting_cycle.h"
#include "store/alerts.h"
#include "store/refdata.h"

TEST(dynamic_report_kinds_and_window)
{
	struct cr_err e;
	STR_EQ(cr_dynamic_kind_cn("hot_work"), "动火作业");
	STR_EQ(cr_dynamic_kind_cn("renovation"), "装修施工");
	OK(cr_dynamic_kind_cn("party") == NULL);
	OK(cr_dynamic_kind_cn(NULL) == NULL);
	INT_EQ(cr_dynamic_window_check("2026-12-01", "2026-12-01", &e), 0);
	INT_EQ(cr_dynamic_window_check("2026-12-01T08:00", "2026-12-01T18:30", &e), 0);
	/* a date alone is the start of its day */
	INT_EQ(cr_dynamic_window_check("2026-12-01", "2026-12-01T00:00", &e), 0);
	OK(cr_dynamic_window_check("2026-12-01T08:00", "2026-12-01", &e) < 0);
	STR_EQ(e.field, "end");
	OK(cr_dynamic_window_check("2026-12-02", "2026-12-01", &e) < 0);
	STR_EQ(e.field, "end");
	STR_EQ(e.params[0].value, "window_order");
	OK(cr_dynamic_window_check("2026-02-30", "2026-03-01", &e) < 0);
	STR_EQ(e.field, "start");
	STR_EQ(e.params[0].value, "datetime");
	OK(cr_dynamic_window_check("2026-12-01T24:00", "2026-12-02", &e) < 0);
	OK(cr_dynamic_window_check("2026-12-01 08:00", "2026-12-02", &e) < 0);
	OK(cr_dynamic_window_check("2026-12-01", "2026-12-02T08:60", &e) < 0);
	STR_EQ(e.field, "end");
}

TEST(alert_rules_names_and_levels)
{
	for (int r = 0; r < CR_ALERT_RULE_COUNT; r++)
		INT_EQ(cr_alert_rule_parse(cr_alert_rule_name((enum cr_alert_rule)r)), r);
	INT_EQ(cr_alert_rule_parse("zero_risk"), CR_ALERT_ZERO_RISK);
	INT_EQ(cr_alert_rule_parse("nope"), -1);
	STR_EQ(cr_alert_level(CR_ALERT_DYNAMIC_REPORT, "event"), "orange");
	STR_EQ(cr_alert_level(CR_ALERT_DYNAMIC_REPORT, "shutdown"), "yellow");
	STR_EQ(cr_alert_level(CR_ALERT_OVERDUE_MAJOR, NULL), "red");
	STR_EQ(cr_alert_level(CR_ALERT_ZERO_RISK, NULL), "blue");
	OK(cr_alert_step_ok("open", "acked"));
	OK(cr_alert_step_ok("open", "closed"));
	OK(cr_alert_step_ok("acked", "closed"));
	OK(!cr_alert_step_ok("acked", "acked"));
	OK(!cr_alert_step_ok("closed", "open"));
	OK(!cr_alert_step_ok("closed", "acked"));
	struct cr_alert_config c;
	cr_alert_config_default(&c);
	INT_EQ(c.owner_rank_max_grade, 2);
	OK(c.enabled[CR_ALERT_ZERO_RISK]);
}

TEST(alert_reaches_the_supervisors_only)
{
	struct cr_user city = { .role = CR_ROLE_CITY, .region = "3205" };
	struct cr_user ks = { .role = CR_ROLE_DISTRICT, .region = "320583" };
	struct cr_user wj = { .role = CR_ROLE_DISTRICT, .region = "320509" };
	struct cr_user ks_ajj = { .role = CR_ROLE_DISTRICT_DEPT,
				  .region = "320583",
				  .dept = "AJJ" };
	struct cr_user ks_zjj = { .role = CR_ROLE_DISTRICT_DEPT,
				  .region = "320583",
				  .dept = "ZJJ" };
	struct cr_user ajj = { .role = CR_ROLE_CITY_DEPT, .region = "3205", .dept = "AJJ" };
	struct cr_user ys = { .role = CR_ROLE_STREET, .region = "320583100" };
	struct cr_user zz = { .role = CR_ROLE_STREET, .region = "320583101" };
	struct cr_user unit = { .role = CR_ROLE_UNIT, .region = "320583100", .unit_id = 5 };
	struct cr_user expert = { .role = CR_ROLE_EXPERT, .region = "3205" };
	const char *reg = "320583100", *dept = "AJJ";
	OK(cr_alert_reaches(&city, reg, dept));
	OK(cr_alert_reaches(&ks, reg, dept));
	OK(!cr_alert_reaches(&wj, reg, dept));
	OK(cr_alert_reaches(&ks_ajj, reg, dept));
	OK(!cr_alert_reaches(&ks_zjj, reg, dept));
	OK(cr_alert_reaches(&ajj, reg, dept));
	OK(cr_alert_reaches(&ys, reg, dept));
	OK(!cr_alert_reaches(&zz, reg, dept));
	OK(!cr_alert_reaches(&unit, reg, dept));
	OK(!cr_alert_reaches(&expert, reg, dept));
	OK(!cr_alert_reaches(&ks_ajj, reg, NULL));
}

/* Ids of the units with no active risk point, as an independent query over the tables. */
static int expected_zero(struct cr_conn *c, long long *ids, int cap)
{
	struct cr_stmt *s =
		cr_db_prepare(c,
			      "SELECT id FROM units WHERE status='active' EXCEPT"
			      " SELECT unit_id FROM risks WHERE status='active' ORDER BY 1",
			      NULL);
	int n = 0;
	while (s && cr_stmt_step(s) == CR_SQL_ROW && n < cap)
		ids[n++] = cr_stmt_column_int64(s, 0);
	cr_stmt_finalize(s);
	return n;
}

/* The open alerts of rule about units, by unit id. */
static int flagged(struct cr_conn *c, const char *rule, long long *ids, int cap)
{
	struct cr_stmt *s =
		cr_db_prepare(c,
			      "SELECT entity_id FROM alerts WHERE rule=? AND entity='unit'"
			      " AND state='open' ORDER BY 1",
			      NULL);
	int n = 0;
	cr_stmt_bind_text(s, 1, rule, -1, CR_SQL_STATIC);
	while (s && cr_stmt_step(s) == CR_SQL_ROW && n < cap)
		ids[n++] = cr_stmt_column_int64(s, 0);
	cr_stmt_finalize(s);
	return n;
}

/* A demo city (scale 0.003, seed 7) in a new database at path (a mkstemp template), or NULL. */
static struct cr_db *demo_city(char *path)
{
	struct cr_err e;
	setenv("CITYRISK_PWHASH", "fast", 1);
	if (cr_auth_init())
		return NULL;
	close(mkstemp(path));
	unlink(path);
	struct cr_db *db = cr_db_open(path, &e);
	if (db &&
	    (cr_refdata_ensure(cr_db_conn(db), "../../data", &e) || cr_demo_load(db, 0.003, 7))) {
		cr_db_close(db);
		return NULL;
	}
	return db;
}

TEST(zero_risk_rule_flags_exactly_the_units_without_risk_points)
{
	char path[] = "/tmp/cr-zero-XXXXXX";
	struct cr_err e;
	struct cr_db *db = demo_city(path);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	/* The demo gives nearly every unit points; take every point of three units away (and
	 * archive a fourth unit without points, which must not count), so the rule has rows. */
	OK(cr_db_exec(
		   c,
		   "UPDATE risks SET status='archived' WHERE unit_id IN"
		   " (SELECT id FROM units ORDER BY id LIMIT 3);"
		   "UPDATE units SET status='archived' WHERE id=(SELECT id FROM units ORDER BY id"
		   " LIMIT 1 OFFSET 3);"
		   "UPDATE risks SET status='archived' WHERE unit_id=(SELECT id FROM units ORDER BY"
		   " id LIMIT 1 OFFSET 3)",
		   &e) == 0);
	long long want[400], got[400];
	int nw = expected_zero(c, want, 400);
	OK(nw >= 3);
	struct cr_user city = { .id = 1, .login = "admin", .role = CR_ROLE_CITY, .region = "3205" };
	json_t *body = json_pack("{s[s]}", "rules", "zero_risk");
	json_t *out = cr_alert_evaluate(c, &city, body, &e);
	OK(out != NULL);
	INT_EQ(json_integer_value(json_object_get(out, "raised")), nw);
	json_decref(out);
	int ng = flagged(c, "zero_risk", got, 400);
	INT_EQ(ng, nw);
	for (int i = 0; i < nw && i < ng; i++)
		INT_EQ(got[i], want[i]);
	/* a second run raises nothing while the alerts are open */
	out = cr_alert_evaluate(c, &city, body, &e);
	OK(out != NULL);
	INT_EQ(json_integer_value(json_object_get(out, "raised")), 0);
	json_decref(out);
	json_decref(body);
	cr_db_close(db);
	unlink(path);
}

/* review_overdue at its bounds: on 2026-12-01 with 92 days a point is due for review if it was
 * last reviewed on the CST day 2026-08-31, which begins at 2026-08-30T16:00Z. */
TEST(review_overdue_bounds)
{
	char cutoff[32];
	INT_EQ(cr_alert_review_cutoff("2026-12-01", 92, cutoff), 0);
	STR_EQ(cutoff, "2026-08-30T16:00:00.000Z");
	/* reviewed 00:00 CST on 31 August: due today, not overdue */
	OK(!cr_alert_review_overdue("2026-08-30T16:00:00.000Z", cutoff));
	/* reviewed 23:59 CST on 30 August: due yesterday, one day late */
	OK(cr_alert_review_overdue("2026-08-30T15:59:59.999Z", cutoff));
	/* reviewed last week: not owed */
	OK(!cr_alert_review_overdue("2026-11-24T02:00:00.000Z", cutoff));
	/* never reviewed */
	OK(cr_alert_review_overdue(NULL, cutoff));
	OK(cr_alert_review_overdue("", cutoff));
	/* across a year and a leap day */
	INT_EQ(cr_alert_review_cutoff("2028-03-01", 1, cutoff), 0);
	STR_EQ(cutoff, "2028-02-28T16:00:00.000Z");
	OK(cr_alert_review_cutoff("2026-02-30", 92, cutoff) < 0);
	OK(cr_alert_review_cutoff("2026-12-01", 0, cutoff) < 0);
}

/* report_late at its bounds, on the due dates of domain/reporting_cycle.c: the initial report
 * 30 days after registration, the periodic one on 31 March, the change one 15 days after. */
TEST(report_late_bounds)
{
	struct cr_reporting_due d[CR_REPORTING_KIND_COUNT];
	struct cr_reporting_facts f = { .registered = "2026-10-31 09:00" };
	/* due today */
	INT_EQ((int)cr_reporting_owed(&f, "2026-11-30", d), 1);
	STR_EQ(d[0].due, "2026-11-30");
	OK(!cr_alert_report_late(d[0].days_late, 0));
	/* one day late; with a day of grace not yet */
	INT_EQ((int)cr_reporting_owed(&f, "2026-12-01", d), 1);
	INT_EQ((int)d[0].days_late, 1);
	OK(cr_alert_report_late(d[0].days_late, 0));
	OK(!cr_alert_report_late(d[0].days_late, 1));
	OK(cr_alert_report_late(2, 1));
	/* not owed: reported on time, registered this year (no periodic report), no change since */
	f.last_submit = "2026-11-20T02:00:00.000Z";
	INT_EQ((int)cr_reporting_owed(&f, "2026-12-01", d), 0);
	/* periodic: due 31 March, late on 1 April */
	struct cr_reporting_facts p = { .registered = "2025-05-01 10:00",
					.last_submit = "2025-06-01T02:00:00.000Z" };
	INT_EQ((int)cr_reporting_owed(&p, "2026-03-31", d), 1);
	INT_EQ(d[0].kind, CR_REPORTING_PERIODIC);
	OK(!cr_alert_report_late(d[0].days_late, 0));
	INT_EQ((int)cr_reporting_owed(&p, "2026-04-01", d), 1);
	OK(cr_alert_report_late(d[0].days_late, 0));
	/* change: a grade Ⅱ+ change on 1 November is due 16 November */
	f.major_change = "2026-11-01T03:00:00.000Z";
	f.last_submit = "2026-10-31T02:00:00.000Z";
	INT_EQ((int)cr_reporting_owed(&f, "2026-11-16", d), 1);
	INT_EQ(d[0].kind, CR_REPORTING_CHANGE);
	OK(!cr_alert_report_late(d[0].days_late, 0));
	INT_EQ((int)cr_reporting_owed(&f, "2026-11-17", d), 1);
	OK(cr_alert_report_late(d[0].days_late, 0));
	/* the rule names */
	INT_EQ(cr_alert_rule_parse("review_overdue"), CR_ALERT_REVIEW_OVERDUE);
	INT_EQ(cr_alert_rule_parse("report_late"), CR_ALERT_REPORT_LATE);
	OK(cr_alert_rule_scheduled(CR_ALERT_REVIEW_OVERDUE));
	OK(cr_alert_rule_scheduled(CR_ALERT_REPORT_LATE));
	struct cr_alert_config c;
	cr_alert_config_default(&c);
	INT_EQ(c.report_grace_days, 0);
	OK(c.enabled[CR_ALERT_REPORT_LATE] && c.enabled[CR_ALERT_REVIEW_OVERDUE]);
}

/* The nth unit (by id) that never submitted a report. */
static long long unreported(struct cr_conn *c, int nth)
{
	struct cr_stmt *s =
		cr_db_prepare(c,
			      "SELECT id FROM units WHERE status='active' AND id NOT IN"
			      " (SELECT unit_id FROM reviews) AND EXISTS(SELECT 1 FROM risks r"
			      " WHERE r.unit_id=units.id AND r.status='active')"
			      " ORDER BY id LIMIT 1 OFFSET ?",
			      NULL);
	long long id = 0;
	cr_stmt_bind_int(s, 1, nth);
	if (s && cr_stmt_step(s) == CR_SQL_ROW)
		id = cr_stmt_column_int64(s, 0);
	cr_stmt_finalize(s);
	return id;
}

static int backdate(struct cr_conn *c, const char *sql, long long days, long long id)
{
	struct cr_stmt *s = cr_db_prepare(c, sql, NULL);
	char mod[32];
	snprintf(mod, sizeof mod, "-%lld days", days);
	cr_stmt_bind_text(s, 1, mod, -1, CR_SQL_COPY);
	cr_stmt_bind_int64(s, 2, id);
	int rc = s && cr_stmt_step(s) == CR_SQL_DONE ? 0 : -1;
	cr_stmt_finalize(s);
	return rc;
}

/* The two dated rules over a demo city whose records are all from today, after moving a few
 * units' dates back: a unit registered 31 days ago without a report is one day late, one
 * registered 30 days ago is due today; a unit whose points were last reviewed 93 days ago is
 * overdue, one reviewed 92 days ago is due today. Each rule flags exactly the late unit. */
TEST(dated_rules_flag_exactly_the_late_units)
{
	char path[] = "/tmp/cr-late-XXXXXX";
	struct cr_err e;
	struct cr_db *db = demo_city(path);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	long long late = unreported(c, 0), today = unreported(c, 1);
	long long stale = unreported(c, 2), fresh = unreported(c, 3);
	OK(late && today && stale && fresh);
	static const char *const reg = "UPDATE units SET created_at=strftime('%Y-%m-%dT%H:%M:%fZ',"
				       "'now',?1) WHERE id=?2";
	static const char *const rev = "UPDATE risks SET reviewed_at=strftime('%Y-%m-%dT%H:%M:%fZ',"
				       "'now',?1) WHERE unit_id=?2";
	OK(backdate(c, reg, 31, late) == 0);
	OK(backdate(c, reg, 30, today) == 0);
	OK(backdate(c, rev, 93, stale) == 0);
	OK(backdate(c, rev, 92, fresh) == 0);
	struct cr_user city = { .id = 1, .login = "admin", .role = CR_ROLE_CITY, .region = "3205" };
	json_t *body = json_pack("{s[ss]}", "rules", "report_late", "review_overdue");
	json_t *out = cr_alert_evaluate(c, &city, body, &e);
	OK(out != NULL);
	json_t *by = json_object_get(out, "by_rule");
	INT_EQ(json_integer_value(json_object_get(by, "report_late")), 1);
	INT_EQ(json_integer_value(json_object_get(by, "review_overdue")), 1);
	json_decref(out);
	long long got[8];
	INT_EQ(flagged(c, "report_late", got, 8), 1);
	INT_EQ(got[0], late);
	INT_EQ(flagged(c, "review_overdue", got, 8), 1);
	INT_EQ(got[0], stale);
	struct cr_alert_filter lf = { .rule = "report_late", .limit = 5 };
	json_t *list = cr_store_alert_list(c, &lf, &e);
	json_t *a = json_array_get(json_object_get(list, "items"), 0);
	OK(a != NULL);
	const char *why = json_string_value(json_object_get(a, "why"));
	OK(why && strstr(why, "首次报告") && strstr(why, "已逾期 1 天"));
	STR_EQ(json_string_value(json_object_get(a, "level")), "yellow");
	json_decref(list);
	/* a second run raises nothing new while they are open */
	out = cr_alert_evaluate(c, &city, body, &e);
	OK(out != NULL);
	INT_EQ(json_integer_value(json_object_get(out, "raised")), 0);
	json_decref(out);
	json_decref(body);
	cr_db_close(db);
	unlink(path);
}
