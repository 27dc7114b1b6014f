/* clock.c — the current time as an ISO 8601 UTC text (clock.h), moved by the test clock
 * CITYRISK_CLOCK_SHIFT_DAYS when it is set. It must not know what the time is used for;
 * callers store or compare it. */
#include "core/clock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static long long shift_s;

static void read_shift(void)
{
	const char *v = getenv("CITYRISK_CLOCK_SHIFT_DAYS");
	char *end;
	if (!v || !*v)
		return;
	long long days = strtoll(v, &end, 10);
	if (*end || days < -3660 || days > 3660) {
		fprintf(stderr,
			"cityrisk: CITYRISK_CLOCK_SHIFT_DAYS=%s ignored (days -3660…3660)\n", v);
		return;
	}
	shift_s = days * 86400;
}

time_t cr_clock_now(void)
{
	pthread_once(&once, read_shift);
	return time(NULL) + (time_t)shift_s;
}

void cr_now_iso(char out[32])
{
	/* The date and second are formatted once a second per thread (a bulk import stamps
	 * hundreds of thousands of rows a second); the milliseconds each call. */
	static _Thread_local time_t last_s = -1;
	static _Thread_local char last[27];
	static _Thread_local size_t last_n;
	struct timespec ts;
	pthread_once(&once, read_shift);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += (time_t)shift_s;
	if (ts.tv_sec != last_s) {
		struct tm tm;
		gmtime_r(&ts.tv_sec, &tm);
		last_n = strftime(last, sizeof last, "%Y-%m-%dT%H:%M:%S", &tm);
		last_s = ts.tv_sec;
	}
	int ms = (int)(ts.tv_nsec / 1000000) % 1000;
	memcpy(out, last, last_n);
	char *p = out + last_n;
	*p++ = '.';
	*p++ = (char)('0' + ms / 100);
	*p++ = (char)('0' + ms / 10 % 10);
	*p++ = (char)('0' + ms % 10);
	*p++ = 'Z';
	*p = '\0';
}

long long cr_clock_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

double cr_clock_mono_seconds(void)
{
	return (double)cr_clock_mono_ns() / 1e9;
}
