/* test_cap_rules.c — CAP 1.2's code lists, area texts (polygon closed, lat before lon; circle
 * "lat,lon r"), CAP times with the +08:00 offset, the approver rule, and the webhook back-off. */
#include "core/err.h"
#include "domain/alert_rules.h"
#include "domain/cap_rules.h"
#include "harness.h"

TEST(cap_code_lists)
{
	OK(cr_cap_category_ok("Met"));
	OK(cr_cap_category_ok("CBRNE"));
	OK(!cr_cap_category_ok("met"));
	OK(cr_cap_urgency_ok("Immediate"));
	OK(!cr_cap_urgency_ok("Now"));
	OK(cr_cap_severity_ok("Extreme"));
	OK(!cr_cap_severity_ok(NULL));
	OK(cr_cap_certainty_ok("Likely"));
	STR_EQ(cr_cap_severity_of_level("red"), "Extreme");
	STR_EQ(cr_cap_severity_of_level("blue"), "Minor");
	STR_EQ(cr_cap_severity_of_level("green"), "Unknown");
}

TEST(cap_area_texts)
{
	char out[256];
	struct cr_err e;
	const double tri[] = { 120.9, 31.3, 121.0, 31.3, 121.0, 31.4 };
	INT_EQ(cr_cap_polygon_text(tri, 3, out, sizeof out, &e), 0);
	STR_EQ(out, "31.300000,120.900000 31.300000,121.000000 31.400000,121.000000 "
		    "31.300000,120.900000");
	/* a closed ring is not closed twice */
	const double ring[] = { 120.9, 31.3, 121.0, 31.3, 121.0, 31.4, 120.9, 31.3 };
	INT_EQ(cr_cap_polygon_text(ring, 4, out, sizeof out, &e), 0);
	STR_EQ(out, "31.300000,120.900000 31.300000,121.000000 31.400000,121.000000 "
		    "31.300000,120.900000");
	const double two[] = { 120.9, 31.3, 121.0, 31.3 };
	OK(cr_cap_polygon_text(two, 2, out, sizeof out, &e) < 0);
	STR_EQ(e.field, "polygon");
	const double bad[] = { 120.9, 31.3, 121.0, 95.0, 121.0, 31.4 };
	OK(cr_cap_polygon_text(bad, 3, out, sizeof out, &e) < 0);
	INT_EQ(cr_cap_circle_text(120.955, 31.384, 2, out, sizeof out, &e), 0);
	STR_EQ(out, "31.384000,120.955000 2.000");
	OK(cr_cap_circle_text(120.955, 31.384, 0, out, sizeof out, &e) < 0);
	STR_EQ(e.field, "circle");
	OK(cr_cap_circle_text(120.955, 31.384, 1001, out, sizeof out, &e) < 0);
}

TEST(cap_times_and_approver)
{
	char out[26];
	INT_EQ(cr_cap_time("2026-12-01T18:30", out), 0);
	STR_EQ(out, "2026-12-01T18:30:00+08:00");
	INT_EQ(cr_cap_time("2026-12-01", out), 0);
	STR_EQ(out, "2026-12-01T00:00:00+08:00");
	OK(cr_cap_time("2026-12-01T24:00", out) < 0);
	OK(cr_cap_time("2026-02-30", out) < 0);
	OK(cr_cap_time("2026-12-01 18:30", out) < 0);
	cr_cap_time_at(0, out); /* the epoch is 08:00 in China */
	STR_EQ(out, "1970-01-01T08:00:00+08:00");
	OK(!cr_cap_may_approve(5, 5));
	OK(cr_cap_may_approve(5, 6));
	OK(!cr_cap_may_approve(5, 0));
}

TEST(webhook_backoff_doubles_up_to_six_hours)
{
	INT_EQ(cr_webhook_backoff(30, 1), 30);
	INT_EQ(cr_webhook_backoff(30, 2), 60);
	INT_EQ(cr_webhook_backoff(30, 4), 240);
	INT_EQ(cr_webhook_backoff(1, 3), 4);
	INT_EQ(cr_webhook_backoff(30, 40), 6 * 3600);
	INT_EQ(cr_webhook_backoff(0, 1), 1);
}
