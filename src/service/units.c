/* units.c — unit use cases: field rules, scope checks, transactions with audit, import.
 * It must not speak HTTP or build SQL: store/units.c holds the SQL. */
#include "service/units.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/credit_code.h"
#include "domain/geo.h"
#include "io/table_read.h"
#include "service/input.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/hazards.h"
#include "store/installations.h"
#include "store/refdata.h"
#include "store/risks.h"
#include "store/schema.h"
#include "store/units.h"

static const char *const writable[] = {
	"credit_code", "name",       "sector",    "dept",         "region",        "address", "lon",
	"lat",         "size_class", "employees", "contact_name", "contact_phone", "coords",  NULL,
};

/* Storage for a validated row's normalised strings. */
struct unit_buf {
	char credit_code[24];
	char region[16];
	char dept[16];
	struct cr_unit_row row;
};

/* The sector's supervising department into dept; 400 naming sector when there is no such sector. */
static int lookup_sector_dept(sqlite3 *c, const char *sector, char dept[16], struct cr_err *err)
{
	int rc = cr_store_sector_dept(c, sector, dept, err);
	if (rc == 1)
		return cr_err_set(err, 400, "invalid", "sector",
				  "no sector '%s' (use a key-sector code such as C01 or a GB/T 4754"
				  " section letter)",
				  sector);
	return rc;
}

/* The coordinate system a body's or an import's lon/lat are in (`coords`, default wgs84). */
static int coords_named(const char *name, enum cr_coords *sys, struct cr_err *err)
{
	int k = cr_coords_parse(name);
	if (k < 0) {
		cr_err_set(err, 400, "invalid", "coords", "coords must be wgs84, gcj02 or bd09");
		cr_err_param(err, "rule", "coords");
		return -1;
	}
	*sys = (enum cr_coords)k;
	return 0;
}

static int coords_of(const json_t *body, enum cr_coords *sys, struct cr_err *err)
{
	const char *name = NULL;
	return cr_json_str(body, "coords", 8, &name, err) < 0 ? -1 : coords_named(name, sys, err);
}

/* Validates a whole unit record (create, or existing record with a patch applied); its lon/lat
 * are in sys and become WGS84, which is all that is stored. */
static int validate(sqlite3 *c, const json_t *in, enum cr_coords sys, struct unit_buf *b,
		    struct cr_err *err)
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
	if (cr_region_resolve(c, region, "region", b->region, err))
		return -1;
	r->region = b->region;
	if (lookup_sector_dept(c, r->sector, b->dept, err))
		return -1;
	if (*dept) {
		if (!cr_store_dept_exists(c, dept))
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
	int hl = cr_input_lonlat(in, &r->lon, &r->lat, err);
	if (hl < 0)
		return -1;
	r->has_coords = hl == 0;
	if (r->has_coords) {
		bool has, inside;
		cr_coords_to_wgs84(sys, r->lon, r->lat, &r->lon, &r->lat);
		if (cr_region_contains(c, r->region, r->lon, r->lat, &has, &inside, err))
			return -1;
		if (!inside)
			return cr_err_set(err, 400, "outside_region", "lon",
					  "(%.6f, %.6f) lies outside the outline of region %s",
					  r->lon, r->lat, r->region);
	}
	return 0;
}

static void id_text(long long id, char out[24])
{
	snprintf(out, 24, "%lld", id);
}

/* Runs the write, reads the unit back, audits, commits; all or nothing. */
static json_t *finish_write(sqlite3 *c, const struct cr_user *u, long long id, const char *action,
			    const json_t *before, struct cr_err *err)
{
	json_t *after = cr_store_unit_get(c, id, err);
	char idt[24];
	id_text(id, idt);
	if (!after || cr_audit_write(c, u, "unit", idt, action, before, after, err) ||
	    cr_db_commit(c, err)) {
		cr_db_rollback(c);
		json_decref(after);
		return NULL;
	}
	return after;
}

json_t *cr_unit_create(sqlite3 *c, const struct cr_user *u, const json_t *body, struct cr_err *err)
{
	struct unit_buf b = { 0 };
	enum cr_coords sys;
	if (cr_json_only(body, writable, err) || coords_of(body, &sys, err) ||
	    validate(c, body, sys, &b, err))
		return NULL;
	if (!cr_user_can_manage_unit(u, b.row.region, b.row.dept)) {
		cr_err_set(err, 403, "forbidden", "region",
			   "you may not register units in region %s / department %s", b.row.region,
			   b.row.dept);
		cr_err_param(err, "rule", "region_scope");
		cr_err_param(err, "region", "%s", b.row.region);
		return NULL;
	}
	long long id;
	if (cr_db_begin(c, err))
		return NULL;
	if (cr_store_unit_insert(c, &b.row, &id, err)) {
		cr_db_rollback(c);
		return NULL;
	}
	return finish_write(c, u, id, "create", NULL, err);
}

/* Loads a unit the user may read; 404 for units outside scope would hide their existence, but
 * regulators need to know a code is taken, so out-of-scope is 403. */
static json_t *load_readable(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	json_t *unit = cr_store_unit_get(c, id, err);
	if (unit &&
	    !cr_user_can_read_unit(u, id, json_string_value(json_object_get(unit, "region")),
				   json_string_value(json_object_get(unit, "dept")))) {
		json_decref(unit);
		cr_err_set(err, 403, "forbidden", "id", "unit %lld is outside your scope", id);
		cr_err_param(err, "rule", "unit_scope");
		cr_err_param(err, "id", "%lld", id);
		return NULL;
	}
	return unit;
}

json_t *cr_unit_read(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	return load_readable(c, u, id, err);
}

json_t *cr_unit_patch(sqlite3 *c, const struct cr_user *u, long long id, const json_t *body,
		      struct cr_err *err)
{
	static const char *const patchable[] = {
		"credit_code",  "name",          "sector",  "dept",       "region",
		"address",      "lon",           "lat",     "size_class", "employees",
		"contact_name", "contact_phone", "version", "coords",     NULL,
	};
	enum cr_coords sys;
	if (cr_json_only(body, patchable, err) || coords_of(body, &sys, err))
		return NULL;
	/* coords describes the lon/lat of this body; the stored ones are WGS84 already */
	bool new_lon = json_is_number(json_object_get(body, "lon")),
	     new_lat = json_is_number(json_object_get(body, "lat"));
	if (sys != CR_COORDS_WGS84 && new_lon != new_lat) {
		cr_err_set(err, 400, "required", new_lon ? "lat" : "lon",
			   "with coords, give lon and lat together");
		return NULL;
	}
	if (!new_lon)
		sys = CR_COORDS_WGS84;
	long long expect = 0;
	if (cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0)
		return NULL;
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = load_readable(c, u, id, err), *merged = NULL, *out = NULL;
	struct unit_buf b = { 0 };
	const char *region, *dept;
	if (!before)
		goto out;
	region = json_string_value(json_object_get(before, "region"));
	dept = json_string_value(json_object_get(before, "dept"));
	if (!cr_user_can_edit_unit(u, id, region, dept)) {
		cr_err_set(err, 403, "forbidden", "id", "you may not change unit %lld", id);
		cr_err_param(err, "rule", "unit_change");
		cr_err_param(err, "id", "%lld", id);
		goto out;
	}
	merged = json_deep_copy(before);
	json_object_update(merged, (json_t *)body);
	json_object_del(merged, "version");
	json_object_del(merged, "coords");
	/* A new sector brings its own supervising department unless one is given. */
	if (json_object_get(body, "sector") && !json_object_get(body, "dept"))
		json_object_del(merged, "dept");
	/* Clearing the coordinates means clearing both. */
	if (json_is_null(json_object_get(body, "lon")) ||
	    json_is_null(json_object_get(body, "lat"))) {
		json_object_set_new(merged, "lon", json_null());
		json_object_set_new(merged, "lat", json_null());
	}
	if (validate(c, merged, sys, &b, err))
		goto out;
	/* A unit account does not set its own 区县 or 监管部门: its regulators do. */
	if (u->role == CR_ROLE_UNIT && (strcmp(b.row.region, region) || strcmp(b.row.dept, dept))) {
		const char *field = strcmp(b.row.region, region) ? "region" : "dept";
		cr_err_set(err, 403, "forbidden", field, "a unit account may not change its own %s",
			   field);
		cr_err_param(err, "rule", "unit_own_place");
		goto out;
	}
	/* A unit may not move itself out of its regulators' reach; moving needs a manager in
	 * scope of the new place too. */
	if ((strcmp(b.row.region, region) != 0 || strcmp(b.row.dept, dept) != 0) &&
	    !cr_user_can_manage_unit(u, b.row.region, b.row.dept)) {
		cr_err_set(err, 403, "forbidden", "region",
			   "you may not move the unit to region %s / department %s", b.row.region,
			   b.row.dept);
		cr_err_param(err, "rule", "region_scope");
		cr_err_param(err, "region", "%s", b.row.region);
		goto out;
	}
	if (cr_store_unit_update(c, id, &b.row, expect, err) ||
	    cr_store_risks_follow_unit(c, id, err) || cr_store_hazards_follow_unit(c, id, err) ||
	    cr_store_installations_follow_unit(c, id, err))
		goto out;
	out = finish_write(c, u, id, "update", before, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	json_decref(merged);
	return out;
}

json_t *cr_unit_archive(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = load_readable(c, u, id, err), *out = NULL;
	if (!before)
		goto out;
	if (!cr_user_can_manage_unit(u, json_string_value(json_object_get(before, "region")),
				     json_string_value(json_object_get(before, "dept")))) {
		cr_err_set(err, 403, "forbidden", "id", "you may not archive unit %lld", id);
		cr_err_param(err, "rule", "unit_change");
		cr_err_param(err, "id", "%lld", id);
		goto out;
	}
	if (strcmp(json_string_value(json_object_get(before, "status")), "archived") == 0) {
		cr_err_set(err, 409, "conflict", "status", "unit %lld is already archived", id);
		goto out;
	}
	if (cr_store_unit_set_status(c, id, "archived", err))
		goto out;
	out = finish_write(c, u, id, "archive", before, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	return out;
}

/* Whether q (spaces around it aside) reads as the start of a credit code: 6 to 18 ASCII letters
 * and digits with at least one digit; out gets it in capitals. */
static bool credit_code_prefix(const char *q, char out[19])
{
	if (!q)
		return false;
	while (*q == ' ')
		q++;
	size_t n = 0;
	bool digit = false;
	for (; *q && *q != ' '; q++) {
		unsigned char ch = (unsigned char)*q;
		if (n == 18 || !((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
				 (ch >= 'a' && ch <= 'z')))
			return false;
		digit |= ch >= '0' && ch <= '9';
		out[n++] = (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
	}
	while (*q == ' ')
		q++;
	out[n] = 0;
	return !*q && n >= 6 && digit;
}

int cr_unit_list_filter(const struct cr_user *u, const struct cr_unit_query *q,
			struct cr_unit_filter *f, struct cr_scope *sc, struct cr_err *err)
{
	*f = (struct cr_unit_filter){ .sector = q->sector,
				      .dept = q->dept,
				      .size_class = q->size_class,
				      .q = q->q,
				      .status = q->status,
				      .rating = q->rating,
				      .limit = CR_INPUT_LIMIT_DEFAULT };
	static const char *const ratings[] = {
		"red", "orange", "yellow", "blue", "unassessed", NULL
	};
	bool rating_ok = !q->rating || !*q->rating;
	for (const char *const *r = ratings; !rating_ok && *r; r++)
		rating_ok = strcmp(*r, q->rating) == 0;
	if (!rating_ok) {
		return cr_err_set(err, 400, "invalid", "rating",
				  "rating must be red, orange, yellow, blue or unassessed");
	}
	if (cr_user_scope(u, q->region, q->dept, 0, sc, err))
		return -1;
	f->region_prefix = sc->region;
	f->dept = sc->dept;
	f->only_id = sc->unit_id;
	if (cr_input_page(q->limit, q->after, &f->limit, &f->after, err))
		return -1;
	if (f->status && *f->status && strcmp(f->status, "active") &&
	    strcmp(f->status, "archived")) {
		return cr_err_set(err, 400, "invalid", "status",
				  "status must be active or archived");
	}
	if (f->size_class && *f->size_class && strcmp(f->size_class, "above") &&
	    strcmp(f->size_class, "below")) {
		return cr_err_set(err, 400, "invalid", "size_class",
				  "size_class must be above or below");
	}
	if (f->q && cr_utf8_len(f->q, strlen(f->q)) < 0) {
		return cr_err_set(err, 400, "invalid_utf8", "q", "q is not valid UTF-8");
	}
	if (f->q && strlen(f->q) > 200) {
		return cr_err_set(err, 400, "invalid", "q", "q is too long");
	}
	/* A search that looks like a 统一社会信用代码 (6 to 18 letters and digits, some digits)
	 * matches codes that start with it, from the unit index. */
	if (credit_code_prefix(f->q, f->credit_buf)) {
		f->q = NULL;
		f->credit_prefix = f->credit_buf;
	}
	return 0;
}

char *cr_unit_list(sqlite3 *c, const struct cr_user *u, const struct cr_unit_query *q,
		   struct cr_err *err)
{
	struct cr_unit_filter f;
	struct cr_scope sc;
	if (cr_unit_list_filter(u, q, &f, &sc, err))
		return NULL;
	if (!f.q || !*f.q)
		return cr_store_unit_page_text(c, &f, err);
	json_t *out = cr_store_unit_list(c, &f, err);
	char *text = out ? cr_json_dump(out) : NULL;
	json_decref(out);
	return text;
}

/* ===== Import ===== */

/* Column headers: field names or the Chinese labels used on government forms. */
static const struct {
	const char *field, *label;
} columns[] = {
	{ "credit_code", "统一社会信用代码" },
	{ "name", "单位名称" },
	{ "sector", "行业" },
	{ "dept", "监管部门" },
	{ "region", "行政区划" },
	{ "address", "地址" },
	{ "lon", "经度" },
	{ "lat", "纬度" },
	{ "size_class", "规模" },
	{ "employees", "从业人数" },
	{ "contact_name", "联系人" },
	{ "contact_phone", "联系电话" },
};
#define NCOLS (sizeof columns / sizeof columns[0])
#define MAX_ROW_ERRORS 1000
#define BULK_IMPORT_BYTES (2u << 20) /* about 10,000 rows */

struct import_ctx {
	sqlite3 *c;
	const struct cr_user *u;
	enum cr_coords sys; /* of the file's lon/lat */
	int colfield[256];  /* table column → index in columns[], -1 = ignored */
	size_t ncols;
	long long imported, first_id, last_id;
	json_t *errors;
};

static void row_error(struct import_ctx *x, size_t rowno, const struct cr_err *e)
{
	json_t *o;
	if (json_array_size(x->errors) < MAX_ROW_ERRORS && (o = cr_err_json(e))) {
		json_object_set_new(o, "row", json_integer((json_int_t)rowno));
		json_array_append_new(x->errors, o);
	}
}

static int header(struct import_ctx *x, const char *const *cells, size_t n, struct cr_err *err)
{
	x->ncols = n < 256 ? n : 256;
	bool seen[NCOLS] = { false };
	for (size_t i = 0; i < x->ncols; i++) {
		x->colfield[i] = -1;
		for (size_t k = 0; k < NCOLS; k++)
			if (strcmp(cells[i], columns[k].field) == 0 ||
			    strcmp(cells[i], columns[k].label) == 0) {
				if (seen[k])
					return cr_err_set(err, 400, "invalid", columns[k].field,
							  "column %s appears twice", cells[i]);
				seen[k] = true;
				x->colfield[i] = (int)k;
			}
		if (x->colfield[i] < 0 && cells[i][0])
			return cr_err_set(err, 400, "unknown_field", cells[i],
					  "unknown column '%s'", cells[i]);
	}
	for (size_t k = 0; k < NCOLS; k++)
		if (!seen[k] && (k == 0 || k == 1 || k == 2 || k == 4 || k == 8))
			return cr_err_set(err, 400, "required", columns[k].field,
					  "the header row has no column %s (%s)", columns[k].field,
					  columns[k].label);
	return 0;
}

/* Turns a table cell into the JSON value the API would take. */
static json_t *cell_value(const char *field, const char *cell)
{
	if (strcmp(field, "lon") == 0 || strcmp(field, "lat") == 0 ||
	    strcmp(field, "employees") == 0) {
		char *end;
		double v = strtod(cell, &end);
		if (end == cell || *end)
			return json_string(cell); /* refused with a type error naming the field */
		if (strcmp(field, "employees") == 0 && v == (double)(long long)v)
			return json_integer((json_int_t)v);
		return json_real(v);
	}
	if (strcmp(field, "size_class") == 0) {
		if (strcmp(cell, "规上") == 0)
			return json_string("above");
		if (strcmp(cell, "规下") == 0)
			return json_string("below");
	}
	return json_string(cell);
}

static int import_row(void *ctx, size_t rowno, const char *const *cells, size_t n,
		      struct cr_err *err)
{
	struct import_ctx *x = ctx;
	if (rowno == 1)
		return header(x, cells, n, err);
	json_t *obj = json_object();
	for (size_t i = 0; i < n && i < x->ncols; i++)
		if (x->colfield[i] >= 0 && cells[i][0])
			json_object_set_new(obj, columns[x->colfield[i]].field,
					    cell_value(columns[x->colfield[i]].field, cells[i]));
	struct unit_buf b = { 0 };
	struct cr_err e = { 0 };
	long long id;
	if (validate(x->c, obj, x->sys, &b, &e)) {
		row_error(x, rowno, &e);
	} else if (!cr_user_can_manage_unit(x->u, b.row.region, b.row.dept)) {
		cr_err_set(&e, 403, "forbidden", "region",
			   "region %s / department %s is outside your scope", b.row.region,
			   b.row.dept);
		cr_err_param(&e, "rule", "region_scope");
		cr_err_param(&e, "region", "%s", b.row.region);
		row_error(x, rowno, &e);
	} else if (json_array_size(x->errors) == 0) {
		/* Rows are written as they come; any error later rolls them all back. */
		if (cr_store_unit_insert_bulk(x->c, &b.row, &id, &e)) {
			row_error(x, rowno, &e);
		} else {
			if (!x->first_id)
				x->first_id = id;
			x->last_id = id;
			x->imported++;
		}
	}
	json_decref(obj);
	return 0;
}

json_t *cr_unit_import(sqlite3 *c, const struct cr_user *u, const void *data, size_t len,
		       const char *coords, json_t **rows, struct cr_err *err)
{
	*rows = NULL;
	enum cr_coords sys;
	if (coords_named(coords, &sys, err))
		return NULL;
	if (u->role == CR_ROLE_UNIT || u->role == CR_ROLE_EXPERT) {
		cr_err_set(err, 403, "forbidden", "", "your role may not import units");
		return NULL;
	}
	struct import_ctx x = { .c = c, .u = u, .sys = sys, .errors = json_array() };
	if (cr_db_begin(c, err)) {
		json_decref(x.errors);
		return NULL;
	}
	/* A large file loads faster into the bare table with each index built once at the end
	 * (a quarter less time at city scale); both happen inside the import's transaction. */
	bool bulk = len >= BULK_IMPORT_BYTES;
	json_t *after = NULL;
	int rc = -1;
	if (bulk && cr_schema_units_indexes(c, false, err))
		goto out;
	if (cr_table_read(data, len, import_row, &x, err))
		goto out;
	if (bulk && cr_schema_units_indexes(c, true, err))
		goto out;
	if (x.ncols == 0) {
		cr_err_set(err, 400, "invalid", "", "the table is empty");
		goto out;
	}
	/* One audit entry for the import, in its transaction: the file's hash and the ids it made
	 * (a unit's history shows it, see cr_audit_history). */
	if (json_array_size(x.errors) == 0 && x.imported) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * crypto_hash_sha256_BYTES + 1], ids[48];
		crypto_hash_sha256(h, data, len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		snprintf(ids, sizeof ids, "%lld-%lld", x.first_id, x.last_id);
		after = json_pack("{sI sI sI ss ss}", "rows", x.imported, "first_id", x.first_id,
				  "last_id", x.last_id, "sha256", hex, "format",
				  len >= 2 && memcmp(data, "PK", 2) == 0 ? "xlsx" : "csv");
		if (cr_store_units_index_names(c, x.first_id, x.last_id, err))
			goto out;
		if (cr_audit_write(c, u, "unit_import", ids, "import", NULL, after, err))
			goto out;
	}
	if (json_array_size(x.errors) > 0) {
		cr_err_set(err, 422, "invalid_rows", "",
			   "%zu row(s) are invalid; nothing was imported",
			   json_array_size(x.errors));
		*rows = x.errors;
		x.errors = NULL;
		goto out;
	}
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	json_decref(after);
	if (rc) {
		cr_db_rollback(c);
		json_decref(x.errors);
		return NULL;
	}
	json_decref(x.errors);
	return json_pack("{sI}", "imported", x.imported);
}
