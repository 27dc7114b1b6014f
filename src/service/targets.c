/* targets.c — vulnerable target use cases: field rules, territory checks, transactions with
 * audit, import. It must not speak HTTP or build SQL: store/targets.c holds the SQL. */
#include "service/targets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/geo.h"
#include "service/import.h"
#include "service/input.h"
#include "service/territorial.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/refdata.h"
#include "store/targets.h"

/* Kinds, their Chinese names, GB 36894 protection class by default and the department that
 * supervises them (data/departments.csv). */
static const struct {
	const char *kind, *cn, *klass, *dept;
} kinds[] = {
	{ "school", "学校", "high", "JYJ" },
	{ "kindergarten", "幼儿园", "high", "JYJ" },
	{ "hospital", "医院", "high", "WJW" },
	{ "elderly_home", "养老院", "high", "MZJ" },
	{ "welfare_home", "福利院", "high", "MZJ" },
	{ "mall", "商场", "important", "SWJ" },
	{ "station", "车站", "important", "JTJ" },
	{ "stadium", "体育场馆", "important", "TYJ" },
	{ "residential", "居住区", "general", "ZJJ" },
	{ "religious", "宗教场所", "important", "MZZJ" },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* GB 36894-2018 protection targets: 高敏感, 重要, 一般 (qra-reference.md). */
static const struct {
	const char *code, *cn;
} classes[] = { { "high", "高敏感防护目标" },
		{ "important", "重要防护目标" },
		{ "general", "一般防护目标" } };

static int kind_index(const char *kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kind, kinds[i].kind) == 0 || strcmp(kind, kinds[i].cn) == 0)
			return (int)i;
	return -1;
}

const char *cr_target_kind_cn(const char *kind)
{
	int k = kind ? kind_index(kind) : -1;
	return k < 0 ? "" : kinds[k].cn;
}

const char *cr_target_class_cn(const char *protection_class)
{
	for (size_t i = 0; protection_class && i < 3; i++)
		if (strcmp(protection_class, classes[i].code) == 0)
			return classes[i].cn;
	return "";
}

bool cr_target_readable(const struct cr_user *u, const char *region)
{
	return u->role != CR_ROLE_UNIT && cr_user_covers_region(u, region);
}

static bool can_write(const struct cr_user *u, const char *region)
{
	return (u->role == CR_ROLE_CITY || u->role == CR_ROLE_DISTRICT ||
		u->role == CR_ROLE_STREET) &&
	       cr_user_covers_region(u, region);
}

static const char *const writable[] = {
	"name", "kind", "protection_class", "region",       "dept",   "address",
	"lon",  "lat",  "people_day",       "people_night", "coords", NULL,
};

struct target_buf {
	char region[16], dept[16];
	struct cr_target_row row;
};

static int validate(struct cr_conn *c, const json_t *in, enum cr_coords sys, struct target_buf *b,
		    struct cr_err *err)
{
	struct cr_target_row *r = &b->row;
	const char *region, *dept = "", *klass = "";
	if (cr_input_required_text(in, "name", 100, &r->name, err) ||
	    cr_input_required_text(in, "kind", 20, &r->kind, err) ||
	    cr_input_required_text(in, "region", 9, &region, err) ||
	    cr_input_optional_text(in, "protection_class", 12, &klass, err) ||
	    cr_input_optional_text(in, "dept", 15, &dept, err) ||
	    cr_input_optional_text(in, "address", 200, &r->address, err))
		return -1;
	int k = kind_index(r->kind);
	if (k < 0) {
		cr_err_set(
			err, 400, "invalid", "kind",
			"kind must be school, kindergarten, hospital, elderly_home, welfare_home,"
			" mall, station, stadium, residential or religious");
		return cr_err_param(err, "rule", "target_kind");
	}
	r->kind = kinds[k].kind;
	r->protection_class = *klass ? klass : kinds[k].klass;
	if (strcmp(r->protection_class, "high") && strcmp(r->protection_class, "important") &&
	    strcmp(r->protection_class, "general"))
		return cr_err_set(err, 400, "invalid", "protection_class",
				  "protection_class must be high, important or general (GB 36894)");
	if (cr_region_resolve(c, region, "region", b->region, err))
		return -1;
	r->region = b->region;
	if (*dept && !cr_store_dept_exists(c, dept))
		return cr_err_set(err, 400, "invalid", "dept", "no department '%s'", dept);
	snprintf(b->dept, sizeof b->dept, "%s", *dept ? dept : kinds[k].dept);
	r->dept = b->dept;
	r->people_day = r->people_night = -1;
	if (cr_json_int(in, "people_day", 0, 10000000, &r->people_day, err) < 0 ||
	    cr_json_int(in, "people_night", 0, 10000000, &r->people_night, err) < 0)
		return -1;
	bool has;
	return cr_territorial_place(c, in, sys, r->region, "a target needs lon and lat", &r->lon,
				    &r->lat, &has, err);
}

static bool readable(const struct cr_user *u, const json_t *t)
{
	return cr_target_readable(u, json_string_value(json_object_get(t, "region")));
}

static bool changeable(const struct cr_user *u, const json_t *t)
{
	return can_write(u, json_string_value(json_object_get(t, "region")));
}

/* a new kind brings its own class and department unless they are given */
static void merge(json_t *merged, const json_t *body)
{
	if (json_object_get(body, "kind") && !json_object_get(body, "protection_class"))
		json_object_del(merged, "protection_class");
	if (json_object_get(body, "kind") && !json_object_get(body, "dept"))
		json_object_del(merged, "dept");
}

static int write_record(struct cr_conn *c, const struct cr_user *u, const json_t *rec,
			enum cr_coords sys, long long *id, long long expect, struct cr_err *err)
{
	struct target_buf b = { 0 };
	if (validate(c, rec, sys, &b, err))
		return -1;
	if (!can_write(u, b.row.region)) {
		cr_territorial_refuse(err, "region", "region_scope", 0,
				      *id ? "you may not move the target there"
					  : "you may not register targets there");
		return cr_err_param(err, "region", "%s", b.row.region);
	}
	return *id ? cr_store_target_update(c, *id, &b.row, expect, err)
		   : cr_store_target_insert(c, &b.row, id, err);
}

static const char *const patchable[] = {
	"name", "kind",       "protection_class", "region", "dept",    "address", "lon",
	"lat",  "people_day", "people_night",     "coords", "version", NULL,
};

static const struct cr_territorial target_register = {
	.entity = "target",
	.scope_rule = "target_scope",
	.change_rule = "target_change",
	.writable = writable,
	.patchable = patchable,
	.get = cr_store_target_get,
	.set_status = cr_store_target_set_status,
	.readable = readable,
	.changeable = changeable,
	.merge = merge,
	.write = write_record,
};

json_t *cr_target_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			 struct cr_err *err)
{
	return cr_territorial_create(c, u, &target_register, body, err);
}

json_t *cr_target_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	return cr_territorial_read(c, u, &target_register, id, err);
}

json_t *cr_target_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			const json_t *body, struct cr_err *err)
{
	return cr_territorial_patch(c, u, &target_register, id, body, err);
}

json_t *cr_target_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			  struct cr_err *err)
{
	return cr_territorial_archive(c, u, &target_register, id, err);
}

int cr_target_list_filter(const struct cr_user *u, const struct cr_target_query *q,
			  struct cr_target_filter *f, struct cr_scope *sc, struct cr_err *err)
{
	*f = (struct cr_target_filter){ .kind = q->kind,
					.protection_class = q->protection_class,
					.dept = q->dept,
					.q = q->q,
					.status = q->status,
					.limit = CR_INPUT_LIMIT_DEFAULT };
	if (u->role == CR_ROLE_UNIT) {
		cr_err_set(err, 403, "forbidden", "", "unit accounts do not read the targets");
		return cr_err_param(err, "rule", "target_scope");
	}
	if (cr_input_page(q->limit, q->after, &f->limit, &f->after, err))
		return -1;
	/* targets have no industry: a department account reads its whole territory */
	struct cr_user as_place = *u;
	as_place.dept[0] = 0;
	if (as_place.role == CR_ROLE_CITY_DEPT)
		as_place.role = CR_ROLE_CITY;
	if (as_place.role == CR_ROLE_DISTRICT_DEPT || as_place.role == CR_ROLE_EXPERT)
		as_place.role = CR_ROLE_DISTRICT;
	if (cr_user_scope(&as_place, q->region, NULL, 0, sc, err))
		return -1;
	f->region_prefix = sc->region;
	if (f->status && *f->status && strcmp(f->status, "active") && strcmp(f->status, "archived"))
		return cr_err_set(err, 400, "invalid", "status",
				  "status must be active or archived");
	if (f->q && strlen(f->q) > 200)
		return cr_err_set(err, 400, "invalid", "q", "q is too long");
	return 0;
}

json_t *cr_target_list(struct cr_conn *c, const struct cr_user *u, const struct cr_target_query *q,
		       struct cr_err *err)
{
	struct cr_target_filter f;
	struct cr_scope sc;
	if (cr_target_list_filter(u, q, &f, &sc, err))
		return NULL;
	return cr_store_target_list(c, &f, err);
}

/* ===== Import ===== */

static const struct cr_import_column columns[] = {
	{ "name", "名称", true },
	{ "kind", "类型", true },
	{ "protection_class", "防护类别", false },
	{ "region", "行政区划", true },
	{ "dept", "主管部门", false },
	{ "address", "地址", false },
	{ "lon", "经度", true },
	{ "lat", "纬度", true },
	{ "people_day", "白天人数", false },
	{ "people_night", "夜间人数", false },
};

static json_t *cell_value(const char *field, const char *cell)
{
	if (strcmp(field, "lon") && strcmp(field, "lat") && strncmp(field, "people_", 7))
		return json_string(cell);
	char *end;
	double v = strtod(cell, &end);
	if (end == cell || *end)
		return json_string(cell);
	if (field[0] == 'p' && v == (double)(long long)v)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static int import_row(struct cr_import *x, const json_t *rec, long long *id, struct cr_err *e)
{
	struct target_buf b = { 0 };
	if (validate(x->c, rec, x->sys, &b, e))
		return -1;
	if (!can_write(x->u, b.row.region)) {
		cr_territorial_refuse(e, "region", "region_scope", 0,
				      "this region is outside your scope");
		cr_err_param(e, "region", "%s", b.row.region);
		return -1;
	}
	if (cr_import_failing(x))
		return 1;
	return cr_store_target_insert(x->c, &b.row, id, e) ? -1 : 0;
}

json_t *cr_target_import(struct cr_conn *c, const struct cr_user *u, const void *data, size_t len,
			 const char *coords, const struct cr_import_progress *progress,
			 json_t **rows, struct cr_err *err)
{
	*rows = NULL;
	enum cr_coords sys = CR_COORDS_WGS84;
	if (cr_input_coords_named(coords, &sys, err))
		return NULL;
	if (u->role != CR_ROLE_CITY && u->role != CR_ROLE_DISTRICT && u->role != CR_ROLE_STREET) {
		cr_territorial_refuse(err, "", "target_change", 0,
				      "your role may not import targets");
		return NULL;
	}
	struct cr_import x = { .c = c,
			       .u = u,
			       .sys = sys,
			       .columns = columns,
			       .ncolumns = sizeof columns / sizeof columns[0],
			       .cell = cell_value,
			       .row = import_row,
			       .progress = progress };
	return cr_import_run(&x, data, len, "target_import", rows, err);
}
