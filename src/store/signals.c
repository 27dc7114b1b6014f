/* signals.c — the signals table and the area query behind weather warnings. It must not decide
 * what a signal endangers. */
#include "store/signals.h"

#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"

#define F(field) CR_COL_FIELD(struct cr_signal_row, field)
#define W CR_COL_INSERT
#define N CR_COL_NULLABLE

static const struct cr_col signal_cols[] = {
	{ "id", .expr = "s.id", .type = CR_COL_INT },
	{ "kind", .column = "kind", .type = CR_COL_TEXT, .flags = W, F(kind) },
	{ "type", .column = "type", .type = CR_COL_TEXT, .flags = W, F(type) },
	{ "level", .column = "level", .type = CR_COL_TEXT, .flags = W, F(level) },
	{ "title", .column = "title", .type = CR_COL_TEXT, .flags = W, F(title) },
	{ "description", .column = "description", .type = CR_COL_TEXT, .flags = W, F(description) },
	{ "source", .column = "source", .type = CR_COL_TEXT, .flags = W, F(source) },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "regions", .column = "regions", .type = CR_COL_JSON, .flags = W, F(regions),
	  .dflt = "[]" },
	{ "polygon", .column = "polygon", .type = CR_COL_JSON, .flags = W | N, F(polygon) },
	{ "start", .column = "start_at", .type = CR_COL_TEXT, .flags = W, F(start) },
	{ "end", .column = "end_at", .type = CR_COL_TEXT, .flags = W, F(end) },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = W | N, F(unit_id),
	  .absent = CR_ABSENT_ZERO },
	{ "value", .column = "value", .type = CR_COL_REAL, .flags = W | N, F(value),
	  CR_COL_HAS(struct cr_signal_row, has_value) },
	{ "threshold", .column = "threshold", .type = CR_COL_REAL, .flags = W | N, F(threshold),
	  CR_COL_HAS(struct cr_signal_row, has_threshold) },
	{ "measure", .column = "measure", .type = CR_COL_TEXT, .flags = W, F(measure) },
	{ "raised", .expr = "s.raised", .type = CR_COL_INT },
	{ "created_by", .column = "created_by", .type = CR_COL_TEXT, .flags = W, F(created_by) },
	{ "version", .expr = "s.version", .type = CR_COL_INT },
	{ "created_at", .expr = "s.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "s.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W
#undef N

static struct cr_cols sigs = CR_COLS("signals", "s", " FROM signals s", "signal", signal_cols);

static json_t *signal_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&sigs, s);
}

json_t *cr_store_signal_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&sigs, " WHERE s.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, signal_row, NULL, "signal", id, err);
}

int cr_store_signal_insert(struct cr_conn *c, const struct cr_signal_row *s, long long *id,
			   struct cr_err *err)
{
	return cr_cols_insert(c, &sigs, s, id, err);
}

int cr_store_signal_set_raised(struct cr_conn *c, long long id, long long raised,
			       struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "UPDATE signals SET raised=? WHERE id=?");
	cr_stmt_bind_int64(s, 1, raised);
	cr_stmt_bind_int64(s, 2, id);
	return cr_db_run(c, s, err);
}

json_t *cr_store_signal_list(struct cr_conn *c, const char *region_prefix, int limit,
			     struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&sigs, " WHERE substr(s.region, 1,"
								" length(?1))=?1 ORDER BY s.id DESC"
								" LIMIT ?2"));
	cr_stmt_bind_text(s, 1, region_prefix ? region_prefix : "", -1, CR_SQL_COPY);
	cr_stmt_bind_int(s, 2, limit);
	return cr_store_items(c, s, signal_row, NULL, err);
}

/* ?1 regions (JSON array), ?2..?5 box minlon minlat maxlon maxlat, ?6 start, ?7 end. A place
 * is in the area when its region is, or it lies in the box: by lon/lat on SQLite, by the
 * PostGIS point (GiST) and then lon/lat on PostgreSQL (store/sqlb.h cr_sqlb_in_box). */
#define IN_AREA(region, box)                                                                       \
	"(EXISTS(SELECT 1 FROM json_each(?1) j WHERE substr(" region ", 1, length(j.value))="      \
	"j.value) OR (" box "))"
#define LL_BOX(lon, lat) lon " BETWEEN ?2 AND ?4 AND " lat " BETWEEN ?3 AND ?5"
#define GEOM_BOX(geom, lon, lat)                                                                   \
	geom " && ST_MakeEnvelope(?2, ?3, ?4, ?5, 4326) AND " LL_BOX(lon, lat)
#define AREA_SQL(unit_box, installation_box)                                                       \
	"SELECT 'dynamic_report', d.id, d.unit_id, u.name, d.region, d.dept, d.title, d.kind,"     \
	" d.start_at, d.end_at, u.lon, u.lat FROM dynamic_reports d JOIN units u ON"               \
	" u.id=d.unit_id WHERE d.start_at<=?7 AND (d.end_at>=?6 OR substr(?6, 1, 10)=d.end_at)"    \
	" AND " IN_AREA("d.region", unit_box) " UNION ALL SELECT 'installation', i.id,"            \
					      " i.unit_id, u.name, i.region, i.dept, i.name, "     \
					      "i.kind, '', '', coalesce(i.lon, u.lon),"            \
					      " coalesce(i.lat, u.lat) FROM installations i JOIN " \
					      "units u ON u.id=i.unit_id WHERE"                    \
					      " i.status='active' AND i.major=1 AND " IN_AREA(     \
						      "i.region",                                  \
						      installation_box) " ORDER BY 1, 2"

int cr_store_signal_area(struct cr_conn *c, const char *regions, const double box[4],
			 const char *start, const char *end, cr_signal_hit_fn fn, void *ctx,
			 struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(
		c, cr_conn_is_pg(c)
			   ? AREA_SQL(GEOM_BOX("u.geom", "u.lon", "u.lat"),
				      GEOM_BOX("coalesce(i.geom, u.geom)", "coalesce(i.lon, u.lon)",
					       "coalesce(i.lat, u.lat)"))
			   : AREA_SQL(LL_BOX("u.lon", "u.lat"),
				      LL_BOX("coalesce(i.lon, u.lon)", "coalesce(i.lat, u.lat)")));
	cr_stmt_bind_text(s, 1, regions, -1, CR_SQL_COPY);
	for (int i = 0; i < 4; i++)
		cr_stmt_bind_double(s, 2 + i, box[i]);
	cr_stmt_bind_text(s, 6, start, -1, CR_SQL_COPY);
	cr_stmt_bind_text(s, 7, end, -1, CR_SQL_COPY);
	int rc, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		struct cr_signal_hit h = {
			.entity = cr_col_text(s, 0),
			.id = cr_stmt_column_int64(s, 1),
			.unit_id = cr_stmt_column_int64(s, 2),
			.unit_name = cr_col_text(s, 3),
			.region = cr_col_text(s, 4),
			.dept = cr_col_text(s, 5),
			.name = cr_col_text(s, 6),
			.kind = cr_col_text(s, 7),
			.start = cr_col_text(s, 8),
			.end = cr_col_text(s, 9),
			.lon = cr_stmt_column_double(s, 10),
			.lat = cr_stmt_column_double(s, 11),
			.has_pos = cr_stmt_column_type(s, 10) != CR_SQL_NULL,
		};
		out = fn(ctx, &h);
	}
	if (!out && rc != CR_SQL_DONE)
		out = cr_db_fail(c, err);
	cr_stmt_reset(s);
	return out;
}
