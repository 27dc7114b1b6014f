/* test_sector_names.c — sector and department names as the store gives them: read once, then
 * kept for the process (store/kept_names.h), until the reference data is loaded again. */
#include "harness.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/names.h"
#include "tmpdb.h"

TEST(sector_names_are_kept_until_the_sectors_are_loaded_again)
{
	char path[] = "/tmp/cr-sectors-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = cr_test_db_open(path, &e);
	struct cr_conn *c = db ? cr_db_conn(db) : NULL;
	OK(c != NULL);
	OK(!cr_db_exec(c,
		       "INSERT INTO sectors(code, kind, section, name_cn, name_en, dept)"
		       " VALUES ('C', 'section', 'C', '制造业', 'Manufacturing', NULL),"
		       " ('HC', 'key', 'C', '危险化学品', 'Hazardous chemicals', 'YJ');",
		       &e));
	char name[64];
	cr_store_sector_names_forget();
	INT_EQ(cr_store_sector_name_cn(c, "HC", name, sizeof name, &e), 0);
	STR_EQ(name, "危险化学品");
	INT_EQ(cr_store_sector_name_cn(c, "C", name, sizeof name, &e), 0);
	STR_EQ(name, "制造业");
	INT_EQ(cr_store_sector_name_cn(c, "ZZ", name, sizeof name, &e), 1);
	STR_EQ(name, "");
	/* a name cut to the caller's buffer, whole in the next */
	char small[7];
	INT_EQ(cr_store_sector_name_cn(c, "HC", small, sizeof small, &e), 0);
	STR_EQ(small, "危险");
	/* kept: a name read once is not read again (sectors are written before servers start) */
	OK(!cr_db_exec(c,
		       "UPDATE sectors SET name_cn='化工' WHERE code='HC';"
		       "INSERT INTO sectors(code, kind, section, name_cn, name_en)"
		       " VALUES ('ZZ', 'key', 'C', '新行业', 'New');",
		       &e));
	INT_EQ(cr_store_sector_name_cn(c, "HC", name, sizeof name, &e), 0);
	STR_EQ(name, "危险化学品");
	/* a code found missing is not kept as missing */
	INT_EQ(cr_store_sector_name_cn(c, "ZZ", name, sizeof name, &e), 0);
	STR_EQ(name, "新行业");
	/* forgotten (refdata.c loaded the sectors again): read afresh */
	cr_store_sector_names_forget();
	INT_EQ(cr_store_sector_name_cn(c, "HC", name, sizeof name, &e), 0);
	STR_EQ(name, "化工");
	cr_store_sector_names_forget();
	cr_test_db_drop(db, path);
}

TEST(department_names_are_kept_until_the_departments_are_loaded_again)
{
	char path[] = "/tmp/cr-depts-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = cr_test_db_open(path, &e);
	struct cr_conn *c = db ? cr_db_conn(db) : NULL;
	OK(c != NULL);
	OK(!cr_db_exec(c,
		       "INSERT INTO departments(code, name_cn, name_en)"
		       " VALUES ('YJ', '应急管理局', 'Emergency Management Bureau');",
		       &e));
	char name[64];
	cr_store_department_names_forget();
	INT_EQ(cr_store_department_name(c, "YJ", name, sizeof name, &e), 0);
	STR_EQ(name, "应急管理局");
	INT_EQ(cr_store_department_name(c, "XX", name, sizeof name, &e), 1);
	STR_EQ(name, "");
	OK(!cr_db_exec(c, "UPDATE departments SET name_cn='应急局' WHERE code='YJ'", &e));
	INT_EQ(cr_store_department_name(c, "YJ", name, sizeof name, &e), 0);
	STR_EQ(name, "应急管理局");
	cr_store_department_names_forget();
	INT_EQ(cr_store_department_name(c, "YJ", name, sizeof name, &e), 0);
	STR_EQ(name, "应急局");
	cr_store_department_names_forget();
	cr_test_db_drop(db, path);
}
