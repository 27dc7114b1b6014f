/* register.h — what every territorial register with versions shares (vulnerable targets,
 * emergency resources, capability assessments, plans…): one row by id, the status change that
 * archives it, and its paged list filtered by status, territory, equal columns and name. No
 * entity's columns and no rule here: the entity's column table (store/columns.h) says them. */
#ifndef CR_STORE_REGISTER_H
#define CR_STORE_REGISTER_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"
#include "store/columns.h"
#include "store/sqlb.h"

/* One row of t by id as JSON (new reference), or NULL with 404 "no <noun> <id>". */
json_t *cr_register_get(struct cr_conn *c, struct cr_cols *t, long long id, struct cr_err *err);
/* Sets the row's status ("archived", "active"…), stamps updated_at and bumps its version. */
int cr_register_set_status(struct cr_conn *c, struct cr_cols *t, long long id, const char *status,
			   struct cr_err *err);

/* Texts a filter binds, kept until the statement is prepared. */
struct cr_register_text {
	char upper[24], q[512];
};

/* Conditions on the table's alias, each added only when its value is given (non-empty, id > 0).
 * _status: status=? (NULL or "" means "active"); _territory: region code starts with prefix;
 * _eq: column=value; _id: column=id; _name: name contains q (LIKE, its wildcards escaped). */
void cr_register_status(struct cr_sqlb *b, const struct cr_cols *t, const char *status);
void cr_register_territory(struct cr_sqlb *b, const struct cr_cols *t, const char *prefix,
			   struct cr_register_text *x);
void cr_register_eq(struct cr_sqlb *b, const struct cr_cols *t, const char *column,
		    const char *value);
void cr_register_id(struct cr_sqlb *b, const struct cr_cols *t, const char *column, long long id);
void cr_register_name(struct cr_sqlb *b, const struct cr_cols *t, const char *q,
		      struct cr_register_text *x);

/* Adds a filter's conditions to b (called once for the count, once for the rows). */
typedef void (*cr_register_where_fn)(struct cr_sqlb *b, const struct cr_cols *t, const void *filter,
				     struct cr_register_text *x);
/* {"items":[…],"next":…,"total":N} (new reference) of the rows where() keeps, by id after the
 * cursor (newest_first: by id descending, before it), or NULL with err. */
json_t *cr_register_page(struct cr_conn *c, struct cr_cols *t, cr_register_where_fn where,
			 const void *filter, long long after, int limit, bool newest_first,
			 struct cr_err *err);

#endif
