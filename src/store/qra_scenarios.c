/* qra_scenarios.c — the qra_scenarios table through its column table. It must not check a
 * model's inputs or authorise: service/qra_scenarios.c does both first. */
#include "store/qra_scenarios.h"

#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"
#include "store/register.h"

#define F(field) CR_COL_FIELD(struct cr_qra_scenario_row, field)
#define W CR_COL_WRITE
#define N CR_COL_NULLABLE

static const struct cr_col scenario_cols[] = {
	{ "id", .expr = "q.id", .type = CR_COL_INT },
	{ "installation_id", .column = "installation_id", .type = CR_COL_INT, .flags = W,
	  F(installation_id) },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = W, F(name) },
	{ "model", .column = "model", .type = CR_COL_TEXT, .flags = W, F(model) },
	{ "inputs", .column = "inputs", .type = CR_COL_JSON, .flags = W, F(inputs), .dflt = "{}" },
	{ "frequency_per_year", .column = "frequency_per_year", .type = CR_COL_REAL, .flags = W,
	  F(frequency_per_year) },
	{ "lon", .column = "lon", .type = CR_COL_REAL, .flags = W | N, F(lon),
	  CR_COL_HAS(struct cr_qra_scenario_row, has_coords) },
	{ "lat", .column = "lat", .type = CR_COL_REAL, .flags = W | N, F(lat),
	  CR_COL_HAS(struct cr_qra_scenario_row, has_coords) },
	{ "status", .expr = "q.status", .type = CR_COL_TEXT },
	{ "version", .expr = "q.version", .type = CR_COL_INT },
	{ "created_at", .expr = "q.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "q.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W
#undef N

static struct cr_cols scenarios =
	CR_COLS("qra_scenarios", "q", " FROM qra_scenarios q", "QRA scenario", scenario_cols);

static json_t *scenario_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&scenarios, s);
}

json_t *cr_store_qra_scenario_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_register_get(c, &scenarios, id, err);
}

int cr_store_qra_scenario_insert(struct cr_conn *c, const struct cr_qra_scenario_row *r,
				 long long *id, struct cr_err *err)
{
	return cr_cols_insert(c, &scenarios, r, id, err);
}

int cr_store_qra_scenario_update(struct cr_conn *c, long long id,
				 const struct cr_qra_scenario_row *r, long long expect_version,
				 struct cr_err *err)
{
	return cr_cols_update(c, &scenarios, r, id, expect_version, err);
}

int cr_store_qra_scenario_archive(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_register_set_status(c, &scenarios, id, "archived", err);
}

json_t *cr_store_qra_scenario_list(struct cr_conn *c, long long installation_id, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, cr_cols_select(&scenarios, " WHERE q.installation_id=? AND"
							 " q.status='active' ORDER BY q.id"));
	cr_stmt_bind_int64(s, 1, installation_id);
	return cr_store_items(c, s, scenario_row, NULL, err);
}
