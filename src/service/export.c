/* export.c — a register (台账) as rows of human-readable cells: the list's filter and scope,
 * Chinese headers and labels, China time; streamed as CSV or written as XLSX. No SQL here, and
 * never the whole list in memory: one row at a time from the store's cursor. */
#include "service/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/jsonx.h"
#include "domain/date.h"
#include "domain/grade.h"
#include "domain/hazard_clock.h"
#include "domain/hazard_flow.h"
#include "io/table_write.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/refdata.h"
#include "store/regions.h"
#include "store/risk_changes.h"
#include "store/rows.h"
#include "store/targets.h"

/* How a JSON member becomes a cell. */
enum fmt {
	F_TEXT,
	F_INT,
	F_NUM,
	F_M1,
	F_COORD,
	F_CNY, /* numbers: as is, %g, 1 decimal, 6, 2 */
	F_REGION,
	F_DEPT,
	F_SECTOR, /* codes shown by name */
	F_GRADE,
	F_COLOR,
	F_RATING, /* Ⅰ级; 红 from a grade; 红 from "red" */
	F_TIME,
	F_OVERDUE, /* 是/否 from the deadline (its key) and the F_HZ_STATE column, for today */
	F_SIZE,
	F_METHOD,
	F_LEVEL,
	F_RANK,
	F_HZ_GRADE,
	F_HZ_STATE,
	F_HZ_SOURCE,
	F_SUPERVISOR,
	F_STATUS,
	F_TARGET_KIND,
	F_TARGET_CLASS,
};

/* key: the store column table's key, read straight from the export cursor (no derived labels:
 * those are made here from domain/ rules). */
struct column {
	const char *head, *key;
	enum fmt fmt;
};

static const struct column unit_columns[] = {
	{ "编号", "id", F_INT },
	{ "统一社会信用代码", "credit_code", F_TEXT },
	{ "单位名称", "name", F_TEXT },
	{ "行政区划", "region", F_REGION },
	{ "区划代码", "region", F_TEXT },
	{ "行业", "sector", F_SECTOR },
	{ "监管部门", "dept", F_DEPT },
	{ "地址", "address", F_TEXT },
	{ "规模", "size_class", F_SIZE },
	{ "从业人数", "employees", F_INT },
	{ "联系人", "contact_name", F_TEXT },
	{ "联系电话", "contact_phone", F_TEXT },
	{ "四色等级", "rating", F_RATING },
	{ "评定依据", "rating_reason_cn", F_TEXT },
	{ "经度（WGS84）", "lon", F_COORD },
	{ "纬度（WGS84）", "lat", F_COORD },
	{ "状态", "status", F_STATUS },
	{ "更新时间", "updated_at", F_TIME },
};

static const struct column risk_columns[] = {
	{ "编号", "id", F_INT },
	{ "风险点名称", "name", F_TEXT },
	{ "所属单位", "unit_name", F_TEXT },
	{ "行政区划", "region", F_REGION },
	{ "区划代码", "region", F_TEXT },
	{ "行业", "sector", F_SECTOR },
	{ "监管部门", "dept", F_DEPT },
	{ "场所/部位", "place", F_TEXT },
	{ "风险等级", "grade", F_GRADE },
	{ "颜色", "grade", F_COLOR },
	{ "评价方法", "method", F_METHOD },
	{ "分值", "score", F_NUM },
	{ "管控层级", "control_level", F_LEVEL },
	{ "责任人", "owner_name", F_TEXT },
	{ "责任人职务", "owner_rank", F_RANK },
	{ "影响半径（米）", "impact_radius_m", F_M1 },
	{ "经度（WGS84）", "lon", F_COORD },
	{ "纬度（WGS84）", "lat", F_COORD },
	{ "复核时间", "reviewed_at", F_TIME },
	{ "更新时间", "updated_at", F_TIME },
};

static const struct column hazard_columns[] = {
	{ "编号", "id", F_INT },
	{ "隐患描述", "description", F_TEXT },
	{ "所属单位", "unit_name", F_TEXT },
	{ "行政区划", "region", F_REGION },
	{ "行业", "sector", F_SECTOR },
	{ "监管部门", "dept", F_DEPT },
	{ "隐患级别", "grade", F_HZ_GRADE },
	{ "来源", "source", F_HZ_SOURCE },
	{ "状态", "state", F_HZ_STATE },
	{ "发现时间", "found_at", F_TIME },
	{ "发现人", "found_by", F_TEXT },
	{ "整改期限", "deadline", F_TEXT },
	{ "是否逾期", "deadline", F_OVERDUE },
	{ "挂牌督办", "supervised_by", F_SUPERVISOR },
	{ "整改措施", "measures", F_TEXT },
	{ "整改责任人", "responsible", F_TEXT },
	{ "整改资金（元）", "funds_cny", F_CNY },
	{ "闭环时间", "closed_at", F_TIME },
	{ "位置", "location", F_TEXT },
	{ "经度（WGS84）", "lon", F_COORD },
	{ "纬度（WGS84）", "lat", F_COORD },
};

/* 脆弱性目标: the columns of the import template (service/targets.c), labelled in Chinese. */
static const struct column target_columns[] = {
	{ "编号", "id", F_INT },
	{ "名称", "name", F_TEXT },
	{ "类型", "kind", F_TARGET_KIND },
	{ "防护类别", "protection_class", F_TARGET_CLASS },
	{ "行政区划", "region", F_REGION },
	{ "区划代码", "region", F_TEXT },
	{ "主管部门", "dept", F_DEPT },
	{ "地址", "address", F_TEXT },
	{ "白天人数", "people_day", F_INT },
	{ "夜间人数", "people_night", F_INT },
	{ "经度（WGS84）", "lon", F_COORD },
	{ "纬度（WGS84）", "lat", F_COORD },
	{ "状态", "status", F_STATUS },
	{ "更新时间", "updated_at", F_TIME },
};

/* The quarter's changes: the four lists one after the other, 类别 naming the list. */
static const struct column change_columns[] = {
	{ "类别", "category", F_TEXT },     { "编号", "id", F_INT },
	{ "风险点名称", "name", F_TEXT },   { "所属单位", "unit_name", F_TEXT },
	{ "行政区划", "region", F_REGION }, { "区划代码", "region", F_TEXT },
	{ "原等级", "old_grade", F_GRADE }, { "风险等级", "grade", F_GRADE },
	{ "颜色", "grade", F_COLOR },       { "时间", "at", F_TIME },
};

static const char *const change_lists[][2] = { { "new", "新增" },
					       { "raised", "升级" },
					       { "lowered", "降级" },
					       { "overdue_review", "逾期未复核" } };
/* Rows read per page of each list: never the whole list in memory. */
#define CHANGES_PAGE 1000

#define MAX_COLS 24
#define CELL_CAP 64

struct cr_export {
	struct cr_export_query q;
	struct cr_user user;
	enum cr_export_format fmt;
	const struct column *cols;
	size_t ncols;
	char title[64], filters[1024], stamp[96];
	char name[128], ascii[64];
	/* the filter and what it points to */
	struct cr_scope sc;
	struct cr_unit_filter uf;
	struct cr_risk_filter rf;
	struct cr_hazard_filter hf;
	char hz_region[24], today[11];
	struct cr_hazard_clock_window clock;
	struct cr_change_filter cf;
	struct cr_target_filter tf;
	struct cr_quarter qt;
	char cutoff[11];
	/* the quarter's changes: the list being read, its page, the next item in it and the row
	 * being written */
	struct cr_conn *rows_c;
	int list;
	json_t *page, *item;
	size_t at;
	/* labels */
	json_t *regions, *depts, *sectors;
	struct cr_store_rows *rows; /* the registers: the printed columns, in cols order */
	int state_col;              /* the F_HZ_STATE column, for F_OVERDUE; -1 without */
	/* CSV streaming: the pending record and how much of it was sent */
	struct cr_table_buf line;
	size_t sent;
	bool header_done, ended;
	long long nrows;
};

int cr_export_format_parse(const char *s, enum cr_export_format *out, struct cr_err *err)
{
	if (s && strcmp(s, "csv") == 0)
		*out = CR_EXPORT_CSV;
	else if (s && strcmp(s, "xlsx") == 0)
		*out = CR_EXPORT_XLSX;
	else
		return cr_err_set(err, 400, "invalid", "format", "format must be xlsx or csv");
	return 0;
}

int cr_export_kind_parse(const char *s, enum cr_export_kind *out, struct cr_err *err)
{
	static const struct {
		const char *name;
		enum cr_export_kind kind;
	} names[] = { { "units", CR_EXPORT_UNITS },
		      { "risks", CR_EXPORT_RISKS },
		      { "hazards", CR_EXPORT_HAZARDS },
		      { "targets", CR_EXPORT_TARGETS } };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (s && strcmp(s, names[i].name) == 0) {
			*out = names[i].kind;
			return 0;
		}
	return cr_err_set(err, 400, "invalid", "what", "export units, risks, hazards or targets");
}

/* ===== Labels ===== */

static json_t *name_map(json_t *list, const char *name_key)
{
	json_t *out = json_object(), *it;
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, it)
		json_object_set(out, json_string_value(json_object_get(it, "code")),
				json_object_get(it, name_key));
	json_decref(list);
	return out;
}

static const char *label(json_t *map, const char *code)
{
	const char *s = json_string_value(json_object_get(map, code));
	return s && *s ? s : code;
}

static const char *level_cn(const char *s)
{
	static const char *const map[][2] = { { "unit", "公司级" },
					      { "department", "部门级" },
					      { "workshop", "车间级" },
					      { "team", "班组/岗位级" } };
	for (size_t i = 0; i < 4; i++)
		if (strcmp(s, map[i][0]) == 0)
			return map[i][1];
	return s;
}

static const char *pick(const char *s, const char *const (*map)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, map[i][0]) == 0)
			return map[i][1];
	return s;
}

static const char *const methods_cn[][2] = { { "lec", "LEC 作业条件危险性评价法" },
					     { "ls", "LS 风险矩阵法" },
					     { "mes", "MES 评价法" },
					     { "consequence", "事故后果判定法" } };
static const char *const sources_cn[][2] = { { "self_check", "企业自查" },
					     { "inspection", "执法检查" },
					     { "grid_patrol", "网格巡查" },
					     { "third_party", "中介排查" },
					     { "public_report", "举报核查" } };
static const char *const ratings_cn[][2] = { { "red", "红" },
					     { "orange", "橙" },
					     { "yellow", "黄" },
					     { "blue", "蓝" },
					     { "unassessed", "未评估" } };
static const char *const states_cn[][2] = { { "active", "在用" }, { "archived", "已注销" } };

/* An ISO time in UTC ("2025-05-01T02:03:04.000Z") as China time "2025-05-01 10:03"; a plain
 * date or anything else as given. */
static const char *china_time(const char *s, char out[CELL_CAP])
{
	return cr_date_china_time(s, out) ? s : out;
}

/* One value of the row being written, read as its column's format needs it: from the store's
 * cursor (the registers) or from the JSON item (the quarter's changes). */
struct val {
	bool null;
	const char *s; /* text formats ("" when null) */
	long long i;   /* F_INT, F_GRADE, F_COLOR */
	double d;      /* the other numbers */
};

static bool is_int(enum fmt f)
{
	return f == F_INT || f == F_GRADE || f == F_COLOR;
}

static bool is_real(enum fmt f)
{
	return f == F_NUM || f == F_M1 || f == F_COORD || f == F_CNY;
}

static struct val value_at(const struct cr_export *x, size_t i)
{
	enum fmt f = x->cols[i].fmt;
	struct val v = { .s = "" };
	if (x->rows) {
		v.null = cr_store_rows_null(x->rows, (int)i);
		if (v.null)
			return v;
		if (is_int(f))
			v.i = cr_store_rows_int(x->rows, (int)i);
		else if (is_real(f))
			v.d = cr_store_rows_real(x->rows, (int)i);
		else
			v.s = cr_store_rows_text(x->rows, (int)i);
		return v;
	}
	json_t *j = json_object_get(x->item, x->cols[i].key);
	const char *s = json_string_value(j);
	v.null = !j || json_is_null(j) || (!is_int(f) && !is_real(f) && !s);
	if (!v.null)
		v.s = s ? s : "", v.i = json_integer_value(j), v.d = json_number_value(j);
	return v;
}

/* Cell i of the row being written as text into buf (or a static/borrowed string); *type 'n'
 * for numbers. */
static const char *cell(const struct cr_export *x, size_t i, char buf[CELL_CAP], char *type)
{
	enum fmt f = x->cols[i].fmt;
	struct val v = value_at(x, i);
	*type = 's';
	if (f == F_HZ_STATE || f == F_OVERDUE) {
		/* a state that does not parse reads as 发现 (found), as the hazard's own view has it */
		enum cr_hazard_state st = CR_HZ_FOUND;
		const char *state = f == F_HZ_STATE    ? v.s
				    : x->state_col < 0 ? ""
						       : value_at(x, (size_t)x->state_col).s;
		cr_hazard_state_parse(state, &st);
		if (f == F_HZ_STATE)
			return cr_hazard_state_cn(st);
		struct cr_hazard_due due;
		cr_hazard_due(st, v.null ? NULL : v.s, x->today, &due);
		return due.overdue ? "是" : "否";
	}
	if (v.null)
		return "";
	const char *s = v.s;
	switch (f) {
	case F_INT:
		*type = 'n';
		snprintf(buf, CELL_CAP, "%lld", v.i);
		return buf;
	case F_NUM:
		*type = 'n';
		snprintf(buf, CELL_CAP, "%g", v.d);
		return buf;
	case F_M1:
	case F_COORD:
	case F_CNY:
		*type = 'n';
		return cr_table_fixed(v.d, f == F_M1 ? 1 : f == F_COORD ? 6 : 2, buf, CELL_CAP);
	case F_GRADE: {
		const char *r = cr_grade_roman((int)v.i);
		if (!r)
			return "";
		snprintf(buf, CELL_CAP, "%s级", r);
		return buf;
	}
	case F_COLOR: {
		const char *c = cr_grade_color_cn((int)v.i);
		return c ? c : "";
	}
	case F_REGION:
		return label(x->regions, s);
	case F_DEPT:
		return label(x->depts, s);
	case F_SECTOR:
		return label(x->sectors, s);
	case F_SUPERVISOR:
		return !*s ? "" : strcmp(s, "AWB") == 0 ? "安委办" : label(x->depts, s);
	case F_RATING:
		return pick(s, ratings_cn, 5);
	case F_TIME:
		return china_time(s, buf);
	case F_SIZE:
		return strcmp(s, "above") == 0   ? "规模以上"
		       : strcmp(s, "below") == 0 ? "规模以下"
						 : s;
	case F_METHOD:
		return pick(s, methods_cn, 4);
	case F_LEVEL:
		return level_cn(s);
	case F_RANK: {
		const char *r = cr_owner_rank_name_cn(cr_owner_rank_parse(s));
		return r ? r : s;
	}
	case F_HZ_GRADE:
		return strcmp(s, "major") == 0     ? "重大隐患"
		       : strcmp(s, "general") == 0 ? "一般隐患"
						   : s;
	case F_HZ_SOURCE:
		return pick(s, sources_cn, 5);
	case F_STATUS:
		return pick(s, states_cn, 2);
	case F_TARGET_KIND:
		return *cr_target_kind_cn(s) ? cr_target_kind_cn(s) : s;
	case F_TARGET_CLASS:
		return *cr_target_class_cn(s) ? cr_target_class_cn(s) : s;
	default:
		return s;
	}
}

/* ===== The filter line ===== */

static void add_filter(char *out, size_t cap, const char *name, const char *value)
{
	size_t n = strlen(out);
	if (!value || !*value || n + 1 >= cap)
		return;
	snprintf(out + n, cap - n, "%s%s %s", n > strlen("筛选：") ? "；" : "", name, value);
}

static const char *flag_on(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) ? "是" : NULL;
}

static void describe_filters(struct cr_export *x)
{
	char *o = x->filters, g[32] = "";
	size_t cap = sizeof x->filters;
	snprintf(o, cap, "筛选：");
	if (x->q.kind == CR_EXPORT_CHANGES) {
		char qv[64];
		snprintf(qv, sizeof qv, "%s（%s 起）", x->qt.name, x->qt.since);
		add_filter(o, cap, "季度", qv);
	}
	const char *region = x->q.kind == CR_EXPORT_HAZARDS ? x->hz_region : x->sc.region;
	if (*region)
		add_filter(o, cap, "区域", label(x->regions, region));
	const char *dept = x->q.kind == CR_EXPORT_UNITS     ? x->uf.dept
			   : x->q.kind == CR_EXPORT_RISKS   ? x->rf.dept
			   : x->q.kind == CR_EXPORT_CHANGES ? x->cf.dept
			   : x->q.kind == CR_EXPORT_TARGETS ? x->tf.dept
							    : x->hf.dept;
	if (dept && *dept)
		add_filter(o, cap, "监管部门", label(x->depts, dept));
	if (x->q.kind == CR_EXPORT_UNITS) {
		const struct cr_unit_query *q = &x->q.units;
		if (q->sector && *q->sector)
			add_filter(o, cap, "行业", label(x->sectors, q->sector));
		if (q->size_class && *q->size_class)
			add_filter(o, cap, "规模",
				   strcmp(q->size_class, "above") == 0 ? "规模以上" : "规模以下");
		if (q->rating && *q->rating)
			add_filter(o, cap, "四色等级", pick(q->rating, ratings_cn, 5));
		if (q->status && *q->status)
			add_filter(o, cap, "状态", pick(q->status, states_cn, 2));
		add_filter(o, cap, "名称含", q->q);
		if (x->uf.only_id)
			snprintf(g, sizeof g, "#%lld", x->uf.only_id),
				add_filter(o, cap, "单位", g);
	} else if (x->q.kind == CR_EXPORT_RISKS) {
		const struct cr_risk_query *q = &x->q.risks;
		if (q->sector && *q->sector)
			add_filter(o, cap, "行业", label(x->sectors, q->sector));
		if (x->rf.grade)
			snprintf(g, sizeof g, "%s级", cr_grade_roman(x->rf.grade)),
				add_filter(o, cap, "等级", g);
		if (x->rf.flagged)
			add_filter(o, cap, "责任人层级不足", "是");
		add_filter(o, cap, "名称含", q->q);
		if (x->rf.unit_id)
			snprintf(g, sizeof g, "#%lld", x->rf.unit_id),
				add_filter(o, cap, "单位", g);
	} else if (x->q.kind == CR_EXPORT_TARGETS) {
		const struct cr_target_filter *f = &x->tf;
		if (f->kind && *f->kind)
			add_filter(o, cap, "类型", cr_target_kind_cn(f->kind));
		if (f->protection_class && *f->protection_class)
			add_filter(o, cap, "防护类别", cr_target_class_cn(f->protection_class));
		if (f->status && *f->status)
			add_filter(o, cap, "状态", pick(f->status, states_cn, 2));
		add_filter(o, cap, "名称含", f->q);
	} else if (x->q.kind == CR_EXPORT_HAZARDS) {
		const struct cr_hazard_query *q = &x->q.hazards;
		if (q->sector && *q->sector)
			add_filter(o, cap, "行业", label(x->sectors, q->sector));
		if (q->grade && *q->grade)
			add_filter(o, cap, "级别",
				   strcmp(q->grade, "major") == 0 ? "重大隐患" : "一般隐患");
		if (q->state && *q->state) {
			enum cr_hazard_state st;
			if (!cr_hazard_state_parse(q->state, &st))
				add_filter(o, cap, "状态", cr_hazard_state_cn(st));
		}
		if (q->source && *q->source)
			add_filter(o, cap, "来源", pick(q->source, sources_cn, 5));
		if (q->supervised_by && *q->supervised_by)
			add_filter(o, cap, "督办部门",
				   strcmp(q->supervised_by, "AWB") == 0
					   ? "安委办"
					   : label(x->depts, q->supervised_by));
		add_filter(o, cap, "挂牌督办", flag_on(q->listed));
		add_filter(o, cap, "未闭环", flag_on(q->open));
		add_filter(o, cap, "已逾期", flag_on(q->overdue));
		add_filter(o, cap, "即将到期", flag_on(q->due_soon));
		if (q->escalation && *q->escalation)
			add_filter(o, cap, "升级至",
				   strcmp(q->escalation, "city") == 0 ? "市级" : "部门");
		if (x->hf.unit_id)
			snprintf(g, sizeof g, "#%lld", x->hf.unit_id),
				add_filter(o, cap, "单位", g);
		if (x->hf.risk_id)
			snprintf(g, sizeof g, "#%lld", x->hf.risk_id),
				add_filter(o, cap, "风险点", g);
		add_filter(o, cap, "关键词", q->q);
	}
	if (strcmp(o, "筛选：") == 0)
		snprintf(o, cap, "筛选：无（全部）");
}

/* ===== Opening ===== */

static int build_filter(struct cr_export *x, const struct cr_user *u, struct cr_err *err)
{
	switch (x->q.kind) {
	case CR_EXPORT_UNITS:
		return cr_unit_list_filter(u, &x->q.units, &x->uf, &x->sc, err);
	case CR_EXPORT_RISKS:
		return cr_risk_list_filter(u, &x->q.risks, &x->rf, &x->sc, err);
	case CR_EXPORT_TARGETS:
		return cr_target_list_filter(u, &x->q.targets, &x->tf, &x->sc, err);
	case CR_EXPORT_CHANGES: {
		/* the whole of each list: paging is the export's own */
		struct cr_changes_query cq = x->q.changes;
		cq.list = cq.offset = cq.limit = NULL;
		if (cr_risk_changes_filter(u, &cq, &x->cf, &x->sc, &x->qt, x->cutoff, err))
			return -1;
		x->cf.limit = CHANGES_PAGE;
		return 0;
	}
	default:
		return cr_hazard_list_filter(u, &x->q.hazards, &x->hf, x->hz_region, x->today,
					     &x->clock, err);
	}
}

int cr_export_audit(struct cr_conn *c, const struct cr_user *u, const char *what,
		    const json_t *after, struct cr_err *err)
{
	if (cr_db_begin(c, err))
		return -1;
	/* entity "unit_export" … beside "unit_import"; id 0: the register, not one record */
	char entity[32];
	snprintf(entity, sizeof entity, "%s_export", what);
	if (cr_audit_write(c, u, entity, "0", "export", NULL, after, err)) {
		cr_db_rollback(c);
		return -1;
	}
	return cr_db_commit(c, err);
}

static int audit(struct cr_conn *c, const struct cr_export *x, const char *what, struct cr_err *err)
{
	json_t *after = json_pack("{ss ss ss}", "format", x->fmt == CR_EXPORT_XLSX ? "xlsx" : "csv",
				  "filters", x->filters, "file", x->name);
	int rc = cr_export_audit(c, &x->user, what, after, err);
	json_decref(after);
	return rc;
}

struct cr_export *cr_export_open(struct cr_conn *c, struct cr_conn *rows_c, const struct cr_user *u,
				 const struct cr_export_query *q, enum cr_export_format fmt,
				 struct cr_err *err)
{
	static const char *const what[] = { "units", "risks", "hazards", "changes", "targets" };
	static const char *const entity[] = { "unit", "risk", "hazard", "risk_change", "target" };
	struct cr_export *x = calloc(1, sizeof *x);
	if (!x) {
		cr_err_set(err, 500, "internal", "", "out of memory");
		return NULL;
	}
	x->q = *q;
	x->user = *u;
	x->fmt = fmt;
	if (build_filter(x, u, err))
		goto fail;
	const char *title = "生产经营单位台账";
	x->cols = unit_columns, x->ncols = sizeof unit_columns / sizeof unit_columns[0];
	if (q->kind == CR_EXPORT_RISKS) {
		title = "风险点台账";
		x->cols = risk_columns, x->ncols = sizeof risk_columns / sizeof risk_columns[0];
	} else if (q->kind == CR_EXPORT_HAZARDS) {
		bool listed = flag_on(q->hazards.listed) ||
			      (q->hazards.supervised_by && *q->hazards.supervised_by);
		title = listed ? "挂牌督办隐患台账" : "事故隐患台账";
		x->cols = hazard_columns,
		x->ncols = sizeof hazard_columns / sizeof hazard_columns[0];
	} else if (q->kind == CR_EXPORT_TARGETS) {
		title = "脆弱性目标台账";
		x->cols = target_columns,
		x->ncols = sizeof target_columns / sizeof target_columns[0];
	} else if (q->kind == CR_EXPORT_CHANGES) {
		title = "风险点动态更新台账";
		x->cols = change_columns,
		x->ncols = sizeof change_columns / sizeof change_columns[0];
	}
	if (q->kind == CR_EXPORT_CHANGES)
		snprintf(x->title, sizeof x->title, "%s（%s）", title, x->qt.name);
	else
		snprintf(x->title, sizeof x->title, "%s", title);
	if (!(x->regions = cr_store_region_name_map(c, "", err)))
		goto fail;
	json_t *d = cr_store_department_list(c, err);
	if (!d)
		goto fail;
	x->depts = name_map(d, "name_cn");
	json_t *s = cr_store_sector_list(c, err);
	if (!s)
		goto fail;
	x->sectors = name_map(s, "name_cn");
	describe_filters(x);
	x->state_col = -1;
	for (size_t i = 0; i < x->ncols; i++)
		if (x->cols[i].fmt == F_HZ_STATE)
			x->state_col = (int)i;

	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;
	gmtime_r(&now, &tm);
	char day[16], at[32];
	strftime(day, sizeof day, "%Y%m%d", &tm);
	strftime(at, sizeof at, "%Y-%m-%d %H:%M", &tm);
	snprintf(x->stamp, sizeof x->stamp, "导出时间：%s（北京时间）  导出人：%s", at, u->login);
	const char *ext = fmt == CR_EXPORT_XLSX ? "xlsx" : "csv";
	if (q->kind == CR_EXPORT_CHANGES) {
		snprintf(x->name, sizeof x->name, "%s-%s-%s.%s", title, x->qt.name, day, ext);
		snprintf(x->ascii, sizeof x->ascii, "changes-%s-%s.%s", x->qt.name, day, ext);
	} else {
		snprintf(x->name, sizeof x->name, "%s-%s.%s", title, day, ext);
		snprintf(x->ascii, sizeof x->ascii, "%s%s-%s.%s", what[q->kind],
			 strcmp(title, "挂牌督办隐患台账") == 0 ? "-listed" : "", day, ext);
	}
	if (audit(c, x, entity[q->kind], err))
		goto fail;

	if (q->kind == CR_EXPORT_CHANGES) {
		x->rows_c = rows_c; /* read a page at a time by change_next */
		return x;
	}
	/* only the printed columns, each read from the cursor by its position */
	const char *keys[MAX_COLS];
	for (size_t i = 0; i < x->ncols; i++)
		keys[i] = x->cols[i].key;
	if (q->kind == CR_EXPORT_UNITS)
		x->rows = cr_store_unit_rows(rows_c, &x->uf, keys, x->ncols, err);
	else if (q->kind == CR_EXPORT_RISKS)
		x->rows = cr_store_risk_rows(rows_c, &x->rf, keys, x->ncols, err);
	else if (q->kind == CR_EXPORT_TARGETS)
		x->rows = cr_store_target_rows(rows_c, &x->tf, keys, x->ncols, err);
	else
		x->rows = cr_store_hazard_rows(rows_c, &x->hf, keys, x->ncols, err);
	if (!x->rows)
		goto fail;
	return x;
fail:
	cr_export_close(x);
	return NULL;
}

void cr_export_close(struct cr_export *x)
{
	if (!x)
		return;
	cr_store_rows_close(x->rows);
	json_decref(x->page);
	json_decref(x->item);
	json_decref(x->regions);
	json_decref(x->depts);
	json_decref(x->sectors);
	free(x->line.p);
	free(x);
}

const char *cr_export_filename(const struct cr_export *x)
{
	return x->name;
}

const char *cr_export_filename_ascii(const struct cr_export *x)
{
	return x->ascii;
}

int cr_export_count(const struct cr_export *x, struct cr_conn *c, long long *total,
		    struct cr_err *err)
{
	json_t *page;
	if (x->q.kind == CR_EXPORT_CHANGES) {
		struct cr_change_filter f = x->cf;
		f.limit = 1, f.offset = 0, f.only = change_lists[0][0];
		if (!(page = cr_store_risk_changes(c, &f, err)))
			return -1;
		json_t *n = json_object_get(page, "counts");
		*total = 0;
		for (size_t i = 0; i < 4; i++)
			*total += json_integer_value(json_object_get(n, change_lists[i][0]));
		json_decref(page);
		return 0;
	}
	if (x->q.kind == CR_EXPORT_UNITS) {
		struct cr_unit_filter f = x->uf;
		f.after = 0, f.limit = 1;
		page = cr_store_unit_list(c, &f, err);
	} else if (x->q.kind == CR_EXPORT_RISKS) {
		struct cr_risk_filter f = x->rf;
		f.after = 0, f.limit = 1;
		page = cr_store_risk_list(c, &f, err);
	} else if (x->q.kind == CR_EXPORT_TARGETS) {
		struct cr_target_filter f = x->tf;
		f.after = 0, f.limit = 1;
		page = cr_store_target_list(c, &f, err);
	} else {
		struct cr_hazard_filter f = x->hf;
		f.after = 0, f.limit = 1;
		page = cr_store_hazard_list(c, &f, err);
	}
	if (!page)
		return -1;
	*total = json_integer_value(json_object_get(page, "total"));
	json_decref(page);
	return 0;
}

/* ===== Rows ===== */

/* The quarter's changes row by row: each list read a page of CHANGES_PAGE at a time (the
 * view's own order, most severe first), its items tagged with the list's 类别, the current one
 * in x->item. As cr_store_rows_step: 1, 0 at the end, -1 with err. */
static int change_next(struct cr_export *x, struct cr_err *err)
{
	json_decref(x->item);
	x->item = NULL;
	while (x->list < 4) {
		const char *name = change_lists[x->list][0];
		json_t *items = json_object_get(x->page, name);
		if (x->page && x->at < json_array_size(items)) {
			x->item = json_incref(json_array_get(items, x->at++));
			json_object_set_new(x->item, "category",
					    json_string(change_lists[x->list][1]));
			return 1;
		}
		if (x->page && json_array_size(items) < (size_t)x->cf.limit) {
			/* that list is done */
			json_decref(x->page);
			x->page = NULL;
			x->list++;
			x->cf.offset = 0;
			continue;
		}
		if (x->page)
			x->cf.offset += x->cf.limit;
		json_decref(x->page);
		x->cf.only = change_lists[x->list][0];
		x->at = 0;
		if (!(x->page = cr_store_risk_changes(x->rows_c, &x->cf, err)))
			return -1;
	}
	return 0;
}

/* The next row as cells: 1, 0 at the end, -1 with err. bufs holds the formatted numbers. */
static int next_cells(struct cr_export *x, const char *cells[MAX_COLS], char types[MAX_COLS],
		      char bufs[MAX_COLS][CELL_CAP], struct cr_err *err)
{
	int rc = x->rows ? cr_store_rows_step(x->rows, err) : change_next(x, err);
	if (rc <= 0)
		return rc;
	for (size_t i = 0; i < x->ncols; i++)
		cells[i] = cell(x, i, bufs[i], &types[i]);
	x->nrows++;
	return 1;
}

/* CITYRISK_EXPORT_FIRST_ROW_MS (tests only, like CITYRISK_REPORT_STEP_MS): a CSV's first block
 * waits this many milliseconds, as a province's city does for its first rows on PostgreSQL, so a
 * test sees the stream outlast the server's idle timeout (http/api_export.c). */
static void first_rows_wait(void)
{
	const char *ms = getenv("CITYRISK_EXPORT_FIRST_ROW_MS");
	long v = ms ? strtol(ms, NULL, 10) : 0;
	if (v > 0 && v <= 60000)
		nanosleep(&(struct timespec){ v / 1000, (v % 1000) * 1000000L }, NULL);
}

int cr_export_csv_read(struct cr_export *x, char *buf, size_t cap, size_t *n, struct cr_err *err)
{
	*n = 0;
	while (*n < cap) {
		if (x->sent < x->line.len) {
			size_t k = x->line.len - x->sent;
			if (k > cap - *n)
				k = cap - *n;
			memcpy(buf + *n, x->line.p + x->sent, k);
			x->sent += k, *n += k;
			continue;
		}
		if (x->ended)
			break;
		x->line.len = 0, x->sent = 0;
		const char *cells[MAX_COLS];
		char types[MAX_COLS], bufs[MAX_COLS][CELL_CAP];
		int rc;
		if (!x->header_done) {
			if (cap - *n < 3)
				return cr_err_set(err, 500, "internal", "", "CSV buffer too small");
			first_rows_wait();
			memcpy(buf + *n, "\xef\xbb\xbf", 3); /* the BOM: Excel reads UTF-8 */
			*n += 3;
			x->header_done = true;
			for (size_t i = 0; i < x->ncols; i++)
				cells[i] = x->cols[i].head;
			memset(types, 's', sizeof types);
			rc = 1;
		} else {
			rc = next_cells(x, cells, types, bufs, err);
		}
		if (rc < 0)
			return -1;
		if (rc == 0) {
			x->ended = true;
			break;
		}
		int bad = cr_table_csv_append(&x->line, cells, types, x->ncols,
					      CR_TABLE_FORMULA_GUARD);
		if (bad)
			return cr_err_set(err, 500, "internal", "", "out of memory");
	}
	return 0;
}

int cr_export_write_file(struct cr_export *x, const char *path,
			 void (*progress)(void *ctx, long long rows), void *ctx, struct cr_err *err)
{
	if (x->fmt == CR_EXPORT_CSV) {
		FILE *f = fopen(path, "wb");
		if (!f)
			return cr_err_set(err, 500, "internal", "", "cannot create %s: %s", path,
					  strerror(errno));
		char buf[65536];
		size_t n;
		int rc = 0;
		long long last = 0;
		while ((rc = cr_export_csv_read(x, buf, sizeof buf, &n, err)) == 0 && n) {
			if (fwrite(buf, 1, n, f) != n) {
				rc = cr_err_set(err, 500, "internal", "", "writing %s: %s", path,
						strerror(errno));
				break;
			}
			if (progress && x->nrows - last >= 10000)
				progress(ctx, last = x->nrows);
		}
		if (fclose(f) && !rc)
			rc = cr_err_set(err, 500, "internal", "", "writing %s: %s", path,
					strerror(errno));
		if (rc)
			remove(path);
		else if (progress)
			progress(ctx, x->nrows);
		return rc;
	}
	struct cr_table_writer *w = cr_table_writer_open(path, CR_TABLE_XLSX, x->title, err);
	if (!w)
		return -1;
	struct cr_table_layout lay = { .title = x->title, .notes = { x->filters, x->stamp } };
	const char *cells[MAX_COLS];
	char types[MAX_COLS], bufs[MAX_COLS][CELL_CAP];
	for (size_t i = 0; i < x->ncols; i++)
		cells[i] = x->cols[i].head;
	int rc = cr_table_writer_layout(w, &lay);
	if (!rc)
		rc = cr_table_writer_row(w, cells, x->ncols);
	struct cr_err rerr = { 0 };
	while (!rc && (rc = next_cells(x, cells, types, bufs, &rerr)) == 1) {
		rc = cr_table_writer_row_typed(w, cells, types, x->ncols);
		if (progress && x->nrows % 10000 == 0)
			progress(ctx, x->nrows);
	}
	if (cr_table_writer_close(w, err) || rc < 0) {
		if (rerr.status)
			*err = rerr;
		remove(path);
		return -1;
	}
	if (progress)
		progress(ctx, x->nrows);
	return 0;
}
