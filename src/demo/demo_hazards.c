/* demo_hazards.c — hidden hazards for the demo city: every state of the closed loop, some overdue,
 * some 重大隐患 listed and linked to risk points, a few public reports. It must not bypass the
 * rules the service enforces: every record it writes is one the workflow could have produced. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "demo/demo.h"
#include "demo/rng.h"
#include "domain/hazard_flow.h"
#include "service/risks.h"
#include "store/hazard_links.h"
#include "store/hazards.h"
#include "store/risks.h"
#include "store/units.h"

/* Its own stream of the demo's generator (demo/rng.h). */
static struct cr_rng rng;

/* ===== What the demo says ===== */

static const char *const general_text[] = {
	"消防通道被杂物堵塞",
	"应急照明灯损坏未修复",
	"疏散指示标志缺失",
	"安全出口上锁",
	"电气线路私拉乱接",
	"配电箱未可靠接地",
	"特种设备未按期检验",
	"有限空间作业未执行审批",
	"除尘系统未定期清理积尘",
	"高处作业未系安全带",
	"吊装作业无专人监护",
	"仓库货物超高堆放",
	"厨房燃气灶具未装熄火保护",
	"员工未经安全培训上岗",
	"灭火器压力不足",
	"可燃气体报警器未定期标定",
	"危险作业未办理作业票",
	"车间通道宽度不足",
	"防护栏杆缺失",
	"安全警示标志缺失",
};
static const char *const major_text[] = {
	"危化品储罐区可燃气体检测报警系统失效",
	"涉爆粉尘车间除尘系统未采用防爆设计",
	"人员密集场所安全出口数量不足且被锁闭",
	"液氨制冷车间与加工车间未有效隔离",
	"燃气调压站安全阀失效",
	"深基坑支护变形超限未停工处置",
	"重大危险源未设置紧急切断装置",
	"高层建筑自动喷水灭火系统瘫痪",
};
static const char *const places[] = { "1号车间", "2号车间", "仓库",   "罐区",     "配电房",
				      "厨房",    "楼梯间",  "办公楼", "地下车库", "锅炉房" };
static const char *const measures_text[] = {
	"清理堵塞物，设置禁止堆放标识，落实每日巡查", "更换损坏设备并建立月度检测台账",
	"停用整改，委托专业单位改造并验收",           "开展专项培训，完善操作规程和审批制度",
	"加装检测报警和联锁切断装置，接入监控平台",
};
static const char *const people[] = { "张建国", "李明", "王芳", "陈伟", "刘洋", "周杰" };

static const struct {
	const char *source, *found_by;
	double weight;
} sources[] = {
	{ "self_check", "企业安全员", 45 }, { "inspection", "区应急管理局执法大队", 25 },
	{ "grid_patrol", "网格员", 15 },    { "third_party", "第三方安全服务机构", 10 },
	{ "public_report", "群众举报", 5 },
};

/* Share of hazards by state: most are closed; the rest spread over the loop. */
static const double state_weight[CR_HZ_STATE_COUNT] = { 6, 8, 10, 22, 8, 6, 40 };

static size_t pick(const double *w, size_t n)
{
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	double x = cr_rng_unit(&rng) * total;
	for (size_t i = 0; i < n; i++) {
		x -= w[i];
		if (x < 0)
			return i;
	}
	return n - 1;
}

/* ===== Generation ===== */

struct demo_unit {
	long long id;
	char region[16], sector[16], dept[16];
	double lon, lat;
	bool has_coords;
};

struct unit_list {
	struct demo_unit *u;
	size_t n, cap;
	struct cr_err *err;
};

static int keep_unit(void *ctx, const struct cr_unit_place *p)
{
	struct unit_list *l = ctx;
	if (CR_GROW(l->u, l->cap, l->n + 1))
		return cr_err_set(l->err, 500, "oom", "", "out of memory");
	struct demo_unit *u = &l->u[l->n++];
	u->id = p->id;
	snprintf(u->region, 16, "%s", p->region);
	snprintf(u->sector, 16, "%s", p->sector);
	snprintf(u->dept, 16, "%s", p->dept);
	u->has_coords = p->has_coords;
	u->lon = p->lon;
	u->lat = p->lat;
	return 0;
}

/* The active units by id, into a malloc'd array. */
static struct demo_unit *load_units(struct cr_conn *c, size_t *n, struct cr_err *err)
{
	struct unit_list l = { .err = err };
	if (cr_store_units_each_active(c, keep_unit, &l, err)) {
		free(l.u);
		return NULL;
	}
	if (!l.u)
		l.u = malloc(sizeof *l.u);
	if (!l.u)
		cr_err_set(err, 500, "oom", "", "out of memory");
	*n = l.n;
	return l.u;
}

static const struct cr_user demo_user = { .id = 0, .login = "demo", .role = CR_ROLE_CITY };

/* Writes one hazard at `state` with the fields each step before it would have set, and one
 * event per step. */
static int one_hazard(struct cr_conn *c, const struct demo_unit *u, long long risk_id, bool major,
		      int state, const char *today, struct cr_err *err)
{
	double source_weight[sizeof sources / sizeof sources[0]];
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
		source_weight[i] = sources[i].weight;
	size_t si = pick(source_weight, sizeof sources / sizeof sources[0]);
	char found[11], deadline[11], closed[32], rect[32], verif[32], loc[64];
	/* open hazards are recent; closed ones spread over the past year */
	long age = state == CR_HZ_CLOSED ? 20 + (long)cr_rng_below(&rng, 340)
					 : 1 + (long)cr_rng_below(&rng, 75);
	cr_date_add(today, -age, found);
	long span = 20 + (long)cr_rng_below(&rng, 60);
	cr_date_add(found, span, deadline);
	long done = 3 + (long)cr_rng_below(&rng, (size_t)(age > 4 ? age - 3 : 1));
	char d1[11];
	cr_date_add(found, done < age ? done : age - 1, d1);
	snprintf(rect, sizeof rect, "%sT09:00:00.000Z", d1);
	snprintf(verif, sizeof verif, "%sT15:00:00.000Z", d1);
	snprintf(closed, sizeof closed, "%sT16:00:00.000Z", d1);
	snprintf(loc, sizeof loc, "%s",
		 places[cr_rng_below(&rng, sizeof places / sizeof places[0])]);
	struct cr_hazard_row r = {
		.unit_id = u->id,
		.risk_id = risk_id,
		.region = u->region,
		.sector = u->sector,
		.dept = u->dept,
		.source = sources[si].source,
		.grade = major ? "major" : "general",
		.description = major ? major_text[cr_rng_below(&rng, sizeof major_text /
									     sizeof major_text[0])]
				     : general_text[cr_rng_below(
					       &rng, sizeof general_text / sizeof general_text[0])],
		.location = loc,
		.found_at = found,
		.found_by = sources[si].found_by,
		.state = cr_hazard_state_name((enum cr_hazard_state)state),
		.contact = "",
		.has_coords = u->has_coords,
		.lon = u->lon,
		.lat = u->lat,
	};
	if (state >= CR_HZ_ASSESSED || cr_rng_unit(&rng) < 0.5)
		r.deadline = deadline;
	if (major && state >= CR_HZ_ASSESSED)
		r.supervised_by = cr_rng_unit(&rng) < 0.3 ? CR_HAZARD_CITY_OFFICE : u->dept;
	if (state >= CR_HZ_RECTIFYING) {
		r.measures = measures_text[cr_rng_below(&rng, sizeof measures_text /
								      sizeof measures_text[0])];
		r.responsible = people[cr_rng_below(&rng, sizeof people / sizeof people[0])];
		r.has_funds = true;
		r.funds_cny = round((major ? 50000 + cr_rng_unit(&rng) * 450000
					   : 500 + cr_rng_unit(&rng) * 20000));
	}
	if (state >= CR_HZ_RECTIFIED) {
		r.evidence = "整改完成，附现场照片和检测报告";
		r.rectified_at = rect;
	}
	if (state >= CR_HZ_VERIFIED)
		r.verified_at = verif;
	if (state == CR_HZ_CLOSED)
		r.closed_at = closed;
	long long id;
	if (cr_store_hazard_insert(c, &r, &id, err))
		return -1;
	for (int s = 0; s <= state; s++)
		if (cr_store_hazard_event_add(
			    c, id, &demo_user,
			    s ? cr_hazard_state_name((enum cr_hazard_state)(s - 1)) : NULL,
			    cr_hazard_state_name((enum cr_hazard_state)s), "demo", err))
			return -1;
	return 0;
}

/* A report from the public not yet matched to its unit, near a unit of the demo. */
static int one_report(struct cr_conn *c, const struct demo_unit *u, const char *today,
		      struct cr_err *err)
{
	char district[16], found[32];
	snprintf(district, sizeof district, "%.6s", u->region);
	snprintf(found, sizeof found, "%sT08:30:00.000Z", today);
	struct cr_hazard_row r = {
		.region = district,
		.source = "public_report",
		.grade = "general",
		.description = "小区门口餐馆后厨液化气钢瓶堆放在人行道上",
		.location = "附近街道",
		.found_at = found,
		.found_by = "public",
		.state = "found",
		.contact = "",
		.has_coords = u->has_coords,
		.lon = u->lon + 0.001,
		.lat = u->lat + 0.001,
	};
	long long id;
	return cr_store_hazard_insert(c, &r, &id, err) ||
	       cr_store_hazard_event_add(c, id, &demo_user, NULL, "found", "public report", err);
}

static int by_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

int cr_demo_hazards(struct cr_conn *c, double scale, unsigned long long seed, struct cr_err *err)
{
	cr_rng_seed(&rng, seed ^ 0x68617a6172647321ULL);
	char today[11];
	cr_hazard_today(time(NULL), today);
	size_t nu;
	struct demo_unit *units = load_units(c, &nu, err);
	if (!units)
		return -1;
	int rc = 0;
	/* About one hazard for every seven units, and at least enough to fill every state. */
	long long n = nu ? llround((double)nu * 0.15) : 0;
	if (nu && n < 40)
		n = 40;
	(void)scale;
	for (long long k = 0; !rc && k < n; k++) {
		const struct demo_unit *u = &units[cr_rng_below(&rng, nu)];
		int state =
			k < CR_HZ_STATE_COUNT ? (int)k : (int)pick(state_weight, CR_HZ_STATE_COUNT);
		bool major = k < 2 * CR_HZ_STATE_COUNT ? k >= CR_HZ_STATE_COUNT
						       : cr_rng_unit(&rng) < 0.08;
		long long risk = major || cr_rng_unit(&rng) < 0.3 ? cr_demo_top_risk(u->id) : 0;
		rc = one_hazard(c, u, risk, major, state, today, err);
		if (k % 512 == 0 || k == n - 1)
			cr_progress("hazards", k + 1, n);
	}
	for (int k = 0; !rc && nu && k < 3; k++)
		rc = one_report(c, &units[cr_rng_below(&rng, nu)], today, err);
	free(units);
	if (rc)
		return -1;
	/* The loop's side effects: points under an open 重大隐患 are grade Ⅰ, units re-rated. */
	size_t nr = 0, nh = 0;
	long long *risks = NULL, *units_hz = NULL;
	rc = cr_store_risks_with_open_major(c, &risks, &nr, err);
	for (size_t i = 0; !rc && i < nr; i++) {
		int open = 0;
		rc = cr_store_risk_open_major_count(c, risks[i], &open, err) ||
		     cr_risk_set_open_major_hazards(c, &demo_user, risks[i], open, err);
	}
	if (!rc)
		rc = cr_store_units_with_hazards(c, &units_hz, &nh, err);
	if (!rc) {
		qsort(units_hz, nh, sizeof *units_hz, by_id);
		rc = cr_unit_rating_refresh_many(c, units_hz, nh, err);
	}
	free(risks);
	free(units_hz);
	return rc ? -1 : 0;
}
