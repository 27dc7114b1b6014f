/* date.c — calendar dates in China Standard Time (date.h): days since the epoch, adding days,
 * today's date. It must not read the clock: callers pass the instant. */
#include "domain/date.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Days from the civil date (Howard Hinnant's days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

int cr_date_days(const char *ymd, long *days)
{
	if (!ymd || strlen(ymd) < 10)
		return -1;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? ymd[i] != '-' : (ymd[i] < '0' || ymd[i] > '9'))
			return -1;
	int y = (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + ymd[3] - '0';
	unsigned m = (unsigned)((ymd[5] - '0') * 10 + ymd[6] - '0');
	unsigned d = (unsigned)((ymd[8] - '0') * 10 + ymd[9] - '0');
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

int cr_date_add(const char *ymd, long days, char out[11])
{
	long z;
	if (cr_date_days(ymd, &z))
		return -1;
	int y;
	unsigned m, d;
	civil_from_days(z + days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02u-%02u", y, m, d);
	return 0;
}

/* Two digits at s as a number, or -1. */
static int two(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
		       ? (s[0] - '0') * 10 + s[1] - '0'
		       : -1;
}

static void put_digits(char *out, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		out[i] = (char)('0' + v % 10);
}

int cr_date_china_time(const char *iso, char out[17])
{
	long z;
	if (!iso || strlen(iso) < 20 || cr_date_days(iso, &z) || iso[10] != 'T' || iso[13] != ':' ||
	    iso[16] != ':')
		return -1;
	int h = two(iso + 11), mi = two(iso + 14), sec = two(iso + 17);
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || !strchr(iso + 19, 'Z'))
		return -1;
	h += 8; /* UTC+8, no daylight saving */
	if (h >= 24)
		h -= 24, z++;
	int y;
	unsigned m, d;
	civil_from_days(z, &y, &m, &d);
	if (y < 0 || y > 9999)
		return -1;
	put_digits(out, (unsigned)y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = ' ';
	put_digits(out + 11, (unsigned)h, 2);
	out[13] = ':';
	put_digits(out + 14, (unsigned)mi, 2);
	out[16] = 0;
	return 0;
}

int cr_date_china_day(const char *s, char out[11])
{
	char t[17];
	if (cr_date_china_time(s, t) == 0)
		s = t;
	else if (cr_date_check(s))
		return -1;
	memcpy(out, s, 10);
	out[10] = 0;
	return 0;
}

void cr_date_today(time_t now, char out[11])
{
	long z = (long)((now + 8 * 3600) / 86400 - ((now + 8 * 3600) % 86400 < 0));
	int y;
	unsigned m, d;
	civil_from_days(z, &y, &m, &d);
	snprintf(out, 11, "%04d-%02u-%02u", y, m, d);
}

int cr_date_check(const char *s)
{
	long d;
	return s && strlen(s) == 10 && cr_date_days(s, &d) == 0 ? 0 : -1;
}
