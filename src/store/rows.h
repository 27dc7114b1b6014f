/* rows.h — a cursor over a filtered list for exports: the rows the list would page through, one
 * at a time and only the columns asked for, read straight from the statement (no JSON), so an
 * export of 500,000 rows never holds them all. Each store builds its own select and filter. */
#ifndef CR_STORE_ROWS_H
#define CR_STORE_ROWS_H

#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"
#include "store/sqlb.h"

struct cr_store_rows;

/* Prepares sel (a SELECT with its filters) plus order (" ORDER BY k.id") on c. NULL with err.
 * The caller closes it with cr_store_rows_close (c must stay open until then). */
struct cr_store_rows *cr_store_rows_open(struct cr_conn *c, struct cr_sqlb *sel, const char *order,
					 struct cr_err *err);
/* Steps to the next row: 1 (read it with the getters below), 0 at the end, -1 with err on a
 * database error. */
int cr_store_rows_step(struct cr_store_rows *r, struct cr_err *err);
/* Column i of the current row (0-based, in the select's order). Text is "" for SQL NULL and
 * borrowed until the next step; numbers are 0 for SQL NULL. */
bool cr_store_rows_null(const struct cr_store_rows *r, int i);
const char *cr_store_rows_text(const struct cr_store_rows *r, int i);
long long cr_store_rows_int(const struct cr_store_rows *r, int i);
double cr_store_rows_real(const struct cr_store_rows *r, int i);
void cr_store_rows_close(struct cr_store_rows *r);

#endif
