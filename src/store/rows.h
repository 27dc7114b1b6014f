/* rows.h — a cursor over a filtered list: the rows the list would page through, one at a time,
 * so an export of 500,000 rows never holds them all. Each store builds its own filter. */
#ifndef CR_STORE_ROWS_H
#define CR_STORE_ROWS_H

#include <jansson.h>
#include <sqlite3.h>

#include "core/err.h"
#include "store/page.h"
#include "store/sqlb.h"

struct cr_store_rows;

/* Prepares sel (a SELECT with its filters) plus order (" ORDER BY k.id") on c; each row becomes
 * JSON through row(s, ctx), as the list's items do. NULL with err. The caller closes it with
 * cr_store_rows_close (c must stay open until then). */
struct cr_store_rows *cr_store_rows_open(sqlite3 *c, struct cr_sqlb *sel, const char *order,
					 cr_row_json_fn row, const void *ctx, struct cr_err *err);
/* The next row into *out (new reference): 1; 0 at the end; -1 with err on a database error. */
int cr_store_rows_next(struct cr_store_rows *r, json_t **out, struct cr_err *err);
void cr_store_rows_close(struct cr_store_rows *r);

#endif
