/* page.h — rows as the API answers them: one by id (or 404), and the one cursor-paged list (the
 * filtered rows' total, cached until the next write, and the page after a cursor); each row is
 * turned into JSON by the caller. */
#ifndef CR_PAGE_H
#define CR_PAGE_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "store/sqlb.h"

typedef json_t *(*cr_row_json_fn)(struct cr_stmt *s, const void *ctx);

/* Steps s (prepared and bound by the caller, a cached statement) for one row and turns it into
 * JSON; 404 "no <what> <id>" when there is none. Resets s. New reference or NULL with err. */
json_t *cr_store_one(struct cr_conn *c, struct cr_stmt *s, cr_row_json_fn row, const void *ctx,
		     const char *what, long long id, struct cr_err *err);

/* Steps s (a cached statement, prepared and bound by the caller) to its end and answers
 * {"items":[…]} (new reference), one JSON value per row; NULL with err unless the step ends in
 * CR_SQL_DONE. Resets s. */
json_t *cr_store_items(struct cr_conn *c, struct cr_stmt *s, cr_row_json_fn row, const void *ctx,
		       struct cr_err *err);

/* cnt is "SELECT count(*) FROM … WHERE …"; sel "SELECT id, … FROM … WHERE …" with the row's id
 * as its first column; after_cond the cursor condition ("u.id > ?") and order the tail
 * (" ORDER BY u.id LIMIT ?"). Both builders get the cursor and limit appended here. Answers
 * {"items":[…],"next":"cursor or null","total":N} (new reference) or NULL with err. */
json_t *cr_store_page(struct cr_conn *c, struct cr_sqlb *cnt, struct cr_sqlb *sel,
		      const char *after_cond, const char *order, long long after, int limit,
		      cr_row_json_fn row, const void *ctx, struct cr_err *err);

#endif
