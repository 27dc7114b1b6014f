/* login_guard.h — what stands between a log-in flood and the server: growing delays per login
 * and per client address after failed attempts, and a bound on password hashes at once. */
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

/* Seconds until login may be tried again from addr (0 = now). now is a monotonic time in
 * seconds; the HTTP layer answers 429 with Retry-After without checking the password. */
int cr_guard_wait(const char *login, const char *addr, double now);
/* A wrong password (or unknown login) for login from addr: each failure past the free ones
 * doubles the delay, from 1 s up to CR_GUARD_MAX_DELAY_S. */
void cr_guard_failed(const char *login, const char *addr, double now);
/* A successful log-in: the login's failures are forgotten. */
void cr_guard_passed(const char *login);
/* Forgets everything (tests). */
void cr_guard_reset(void);

/* Takes one of the CR_GUARD_HASHES hashing slots, waiting up to wait_ms; false when none came
 * free (the caller answers 503). Every true is paired with cr_guard_hash_end. */
bool cr_guard_hash_begin(int wait_ms);
void cr_guard_hash_end(void);

/* The monotonic clock in seconds, for now above. */
double cr_guard_now(void);

#endif
