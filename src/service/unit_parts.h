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

/* Validates a whole unit record (create, or existing record with a patch applied); its lon/lat
 * are in sys and become WGS84, which is all that is stored. 0, or -1 with err naming the
 * field. */
int cr_unit_validate(struct cr_conn *c, const json_t *in, enum cr_coords sys,
		     struct cr_unit_checked *b, struct cr_err *err);

#endif
