/* test_kept_names.c — region, sector and department names as the store gives them: read once,
 * then kept for the process (store/kept_names.h), until the reference data is loaded again. */
#include "harness.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/names.h"
#include "store/regions.h"
#include "tmpdb.h"

typedef int (*name_fn)(struct cr_conn *c, const char *code, char *name, size_t size,
		       struct cr_err *err);

/* On a fresh database holding the rows of insert: code is named `was`, a code the table lacks
 * nothing; after rename (code's name becomes `now`, and insert_missing adds `missing` named
 * `added`) code still reads `was` until forget, then `now`; `missing`, never kept as missing,
 * reads `added` at once. */
static void names_are_kept(const char *insert, name_fn name_of, void (*forget)(void),
			   const char *code, const char *was, const char *now, const char *missing,
			   const char *added, const char *rename)
{
	char path[] = "/tmp/cr-names-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = cr_test_db_open(path, &e);
	struct cr_conn *c = db ? cr_db_conn(db) : NULL;
	OK(c != NULL);
	if (!c)
		return;
	OK(!cr_db_exec(c, insert, &e));
	char name[64];
	forget();
	INT_EQ(name_of(c, code, name, sizeof name, &e), 0);
	STR_EQ(name, was);
	INT_EQ(name_of(c, missing, name, sizeof name, &e), 1);
	STR_EQ(name, "");
	/* a name cut to the caller's buffer (a whole character: 3 bytes, and the NUL) */
	char small[4];
	INT_EQ(name_of(c, code, small, sizeof small, &e), 0);
	OK(strncmp(small, was, 3) == 0 && small[3] == 0);
	/* kept: a name read once is not read again (reference data is written before servers
	 * start) */
	OK(!cr_db_exec(c, rename, &e));
	INT_EQ(name_of(c, code, name, sizeof name, &e), 0);
	STR_EQ(name, was);
	INT_EQ(name_of(c, missing, name, sizeof name, &e), 0);
	STR_EQ(name, added);
	/* forgotten (refdata.c loaded the reference data again): read afresh */
	forget();
	INT_EQ(name_of(c, code, name, sizeof name, &e), 0);
	STR_EQ(name, now);
	forget();
	cr_test_db_drop(db, path);
}

TEST(region_names_are_kept_until_the_regions_are_loaded_again)
{
	/* the schema's regions table (cr_db_open migrates), or one of the same columns */
	names_are_kept(
		"CREATE TABLE IF NOT EXISTS regions(code TEXT PRIMARY KEY, name TEXT NOT NULL,"
		" level TEXT NOT NULL);"
		"INSERT INTO regions(code, name, level) VALUES ('320583', '昆山市', 'district');",
		cr_store_region_name, cr_store_region_names_forget, "320583", "昆山市", "改名市",
		"999999", "新区",
		"UPDATE regions SET name='改名市' WHERE code='320583';"
		"INSERT INTO regions(code, name, level) VALUES ('999999', '新区', 'district');");
}

TEST(sector_names_are_kept_until_the_sectors_are_loaded_again)
{
	names_are_kept("INSERT INTO sectors(code, kind, section, name_cn, name_en, dept)"
		       " VALUES ('C', 'section', 'C', '制造业', 'Manufacturing', NULL),"
		       " ('HC', 'key', 'C', '危险化学品', 'Hazardous chemicals', 'YJ');",
		       cr_store_sector_name_cn, cr_store_sector_names_forget, "HC", "危险化学品",
		       "化工", "ZZ", "新行业",
		       "UPDATE sectors SET name_cn='化工' WHERE code='HC';"
		       "INSERT INTO sectors(code, kind, section, name_cn, name_en)"
		       " VALUES ('ZZ', 'key', 'C', '新行业', 'New');");
}

TEST(department_names_are_kept_until_the_departments_are_loaded_again)
{
	names_are_kept(
		"INSERT INTO departments(code, name_cn, name_en)"
		" VALUES ('YJ', '应急管理局', 'Emergency Management Bureau');",
		cr_store_department_name, cr_store_department_names_forget, "YJ", "应急管理局",
		"应急局", "XX", "新局",
		"UPDATE departments SET name_cn='应急局' WHERE code='YJ';"
		"INSERT INTO departments(code, name_cn, name_en) VALUES ('XX', '新局', 'New');");
}
