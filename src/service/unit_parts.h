/* unit_parts.h — what the unit use cases share among themselves (unit_record.c, unit_import.c):
 * a whole record checked into the row the store writes. The public use cases are in service/units.h. */
#ifndef CR_SERVICE_UNIT_PARTS_H
#define CR_SERVICE_UNIT_PARTS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/geo.h"
#include "service/units.h"
#include "store/units.h"

/* A checked record: the row borrows from the record and from the normalised strings here. */
struct cr_unit_checked {
	char credit_code[24];
	char region[16];
	char dept[16];
	struct cr_unit_row row;
};

/* What the checks of many records look up again and again (an import's rows name a few regions
 * and sectors thousands of times): each code with what it resolved to, in a small table indexed
 * by the code's hash, a slot taken over by the next code that falls on it. Valid for one
 * transaction, in which the regions, sectors and departments do not change. Zero it before the
 * first check; free it with cr_unit_seen_free. */
#define CR_UNIT_SEEN_SLOTS 64
struct cr_unit_seen_slot {
	char code[16], value[16]; /* code "" = empty slot */
};
struct cr_unit_seen {
	struct cr_unit_seen_slot region[CR_UNIT_SEEN_SLOTS], sector[CR_UNIT_SEEN_SLOTS],
		dept[CR_UNIT_SEEN_SLOTS];
	json_t *sectors; /* when loaded: every sector's department by code (cr_unit_seen_sectors) */
};

/* Loads every sector's department into seen, so that the checks never read the sectors table
 * again (a PostgreSQL import sets the units' foreign key to it aside, which locks it until the
 * commit: a check on another connection would wait for it). 0, or -1 with err. */
int cr_unit_seen_sectors(struct cr_conn *c, struct cr_unit_seen *seen, struct cr_err *err);
/* Frees what seen owns (the sectors loaded). */
void cr_unit_seen_free(struct cr_unit_seen *seen);

/* Validates a whole unit record (create, or existing record with a patch applied); its lon/lat
 * are in sys and become WGS84, which is all that is stored. seen, when not NULL, remembers the
 * region, sector and department look-ups across calls (an import); NULL looks each one up.
 * 0, or -1 with err naming the field. */
int cr_unit_validate(struct cr_conn *c, const json_t *in, enum cr_coords sys,
		     struct cr_unit_seen *seen, struct cr_unit_checked *b, struct cr_err *err);

#endif
