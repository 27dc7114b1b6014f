/* regions.h — reading the regions table (行政区划): lists, one region, its name, and the one
 * reader of a region's outline blob. Loading the table is refdata.c's job. */
#ifndef CR_STORE_REGIONS_H
#define CR_STORE_REGIONS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "domain/geo.h"

/* The children of parent by code, or the provinces when parent is NULL:
 * {"items":[{"code","name","level","parent","has_outline"}]}. New reference. */
json_t *cr_store_region_list(struct cr_conn *c, const char *parent, struct cr_err *err);
/* {"code","name","level","parent","has_outline"} (new reference), or NULL with 404. */
json_t *cr_store_region_get(struct cr_conn *c, const char *code, struct cr_err *err);
/* The region's name into name (size bytes): 0; 1 when there is no such region (name ""). */
int cr_store_region_name(struct cr_conn *c, const char *code, char *name, size_t size,
			 struct cr_err *err);
/* Forgets the names cr_store_region_name keeps (the regions were loaded again). */
void cr_store_region_names_forget(void);
/* {code: name} of every region whose code starts with prefix ("" = all), for labelling many
 * rows at once. New reference, or NULL with err. */
json_t *cr_store_region_name_map(struct cr_conn *c, const char *prefix, struct cr_err *err);
/* The region's outline, decoded into *mp (the caller frees it with cr_multipolygon_free):
 * 0 with *has true; 0 with *has false (mp zeroed) when the region or its outline is missing;
 * -1 with err when the stored blob does not decode. */
int cr_store_region_outline(struct cr_conn *c, const char *code, struct cr_multipolygon *mp,
			    bool *has, struct cr_err *err);

#endif
