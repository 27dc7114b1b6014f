/* quarter.c — calendar quarters and their bounds (quarter.h). It must not read the clock except
 * through the time it is given, nor know about risks: callers compare the bounds themselves. */
#include "domain/quarter.h"

#include <stdio.h>
#include <string.h>

#include "domain/date.h"

int cr_quarter_make(int year, int q, struct cr_quarter *out)
{
	if (year < 1990 || year > 2100 || q < 1 || q > 4)
		return -1;
	struct cr_quarter r = { .year = year, .q = q };
	snprintf(r.name, sizeof r.name, "%04dQ%d", year, q);
	snprintf(r.since, sizeof r.since, "%04d-%02d-01", year, 3 * q - 2);
	if (q == 4)
		snprintf(r.until, sizeof r.until, "%04d-01-01", year + 1);
	else
		snprintf(r.until, sizeof r.until, "%04d-%02d-01", year, 3 * q + 1);
	/* Local midnight (UTC+8) is 16:00 UTC on the day before. */
	char d[11];
	if (cr_date_add(r.since, -1, d))
		return -1;
	snprintf(r.since_utc, sizeof r.since_utc, "%sT16:00:00.000Z", d);
	if (cr_date_add(r.until, -1, d))
		return -1;
	snprintf(r.until_utc, sizeof r.until_utc, "%sT16:00:00.000Z", d);
	*out = r;
	return 0;
}

int cr_quarter_parse(const char *s, struct cr_quarter *out)
{
	if (!s || strlen(s) != 6 || (s[4] != 'Q' && s[4] != 'q'))
		return -1;
	int year = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		year = year * 10 + (s[i] - '0');
	}
	if (s[5] < '1' || s[5] > '4')
		return -1;
	return cr_quarter_make(year, s[5] - '0', out);
}

void cr_quarter_of(time_t now, struct cr_quarter *out)
{
	char today[11];
	cr_date_today(now, today);
	int year = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
		   (today[3] - '0');
	int month = (today[5] - '0') * 10 + (today[6] - '0');
	if (cr_quarter_make(year, (month + 2) / 3, out))
		cr_quarter_make(year < 1990 ? 1990 : 2100, year < 1990 ? 1 : 4, out);
}
