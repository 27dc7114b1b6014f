/* catalogue.h — SQL for the industry risk catalogues (行业风险目录): typical risk points a
 * department lists for its sectors. Rows to JSON and writes; no grading or permission rules. */
#ifndef CR_STORE_CATALOGUE_H
#define CR_STORE_CATALOGUE_H

#include <jansson.h>
#include "store/sql.h"
#include <stddef.h>

#include "core/err.h"

/* An entry as written. Strings and JSON members are borrowed; JSON is stored as text. */
struct cr_catalogue_row {
	const char *dept, *sector, *name, *place, *method;
	const json_t *accident_types, *inputs, *measures;
};

/* {"id","dept","sector","name","place","accident_types","method","inputs","measures","status",
 * "created_at","version","updated_at"}; 404 when there is no such entry. New reference. */
json_t *cr_store_catalogue_get(struct cr_conn *c, long long id, struct cr_err *err);
/* Active entries, optionally of one sector and/or department, by sector then id:
 * {"items":[…]} of at most CR_CATALOGUE_LIST_MAX entries. New reference. */
#define CR_CATALOGUE_LIST_MAX 5000
json_t *cr_store_catalogue_list(struct cr_conn *c, const char *sector, const char *dept,
				struct cr_err *err);
/* Every active entry by id, uncapped: {"items":[…]} as above. New reference. */
json_t *cr_store_catalogue_active(struct cr_conn *c, struct cr_err *err);
int cr_store_catalogue_insert(struct cr_conn *c, const struct cr_catalogue_row *r, long long *id,
			      struct cr_err *err);
/* Writes r over id and bumps its version; 409 "version_conflict" when expect_version (> 0) is
 * not the stored one. */
int cr_store_catalogue_update(struct cr_conn *c, long long id, const struct cr_catalogue_row *r,
			      long long expect_version, struct cr_err *err);
int cr_store_catalogue_archive(struct cr_conn *c, long long id, struct cr_err *err);

/* The supervising department of a sector into dept ("" for a GB/T 4754 section without one):
 * 0; 1 when there is no such sector; -1 on a database error. */
int cr_store_sector_dept(struct cr_conn *c, const char *sector, char dept[16], struct cr_err *err);
/* A sector's Chinese name (GB/T 4754 section or key sector) into name (size bytes): 0; 1 when
 * there is no such sector (name ""); -1 with err. Kept for the process once read
 * (store/kept_names.h) until cr_store_sector_names_forget. */
int cr_store_sector_name_cn(struct cr_conn *c, const char *code, char *name, size_t size,
			    struct cr_err *err);
/* Forgets the names cr_store_sector_name_cn keeps (the sectors were loaded again). */
void cr_store_sector_names_forget(void);
/* Whether a department code exists. */
int cr_store_dept_exists(struct cr_conn *c, const char *dept);

#endif
