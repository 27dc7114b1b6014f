/* api_ref.c — read-only reference data: regions, district outlines, sectors, departments,
 * accident types. Small tables, read straight from the store. */
#include <stdio.h>
#include <string.h>

#include "domain/geo.h"
#include "http/api.h"
#include "io/geojson.h"

static json_t *rows(struct cr_req *r, const char *sql, const char *bind, const char *const *keys)
{
	sqlite3_stmt *s = cr_db_stmt(r->db, sql);
	if (bind)
		sqlite3_bind_text(s, 1, bind, -1, SQLITE_STATIC);
	json_t *items = json_array();
	while (sqlite3_step(s) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; keys[i]; i++) {
			if (sqlite3_column_type(s, i) == SQLITE_NULL)
				json_object_set_new(o, keys[i], json_null());
			else if (strncmp(keys[i], "has_", 4) == 0)
				json_object_set_new(o, keys[i], json_boolean(sqlite3_column_int(s, i)));
			else if (sqlite3_column_type(s, i) == SQLITE_INTEGER)
				json_object_set_new(o, keys[i], json_integer(sqlite3_column_int64(s, i)));
			else
				json_object_set_new(o, keys[i], json_string(cr_col_text(s, i)));
		}
		json_array_append_new(items, o);
	}
	sqlite3_reset(s);
	return json_pack("{so}", "items", items);
}

/* Accepts GB/T 2260 style codes with trailing zeros (320500 → 3205, 320000 → 32). */
static void canonical_code(const char *in, char out[16])
{
	snprintf(out, 16, "%s", in);
	size_t n = strlen(out);
	if (n == 6 && strcmp(out + 2, "0000") == 0)
		out[2] = 0;
	else if (n == 6 && strcmp(out + 4, "00") == 0)
		out[4] = 0;
}

static const char *const region_keys[] = { "code", "name", "level", "parent", "has_outline", NULL };
#define REGION_COLS "code, name, level, parent, outline IS NOT NULL"

int cr_api_regions(struct cr_req *r)
{
	const char *parent = cr_arg(r, "parent");
	if (!parent || !*parent)
		return cr_reply(r, 200, rows(r, "SELECT " REGION_COLS " FROM regions"
						" WHERE level='province' ORDER BY code", NULL,
					     region_keys));
	char code[16];
	if (strlen(parent) > 12 || strspn(parent, "0123456789") != strlen(parent))
		return cr_err_set(&r->err, 400, "invalid", "parent", "parent must be a region code");
	canonical_code(parent, code);
	json_t *out = rows(r, "SELECT " REGION_COLS " FROM regions WHERE parent=? ORDER BY code",
			   code, region_keys);
	return cr_reply(r, 200, out);
}

int cr_api_region_get(struct cr_req *r)
{
	char code[16];
	canonical_code(r->params[0], code);
	json_t *out = rows(r, "SELECT " REGION_COLS " FROM regions WHERE code=?", code, region_keys);
	json_t *item = json_array_get(json_object_get(out, "items"), 0);
	if (!item) {
		json_decref(out);
		return cr_err_set(&r->err, 404, "not_found", "code", "no region %s", r->params[0]);
	}
	json_incref(item);
	json_decref(out);
	return cr_reply(r, 200, item);
}

int cr_api_geo_districts(struct cr_req *r)
{
	const char *city = cr_arg(r, "city");
	char code[16];
	if (!city || strlen(city) > 12 || strspn(city, "0123456789") != strlen(city) || !*city)
		return cr_err_set(&r->err, 400, "invalid", "city", "city must be a region code");
	canonical_code(city, code);
	sqlite3_stmt *s = cr_db_stmt(r->db, "SELECT code, name, outline FROM regions"
					    " WHERE parent=? AND outline IS NOT NULL ORDER BY code");
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	json_t *features = json_array();
	int rc = 0;
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		struct cr_multipolygon mp;
		if (cr_multipolygon_decode(sqlite3_column_blob(s, 2),
					   (size_t)sqlite3_column_bytes(s, 2), &mp, &r->err)) {
			rc = -1;
			break;
		}
		json_array_append_new(
			features,
			json_pack("{ss s{ss ss} so}", "type", "Feature", "properties", "code",
				  cr_col_text(s, 0), "name", cr_col_text(s, 1), "geometry",
				  cr_geojson_write_multipolygon(&mp, 5)));
		cr_multipolygon_free(&mp);
	}
	sqlite3_reset(s);
	if (rc) {
		json_decref(features);
		return -1;
	}
	return cr_reply(r, 200, json_pack("{ss so}", "type", "FeatureCollection", "features", features));
}

int cr_api_sectors(struct cr_req *r)
{
	static const char *const keys[] = { "code", "kind", "section", "name_cn", "name_en", "dept",
					    "source", NULL };
	return cr_reply(r, 200, rows(r, "SELECT code, kind, section, name_cn, name_en, dept, source"
					" FROM sectors ORDER BY section, kind DESC, code", NULL, keys));
}

int cr_api_departments(struct cr_req *r)
{
	static const char *const keys[] = { "code", "name_cn", "name_en", "source", NULL };
	return cr_reply(r, 200, rows(r, "SELECT code, name_cn, name_en, source FROM departments"
					" ORDER BY rowid", NULL, keys));
}

int cr_api_accident_types(struct cr_req *r)
{
	static const char *const keys[] = { "code", "name_cn", "name_en", NULL };
	return cr_reply(r, 200, rows(r, "SELECT code, name_cn, name_en FROM accident_types"
					" ORDER BY code", NULL, keys));
}
