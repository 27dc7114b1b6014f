/* test_date.c — calendar dates of domain/date.c: valid and invalid dates, leap years, adding
 * days across months and years, today in China Standard Time; and core/clock.c's format. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "domain/date.h"
#include "harness.h"

TEST(date_days_and_add)
{
	long d;
	INT_EQ(cr_date_days("1970-01-01", &d), 0);
	INT_EQ(d, 0);
	INT_EQ(cr_date_days("2024-03-01", &d), 0);
	INT_EQ(d, 19783);
	INT_EQ(cr_date_days("1969-12-31", &d), 0);
	INT_EQ(d, -1);
	OK(cr_date_days("2023-02-29", &d) != 0);
	OK(cr_date_days("1900-02-29", &d) != 0);
	INT_EQ(cr_date_days("2000-02-29", &d), 0);
	OK(cr_date_days("2024-13-01", &d) != 0);
	OK(cr_date_days("2024-04-31", &d) != 0);
	OK(cr_date_days("2024-1-01", &d) != 0);
	OK(cr_date_days("", &d) != 0);
	OK(cr_date_days(NULL, &d) != 0);
	INT_EQ(cr_date_days("2024-02-29T10:00:00Z", &d), 0);
	char out[11];
	INT_EQ(cr_date_add("2024-02-28", 2, out), 0);
	STR_EQ(out, "2024-03-01");
	INT_EQ(cr_date_add("2025-01-01", -1, out), 0);
	STR_EQ(out, "2024-12-31");
	INT_EQ(cr_date_add("2024-12-31", 366, out), 0);
	STR_EQ(out, "2026-01-01");
	OK(cr_date_add("2024-02-30", 1, out) != 0);
}

TEST(date_check)
{
	INT_EQ(cr_date_check("2024-02-29"), 0);
	OK(cr_date_check("2024-02-29T10:00") != 0);
	OK(cr_date_check("2024-02-3") != 0);
	OK(cr_date_check(NULL) != 0);
}

TEST(date_china_time)
{
	char out[17] = "untouched";
	INT_EQ(cr_date_china_time("2025-05-01T02:03:04.000Z", out), 0);
	STR_EQ(out, "2025-05-01 10:03");
	/* past 16:00 UTC the day moves on, across a month, a leap day and a year */
	INT_EQ(cr_date_china_time("2024-02-28T16:00:00Z", out), 0);
	STR_EQ(out, "2024-02-29 00:00");
	INT_EQ(cr_date_china_time("2023-02-28T23:59:59.999Z", out), 0);
	STR_EQ(out, "2023-03-01 07:59");
	INT_EQ(cr_date_china_time("2025-12-31T16:30:00.000Z", out), 0);
	STR_EQ(out, "2026-01-01 00:30");
	/* a plain date, a local time without Z, a bad hour or day: not an instant */
	OK(cr_date_china_time("2025-05-01", out) != 0);
	OK(cr_date_china_time("2025-05-01T0", out) != 0);
	OK(cr_date_china_time("2025-05-01T02:03:04", out) != 0);
	OK(cr_date_china_time("2025-05-01T24:03:04Z", out) != 0);
	OK(cr_date_china_time("2025-02-30T02:03:04Z", out) != 0);
	OK(cr_date_china_time("2025-05-01 02:03:04Z", out) != 0);
	STR_EQ(out, "2026-01-01 00:30");
}

TEST(date_local_day_of_a_stored_text)
{
	char out[11] = "untouched";
	INT_EQ(cr_date_local("2025-12-31T16:30:00.000Z", out), 0);
	STR_EQ(out, "2026-01-01");
	INT_EQ(cr_date_local("2025-12-31T15:59:59Z", out), 0);
	STR_EQ(out, "2025-12-31");
	INT_EQ(cr_date_local("2024-02-29", out), 0); /* a date is its own day */
	STR_EQ(out, "2024-02-29");
	OK(cr_date_local("2025-02-30", out) != 0);
	OK(cr_date_local("", out) != 0);
	OK(cr_date_local(NULL, out) != 0);
	OK(cr_date_local("2025-05-01T02:03:04", out) != 0);
	STR_EQ(out, "2024-02-29");
}

TEST(date_today_cst)
{
	char out[11];
	/* 2024-06-30T16:00:00Z is already 1 July in China */
	cr_date_today((time_t)1719763200, out);
	STR_EQ(out, "2024-07-01");
	cr_date_today((time_t)1719763199, out);
	STR_EQ(out, "2024-06-30");
	cr_date_today((time_t)0, out);
	STR_EQ(out, "1970-01-01");
}

TEST(clock_now_iso)
{
	char now[32];
	cr_now_iso(now);
	INT_EQ((long)strlen(now), 24);
	OK(now[10] == 'T' && now[19] == '.' && now[23] == 'Z');
	INT_EQ(cr_date_check((char[11]){ now[0], now[1], now[2], now[3], now[4], now[5], now[6],
					 now[7], now[8], now[9], 0 }),
	       0);
	/* The second is formatted once and kept: many calls in a row all read the clock, so each
	 * is at or after the one before (the text sorts as the time does) and within a second of
	 * the clock read around them. */
	char prev[32], gm[32];
	/* the clock cr_now_iso reads: time() reads a coarser one, up to a tick behind it, and
	 * then fails this at a second's turn about once in 250 runs */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	time_t t0 = ts.tv_sec;
	snprintf(prev, sizeof prev, "%s", now);
	bool sorted = true;
	for (int i = 0; i < 5000; i++) {
		cr_now_iso(now);
		sorted = sorted && strlen(now) == 24 && strcmp(prev, now) <= 0;
		snprintf(prev, sizeof prev, "%s", now);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	time_t t1 = ts.tv_sec;
	OK(sorted);
	struct tm tm;
	gmtime_r(&t1, &tm);
	strftime(gm, sizeof gm, "%Y-%m-%dT%H:%M:%S", &tm);
	OK(strncmp(now, gm, 19) <= 0);
	gmtime_r(&t0, &tm);
	strftime(gm, sizeof gm, "%Y-%m-%dT%H:%M:%S", &tm);
	OK(strncmp(now, gm, 19) >= 0);
}
