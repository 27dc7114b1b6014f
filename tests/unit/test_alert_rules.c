/* test_alert_rules.c — the early-warning rules: dynamic report kinds and windows, levels, who an
 * alert reaches, the alert states; and the zero-risk rule against a demo city in the store: it
 * flags exactly the active units that have no active risk point. */
#include <stdlib.h>
#include <unistd.h>

#include "demo/demo.h"
#include "domain/alert_rules.h"
#include "harness.h"
#include "service/alert.h"
#include "service/auth.h"
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
static int expected_zero(sqlite3 *c, long long *ids, int cap)
{
	sqlite3_stmt *s =
		cr_db_prepare(c,
			      "SELECT id FROM units WHERE status='active' EXCEPT"
			      " SELECT unit_id FROM risks WHERE status='active' ORDER BY 1",
			      NULL);
	int n = 0;
	while (s && sqlite3_step(s) == SQLITE_ROW && n < cap)
		ids[n++] = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static int flagged_zero(sqlite3 *c, long long *ids, int cap)
{
	sqlite3_stmt *s = cr_db_prepare(c,
					"SELECT entity_id FROM alerts WHERE rule='zero_risk'"
					" AND entity='unit' AND state='open' ORDER BY 1",
					NULL);
	int n = 0;
	while (s && sqlite3_step(s) == SQLITE_ROW && n < cap)
		ids[n++] = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

TEST(zero_risk_rule_flags_exactly_the_units_without_risk_points)
{
	setenv("CITYRISK_PWHASH", "fast", 1);
	OK(cr_auth_init() == 0);
	char path[] = "/tmp/cr-zero-XXXXXX";
	close(mkstemp(path));
	unlink(path);
	struct cr_err e;
	struct cr_db *db = cr_db_open(path, &e);
	OK(db != NULL);
	if (!db)
		return;
	sqlite3 *c = cr_db_conn(db);
	OK(cr_refdata_ensure(c, "../../data", &e) == 0);
	OK(cr_demo_load(db, 0.003, 7) == 0);
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
	int ng = flagged_zero(c, got, 400);
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
