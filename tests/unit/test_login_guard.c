/* test_login_guard.c — log-in delays (service/login_guard.c): free failures, doubling delays,
 * a success forgetting a login's failures, an address's failures fading, the hashing bound. */
#include "harness.h"
#include "service/login_guard.h"

TEST(guard_login_delay_doubles)
{
	cr_guard_reset();
	double t = 1000;
	for (int i = 0; i < CR_GUARD_LOGIN_FREE - 1; i++) {
		cr_guard_failed("alice", NULL, t);
		INT_EQ(cr_guard_wait("alice", NULL, t), 0);
	}
	cr_guard_failed("alice", NULL, t);
	INT_EQ(cr_guard_wait("alice", NULL, t), 1);
	INT_EQ(cr_guard_wait("alice", "10.0.0.1", t + 0.5), 1);
	INT_EQ(cr_guard_wait("alice", NULL, t + 1), 0);
	INT_EQ(cr_guard_wait("bob", NULL, t), 0); /* other logins are not held */
	cr_guard_failed("alice", NULL, t + 1);
	INT_EQ(cr_guard_wait("alice", NULL, t + 1), 2);
	cr_guard_failed("alice", NULL, t + 3);
	INT_EQ(cr_guard_wait("alice", NULL, t + 3), 4);
	for (int i = 0; i < 30; i++)
		cr_guard_failed("alice", NULL, t + 10);
	INT_EQ(cr_guard_wait("alice", NULL, t + 10), CR_GUARD_MAX_DELAY_S);
	cr_guard_passed("alice");
	INT_EQ(cr_guard_wait("alice", NULL, t + 10), 0);
	cr_guard_failed("alice", NULL, t + 10);
	INT_EQ(cr_guard_wait("alice", NULL, t + 10), 0); /* counting starts afresh */
}

TEST(guard_address_delay_and_fade)
{
	cr_guard_reset();
	double t = 5000;
	char login[16];
	for (int i = 0; i < CR_GUARD_ADDR_FREE; i++) {
		snprintf(login, sizeof login, "u%d", i);
		OK(cr_guard_wait(login, "10.0.0.2", t) == 0);
		cr_guard_failed(login, "10.0.0.2", t);
	}
	INT_EQ(cr_guard_wait("fresh", "10.0.0.2", t), 1);
	INT_EQ(cr_guard_wait("fresh", "10.0.0.3", t), 0);
	cr_guard_passed("u1"); /* a success elsewhere does not clear the address */
	INT_EQ(cr_guard_wait("fresh", "10.0.0.2", t + 0.5), 1);
	/* after a long quiet spell the address starts again with free failures */
	double later = t + CR_GUARD_ADDR_FADE_S * (CR_GUARD_ADDR_FREE + 1);
	cr_guard_failed("fresh", "10.0.0.2", later);
	INT_EQ(cr_guard_wait("other", "10.0.0.2", later), 0);
}

TEST(guard_hash_slots_are_bounded)
{
	for (int i = 0; i < CR_GUARD_HASHES; i++)
		OK(cr_guard_hash_begin(10));
	OK(!cr_guard_hash_begin(20));
	cr_guard_hash_end();
	OK(cr_guard_hash_begin(10));
	for (int i = 0; i < CR_GUARD_HASHES; i++)
		cr_guard_hash_end();
}
