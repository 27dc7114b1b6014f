/* test_config.c — an operator's configuration file overrides the grading defaults the whole
 * program reads, and a bad file is refused naming the path of the problem. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "service/config.h"

static int load(const char *text, struct cr_err *e)
{
	char path[] = "/tmp/cr-config-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -2;
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	int rc = cr_config_load(path, e);
	unlink(path);
	return rc;
}

static int lec_grade(double L, double E, double C)
{
	struct cr_factor f[3] = { { "L", L }, { "E", E }, { "C", C } };
	struct cr_assessment a;
	struct cr_err e;
	return cr_assess(&cr_config()->methods, CR_METHOD_LEC, f, 3, &a, &e) ? -1 : a.grade;
}

TEST(config_file_overrides_and_bad_files_are_refused)
{
	struct cr_err e;
	INT_EQ(lec_grade(6, 6, 7), 2); /* D = 252: Ⅱ with the default bands 320/160/70 */
	INT_EQ(load("{\"lec\":{\"bands\":[200,100,50]},\"review_days\":30}", &e), 0);
	INT_EQ(lec_grade(6, 6, 7), 1);
	INT_EQ(cr_config()->review_days, 30);
	INT_EQ(load("{\"lec\":{\"bandz\":[1]}}", &e), -1);
	STR_EQ(e.field, "lec.bandz");
	INT_EQ(load("{\"review_days\":0}", &e), -1);
	STR_EQ(e.field, "review_days");
	INT_EQ(load("[1]", &e), -1);
	INT_EQ(load("{\"lec\":", &e), -1);
	/* back to the defaults for the tests that follow */
	INT_EQ(load("{\"review_days\":92,\"grid_ref_lat\":31.3}", &e), 0);
	INT_EQ(lec_grade(6, 6, 7), 2);
}

TEST(config_city_defaults_to_suzhou_and_takes_a_region_code)
{
	struct cr_err e;
	STR_EQ(cr_config()->city, "3205");
	INT_EQ(load("{\"city\":\"3202\"}", &e), 0);
	STR_EQ(cr_config()->city, "3202");
	INT_EQ(load("{\"city\":\"32a5\"}", &e), -1);
	STR_EQ(e.field, "city");
	INT_EQ(load("{\"city\":\"32\"}", &e), -1);
	INT_EQ(load("{\"city\":3205}", &e), -1);
	STR_EQ(cr_config()->city, "3202"); /* a refused file changes nothing */
	INT_EQ(load("{\"city\":\"3205\"}", &e), 0);
	STR_EQ(cr_config()->city, "3205");
}

TEST(config_alerts_switch_the_dated_rules_and_set_the_grace)
{
	struct cr_err e;
	const struct cr_alert_config *a = &cr_config()->alerts;
	OK(a->enabled[CR_ALERT_REPORT_LATE] && a->enabled[CR_ALERT_REVIEW_OVERDUE]);
	INT_EQ(a->report_grace_days, 0);
	INT_EQ(load("{\"alerts\":{\"rules\":{\"report_late\":false,\"review_overdue\":false},"
		    "\"report_grace_days\":5}}",
		    &e),
	       0);
	OK(!a->enabled[CR_ALERT_REPORT_LATE] && !a->enabled[CR_ALERT_REVIEW_OVERDUE]);
	OK(a->enabled[CR_ALERT_ZERO_RISK]);
	INT_EQ(a->report_grace_days, 5);
	INT_EQ(load("{\"alerts\":{\"report_grace_days\":367}}", &e), -1);
	STR_EQ(e.field, "report_grace_days");
	INT_EQ(load("{\"alerts\":{\"report_grace_days\":-1}}", &e), -1);
	INT_EQ(load("{\"alerts\":{\"rules\":{\"report_lately\":true}}}", &e), -1);
	STR_EQ(e.field, "alerts.rules");
	INT_EQ(a->report_grace_days, 5); /* a refused file changes nothing */
	/* back to the defaults for the tests that follow */
	INT_EQ(load("{\"alerts\":{\"rules\":{\"report_late\":true,\"review_overdue\":true},"
		    "\"report_grace_days\":0}}",
		    &e),
	       0);
	OK(a->enabled[CR_ALERT_REPORT_LATE] && a->enabled[CR_ALERT_REVIEW_OVERDUE]);
}
