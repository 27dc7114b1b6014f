/* api_ref.c — read-only reference data: regions, district outlines, sectors, departments,
 * accident types. Small tables, read through the store's functions; no SQL here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accident.h"
#include "domain/geo.h"
#include "http/api.h"
#include "io/geojson.h"
#include "store/refdata.h"
#include "store/regions.h"

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

int cr_api_regions(struct cr_req *r)
{
	const char *parent = cr_arg(r, "parent");
	if (!parent || !*parent)
		return cr_reply_or_err(r, 200, cr_store_region_list(r->db, NULL, &r->err));
	char code[16];
	if (strlen(parent) > 12 || strspn(parent, "0123456789") != strlen(parent))
		return cr_err_set(&r->err, 400, "invalid", "parent",
				  "parent must be a region code");
	canonical_code(parent, code);
	return cr_reply_or_err(r, 200, cr_store_region_list(r->db, code, &r->err));
}

int cr_api_region_get(struct cr_req *r)
{
	char code[16];
	canonical_code(r->params[0], code);
	json_t *item = cr_store_region_get(r->db, code, &r->err);
	if (!item && r->err.status == 404)
		return cr_err_set(&r->err, 404, "not_found", "code", "no region %s", r->params[0]);
	return cr_reply_or_err(r, 200, item);
}

int cr_api_geo_districts(struct cr_req *r)
{
	const char *city = cr_arg(r, "city");
	char code[16];
	if (!city || strlen(city) > 12 || strspn(city, "0123456789") != strlen(city) || !*city)
		return cr_err_set(&r->err, 400, "invalid", "city", "city must be a region code");
	canonical_code(city, code);
	json_t *districts = cr_store_region_list(r->db, code, &r->err);
	if (!districts)
		return -1;
	json_t *features = json_array(), *d;
	size_t i;
	int rc = 0;
	json_array_foreach(json_object_get(districts, "items"), i, d) {
		struct cr_multipolygon mp;
		bool has;
		if (!json_is_true(json_object_get(d, "has_outline")))
			continue;
		rc = cr_store_region_outline(r->db, json_string_value(json_object_get(d, "code")),
					     &mp, &has, &r->err);
		if (rc)
			break;
		if (!has)
			continue;
		json_array_append_new(features,
				      json_pack("{ss s{sO sO} so}", "type", "Feature", "properties",
						"code", json_object_get(d, "code"), "name",
						json_object_get(d, "name"), "geometry",
						cr_geojson_write_multipolygon(&mp, 5)));
		cr_multipolygon_free(&mp);
	}
	json_decref(districts);
	if (rc) {
		json_decref(features);
		return -1;
	}
	return cr_reply(r, 200,
			json_pack("{ss so}", "type", "FeatureCollection", "features", features));
}

int cr_api_sectors(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_store_sector_list(r->db, &r->err));
}

int cr_api_departments(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_store_department_list(r->db, &r->err));
}

/* ?edition=1986 (default) or 2025; each type carries its codes in the other edition. */
int cr_api_accident_types(struct cr_req *r)
{
	const char *e = cr_arg(r, "edition");
	int edition = CR_ACCIDENT_EDITION_DEFAULT;
	if (e && *e) {
		char *end;
		long v = strtol(e, &end, 10);
		if (*end || !cr_accident_type_count((int)v))
			return cr_err_set(&r->err, 400, "invalid", "edition",
					  "edition must be 1986 or 2025");
		edition = (int)v;
	}
	json_t *out = cr_store_accident_type_list(r->db, edition, &r->err);
	size_t i;
	json_t *item;
	char other[8];
	snprintf(other, sizeof other, "%d", edition == 1986 ? 2025 : 1986);
	json_array_foreach(json_object_get(out, "items"), i, item) {
		int codes[32];
		size_t n = cr_accident_map(
			edition, (int)json_integer_value(json_object_get(item, "code")), codes, 32);
		json_t *list = json_array();
		for (size_t k = 0; k < n && k < 32; k++)
			json_array_append_new(list, json_integer(codes[k]));
		json_object_set_new(item, "map", json_pack("{so}", other, list));
	}
	return cr_reply_or_err(r, 200, out);
}
