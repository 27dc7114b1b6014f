/* clock.h — the wall clock as the stored timestamps spell it. The one place above the OS that
 * reads the time of day for records; pure code takes the time as an argument instead. */
#ifndef CR_CLOCK_H
#define CR_CLOCK_H

/* Current time as ISO 8601 UTC with milliseconds, e.g. 2026-11-23T23:47:20.123Z. */
void cr_now_iso(char out[32]);

#endif
