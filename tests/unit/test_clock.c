/* test_clock.c — the monotonic clock durations are measured with (core/clock.h): it never goes
 * back, and its nanoseconds and seconds are the units they say. */
#include <time.h>

#include "core/clock.h"
#include "harness.h"

TEST(monotonic_clock_never_goes_back_and_counts_in_its_units)
{
	long long prev = cr_clock_mono_ns();
	OK(prev > 0);
	for (int i = 0; i < 100000; i++) {
		long long now = cr_clock_mono_ns();
		OK(now >= prev);
		if (now < prev)
			break;
		prev = now;
	}
	/* 20 ms asleep: at least 20,000,000 ns and 0.020 s pass, and (on a loaded machine) under
	 * 5 s; the seconds are the nanoseconds over 1e9 */
	long long t0 = cr_clock_mono_ns();
	double s0 = cr_clock_mono_seconds();
	nanosleep(&(struct timespec){ 0, 20000000L }, NULL);
	double s1 = cr_clock_mono_seconds();
	long long t1 = cr_clock_mono_ns();
	OK(t1 - t0 >= 20000000LL);
	OK(t1 - t0 < 5000000000LL);
	OK(s1 - s0 >= 0.020);
	OK(s1 - s0 < 5.0);
	OK(s1 - s0 <= (double)(t1 - t0) / 1e9 + 1e-6);
	OK(s0 >= (double)t0 / 1e9 && s1 <= (double)t1 / 1e9);
}
