/* refdata.h — loads the reference data of data/ (regions, outlines, departments, sectors,
 * accident types) into the database once, finds region outlines for coordinate checks, and
 * lists the small reference tables. Regions are read through store/regions.h. */
#ifndef CR_REFDATA_H
#define CR_REFDATA_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* Loads everything from datadir unless already loaded (meta 'refdata'). Idempotent. */
int cr_refdata_ensure(struct cr_conn *c, const char *datadir, struct cr_err *err);

/* Resolves a region code given by a user: trims, maps aliases (320571 → 320576) and returns
 * the canonical code in out, or 400 naming `field` when no such region exists. */
int cr_region_resolve(struct cr_conn *c, const char *code, const char *field, char out[16],
		      struct cr_err *err);

/* Whether (lon, lat) lies in the outline of region or of its nearest ancestor that has one.
 * *has_outline is false when no outline is known (then *inside is true). Outlines are decoded
 * once and kept for the life of the process. */
int cr_region_contains(struct cr_conn *c, const char *region, double lon, double lat,
		       bool *has_outline, bool *inside, struct cr_err *err);

/* The reference tables as {"items":[…]} (new references): sectors {"code","kind","section",
 * "name_cn","name_en","dept","source"} by section, kind and code; departments {"code",
 * "name_cn" (the current name),"name_en","source","name_seed" (the 2017 seed's name),
 * "merged_into" (the successor's code or null)} in file order; accident types {"code","name_cn","name_en"}. */
json_t *cr_store_sector_list(struct cr_conn *c, struct cr_err *err);
json_t *cr_store_department_list(struct cr_conn *c, struct cr_err *err);
/* accident types of one GB 6441 edition (1986, 2025) {"code","name_cn","name_en","edition"} */
json_t *cr_store_accident_type_list(struct cr_conn *c, int edition, struct cr_err *err);

#endif
