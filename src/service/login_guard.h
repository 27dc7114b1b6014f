/* login_guard.h — what stands between a log-in flood and the server: growing delays per login
 * and per client address after failed attempts (their arithmetic; service/auth.h keeps the
 * counts in the database), and a bound on password hashes at once. */
#ifndef CR_LOGIN_GUARD_H
#define CR_LOGIN_GUARD_H

#include <stdbool.h>

/* Free failures before a delay starts, and the longest delay. A login's failures reset on its
 * next successful log-in; an address's fade by one every CR_GUARD_ADDR_FADE_S seconds (many
 * people may share one address, so a success there resets nothing). */
#define CR_GUARD_LOGIN_FREE 5
#define CR_GUARD_ADDR_FREE 20
#define CR_GUARD_ADDR_FADE_S 30
#define CR_GUARD_MAX_DELAY_S 900
/* Password hashes (argon2id, 64 MiB each at production cost) running at once. */
#define CR_GUARD_HASHES 2

/* One key's count: failures, the time of the last (or of the last fade step) and the time
 * before which no attempt is checked, in cr_guard_now seconds. All zero: nothing known. */
struct cr_guard_count {
	int failures;
	double last, until;
};

/* Seconds until the key may be tried again (0 = now), rounded up; the HTTP layer answers 429
 * with Retry-After without checking the password. */
int cr_guard_wait_of(const struct cr_guard_count *s, double now);
/* A wrong password (or unknown login): past `free` failures (CR_GUARD_LOGIN_FREE or
 * CR_GUARD_ADDR_FREE) each one doubles the delay, from 1 s up to CR_GUARD_MAX_DELAY_S. */
void cr_guard_fail(struct cr_guard_count *s, int free, double now);
/* An address's failures fade by one every CR_GUARD_ADDR_FADE_S since the last (a login's wait
 * for a success, which forgets them). */
void cr_guard_fade(struct cr_guard_count *s, double now);

/* Takes one of the CR_GUARD_HASHES hashing slots, waiting up to wait_ms; false when none came
 * free (the caller answers 503). Every true is paired with cr_guard_hash_end. */
bool cr_guard_hash_begin(int wait_ms);
void cr_guard_hash_end(void);

/* The wall clock in seconds (every server on one database reads the same), for now above. */
double cr_guard_now(void);

#endif
