/* resources.c — emergency resource use cases: field rules, scope checks, transactions with
 * audit, the nearest index of the process, import and export. It must not speak HTTP or build
 * SQL (store/resources.c), nor measure distances itself (domain/resource.c). */
#include "service/resources.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/jsonx.h"
#include "domain/geo.h"
#include "domain/resource.h"
#include "io/table_write.h"
#include "service/input.h"
#include "service/territorial.h"
#include "service/installations.h"
#include "service/risks.h"
#include "service/import.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/refdata.h"
#include "store/resources.h"
#include "store/units.h"

/* ===== Fields ===== */

/* The fields, their Chinese labels (import headers and export columns) and whether an
 * import needs them. */
static const struct {
	const char *field, *label;
	bool required, number;
} columns[] = {
	{ "name", "名称", true, false },
	{ "kind", "类型", true, false },
	{ "unit_id", "所属单位ID", false, true },
	{ "region", "行政区划", false, false },
	{ "dept", "主管部门", false, false },
	{ "owner", "权属单位", false, false },
	{ "address", "地址", false, false },
	{ "lon", "经度", true, true },
	{ "lat", "纬度", true, true },
	{ "quantity", "数量", false, true },
	{ "measure", "计量单位", false, false },
	{ "contact_name", "联系人", false, false },
	{ "contact_phone", "联系电话", false, false },
	{ "available", "可用", false, false },
};
#define NCOLS (sizeof columns / sizeof columns[0])

static const char *const writable[] = {
	"name",          "kind",      "unit_id", "region",   "dept",    "owner",
	"address",       "lon",       "lat",     "quantity", "measure", "contact_name",
	"contact_phone", "available", "coords",  NULL,
};

struct resource_buf {
	char region[16], dept[16], owner[256];
	struct cr_resource_row row;
};

/* The owning unit's place and name, when unit_id is given and u may change its records. */
static int owner_unit(struct cr_conn *c, const struct cr_user *u, long long unit_id,
		      struct resource_buf *b, struct cr_err *err)
{
	if (cr_risk_unit_writable(c, u, unit_id, err))
		return -1;
	json_t *unit = cr_store_unit_get(c, unit_id, err);
	if (!unit)
		return -1;
	snprintf(b->region, sizeof b->region, "%s",
		 json_string_value(json_object_get(unit, "region")));
	snprintf(b->dept, sizeof b->dept, "%s", json_string_value(json_object_get(unit, "dept")));
	if (!*b->row.owner)
		snprintf(b->owner, sizeof b->owner, "%s",
			 json_string_value(json_object_get(unit, "name")));
	else
		snprintf(b->owner, sizeof b->owner, "%s", b->row.owner);
	json_decref(unit);
	return 0;
}

/* Checks a whole record and that u may write it; fills b. */
static int validate(struct cr_conn *c, const struct cr_user *u, const json_t *in,
		    enum cr_coords sys, struct resource_buf *b, struct cr_err *err)
{
	struct cr_resource_row *r = &b->row;
	const char *region = "", *dept = "";
	if (cr_input_required_text(in, "name", 100, &r->name, err) ||
	    cr_input_required_text(in, "kind", 20, &r->kind, err) ||
	    cr_input_optional_text(in, "region", 9, &region, err) ||
	    cr_input_optional_text(in, "dept", 15, &dept, err) ||
	    cr_input_optional_text(in, "owner", 100, &r->owner, err) ||
	    cr_input_optional_text(in, "address", 200, &r->address, err) ||
	    cr_input_optional_text(in, "measure", 20, &r->measure, err) ||
	    cr_input_optional_text(in, "contact_name", 50, &r->contact_name, err) ||
	    cr_input_optional_text(in, "contact_phone", 30, &r->contact_phone, err))
		return -1;
	int k = cr_resource_kind_parse(r->kind);
	if (k < 0) {
		cr_err_set(err, 400, "invalid", "kind",
			   "kind must be team, expert, material, equipment, shelter or depot");
		return cr_err_param(err, "rule", "resource_kind");
	}
	r->kind = cr_resource_kind_codes[k];
	r->quantity = -1;
	r->available = true;
	if (cr_json_int(in, "unit_id", 1, 1LL << 53, &r->unit_id, err) < 0 ||
	    cr_json_num(in, "quantity", 0, 1e12, &r->quantity, err) < 0 ||
	    cr_json_bool(in, "available", &r->available, err) < 0)
		return -1;
	if (r->unit_id > 0) {
		/* a unit's resource is where the unit is registered, under its department */
		if (owner_unit(c, u, r->unit_id, b, err))
			return -1;
		r->owner = b->owner;
	} else {
		if (!*region)
			return cr_err_set(err, 400, "required", "region",
					  "a resource of no unit needs its region");
		if (cr_region_resolve(c, region, "region", b->region, err))
			return -1;
		if (*dept && !cr_store_dept_exists(c, dept))
			return cr_err_set(err, 400, "invalid", "dept", "no department '%s'", dept);
		snprintf(b->dept, sizeof b->dept, "%s", dept);
		if (!cr_resource_can_write(u, b->region, b->dept)) {
			cr_territorial_refuse(err, "region", "resource_scope", 0,
					      "you may not register resources there");
			return cr_err_param(err, "region", "%s", b->region);
		}
	}
	r->region = b->region;
	r->dept = b->dept;
	bool has;
	return cr_territorial_place(c, in, sys, r->region, "a resource needs lon and lat", &r->lon,
				    &r->lat, &has, err);
}

/* May u change the stored resource? */
static bool may_change(const struct cr_user *u, const json_t *res)
{
	long long unit_id = json_integer_value(json_object_get(res, "unit_id"));
	const char *region = json_string_value(json_object_get(res, "region"));
	const char *dept = json_string_value(json_object_get(res, "dept"));
	if (unit_id > 0)
		return cr_user_can_edit_unit(u, unit_id, region, dept);
	return cr_resource_can_write(u, region, dept);
}

static bool readable(const struct cr_user *u, const json_t *r)
{
	return cr_resource_can_read(u, json_integer_value(json_object_get(r, "unit_id")),
				    json_string_value(json_object_get(r, "region")));
}

/* A unit's resource follows the unit: no unit_id or quantity left null, a new owner unless
 * one is given. */
static void merge(json_t *merged, const json_t *body)
{
	if (json_is_null(json_object_get(merged, "unit_id")))
		json_object_del(merged, "unit_id");
	if (json_is_null(json_object_get(merged, "quantity")))
		json_object_del(merged, "quantity");
	if (json_object_get(merged, "unit_id") && !json_object_get(body, "owner"))
		json_object_del(merged, "owner");
}

static int write_record(struct cr_conn *c, const struct cr_user *u, const json_t *rec,
			enum cr_coords sys, long long *id, long long expect, struct cr_err *err)
{
	struct resource_buf b = { 0 };
	if (validate(c, u, rec, sys, &b, err))
		return -1;
	return *id ? cr_store_resource_update(c, *id, &b.row, expect, err)
		   : cr_store_resource_insert(c, &b.row, id, err);
}

static const char *const patchable[] = {
	"name",      "kind",   "region",   "dept",    "owner",        "address",
	"lon",       "lat",    "quantity", "measure", "contact_name", "contact_phone",
	"available", "coords", "version",  NULL,
};

static const struct cr_territorial resource_register = {
	.entity = "resource",
	.scope_rule = "resource_scope",
	.change_rule = "resource_change",
	.writable = writable,
	.patchable = patchable,
	.get = cr_store_resource_get,
	.set_status = cr_store_resource_set_status,
	.readable = readable,
	.changeable = may_change,
	.merge = merge,
	.write = write_record,
};

json_t *cr_resource_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			   struct cr_err *err)
{
	return cr_territorial_create(c, u, &resource_register, body, err);
}

json_t *cr_resource_read(struct cr_conn *c, const struct cr_user *u, long long id,
			 struct cr_err *err)
{
	return cr_territorial_read(c, u, &resource_register, id, err);
}

json_t *cr_resource_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			  const json_t *body, struct cr_err *err)
{
	return cr_territorial_patch(c, u, &resource_register, id, body, err);
}

json_t *cr_resource_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			    struct cr_err *err)
{
	return cr_territorial_archive(c, u, &resource_register, id, err);
}

/* ===== Lists ===== */

static int list_filter(const struct cr_user *u, const struct cr_resource_query *q,
		       struct cr_resource_filter *f, char region[24], struct cr_err *err)
{
	*f = (struct cr_resource_filter){ .kind = q->kind,
					  .dept = q->dept,
					  .q = q->q,
					  .status = q->status,
					  .limit = CR_INPUT_LIMIT_DEFAULT };
	if (cr_input_page(q->limit, q->after, &f->limit, &f->after, err))
		return -1;
	if (q->kind && *q->kind) {
		int k = cr_resource_kind_parse(q->kind);
		if (k < 0)
			return cr_err_set(err, 400, "invalid", "kind", "no resource kind '%s'",
					  q->kind);
		f->kind = cr_resource_kind_codes[k];
	}
	if (q->unit_id && *q->unit_id) {
		char *end;
		f->unit_id = strtoll(q->unit_id, &end, 10);
		if (*end || f->unit_id <= 0)
			return cr_err_set(err, 400, "invalid", "unit_id", "unit_id must be an id");
	}
	if (u->role == CR_ROLE_UNIT) {
		if (f->unit_id && f->unit_id != u->unit_id)
			return cr_territorial_refuse(err, "unit_id", "resource_scope", f->unit_id,
						     "you read only your own unit's resources");
		f->unit_id = u->unit_id;
	}
	/* resources serve every department: a department account reads its whole territory */
	const char *want = q->region ? q->region : "";
	for (const char *p = want; *p; p++)
		if (*p < '0' || *p > '9' || p - want >= 12)
			return cr_err_set(err, 400, "invalid", "region",
					  "region must be a region code prefix");
	if (!cr_user_region_filter(u, want, region, 24))
		return cr_territorial_refuse(err, "region", "resource_scope", 0,
					     "that region is outside your scope");
	f->region_prefix = region;
	if (f->status && *f->status && strcmp(f->status, "active") && strcmp(f->status, "archived"))
		return cr_err_set(err, 400, "invalid", "status",
				  "status must be active or archived");
	if (f->q && strlen(f->q) > 200)
		return cr_err_set(err, 400, "invalid", "q", "q is too long");
	return 0;
}

json_t *cr_resource_list(struct cr_conn *c, const struct cr_user *u,
			 const struct cr_resource_query *q, struct cr_err *err)
{
	struct cr_resource_filter f;
	char region[24];
	if (list_filter(u, q, &f, region, err))
		return NULL;
	return cr_store_resource_list(c, &f, err);
}

/* ===== The nearest index ===== */

#define CELL_DEG 0.02 /* ~2 km: resources are sparse */
#define MAX_NEAR 100

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct cr_expo_grid *grid;
static char grid_at[32]; /* greatest updated_at applied */

static int apply_place(void *ctx, const struct cr_resource_place *p)
{
	(void)ctx;
	if (p->updated_at && strcmp(p->updated_at, grid_at) > 0)
		snprintf(grid_at, sizeof grid_at, "%s", p->updated_at);
	int k = cr_resource_kind_parse(p->kind);
	if (strcmp(p->status, "active") != 0 || k < 0) {
		for (int i = 0; i < CR_RESOURCE_KINDS; i++)
			cr_expo_grid_drop(grid, i, p->id);
		return 0;
	}
	struct cr_expo_point pt = {
		.id = p->id,
		.kind = k,
		.lon = p->lon,
		.lat = p->lat,
		.owner_id = p->unit_id,
		.grade = p->available, /* carried: 1 when available */
	};
	snprintf(pt.region, sizeof pt.region, "%s", p->region ? p->region : "");
	snprintf(pt.dept, sizeof pt.dept, "%s", p->dept ? p->dept : "");
	/* a kind change moves it to another key */
	for (int i = 0; i < CR_RESOURCE_KINDS; i++)
		if (i != k)
			cr_expo_grid_drop(grid, i, p->id);
	return cr_expo_grid_put(grid, &pt);
}

/* Under the lock. Rows changed at or after the last timestamp applied are read again, so a
 * write in the same millisecond is never missed. */
static int sync_locked(struct cr_conn *c, struct cr_err *err)
{
	if (!grid && !(grid = cr_expo_grid_new(CELL_DEG)))
		return cr_err_set(err, 500, "oom", "", "out of memory");
	char since[32];
	snprintf(since, sizeof since, "%s", grid_at);
	int rc = cr_store_resources_changed(c, since, apply_place, NULL, err);
	if (rc > 0)
		return cr_err_set(err, 500, "oom", "", "out of memory");
	return rc;
}

long long cr_resource_sync(struct cr_conn *c, struct cr_err *err)
{
	pthread_mutex_lock(&lock);
	long long n = sync_locked(c, err) ? -1 : (long long)cr_expo_grid_count(grid);
	pthread_mutex_unlock(&lock);
	return n;
}

struct keep_ctx {
	const struct cr_user *u;
	int kind;
	bool all;
};

static bool keep(void *ctx, const struct cr_expo_point *p)
{
	const struct keep_ctx *k = ctx;
	return p->kind == k->kind && (k->all || p->grade) &&
	       cr_resource_can_read(k->u, p->owner_id, p->region);
}

static int parse_real(const char *s, const char *field, double min, double max, double *out,
		      struct cr_err *err)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= min && v <= max))
		return cr_err_set(err, 400, "invalid", field, "%s must be a number from %g to %g",
				  field, min, max);
	*out = v;
	return 0;
}

/* The place the question is about: lon/lat, or a readable risk point or installation. */
static int origin_of(struct cr_conn *c, const struct cr_user *u,
		     const struct cr_resource_near_query *q, double *lon, double *lat,
		     struct cr_err *err)
{
	const char *idarg = q->risk && *q->risk ? q->risk : q->installation;
	if (idarg && *idarg) {
		const char *field = idarg == q->risk ? "risk" : "installation";
		char *end;
		long long id = strtoll(idarg, &end, 10);
		if (*end || id <= 0)
			return cr_err_set(err, 400, "invalid", field, "%s must be an id", field);
		json_t *rec = idarg == q->risk ? cr_risk_read(c, u, id, err)
					       : cr_installation_read(c, u, id, err);
		if (!rec)
			return -1;
		json_t *jl = json_object_get(rec, "lon"), *jt = json_object_get(rec, "lat");
		int rc = 0;
		if (!json_is_number(jl) || !json_is_number(jt))
			rc = cr_err_set(err, 400, "required", field,
					"%s %lld has no position on the map", field, id);
		else {
			*lon = json_number_value(jl);
			*lat = json_number_value(jt);
		}
		json_decref(rec);
		return rc;
	}
	if (!q->lon || !*q->lon)
		return cr_err_set(err, 400, "required", "lon",
				  "give lon and lat, risk or installation");
	if (!q->lat || !*q->lat)
		return cr_err_set(err, 400, "required", "lat",
				  "give lon and lat, risk or installation");
	if (parse_real(q->lon, "lon", 73, 136, lon, err) ||
	    parse_real(q->lat, "lat", 3, 54, lat, err))
		return -1;
	return 0;
}

json_t *cr_resource_nearby(struct cr_conn *c, const struct cr_user *u,
			   const struct cr_resource_near_query *q, struct cr_err *err)
{
	double lon, lat, radius = 0, nd = 5;
	int k0 = 0, k1 = CR_RESOURCE_KINDS;
	if (origin_of(c, u, q, &lon, &lat, err))
		return NULL;
	if (q->n && *q->n && parse_real(q->n, "n", 1, MAX_NEAR, &nd, err))
		return NULL;
	if (nd != floor(nd))
		return cr_err_set(err, 400, "invalid", "n", "n must be a whole number"), NULL;
	if (q->radius_m && *q->radius_m &&
	    parse_real(q->radius_m, "radius_m", 1, 1e6, &radius, err))
		return NULL;
	if (q->kind && *q->kind) {
		if ((k0 = cr_resource_kind_parse(q->kind)) < 0) {
			cr_err_set(err, 400, "invalid", "kind", "no resource kind '%s'", q->kind);
			cr_err_param(err, "rule", "resource_kind");
			return NULL;
		}
		k1 = k0 + 1;
	}
	bool all = q->available && strcmp(q->available, "all") == 0;
	if (q->available && *q->available && !all && strcmp(q->available, "yes"))
		return cr_err_set(err, 400, "invalid", "available", "available must be yes or all"),
		       NULL;
	size_t n = (size_t)nd, total = 0;
	long long ids[MAX_NEAR * CR_RESOURCE_KINDS];
	double dist[MAX_NEAR * CR_RESOURCE_KINDS];
	struct cr_resource_hit hits[MAX_NEAR];
	pthread_mutex_lock(&lock);
	if (sync_locked(c, err)) {
		pthread_mutex_unlock(&lock);
		return NULL;
	}
	for (int k = k0; k < k1; k++) {
		struct keep_ctx kc = { u, k, all };
		size_t got = cr_resource_find_nearest(grid, lon, lat, n, radius, keep, &kc, hits);
		for (size_t i = 0; i < got; i++) {
			ids[total] = hits[i].p->id;
			dist[total++] = hits[i].distance_m;
		}
	}
	pthread_mutex_unlock(&lock);
	json_t *rows = cr_store_resource_rows(c, ids, total, err);
	if (!rows)
		return NULL;
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row) {
		for (size_t j = 0; j < total; j++)
			if (ids[j] == json_integer_value(json_object_get(row, "id")))
				json_object_set_new(row, "distance_m",
						    json_real(round(dist[j] * 10) / 10));
	}
	return json_pack("{s{sfsf}so}", "origin", "lon", lon, "lat", lat, "items", rows);
}

/* ===== Import ===== */

static json_t *cell_value(const char *field, const char *cell)
{
	size_t k = 0;
	while (k < NCOLS && strcmp(columns[k].field, field) != 0)
		k++;
	if (k == NCOLS)
		return json_string(cell);
	if (strcmp(field, "available") == 0) {
		if (!strcmp(cell, "是") || !strcmp(cell, "true") || !strcmp(cell, "1"))
			return json_true();
		if (!strcmp(cell, "否") || !strcmp(cell, "false") || !strcmp(cell, "0"))
			return json_false();
		return json_string(cell);
	}
	if (!columns[k].number)
		return json_string(cell);
	char *end;
	double v = strtod(cell, &end);
	if (end == cell || *end)
		return json_string(cell);
	if (strcmp(columns[k].field, "unit_id") == 0 && v == (double)(long long)v)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static int import_row(struct cr_import *x, const json_t *rec, long long *id, struct cr_err *e)
{
	struct resource_buf b = { 0 };
	if (validate(x->c, x->u, rec, x->sys, &b, e))
		return -1;
	if (cr_import_failing(x))
		return 1;
	return cr_store_resource_insert(x->c, &b.row, id, e) ? -1 : 0;
}

json_t *cr_resource_import(struct cr_conn *c, const struct cr_user *u, const void *data, size_t len,
			   const char *coords, const struct cr_import_progress *progress,
			   json_t **rows, struct cr_err *err)
{
	struct cr_import_column cols[NCOLS];
	*rows = NULL;
	enum cr_coords sys = CR_COORDS_WGS84;
	if (cr_input_coords_named(coords, &sys, err))
		return NULL;
	for (size_t k = 0; k < NCOLS; k++)
		cols[k] = (struct cr_import_column){ columns[k].field, columns[k].label,
						     columns[k].required };
	struct cr_import x = { .c = c,
			       .u = u,
			       .sys = sys,
			       .columns = cols,
			       .ncolumns = NCOLS,
			       .cell = cell_value,
			       .row = import_row,
			       .progress = progress };
	return cr_import_run(&x, data, len, "resource_import", rows, err);
}

/* ===== Export ===== */

/* One row's cells as text, in the order of `columns`, into cells (texts in buf). */
static void row_cells(const json_t *row, const char *cells[NCOLS], char buf[NCOLS][64])
{
	for (size_t k = 0; k < NCOLS; k++) {
		const json_t *v = json_object_get(row, columns[k].field);
		cells[k] = buf[k];
		buf[k][0] = 0;
		if (strcmp(columns[k].field, "kind") == 0)
			cells[k] =
				cr_resource_kind_cn(cr_resource_kind_parse(json_string_value(v)));
		else if (strcmp(columns[k].field, "region") == 0)
			cells[k] = json_string_value(v);
		else if (json_is_string(v))
			cells[k] = json_string_value(v);
		else if (json_is_boolean(v))
			cells[k] = json_is_true(v) ? "是" : "否";
		else if (json_is_integer(v))
			snprintf(buf[k], 64, "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v))
			snprintf(buf[k], 64, "%.10g", json_real_value(v));
	}
}

static int read_file(const char *path, char **data, size_t *len, struct cr_err *err)
{
	FILE *f = fopen(path, "rb");
	long n = -1;
	if (f && fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	if (n < 0 || fseek(f, 0, SEEK_SET) != 0 || !(*data = malloc((size_t)n + 1)) ||
	    fread(*data, 1, (size_t)n, f) != (size_t)n) {
		if (f)
			fclose(f);
		if (n >= 0)
			free(*data);
		*data = NULL;
		return cr_err_set(err, 500, "internal", "", "cannot read the export file");
	}
	fclose(f);
	*len = (size_t)n;
	return 0;
}

int cr_resource_export(struct cr_conn *c, const struct cr_user *u,
		       const struct cr_resource_query *q, const char *format, char **data,
		       size_t *len, struct cr_err *err)
{
	struct cr_resource_filter f;
	char region[24], path[] = "/tmp/cityrisk-resources-XXXXXX";
	int fmt = format && strcmp(format, "xlsx") == 0  ? CR_TABLE_XLSX
		  : format && strcmp(format, "csv") == 0 ? CR_TABLE_CSV | CR_TABLE_BOM
							 : 0;
	*data = NULL;
	if (!fmt)
		return cr_err_set(err, 400, "invalid", "format", "format must be csv or xlsx");
	if (list_filter(u, q, &f, region, err))
		return -1;
	int fd = mkstemp(path);
	if (fd < 0)
		return cr_err_set(err, 500, "internal", "", "cannot make a temporary file");
	close(fd);
	struct cr_table_writer *w =
		cr_table_writer_open(path, fmt | CR_TABLE_FORMULA_GUARD, "应急资源", err);
	int rc = -1;
	if (!w)
		goto out;
	const char *head[NCOLS], *cells[NCOLS];
	char types[NCOLS], buf[NCOLS][64];
	for (size_t k = 0; k < NCOLS; k++) {
		head[k] = columns[k].label;
		types[k] = columns[k].number ? 'n' : 's';
	}
	cr_table_writer_row(w, head, NCOLS);
	long long rows = 0;
	f.limit = CR_INPUT_LIMIT_MAX;
	for (;;) {
		json_t *page = cr_store_resource_list(c, &f, err), *row;
		size_t i;
		if (!page) {
			cr_table_writer_close(w, err);
			goto out;
		}
		json_array_foreach(json_object_get(page, "items"), i, row) {
			row_cells(row, cells, buf);
			cr_table_writer_row_typed(w, cells, types, NCOLS);
			rows++;
		}
		json_t *next = json_object_get(page, "next");
		f.after = json_is_string(next) ? strtoll(json_string_value(next), NULL, 10) : 0;
		json_decref(page);
		if (!f.after)
			break;
	}
	if (cr_table_writer_close(w, err))
		goto out;
	json_t *after = json_pack("{ss sI ss}", "format", format, "rows", (json_int_t)rows,
				  "region", region);
	rc = cr_audit_write(c, u, "resource_export", "", "export", NULL, after, err);
	json_decref(after);
	if (!rc)
		rc = read_file(path, data, len, err);
out:
	unlink(path);
	return rc;
}
