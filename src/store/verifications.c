/* verifications.c — the verifications table. It must not authorise or pick the level
 * (service/verifications.c). */
#include "store/verifications.h"

#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"

#define F(field) CR_COL_FIELD(struct cr_verification_row, field)
#define I CR_COL_INSERT

static const struct cr_col verification_cols[] = {
	{ "id", .expr = "v.id", .type = CR_COL_INT },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = I, F(unit_id) },
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "review_id", .column = "review_id", .type = CR_COL_INT, .flags = I | CR_COL_NULLABLE,
	  F(review_id), .absent = CR_ABSENT_ZERO },
	{ "level", .column = "level", .type = CR_COL_TEXT, .flags = I, F(level) },
	{ "result", .column = "result", .type = CR_COL_TEXT, .flags = I, F(result) },
	{ "findings", .column = "findings", .type = CR_COL_TEXT, .flags = I, F(findings) },
	{ "checked_on", .column = "checked_on", .type = CR_COL_TEXT, .flags = I, F(checked_on) },
	{ "login", .column = "login", .type = CR_COL_TEXT, .flags = I, F(login) },
	{ "version", .expr = "v.version", .type = CR_COL_INT },
	{ "created_at", .expr = "v.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "v.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef I

static struct cr_cols verifications =
	CR_COLS("verifications", "v", " FROM verifications v LEFT JOIN units u ON u.id=v.unit_id",
		"verification", verification_cols);

static json_t *verification_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&verifications, s);
}

json_t *cr_store_verification_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&verifications, " WHERE v.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, verification_row, NULL, "verification", id, err);
}

int cr_store_verification_insert(struct cr_conn *c, const struct cr_verification_row *r,
				 long long *id, struct cr_err *err)
{
	return cr_cols_insert(c, &verifications, r, id, err);
}

json_t *cr_store_verification_list_unit(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&verifications,
							 " WHERE v.unit_id=?"
							 " ORDER BY v.checked_on DESC, v.id DESC"));
	cr_stmt_bind_int64(s, 1, unit_id);
	return cr_store_items(c, s, verification_row, NULL, err);
}
