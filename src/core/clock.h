/* clock.h — the wall clock as the stored timestamps spell it, and the monotonic clock durations
 * are measured with. The one place above the OS that reads the time of day for records; pure code
 * takes the time as an argument instead. */
#ifndef CR_CLOCK_H
#define CR_CLOCK_H

#include <time.h>

/* Now, in seconds since the epoch, as the records and the dated rules (reports owed, reviews
 * overdue, the early-warning rules) see it. A test clock: CITYRISK_CLOCK_SHIFT_DAYS (a whole
 * number of days, -3660 … 3660, read once) moves it that many days from the system's, so a test
 * can file records in the past from a second server and see them late on the first. Unset or
 * malformed: the system's time. The first server's in-memory indexes follow rows by updated_at
 * in its own clock: a row filed in the past by the second shows in them once edited on the
 * first. */
time_t cr_clock_now(void);

/* The monotonic clock (CLOCK_MONOTONIC: never set back, not moved by the test clock), for
 * durations and ages: nanoseconds since an unspecified start. */
long long cr_clock_mono_ns(void);
/* The same in seconds, for durations shown or observed (cr_clock_mono_ns() / 1e9). */
double cr_clock_mono_seconds(void);

/* Current time (cr_clock_now) as ISO 8601 UTC with milliseconds, e.g.
 * 2026-11-23T23:47:20.123Z. */
void cr_now_iso(char out[32]);

#endif
