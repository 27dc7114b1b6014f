/* test_login_guard.c — log-in delays (service/login_guard.c): free failures, doubling delays,
 * a success forgetting a login's failures, an address's failures fading, the hashing bound; and
 * the counts kept in the database (service/auth.c), so a second server on the same file holds
 * what the first counted. */
#include <stdlib.h>

#include "harness.h"
#include "service/auth.h"
#include "service/login_guard.h"
#include "tmpdb.h"

TEST(guard_login_delay_doubles)
{
	struct cr_guard_count alice = { 0 }, bob = { 0 };
	double t = 1000;
	for (int i = 0; i < CR_GUARD_LOGIN_FREE - 1; i++) {
		cr_guard_fail(&alice, CR_GUARD_LOGIN_FREE, t);
		INT_EQ(cr_guard_wait_of(&alice, t), 0);
	}
	cr_guard_fail(&alice, CR_GUARD_LOGIN_FREE, t);
	INT_EQ(cr_guard_wait_of(&alice, t), 1);
	INT_EQ(cr_guard_wait_of(&alice, t + 0.5), 1);
	INT_EQ(cr_guard_wait_of(&alice, t + 1), 0);
	INT_EQ(cr_guard_wait_of(&bob, t), 0); /* other logins are not held */
	cr_guard_fail(&alice, CR_GUARD_LOGIN_FREE, t + 1);
	INT_EQ(cr_guard_wait_of(&alice, t + 1), 2);
	cr_guard_fail(&alice, CR_GUARD_LOGIN_FREE, t + 3);
	INT_EQ(cr_guard_wait_of(&alice, t + 3), 4);
	for (int i = 0; i < 30; i++)
		cr_guard_fail(&alice, CR_GUARD_LOGIN_FREE, t + 10);
	INT_EQ(cr_guard_wait_of(&alice, t + 10), CR_GUARD_MAX_DELAY_S);
	alice = (struct cr_guard_count){ 0 }; /* a success forgets them */
	INT_EQ(cr_guard_wait_of(&alice, t + 10), 0);
	cr_guard_fail(&alice, CR_GUARD_LOGIN_FREE, t + 10);
	INT_EQ(cr_guard_wait_of(&alice, t + 10), 0); /* counting starts afresh */
}

TEST(guard_address_delay_and_fade)
{
	struct cr_guard_count addr = { 0 }, other = { 0 };
	double t = 5000;
	for (int i = 0; i < CR_GUARD_ADDR_FREE; i++) {
		OK(cr_guard_wait_of(&addr, t) == 0);
		cr_guard_fade(&addr, t);
		cr_guard_fail(&addr, CR_GUARD_ADDR_FREE, t);
	}
	INT_EQ(cr_guard_wait_of(&addr, t), 1);
	INT_EQ(cr_guard_wait_of(&other, t), 0);
	INT_EQ(cr_guard_wait_of(&addr, t + 0.5), 1);
	/* after a long quiet spell the address starts again with free failures */
	double later = t + CR_GUARD_ADDR_FADE_S * (CR_GUARD_ADDR_FREE + 1);
	cr_guard_fade(&addr, later);
	INT_EQ(addr.failures, 0);
	cr_guard_fail(&addr, CR_GUARD_ADDR_FREE, later);
	INT_EQ(cr_guard_wait_of(&addr, later), 0);
	/* a partial spell fades part of them: 20 failures, 3 fade steps later 17 + 1 */
	struct cr_guard_count part = { 0 };
	for (int i = 0; i < CR_GUARD_ADDR_FREE; i++)
		cr_guard_fail(&part, CR_GUARD_ADDR_FREE, t);
	cr_guard_fade(&part, t + 3 * CR_GUARD_ADDR_FADE_S + 1);
	INT_EQ(part.failures, CR_GUARD_ADDR_FREE - 3);
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

/* Failures through one cr_db (a server) hold the login and the address on another opened on
 * the same file; the login's failures alone are forgotten by a success. */
TEST(guard_counts_are_shared_through_the_database)
{
	setenv("CITYRISK_PWHASH", "fast", 1);
	OK(cr_auth_init() == 0);
	char path[] = "/tmp/cr-guard-XXXXXX";
	struct cr_err e;
	struct cr_db *one = cr_test_db_open(path, &e);
	OK(one != NULL);
	if (!one)
		return;
	struct cr_db *two = cr_db_open(path, &e);
	OK(two != NULL);
	char token[CR_TOKEN_LEN], csrf[CR_TOKEN_LEN];
	struct cr_user u;
	int wait = -1;
	for (int i = 0; i < CR_GUARD_LOGIN_FREE; i++) {
		OK(cr_login_wait(cr_db_conn(two), "nobody", "10.0.0.7", &wait, &e) == 0);
		INT_EQ(wait, 0);
		OK(cr_session_open(cr_db_conn(one), "nobody", "wrong-password", "10.0.0.7", token,
				   csrf, &u, &e) == -1);
		INT_EQ(e.status, 401);
	}
	OK(cr_login_wait(cr_db_conn(two), "nobody", NULL, &wait, &e) == 0);
	OK(wait == 1 || wait == 2); /* 1 s from the fifth failure, rounded up */
	OK(cr_login_wait(cr_db_conn(two), "somebody", "10.0.0.7", &wait, &e) == 0);
	INT_EQ(wait, 0); /* 5 of the address's 20 free failures */
	OK(cr_login_wait(cr_db_conn(one), "somebody", "10.0.0.8", &wait, &e) == 0);
	INT_EQ(wait, 0);
	if (two)
		cr_db_close(two);
	cr_test_db_drop(one, path);
}
