/* test_audit.c — the audit trail's hash chain on a real SQLite file: intact after writes, and
 * broken at the first entry whose fields were edited, whichever field and however subtly. */
#include "harness.h"
#include "store/audit.h"
#include "store/db.h"
#include "tmpdb.h"

static struct cr_db *audit_db(char *path)
{
	struct cr_err e;
	return cr_test_db_open(path, &e);
}

/* Three entries: a create, an update with before and after, a delete. */
static int write_three(struct cr_conn *c)
{
	struct cr_err e;
	struct cr_user who = { .id = 0 };
	snprintf(who.login, sizeof who.login, "%s", "tester");
	json_t *a1 = json_pack("{ss si}", "name", "甲厂", "grade", 3);
	json_t *a2 = json_pack("{ss si}", "name", "甲厂", "grade", 2);
	int rc = cr_db_begin(c, &e) ||
		 cr_audit_write(c, &who, "unit", "12", "create", NULL, a1, &e) ||
		 cr_audit_write(c, &who, "unit", "12", "update", a1, a2, &e) ||
		 cr_audit_write(c, &who, "unit", "12", "archive", a2, NULL, &e) ||
		 cr_db_commit(c, &e);
	json_decref(a1);
	json_decref(a2);
	return rc;
}

static long long verify_after(struct cr_conn *c, const char *tamper)
{
	struct cr_err e;
	if (tamper && cr_db_exec(c, tamper, &e))
		return -2;
	return cr_audit_verify(c, NULL, &e);
}

TEST(audit_chain_is_intact_after_writes)
{
	char path[] = "/tmp/cr-audit-XXXXXX";
	struct cr_db *db = audit_db(path);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	OK(write_three(c) == 0);
	INT_EQ(verify_after(c, NULL), 0);
	cr_test_db_drop(db, path);
}

/* Each statement edits one stored entry; verify must name that entry (id 2). */
TEST(audit_chain_breaks_at_any_edited_field)
{
	static const char *const tampers[] = {
		"UPDATE audit SET after='{\"name\":\"甲厂\",\"grade\":3}' WHERE id=2",
		"UPDATE audit SET before=NULL WHERE id=2",
		"UPDATE audit SET login='admin' WHERE id=2",
		"UPDATE audit SET action='create' WHERE id=2",
		"UPDATE audit SET at='2020-01-01T00:00:00.000Z' WHERE id=2",
		"UPDATE audit SET entity_id='13' WHERE id=2",
		/* moving a character between two adjacent fields keeps their concatenation: only a
		 * separator between the fields tells the two apart */
		"UPDATE audit SET entity='unit1', entity_id='2' WHERE id=2",
		"UPDATE audit SET action='updat', before='e' || before WHERE id=2",
	};
	for (size_t i = 0; i < sizeof tampers / sizeof tampers[0]; i++) {
		char path[] = "/tmp/cr-audit-XXXXXX";
		struct cr_db *db = audit_db(path);
		OK(db != NULL);
		if (!db)
			return;
		struct cr_conn *c = cr_db_conn(db);
		OK(write_three(c) == 0);
		long long broken = verify_after(c, tampers[i]);
		if (broken != 2) {
			char m[256];
			snprintf(m, sizeof m, "tamper \"%s\": verify gave %lld, not 2", tampers[i],
				 broken);
			cr_test_fail(__FILE__, __LINE__, m);
		}
		cr_test_db_drop(db, path);
	}
}

TEST(audit_chain_breaks_when_an_entry_is_deleted)
{
	char path[] = "/tmp/cr-audit-XXXXXX";
	struct cr_db *db = audit_db(path);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	OK(write_three(c) == 0);
	INT_EQ(verify_after(c, "DELETE FROM audit WHERE id=2"), 3);
	cr_test_db_drop(db, path);
}

/* The count of entries is the chain's whole length, the entries after a broken one included
 * (the page shows how much was checked). */
TEST(audit_verify_counts_the_chain)
{
	char path[] = "/tmp/cr-audit-XXXXXX";
	struct cr_db *db = audit_db(path);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	struct cr_err e;
	long long n = -1;
	INT_EQ(cr_audit_verify(c, &n, &e), 0);
	INT_EQ(n, 0);
	OK(write_three(c) == 0);
	INT_EQ(cr_audit_verify(c, &n, &e), 0);
	INT_EQ(n, 3);
	OK(cr_db_exec(c, "UPDATE audit SET login='admin' WHERE id=2", &e) == 0);
	n = -1;
	INT_EQ(cr_audit_verify(c, &n, &e), 2);
	INT_EQ(n, 3);
	cr_test_db_drop(db, path);
}
