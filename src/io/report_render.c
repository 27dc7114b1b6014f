/* report_render.c — the sections of the risk assessment report in order, their words, tables and
 * figures, for either output. It must not choose what the figures are (service/report.c did) nor
 * how a page is laid out (report_pdf.c, report_html.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/capability.h"
#include "domain/grade.h"
#include "io/chart.h"
#include "io/pdf_doc.h"
#include "io/report_render.h"

#define MAX_BARS 16

static long num(const json_t *o, const char *key)
{
	return (long)json_integer_value(json_object_get(o, key));
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static unsigned grade_rgb(int g)
{
	return cr_rgb_parse(cr_grade_color_hex(g), 0x888888);
}

static unsigned color_rgb(const char *color)
{
	int g = cr_grade_from_color(color);
	return g ? grade_rgb(g) : 0;
}

static const char *color_cn(const char *color)
{
	int g = cr_grade_from_color(color);
	return g ? cr_grade_color_cn(g) : "未评估";
}

static void progress(const struct cr_report_out *out, double share)
{
	if (out->progress)
		out->progress(out->progress_ctx, share);
}

/* ---- figures ---- */

struct bars {
	const char *title;
	struct cr_chart_item items[MAX_BARS];
	size_t n;
};

static void draw_bars(cairo_t *cr, double w, double h, const void *arg)
{
	const struct bars *b = arg;
	cr_chart_bars(cr, 0, 0, w, h, b->title, b->items, b->n);
}

static void draw_grades(cairo_t *cr, double w, double h, const void *arg)
{
	const struct bars *b = arg; /* [0]: grades, [1]: ratings */
	cr_chart_pie(cr, 0, 0, w / 2 - 10, h, b[0].title, b[0].items, b[0].n);
	cr_chart_bars(cr, w / 2 + 10, 0, w / 2 - 10, h, b[1].title, b[1].items, b[1].n);
}

/* Bars of {"name","count"} rows. */
static void bars_of(const json_t *rows, const char *title, struct bars *b)
{
	b->title = title;
	b->n = 0;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		if (b->n == MAX_BARS)
			break;
		b->items[b->n++] =
			(struct cr_chart_item){ str(r, "name"), (double)num(r, "count"), 0 };
	}
}

struct map_arg {
	struct cr_map_layer layers[3];
	size_t n;
};

static void draw_map(cairo_t *cr, double w, double h, const void *arg)
{
	const struct map_arg *m = arg;
	cr_chart_map(cr, 0, 0, w, h, m->layers, m->n);
}

/* ---- sections ---- */

static void overview(const json_t *m, const struct cr_report_out *out)
{
	const json_t *g = json_object_get(m, "by_grade"), *r = json_object_get(m, "by_rating");
	const json_t *ov = json_object_get(m, "overview");
	char text[1024];
	out->heading(out->ctx, 1, "一、概况");
	snprintf(text, sizeof text,
		 "%s%s共登记生产经营单位 %ld 家，安全风险点 %ld 个，其中重大风险 %ld 个、较大风险 "
		 "%ld 个、一般风险 %ld 个、低风险 %ld 个。单位四色评级：红色 %ld 家、橙色 %ld 家、"
		 "黄色 %ld 家、蓝色 %ld 家。按风险叠加，%s的整体风险等级为%s色。",
		 str(m, "territory"), str(m, "sector_name"), num(r, "total"), num(ov, "risks"),
		 num(g, "1"), num(g, "2"), num(g, "3"), num(g, "4"), num(r, "red"),
		 num(r, "orange"), num(r, "yellow"), num(r, "blue"), str(m, "territory"),
		 color_cn(str(m, "level")));
	out->para(out->ctx, text);
	if (json_object_get(ov, "flagged_owners")) {
		snprintf(text, sizeof text, "责任人层级不符合一险一人要求的风险点 %ld 个。",
			 num(ov, "flagged_owners"));
		out->para(out->ctx, text);
	}
}

static void grades(const json_t *m, const struct cr_report_out *out)
{
	static const char *const ratings[] = { "red", "orange", "yellow", "blue" };
	static const char *const rating_cn[] = { "红色单位", "橙色单位", "黄色单位", "蓝色单位" };
	struct bars b[2] = { { .title = "风险点等级构成" }, { .title = "单位四色评级" } };
	const json_t *g = json_object_get(m, "by_grade"), *r = json_object_get(m, "by_rating");
	char names[5][32];
	for (int k = CR_GRADE_MIN; k <= CR_GRADE_MAX; k++) {
		char key[2] = { (char)('0' + k), 0 };
		snprintf(names[k], sizeof names[k], "%s风险", cr_grade_name_cn(k));
		b[0].items[b[0].n++] =
			(struct cr_chart_item){ names[k], (double)num(g, key), grade_rgb(k) };
		b[1].items[b[1].n++] =
			(struct cr_chart_item){ rating_cn[k - 1], (double)num(r, ratings[k - 1]),
						grade_rgb(k) };
	}
	out->heading(out->ctx, 1, "二、风险等级统计");
	out->figure(out->ctx, out->width, 170, draw_grades, b);
}

static void industries(const json_t *m, const struct cr_report_out *out)
{
	struct bars b;
	out->heading(out->ctx, 1, "三、行业和事故类型分布");
	bars_of(json_object_get(m, "by_sector"), "风险点数量居前的行业", &b);
	if (b.n > 1)
		out->figure(out->ctx, out->width, 30 + 16.0 * (double)b.n, draw_bars, &b);
	bars_of(json_object_get(m, "by_accident"), "可能导致的事故类型（GB 6441）", &b);
	out->figure(out->ctx, out->width, 30 + 16.0 * (double)b.n, draw_bars, &b);
}

static void regions(const json_t *m, const struct cr_report_out *out)
{
	static const double widths[] = { 0.28, 0.12, 0.12, 0.12, 0.12, 0.14, 0.10 };
	static const char *const head[] = {
		"区域", "重大", "较大", "一般", "低", "叠加指数", "颜色"
	};
	const json_t *areas = json_object_get(m, "areas");
	size_t n = json_array_size(areas);
	const char **cells = calloc(n * 7 + 1, sizeof *cells);
	char(*buf)[6][24] = calloc(n + 1, sizeof *buf);
	unsigned *fills = calloc(n * 7 + 1, sizeof *fills);
	struct bars b = { .title = "风险叠加指数" };
	out->heading(out->ctx, 1, "四、区域分布");
	if (!cells || !buf || !fills)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const json_t *a = json_array_get(areas, i), *c = json_object_get(a, "counts");
		cells[i * 7] = str(a, "name");
		for (int k = 1; k <= 4; k++) {
			char key[2] = { (char)('0' + k), 0 };
			snprintf(buf[i][k - 1], 24, "%ld", num(c, key));
			cells[i * 7 + (size_t)k] = buf[i][k - 1];
		}
		snprintf(buf[i][4], 24, "%.0f", json_number_value(json_object_get(a, "index")));
		cells[i * 7 + 5] = buf[i][4];
		cells[i * 7 + 6] = color_cn(str(a, "color"));
		fills[i * 7 + 6] = color_rgb(str(a, "color"));
		if (b.n < MAX_BARS)
			b.items[b.n++] = (struct cr_chart_item){
				str(a, "name"), json_number_value(json_object_get(a, "index")),
				color_rgb(str(a, "color"))
			};
	}
	out->table(out->ctx, 7, widths, head, cells, fills, n);
	if (b.n)
		out->figure(out->ctx, out->width, 30 + 16.0 * (double)b.n, draw_bars, &b);
out:
	free(cells);
	free(buf);
	free(fills);
}

static void map(const json_t *m, const struct cr_report_out *out)
{
	const json_t *mp = json_object_get(m, "map");
	struct map_arg a = { .n = 0 };
	if (json_object_get(mp, "base"))
		a.layers[a.n++] =
			(struct cr_map_layer){ json_object_get(mp, "base"), 2, 0x9aa5b5, 0.6, 1 };
	bool grid = json_object_get(mp, "outline") != NULL;
	a.layers[a.n++] =
		(struct cr_map_layer){ json_object_get(mp, "areas"), 1, grid ? 0xffffff : 0x555555,
				       grid ? 0.2 : 0.8, !grid && !json_object_get(mp, "base") };
	if (grid)
		a.layers[a.n++] = (struct cr_map_layer){ json_object_get(mp, "outline"), 0,
							 0x1f3864, 1.4, 0 };
	char text[512];
	out->keep(out->ctx, out->width * 0.78 + 90);
	out->heading(out->ctx, 1, "五、风险四色图");
	snprintf(text, sizeof text,
		 grid ? "%s的 1 公里网格按网格内风险点叠加着色（红、橙、黄、蓝），粗线为%s边界。"
		      : "%s各区县按风险叠加（风险点按等级加权，按面积折算密度）着色%s。",
		 str(m, "territory"), grid ? str(m, "territory") : "");
	out->para(out->ctx, text);
	out->figure(out->ctx, out->width, out->width * 0.78, draw_map, &a);
}

static void hazards(const json_t *m, const struct cr_report_out *out)
{
	static const double widths[] = { 0.25, 0.12, 0.12, 0.12, 0.12, 0.12, 0.15 };
	static const char *const head[] = { "区域", "发现", "已销号", "未销号",
					    "重大", "逾期", "整改率" };
	const json_t *hz = json_object_get(m, "hazards"), *t = json_object_get(hz, "total");
	const json_t *items = json_object_get(hz, "items");
	size_t n = json_array_size(items);
	const char **cells = calloc(n * 7 + 1, sizeof *cells);
	char(*buf)[6][24] = calloc(n + 1, sizeof *buf);
	char text[512];
	out->heading(out->ctx, 1, "六、隐患排查治理");
	snprintf(text, sizeof text,
		 "共排查发现隐患 %ld 项，已整改销号 %ld 项，整改率 %.1f%%；未销号 %ld 项，其中逾期 "
		 "%ld 项；重大隐患 %ld 项。",
		 num(t, "found"), num(t, "closed"),
		 100 * json_number_value(json_object_get(t, "closure_rate")), num(t, "open"),
		 num(t, "overdue"), num(t, "major"));
	out->para(out->ctx, text);
	if (!cells || !buf)
		goto out;
	static const char *const keys[] = { "found", "closed", "open", "major", "overdue" };
	for (size_t i = 0; i < n; i++) {
		const json_t *h = json_array_get(items, i);
		cells[i * 7] = str(h, "name");
		for (int k = 0; k < 5; k++) {
			snprintf(buf[i][k], 24, "%ld", num(h, keys[k]));
			cells[i * 7 + 1 + (size_t)k] = buf[i][k];
		}
		snprintf(buf[i][5], 24, "%.1f%%",
			 100 * json_number_value(json_object_get(h, "closure_rate")));
		cells[i * 7 + 6] = buf[i][5];
	}
	out->table(out->ctx, 7, widths, head, cells, NULL, n);
out:
	free(cells);
	free(buf);
}

static void four_lists(const json_t *m, const struct cr_report_out *out)
{
	static const double widths[] = { 0.2, 0.22, 0.12, 0.14, 0.2, 0.12 };
	static const char *const head[] = { "名称", "所属单位", "行政区划",
					    "等级", "特征",     "主管（监管）单位" };
	static const char *const keys[] = { "name",  "unit",    "region_name",
					    "level", "feature", "dept_name" };
	out->heading(out->ctx, 1, "七、四单");
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(m, "lists"), i, l) {
		const json_t *items = json_object_get(l, "items");
		size_t n = json_array_size(items);
		char text[256];
		char shown[48] = "";
		if ((long)n < num(l, "total"))
			snprintf(shown, sizeof shown, "，列出前 %zu 条", n);
		snprintf(text, sizeof text, "%s（共 %ld 条%s）", str(l, "title"), num(l, "total"),
			 shown);
		out->heading(out->ctx, 2, text);
		if (json_is_false(json_object_get(l, "available"))) {
			out->para(out->ctx, *str(l, "note") ? str(l, "note") : "暂无数据。");
			continue;
		}
		const char **cells = calloc(n * 6 + 1, sizeof *cells);
		if (!cells)
			continue;
		for (size_t r = 0; r < n; r++)
			for (size_t k = 0; k < 6; k++)
				cells[r * 6 + k] = str(json_array_get(items, r), keys[k]);
		out->table(out->ctx, 6, widths, head, cells, NULL, n);
		free(cells);
	}
}

static void measures(const json_t *m, const struct cr_report_out *out)
{
	static const char *const kinds[][2] = {
		{ "engineering", "工程技术" }, { "technical", "技术" },
		{ "management", "管理" },      { "training", "培训教育" },
		{ "personal", "个体防护" },    { "emergency", "应急处置" },
	};
	static const double widths[] = { 0.2, 0.8 };
	static const char *const head[] = { "措施类别", "管控措施" };
	out->heading(out->ctx, 1, "八、主要风险及管控措施");
	const json_t *mr = json_object_get(m, "main_risks");
	size_t i;
	json_t *r;
	char text[512];
	snprintf(text, sizeof text,
		 "重大风险共 %ld 个，以下列出其中 %zu 个的管控措施（一险一策）。", num(mr, "total"),
		 json_array_size(json_object_get(mr, "items")));
	out->para(out->ctx, text);
	json_array_foreach(json_object_get(mr, "items"), i, r) {
		snprintf(text, sizeof text, "%zu. %s — %s", i + 1, str(r, "name"),
			 str(r, "unit_name"));
		out->heading(out->ctx, 2, text);
		snprintf(text, sizeof text, "部位：%s；可能导致的事故类型：%s。", str(r, "place"),
			 str(r, "accident_types"));
		out->para(out->ctx, text);
		const char *cells[12];
		char lines[6][512];
		size_t n = 0;
		for (size_t k = 0; k < 6; k++) {
			const json_t *list =
				json_object_get(json_object_get(r, "measures"), kinds[k][0]);
			if (!json_array_size(list))
				continue;
			size_t len = 0, j;
			json_t *x;
			lines[n][0] = '\0';
			json_array_foreach(list, j, x) {
				int w = snprintf(lines[n] + len, sizeof lines[n] - len, "%s%s",
						 j ? "；" : "", json_string_value(x));
				if (w > 0 && (size_t)w < sizeof lines[n] - len)
					len += (size_t)w;
			}
			cells[n * 2] = kinds[k][1];
			cells[n * 2 + 1] = lines[n];
			n++;
		}
		out->table(out->ctx, 2, widths, head, cells, NULL, n);
	}
}

/* 应急资源 by kind, and the major hazard sources without a plan (一对一) with the plans overdue. */
static void emergency(const json_t *m, const struct cr_report_out *out)
{
	static const char *const kinds[][2] = { { "team", "救援队伍" },     { "expert", "专家" },
						{ "material", "应急物资" }, { "equipment", "装备" },
						{ "shelter", "避难场所" },  { "depot", "储备库" } };
	static const double widths[] = { 0.5, 0.5 };
	const json_t *e = json_object_get(m, "emergency");
	out->heading(out->ctx, 1, "九、应急资源与应急预案");
	if (!json_is_true(json_object_get(e, "available"))) {
		out->para(out->ctx, "暂无数据：本区域尚未录入应急资源和重大危险源，"
				    "录入后本节随报告自动生成。");
		return;
	}
	char text[512], nums[6][32];
	snprintf(text, sizeof text,
		 "本区域登记应急资源 %lld 处；重大危险源中尚无应急预案的 %lld 个，"
		 "评估或演练逾期的应急预案 %lld 份。",
		 (long long)json_integer_value(json_object_get(e, "resources")),
		 (long long)json_integer_value(json_object_get(e, "sources_without_plan")),
		 (long long)json_integer_value(json_object_get(e, "plans_overdue")));
	out->para(out->ctx, text);
	const char *head[] = { "资源类型", "数量" }, *cells[12];
	for (size_t k = 0; k < 6; k++) {
		snprintf(nums[k], sizeof nums[k], "%lld",
			 (long long)json_integer_value(
				 json_object_get(json_object_get(e, "by_kind"), kinds[k][0])));
		cells[k * 2] = kinds[k][1];
		cells[k * 2 + 1] = nums[k];
	}
	out->table(out->ctx, 2, widths, head, cells, NULL, 6);
	const json_t *without = json_object_get(e, "without_plan");
	size_t n = json_array_size(without) < 10 ? json_array_size(without) : 10;
	if (!n)
		return;
	out->para(out->ctx, "尚无应急预案的重大危险源（“一对一”预案，前 10 个）：");
	const char *head2[] = { "重大危险源", "所属单位" }, *cells2[20];
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(without, i);
		cells2[i * 2] = str(x, "name");
		cells2[i * 2 + 1] = str(x, "unit_name");
	}
	out->table(out->ctx, 2, widths, head2, cells2, NULL, n);
}

/* 应急能力评估结果: the newest assessment of each subject — score, level and each area's score
 * (分项得分) — as a table, and the scores as bars. */
static void capability(const json_t *m, const struct cr_report_out *out)
{
	static const char *const areas[] = { "plans",      "teams",         "materials", "drills",
					     "monitoring", "communication", "training" };
	enum { NAREA = sizeof areas / sizeof areas[0], NCOL = 5 + NAREA };
	static const double widths[NCOL] = { 0.22,  0.07,  0.12,  0.07, 0.06,  0.065,
					     0.065, 0.065, 0.065, 0.07, 0.065, 0.065 };
	const json_t *cap = json_object_get(m, "capability");
	const json_t *items = json_object_get(cap, "items");
	size_t n = json_array_size(items);
	const char *head[NCOL] = { "评估对象", "类型", "评估日期", "得分", "等级" };
	const char **cells = calloc(n * NCOL + 1, sizeof *cells);
	char(*buf)[NAREA + 1][16] = calloc(n + 1, sizeof *buf);
	struct bars b = { .title = "应急能力评估得分" };
	char text[512];
	out->heading(out->ctx, 2, "应急能力评估结果");
	if (!n) {
		out->para(out->ctx, "暂无应急能力评估结果：本区域尚未开展应急能力评估，"
				    "评估后本节随报告自动生成。");
		goto out;
	}
	if (!cells || !buf)
		goto out;
	snprintf(text, sizeof text,
		 "本区域共开展应急能力评估 %lld 次，下表列出 %zu "
		 "个评估对象最近一次评估的得分、等级和"
		 "分项得分（满分 100）。",
		 (long long)json_integer_value(json_object_get(cap, "total")), n);
	out->para(out->ctx, text);
	for (size_t k = 0; k < NAREA; k++)
		head[5 + k] = cr_capability_area_cn(areas[k]);
	for (size_t i = 0; i < n; i++) {
		const json_t *r = json_array_get(items, i);
		const char *subject = str(r, "subject");
		const char **row = cells + i * NCOL;
		row[0] = !strcmp(subject, "unit")   ? str(r, "unit_name")
			 : !strcmp(subject, "dept") ? str(r, "dept_name")
						    : str(r, "region_name");
		row[1] = !strcmp(subject, "unit")   ? "单位"
			 : !strcmp(subject, "dept") ? "部门"
						    : "区县";
		row[2] = str(r, "assessed_on");
		double score = json_number_value(json_object_get(r, "score"));
		snprintf(buf[i][NAREA], 16, "%.1f", score);
		row[3] = buf[i][NAREA];
		row[4] = str(r, "level_cn");
		for (size_t k = 0; k < NAREA; k++) {
			size_t j;
			const json_t *a;
			snprintf(buf[i][k], 16, "—");
			json_array_foreach(json_object_get(r, "areas"), j, a)
				if (!strcmp(str(a, "area"), areas[k]))
					snprintf(buf[i][k], 16, "%.1f",
						 json_number_value(json_object_get(a, "score")));
			row[5 + k] = buf[i][k];
		}
		if (b.n < MAX_BARS)
			b.items[b.n++] = (struct cr_chart_item){ row[0], score, 0 };
	}
	out->table(out->ctx, NCOL, widths, head, cells, NULL, n);
	out->figure(out->ctx, out->width, 30 + 16.0 * (double)b.n, draw_bars, &b);
out:
	free(cells);
	free(buf);
}

static void advice(const json_t *m, const struct cr_report_out *out)
{
	out->heading(out->ctx, 1, "十、工作建议");
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(m, "advice"), i, a) {
		char text[640];
		snprintf(text, sizeof text, "（%zu）%s", i + 1, json_string_value(a));
		out->para(out->ctx, text);
	}
}

void cr_report_walk(const json_t *m, const struct cr_report_out *out)
{
	char text[512];
	out->heading(out->ctx, 0, str(m, "title"));
	char scope[96] = "";
	if (*str(m, "dept"))
		snprintf(scope, sizeof scope, "    范围：本部门（%s）监管的行业", str(m, "dept"));
	snprintf(text, sizeof text, "编制时间：%s    数据来源：CityRisk 风险数据库%s",
		 str(m, "generated_at"), scope);
	out->para(out->ctx, text);
	void (*const sections[])(const json_t *, const struct cr_report_out *) = {
		overview,   grades,   industries, regions,    map,    hazards,
		four_lists, measures, emergency,  capability, advice,
	};
	size_t n = sizeof sections / sizeof sections[0];
	for (size_t i = 0; i < n; i++) {
		sections[i](m, out);
		progress(out, (double)(i + 1) / (double)n);
	}
}
