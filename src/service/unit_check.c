/* unit_check.c — a unit record checked as a whole: the credit code, the required texts, the
 * region and its outline, the sector's department, lon/lat made WGS84. It must not
 * write or authorise: the use cases (unit_record.c, unit_import.c) do. */
#include "service/unit_parts.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/credit_code.h"
#include "service/input.h"
#include "service/territorial.h"
#include "store/catalogue.h"
#include "store/refdata.h"

/* The slot a code falls on in a table of remembered look-ups (FNV-1a over its bytes). */
static struct cr_unit_seen_slot *seen_slot(struct cr_unit_seen_slot *t, const char *code)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)code; *p; p++)
		h = (h ^ *p) * 16777619u;
	return &t[h % CR_UNIT_SEEN_SLOTS];
}

/* Copies what code resolved to before into value; false when it is not remembered (no table,
 * never looked up, its slot taken by another code, or a code too long to keep). */
static bool seen_get(struct cr_unit_seen_slot *t, const char *code, char value[16])
{
	if (!t || strlen(code) >= sizeof t->code)
		return false;
	struct cr_unit_seen_slot *s = seen_slot(t, code);
	if (strcmp(s->code, code) != 0)
		return false;
	memcpy(value, s->value, sizeof s->value);
	return true;
}

static void seen_put(struct cr_unit_seen_slot *t, const char *code, const char *value)
{
	if (!t || strlen(code) >= sizeof t->code)
		return;
	struct cr_unit_seen_slot *s = seen_slot(t, code);
	memset(s, 0, sizeof *s);
	memcpy(s->code, code, strlen(code));
	snprintf(s->value, sizeof s->value, "%s", value);
}

static int resolve_region(struct cr_conn *c, struct cr_unit_seen *seen, const char *code,
			  char out[16], struct cr_err *err)
{
	struct cr_unit_seen_slot *t = seen ? seen->region : NULL;
	if (seen_get(t, code, out))
		return 0;
	if (cr_region_resolve(c, code, "region", out, err))
		return -1;
	seen_put(t, code, out);
	return 0;
}

int cr_unit_seen_sectors(struct cr_conn *c, struct cr_unit_seen *seen, struct cr_err *err)
{
	json_t *list = cr_store_sector_list(c, err), *row;
	if (!list)
		return -1;
	json_t *by_code = json_object();
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, row) {
		const char *dept = json_string_value(json_object_get(row, "dept"));
		json_object_set_new(by_code, json_string_value(json_object_get(row, "code")),
				    json_string(dept ? dept : ""));
	}
	json_decref(list);
	json_decref(seen->sectors);
	seen->sectors = by_code;
	return 0;
}

void cr_unit_seen_free(struct cr_unit_seen *seen)
{
	json_decref(seen->sectors);
	seen->sectors = NULL;
}

/* The sector's supervising department into dept; 400 naming sector when there is no such sector. */
static int lookup_sector_dept(struct cr_conn *c, struct cr_unit_seen *seen, const char *sector,
			      char dept[16], struct cr_err *err)
{
	struct cr_unit_seen_slot *t = seen ? seen->sector : NULL;
	if (seen_get(t, sector, dept))
		return 0;
	int rc;
	if (seen && seen->sectors) {
		const char *d = json_string_value(json_object_get(seen->sectors, sector));
		if (d)
			snprintf(dept, 16, "%.15s", d);
		rc = d ? 0 : 1;
	} else {
		rc = cr_store_sector_dept(c, sector, dept, err);
	}
	if (rc == 1)
		return cr_err_set(err, 400, "invalid", "sector",
				  "no sector '%s' (use a key-sector code such as C01 or a GB/T 4754"
				  " section letter)",
				  sector);
	if (rc == 0)
		seen_put(t, sector, dept);
	return rc;
}

static bool dept_exists(struct cr_conn *c, struct cr_unit_seen *seen, const char *dept)
{
	struct cr_unit_seen_slot *t = seen ? seen->dept : NULL;
	char yes[16];
	if (seen_get(t, dept, yes))
		return true;
	if (!cr_store_dept_exists(c, dept))
		return false;
	seen_put(t, dept, "");
	return true;
}

int cr_unit_validate(struct cr_conn *c, const json_t *in, enum cr_coords sys,
		     struct cr_unit_seen *seen, struct cr_unit_checked *b, struct cr_err *err)
{
	struct cr_unit_row *r = &b->row;
	const char *code, *region, *dept = "";
	if (cr_input_required_text(in, "credit_code", 18, &code, err))
		return -1;
	snprintf(b->credit_code, sizeof b->credit_code, "%s", code);
	cr_credit_code_normalize(b->credit_code);
	if (cr_credit_code_validate(b->credit_code, err))
		return -1;
	r->credit_code = b->credit_code;
	if (cr_input_required_text(in, "name", 100, &r->name, err) ||
	    cr_input_required_text(in, "sector", 8, &r->sector, err) ||
	    cr_input_required_text(in, "region", 9, &region, err) ||
	    cr_input_optional_text(in, "dept", 15, &dept, err) ||
	    cr_input_optional_text(in, "address", 200, &r->address, err) ||
	    cr_input_required_text(in, "size_class", 5, &r->size_class, err) ||
	    cr_input_optional_text(in, "contact_name", 50, &r->contact_name, err) ||
	    cr_input_optional_text(in, "contact_phone", 30, &r->contact_phone, err))
		return -1;
	if (strcmp(r->size_class, "above") != 0 && strcmp(r->size_class, "below") != 0)
		return cr_err_set(err, 400, "invalid", "size_class",
				  "size_class must be 'above' (规上) or 'below' (规下)");
	for (const char *p = r->contact_phone; *p; p++)
		if (!isdigit((unsigned char)*p) && !strchr("+-() ", *p))
			return cr_err_set(err, 400, "invalid", "contact_phone",
					  "contact_phone may hold digits, spaces and + - ( )");
	if (resolve_region(c, seen, region, b->region, err))
		return -1;
	r->region = b->region;
	if (lookup_sector_dept(c, seen, r->sector, b->dept, err))
		return -1;
	if (*dept) {
		if (!dept_exists(c, seen, dept))
			return cr_err_set(err, 400, "invalid", "dept", "no department '%s'", dept);
		snprintf(b->dept, sizeof b->dept, "%s", dept);
	} else if (!b->dept[0]) {
		/* A GB/T 4754 section has no single supervising department: the emergency
		 * management bureau (应急管理局), which supervises work safety overall, takes it. */
		snprintf(b->dept, sizeof b->dept, "AJJ");
	}
	r->dept = b->dept;
	r->employees = -1;
	if (cr_json_int(in, "employees", 0, 10000000, &r->employees, err) < 0)
		return -1;
	return cr_territorial_place(c, in, sys, r->region, NULL, &r->lon, &r->lat, &r->has_coords,
				    err);
}
