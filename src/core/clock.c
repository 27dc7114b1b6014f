/* clock.c — the current time as an ISO 8601 UTC text (clock.h). It must not know what the time
 * is used for; callers store or compare it. */
#include "core/clock.h"

#include <stdio.h>
#include <time.h>

void cr_now_iso(char out[32])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(ts.tv_nsec / 1000000) % 1000);
}
