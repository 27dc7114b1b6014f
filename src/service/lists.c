/* lists.c — the four lists: scope, one row builder per list (the seed's columns), and the
 * formats (JSON page, GeoJSON, CSV, XLSX). It must not build SQL (store/lists.c) nor write
 * spreadsheet bytes itself (io/table_write.c). */
#include "service/lists.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/jsonx.h"
#include "domain/gb18218.h"
#include "io/table_write.h"
#include "service/input.h"
#include "service/targets.h"
#include "store/lists.h"

#define NCELLS 10

/* One row in the seed's columns, built from a store entry by the list's own function. */
struct list_row {
	char name[256], unit[256], place[256], region[128], level[64], feature[512], dept[128];
	const struct cr_list_entry *e;
};

static const char *const headers[NCELLS] = {
	"编号",
	"名称",
	"所属单位",
	"所处位置",
	"行政区划",
	"风险（隐患）等级",
	"风险（隐患）特征",
	"主管（监管）单位",
	"经度",
	"纬度",
};
static const char *const keys[NCELLS] = {
	"id", "name", "unit", "place", "region_name", "level", "feature", "dept_name", "lon", "lat",
};

static void common(const struct cr_list_entry *e, struct list_row *r)
{
	r->e = e;
	snprintf(r->name, sizeof r->name, "%s", e->name);
	snprintf(r->unit, sizeof r->unit, "%s", e->unit_name);
	snprintf(r->place, sizeof r->place, "%s", e->place);
	snprintf(r->region, sizeof r->region, "%s", *e->region_name ? e->region_name : e->region);
	snprintf(r->dept, sizeof r->dept, "%s", *e->dept_name ? e->dept_name : e->dept);
}

static void row_major_risk(const struct cr_list_entry *e, struct list_row *r)
{
	common(e, r);
	snprintf(r->level, sizeof r->level, "重大风险（Ⅰ级）");
	snprintf(r->feature, sizeof r->feature, "%s%s%s", e->name, *e->detail ? "：" : "",
		 e->detail);
}

static void row_major_hazard(const struct cr_list_entry *e, struct list_row *r)
{
	common(e, r);
	snprintf(r->name, sizeof r->name, "隐患 %lld", e->id);
	snprintf(r->level, sizeof r->level, "重大隐患");
	snprintf(r->feature, sizeof r->feature, "%s", e->name);
}

/* v with `places` decimals (0…6) rounded half up as a reader rounds the figure (S = 3.065 prints
 * 3.07, as the list has always shown it); C's %.2f alone rounds the binary 3.06499… down. The
 * half is added first, then the digits past `places` are cut. */
static const char *decimal(char out[48], double v, int places)
{
	double half = 0.5, w = fabs(v);
	for (int i = 0; i < places; i++)
		half *= 0.1;
	char digits[64];
	snprintf(digits, sizeof digits, "%.*f", places + 9, w + half);
	char *dot = strchr(digits, '.');
	if (dot)
		dot[places ? places + 1 : 0] = 0;
	snprintf(out, 48, "%s%s", v < 0 && strspn(digits, "0.") < strlen(digits) ? "-" : "",
		 digits);
	return out;
}

static void row_hazard_source(const struct cr_list_entry *e, struct list_row *r)
{
	common(e, r);
	const char *grade = cr_gb18218_grade_cn((int)strtol(e->level, NULL, 10));
	snprintf(r->level, sizeof r->level, "%s", grade ? grade : "");
	char S[48], R[48];
	snprintf(r->feature, sizeof r->feature, "%s单元，S = %s，R = %s",
		 cr_gb18218_unit_cn(e->detail), decimal(S, e->s, 2), decimal(R, e->r, 1));
}

static void row_target(const struct cr_list_entry *e, struct list_row *r)
{
	common(e, r);
	snprintf(r->level, sizeof r->level, "%s", cr_target_class_cn(e->level));
	char day[32] = "未知", night[32] = "未知";
	if (e->people_day >= 0)
		snprintf(day, sizeof day, "%lld", e->people_day);
	if (e->people_night >= 0)
		snprintf(night, sizeof night, "%lld", e->people_night);
	snprintf(r->feature, sizeof r->feature, "%s，白天%s人，夜间%s人",
		 cr_target_kind_cn(e->detail), day, night);
}

static const struct {
	const char *name, *title;
	enum cr_list_kind kind;
	void (*row)(const struct cr_list_entry *e, struct list_row *r);
} lists[] = {
	{ "major-risks", "重大安全风险清单", CR_LIST_MAJOR_RISKS, row_major_risk },
	{ "major-hazards", "重大隐患清单", CR_LIST_MAJOR_HAZARDS, row_major_hazard },
	{ "hazard-sources", "重大危险源清单", CR_LIST_HAZARD_SOURCES, row_hazard_source },
	{ "targets", "脆弱性目标清单", CR_LIST_TARGETS, row_target },
};
#define NLISTS (sizeof lists / sizeof lists[0])

static void cells_of(const struct list_row *r, char id[24], char lon[32], char lat[32],
		     const char *cells[NCELLS])
{
	snprintf(id, 24, "%lld", r->e->id);
	lon[0] = lat[0] = 0;
	if (r->e->has_coords) {
		snprintf(lon, 32, "%.6f", r->e->lon);
		snprintf(lat, 32, "%.6f", r->e->lat);
	}
	const char *v[NCELLS] = { id,       r->name,    r->unit, r->place, r->region,
				  r->level, r->feature, r->dept, lon,      lat };
	memcpy(cells, v, sizeof v);
}

/* Which list, and the filter the caller may see. */
static int prepare(const struct cr_user *u, const struct cr_list_query *q, size_t *which,
		   struct cr_list_filter *f, struct cr_scope *sc, struct cr_err *err)
{
	for (*which = 0; *which < NLISTS; (*which)++)
		if (q->name && strcmp(q->name, lists[*which].name) == 0)
			break;
	if (*which == NLISTS && q->name && strcmp(q->name, CR_LIST_ALL) == 0)
		return cr_err_set(err, 400, "invalid", "format",
				  "the four lists together come as xlsx only");
	if (*which == NLISTS) {
		cr_err_set(err, 404, "not_found", "name",
			   "no list '%s' (major-risks, major-hazards, hazard-sources, targets)",
			   q->name ? q->name : "");
		return -1;
	}
	if (u->role == CR_ROLE_UNIT) {
		cr_err_set(err, 403, "forbidden", "", "the lists are the regulators'");
		return cr_err_param(err, "rule", "target_scope");
	}
	if (cr_user_scope(u, q->region, q->dept, 0, sc, err))
		return -1;
	*f = (struct cr_list_filter){ .region_prefix = sc->region, .dept = sc->dept };
	return 0;
}

/* ===== JSON and GeoJSON ===== */

struct json_ctx {
	size_t which;
	json_t *items;
	bool geo;
	long long last;
	int n;
};

static json_t *row_json(const struct list_row *r)
{
	char id[24], lon[32], lat[32];
	const char *cells[NCELLS];
	cells_of(r, id, lon, lat, cells);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->e->id));
	for (int i = 1; i < NCELLS - 2; i++)
		json_object_set_new(o, keys[i], json_string(cells[i]));
	json_object_set_new(o, "region", json_string(r->e->region));
	json_object_set_new(o, "dept", json_string(r->e->dept));
	if (r->e->unit_id)
		json_object_set_new(o, "unit_id", json_integer(r->e->unit_id));
	json_object_set_new(o, "lon", r->e->has_coords ? json_real(r->e->lon) : json_null());
	json_object_set_new(o, "lat", r->e->has_coords ? json_real(r->e->lat) : json_null());
	return o;
}

static int add_json(void *ctx, const struct cr_list_entry *e)
{
	struct json_ctx *x = ctx;
	struct list_row r;
	lists[x->which].row(e, &r);
	x->last = e->id;
	x->n++;
	json_t *o = row_json(&r);
	if (!x->geo)
		return json_array_append_new(x->items, o);
	if (!e->has_coords) {
		json_decref(o);
		return 0;
	}
	return json_array_append_new(x->items, json_pack("{ss s{ss s[ff]} so}", "type", "Feature",
							 "geometry", "type", "Point", "coordinates",
							 e->lon, e->lat, "properties", o));
}

static json_t *columns_json(void)
{
	json_t *a = json_array();
	for (int i = 0; i < NCELLS; i++)
		json_array_append_new(a, json_pack("{ss ss}", "key", keys[i], "label", headers[i]));
	return a;
}

json_t *cr_list_get(struct cr_conn *c, const struct cr_user *u, const struct cr_list_query *q,
		    struct cr_err *err)
{
	size_t which;
	struct cr_list_filter f;
	struct cr_scope sc;
	const char *fmt = q->format && *q->format ? q->format : "json";
	bool geo = strcmp(fmt, "geojson") == 0;
	if (!geo && strcmp(fmt, "json") != 0) {
		cr_err_set(err, 400, "invalid", "format",
			   "format must be json, geojson, csv or xlsx");
		return NULL;
	}
	if (prepare(u, q, &which, &f, &sc, err))
		return NULL;
	f.limit = geo ? 0 : CR_INPUT_LIMIT_DEFAULT;
	if (!geo && cr_input_page(q->limit, q->after, &f.limit, &f.after, err))
		return NULL;
	int want = f.limit;
	if (want)
		f.limit = want + 1; /* one more says whether there is a next page */
	struct json_ctx x = { .which = which, .items = json_array(), .geo = geo };
	bool available;
	if (cr_store_list_each(c, lists[which].kind, &f, add_json, &x, &available, err)) {
		json_decref(x.items);
		return NULL;
	}
	json_t *out;
	if (geo) {
		out = json_pack("{ss so ss ss}", "type", "FeatureCollection", "features", x.items,
				"list", lists[which].name, "title", lists[which].title);
	} else {
		json_t *next = json_null();
		if (want && x.n > want) {
			json_array_remove(x.items, (size_t)want);
			char cur[24];
			snprintf(cur, sizeof cur, "%lld",
				 json_integer_value(json_object_get(
					 json_array_get(x.items, (size_t)want - 1), "id")));
			json_decref(next);
			next = json_string(cur);
		}
		long long total = 0;
		if (cr_store_list_count(c, lists[which].kind, &f, &total, &available, err)) {
			json_decref(x.items);
			json_decref(next);
			return NULL;
		}
		out = json_pack("{ss ss so so so sI sb ss}", "list", lists[which].name, "title",
				lists[which].title, "columns", columns_json(), "items", x.items,
				"next", next, "total", (json_int_t)total, "available", available,
				"region", sc.region);
	}
	if (!available)
		json_object_set_new(out, "note",
				    json_string("major hazard sources (GB 18218 installations) are "
						"not part of this database yet"));
	return out;
}

/* ===== Files ===== */

struct file_ctx {
	size_t which;
	struct cr_table_writer *w;
};

static int add_cells(void *ctx, const struct cr_list_entry *e)
{
	struct file_ctx *x = ctx;
	struct list_row r;
	char id[24], lon[32], lat[32];
	const char *cells[NCELLS];
	lists[x->which].row(e, &r);
	cells_of(&r, id, lon, lat, cells);
	static const char types[NCELLS] = { 'n', 't', 't', 't', 't', 't', 't', 't', 'n', 'n' };
	cr_table_writer_row_typed(x->w, cells, types, NCELLS);
	return 0;
}

static int write_json_file(struct cr_conn *c, const struct cr_user *u,
			   const struct cr_list_query *q, const char *path, struct cr_err *err)
{
	struct cr_list_query all = *q;
	all.limit = NULL;
	all.after = NULL;
	json_t *j = NULL;
	if (strcmp(q->format, "geojson") == 0) {
		j = cr_list_get(c, u, &all, err);
	} else {
		/* every row: pages of 500 joined */
		char after[24] = "0";
		all.limit = "500";
		all.after = after;
		json_t *items = json_array();
		for (;;) {
			json_t *page = cr_list_get(c, u, &all, err);
			if (!page) {
				json_decref(items);
				return -1;
			}
			json_array_extend(items, json_object_get(page, "items"));
			json_t *next = json_object_get(page, "next");
			if (!json_is_string(next)) {
				json_object_set(page, "items", items);
				json_object_set_new(page, "next", json_null());
				j = page;
				break;
			}
			snprintf(after, sizeof after, "%s", json_string_value(next));
			json_decref(page);
		}
		json_decref(items);
	}
	if (!j)
		return -1;
	int rc = json_dump_file(j, path, JSON_COMPACT);
	json_decref(j);
	return rc ? cr_err_set(err, 500, "internal", "", "cannot write %s", path) : 0;
}

/* The four lists as one workbook, a sheet each (the seed's 四单 handed on together), each
 * sheet print-ready under its title and scope. */
static int write_workbook(struct cr_conn *c, const struct cr_user *u, const struct cr_list_query *q,
			  const char *path, struct cr_err *err)
{
	struct cr_list_query one = *q;
	one.name = lists[0].name;
	size_t which;
	struct cr_list_filter f;
	struct cr_scope sc;
	if (prepare(u, &one, &which, &f, &sc, err))
		return -1;
	char scope[96];
	bool dept = sc.dept && *sc.dept;
	snprintf(scope, sizeof scope, "范围：%s%s%s", *sc.region ? sc.region : "全市",
		 dept ? "；主管部门 " : "", dept ? sc.dept : "");
	struct file_ctx x = { 0 };
	x.w = cr_table_writer_open(path, CR_TABLE_XLSX, lists[0].title, err);
	if (!x.w)
		return -1;
	int rc = 0;
	for (size_t i = 0; !rc && i < NLISTS; i++) {
		struct cr_table_layout lay = { .title = lists[i].title, .notes = { scope } };
		bool available;
		x.which = i;
		if ((i && cr_table_writer_sheet(x.w, lists[i].title)) ||
		    cr_table_writer_layout(x.w, &lay) || cr_table_writer_row(x.w, headers, NCELLS))
			break; /* the writer's error comes from close */
		rc = cr_store_list_each(c, lists[i].kind, &f, add_cells, &x, &available, err);
	}
	struct cr_err closing = { 0 };
	if (cr_table_writer_close(x.w, &closing) && !rc) {
		*err = closing;
		rc = -1;
	}
	return rc;
}

int cr_list_write_file(struct cr_conn *c, const struct cr_user *u, const struct cr_list_query *q,
		       const char *path, struct cr_err *err)
{
	const char *fmt = q->format && *q->format ? q->format : "json";
	if (q->name && strcmp(q->name, CR_LIST_ALL) == 0) {
		if (strcmp(fmt, "xlsx") != 0)
			return cr_err_set(err, 400, "invalid", "format",
					  "the four lists together come as xlsx only");
		return write_workbook(c, u, q, path, err);
	}
	if (strcmp(fmt, "json") == 0 || strcmp(fmt, "geojson") == 0)
		return write_json_file(c, u, q, path, err);
	int format;
	if (strcmp(fmt, "csv") == 0)
		format = CR_TABLE_CSV | CR_TABLE_BOM | CR_TABLE_FORMULA_GUARD;
	else if (strcmp(fmt, "xlsx") == 0)
		format = CR_TABLE_XLSX;
	else
		return cr_err_set(err, 400, "invalid", "format",
				  "format must be json, geojson, csv or xlsx");
	size_t which;
	struct cr_list_filter f;
	struct cr_scope sc;
	if (prepare(u, q, &which, &f, &sc, err))
		return -1;
	struct file_ctx x = { .which = which };
	x.w = cr_table_writer_open(path, format, lists[which].title, err);
	if (!x.w)
		return -1;
	cr_table_writer_row(x.w, headers, NCELLS);
	bool available;
	int rc = cr_store_list_each(c, lists[which].kind, &f, add_cells, &x, &available, err);
	struct cr_err closing = { 0 };
	if (cr_table_writer_close(x.w, &closing) && !rc) {
		*err = closing;
		rc = -1;
	}
	return rc;
}

char *cr_list_file_bytes(struct cr_conn *c, const struct cr_user *u, const struct cr_list_query *q,
			 size_t *len, const char **type, char filename[64], struct cr_err *err)
{
	bool xlsx = q->format && strcmp(q->format, "xlsx") == 0;
	*type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		     : "text/csv; charset=utf-8";
	snprintf(filename, 64, "%s.%s", q->name ? q->name : "list", xlsx ? "xlsx" : "csv");
	char path[] = "/tmp/cityrisk-list-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		cr_err_set(err, 500, "internal", "", "cannot make a temporary file");
		return NULL;
	}
	close(fd);
	char *data = NULL;
	FILE *fp = NULL;
	if (cr_list_write_file(c, u, q, path, err))
		goto out;
	fp = fopen(path, "rb");
	long n = -1;
	if (fp && fseek(fp, 0, SEEK_END) == 0)
		n = ftell(fp);
	if (n < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		cr_err_set(err, 500, "internal", "", "cannot read the list back");
		goto out;
	}
	data = malloc((size_t)n + 1);
	if (!data || fread(data, 1, (size_t)n, fp) != (size_t)n) {
		free(data);
		data = NULL;
		cr_err_set(err, 500, "internal", "", "cannot read the list back");
		goto out;
	}
	*len = (size_t)n;
out:
	if (fp)
		fclose(fp);
	unlink(path);
	return data;
}
