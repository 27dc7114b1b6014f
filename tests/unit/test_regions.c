/* test_regions.c — region names as the store gives them: read once, then kept for the process
 * (reference data, store/regions.c), until the regions are loaded again. */
#include "harness.h"
#include "store/db.h"
#include "store/regions.h"
#include "tmpdb.h"

TEST(region_names_are_kept_until_the_regions_are_loaded_again)
{
	char path[] = "/tmp/cr-regions-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = cr_test_db_open(path, &e);
	struct cr_conn *c = db ? cr_db_conn(db) : NULL;
	OK(c != NULL);
	/* the schema's regions table (cr_db_open migrates), or one of the same columns */
	OK(!cr_db_exec(
		c,
		"CREATE TABLE IF NOT EXISTS regions(code TEXT PRIMARY KEY, name TEXT NOT NULL,"
		" level TEXT NOT NULL);"
		"INSERT INTO regions(code, name, level) VALUES ('320583', '昆山市', 'district');",
		&e));
	char name[64];
	cr_store_region_names_forget();
	INT_EQ(cr_store_region_name(c, "320583", name, sizeof name, &e), 0);
	STR_EQ(name, "昆山市");
	INT_EQ(cr_store_region_name(c, "999999", name, sizeof name, &e), 1);
	STR_EQ(name, "");
	/* kept: a name read once is not read again (regions are written before servers start) */
	OK(!cr_db_exec(c, "UPDATE regions SET name='改名市' WHERE code='320583'", &e));
	INT_EQ(cr_store_region_name(c, "320583", name, sizeof name, &e), 0);
	STR_EQ(name, "昆山市");
	/* forgotten (refdata.c loaded the regions again): read afresh */
	cr_store_region_names_forget();
	INT_EQ(cr_store_region_name(c, "320583", name, sizeof name, &e), 0);
	STR_EQ(name, "改名市");
	cr_store_region_names_forget();
	cr_test_db_drop(db, path);
}
