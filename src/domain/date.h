/* date.h — calendar dates as "YYYY-MM-DD" texts in China Standard Time (UTC+8, no daylight
 * saving): parsing, day arithmetic and today's date. Pure: the caller passes the time. */
#ifndef CR_DATE_H
#define CR_DATE_H

#include <time.h>

/* Days since 1970-01-01 of a "YYYY-MM-DD…" text (anything may follow the tenth character);
 * -1 when it does not start with a valid date. */
int cr_date_days(const char *ymd, long *days);
/* The date `days` after ymd into out; -1 when ymd is not a date. */
int cr_date_add(const char *ymd, long days, char out[11]);
/* The date of the instant now in China Standard Time, "YYYY-MM-DD". */
void cr_date_today(time_t now, char out[11]);
/* An instant in UTC as stored ("2025-04-30T18:03:04.000Z", "…T18:03:04Z") as China time to
 * the minute, "2025-05-01 02:03", into out; -1 (out untouched) when iso is not such an
 * instant. */
int cr_date_china_time(const char *iso, char out[17]);
/* The China date of s: an instant stored in UTC as above ("2026-11-30T16:30:00.000Z" →
 * "2026-12-01"), or a date "YYYY-MM-DD" as it is; -1 (out untouched) for anything else. */
int cr_date_china_day(const char *s, char out[11]);
/* Whether s is exactly a date "YYYY-MM-DD". */
int cr_date_check(const char *s);

#endif
