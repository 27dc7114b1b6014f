/* demo_city.c — generates the Suzhou demo city: real districts and towns, units spread over the
 * key sectors in plausible proportions, deterministic for a seed. It must not invent regions:
 * every code and outline comes from data/. Scale 1.0 is Suzhou's 73,728 units (seed 001). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "demo/demo.h"
#include "demo/rng.h"
#include "domain/credit_code.h"
#include "domain/geo.h"
#include "service/auth.h"
#include "service/exposure.h"
#include "store/aside.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/regions.h"
#include "store/units.h"

#define SUZHOU_UNITS 73728
/* 规上 share: 11,494 of 73,728 reporting units were above designated size (seed 001). */
#define ABOVE_SHARE (11494.0 / 73728.0)

/* Its own stream of the demo's generator (demo/rng.h). */
static struct cr_rng rng;

/* ===== Proportions ===== */

const struct cr_demo_district cr_demo_districts[CR_DEMO_DISTRICTS] = {
	{ "320583", "昆山", "昆山", 20, 20 },       { "320509", "吴江", "吴江", 14, 14 },
	{ "320581", "常熟", "常熟", 13, 13 },       { "320582", "张家港", "张家港", 12, 12 },
	{ "320506", "吴中", "吴中", 11, 11 },       { "320507", "相城", "相城", 8, 8 },
	{ "320576", "园区", "苏州工业园区", 8, 8 }, { "320505", "高新区", "苏州高新区", 6, 6 },
	{ "320585", "太仓", "太仓", 6, 6 },         { "320508", "姑苏", "姑苏", 2, 8 },
};

/* Share of units by sector (per mille, roughly): manufacturing dominates, as in Suzhou's
 * reporting; "C" is general manufacturing, which becomes C10 (规上工业) when above size. */
static const struct {
	const char *sector;
	double weight;
	const char *suffix;
} sectors[] = {
	{ "C", 300, "精密机械有限公司" },
	{ "C04", 30, "化工科技有限公司" },
	{ "C08", 50, "环境工程有限公司" },
	{ "C09", 30, "金属制品有限公司" },
	{ "C11", 40, "机电设备有限公司" },
	{ "C06", 15, "铸造有限公司" },
	{ "C05", 5, "钢铁有限公司" },
	{ "C07", 4, "冷链食品有限公司" },
	{ "C01", 4, "化工有限公司" },
	{ "C02", 12, "化学品贸易有限公司" },
	{ "C03", 3, "化学品仓储有限公司" },
	{ "C12", 1, "烟花爆竹有限公司" },
	{ "D03", 12, "加油站" },
	{ "D04", 5, "燃气有限公司" },
	{ "D01", 2, "热电有限公司" },
	{ "D05", 1, "管网有限公司" },
	{ "D06", 1, "自来水厂" },
	{ "D07", 1, "污水处理厂" },
	{ "D02", 1, "管道运输有限公司" },
	{ "E01", 50, "建设工程有限公司" },
	{ "E02", 10, "市政工程有限公司" },
	{ "E03", 2, "古建园林有限公司" },
	{ "E04", 3, "交通工程有限公司" },
	{ "F01", 10, "购物中心" },
	{ "F02", 30, "仓储有限公司" },
	{ "F03", 8, "农贸市场" },
	{ "F04", 1, "烟花爆竹批发部" },
	{ "F05", 1, "油库" },
	{ "G01", 10, "运输有限公司" },
	{ "G02", 1, "港务有限公司" },
	{ "G03", 40, "物流有限公司" },
	{ "G04", 10, "汽车运输有限公司" },
	{ "G05", 3, "航运有限公司" },
	{ "G06", 1, "轨道交通运营公司" },
	{ "G07", 1, "公交有限公司" },
	{ "H01", 30, "酒店" },
	{ "H02", 80, "餐饮管理有限公司" },
	{ "H03", 2, "大酒店" },
	{ "K01", 3, "物业管理有限公司" },
	{ "K02", 10, "公寓" },
	{ "K03", 10, "大厦" },
	{ "L01", 5, "广场" },
	{ "N01", 2, "水利工程管理处" },
	{ "N02", 2, "环保科技有限公司" },
	{ "N03", 1, "垃圾填埋场" },
	{ "N04", 1, "渣土消纳场" },
	{ "N05", 1, "垃圾焚烧发电有限公司" },
	{ "N06", 2, "固废处置有限公司" },
	{ "N07", 3, "公园" },
	{ "P01", 12, "幼儿园" },
	{ "P02", 12, "学校" },
	{ "P03", 2, "校车服务有限公司" },
	{ "Q01", 6, "医院" },
	{ "Q02", 5, "养老院" },
	{ "Q03", 1, "福利院" },
	{ "Q04", 2, "康复护理中心" },
	{ "R01", 3, "体育中心" },
	{ "R02", 3, "旅游景区" },
	{ "R03", 2, "影城" },
	{ "R04", 15, "娱乐有限公司" },
	{ "S01", 4, "寺" },
	{ "S02", 1, "粮食储备库" },
	{ "A01", 3, "农业科技有限公司" },
	{ "A02", 5, "生态农场" },
	{ "A03", 1, "渔业合作社" },
};

static const char *const name_chars[] = {
	"永", "盛", "华", "鑫", "宏", "达", "恒", "瑞", "新", "金", "丰", "利", "通",
	"源", "泰", "德", "信", "隆", "嘉", "和", "安", "明", "海", "天", "中", "科",
	"博", "创", "东", "方", "锦", "润", "祥", "益", "顺", "昌", "宇", "诚", "远",
};

static const char *const streets[] = { "人民路",     "长江路", "黄河路", "珠江路",   "太湖路",
				       "金鸡湖大道", "前进路", "友谊路", "工业园路", "新民路" };

/* ===== Generation ===== */

struct district_geo {
	struct cr_multipolygon mp;
	char towns[64][16];
	int ntowns;
};

static int load_district(struct cr_conn *c, const char *code, struct district_geo *g,
			 struct cr_err *err)
{
	bool has;
	if (cr_store_region_outline(c, code, &g->mp, &has, err))
		return -1;
	if (!has)
		return cr_err_set(err, 500, "demo", "", "no outline for %s", code);
	json_t *towns = cr_store_region_list(c, code, err), *t;
	if (!towns)
		return -1;
	size_t i;
	g->ntowns = 0;
	json_array_foreach(json_object_get(towns, "items"), i, t) {
		if (g->ntowns == 64)
			break;
		snprintf(g->towns[g->ntowns++], 16, "%s",
			 json_string_value(json_object_get(t, "code")));
	}
	json_decref(towns);
	return 0;
}

static size_t pick_weighted(double total, double (*weight)(size_t), size_t n)
{
	double x = cr_rng_unit(&rng) * total;
	for (size_t i = 0; i < n; i++) {
		x -= weight(i);
		if (x < 0)
			return i;
	}
	return n - 1;
}

static double district_weight(size_t i)
{
	return cr_demo_districts[i].units;
}

static double sector_weight(size_t i)
{
	return sectors[i].weight;
}

/* A unique, valid credit code: 91 (enterprise, company) + district + organisation code built
 * from the serial number with its GB 11714 check digit + the GB 32100 check character. */
static void make_credit_code(const char *district, long long serial, char out[19])
{
	static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	char org[9];
	snprintf(org, sizeof org, "%08lld", (serial * 7919 + 10000000LL) % 100000000LL);
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += (org[i] - '0') * w[i];
	int c9 = 11 - sum % 11;
	snprintf(out, 19, "91%.6s%.8s%c", district, org,
		 c9 == 10   ? 'X'
		 : c9 == 11 ? '0'
			    : '0' + c9);
	out[17] = cr_credit_code_check_char(out);
	out[18] = 0;
}

static int insert_units(struct cr_conn *c, long long n, struct district_geo *geo,
			struct cr_err *err)
{
	double dtotal = 0, stotal = 0;
	size_t nd = CR_DEMO_DISTRICTS, ns = sizeof sectors / sizeof sectors[0];
	for (size_t i = 0; i < nd; i++)
		dtotal += cr_demo_districts[i].units;
	for (size_t i = 0; i < ns; i++)
		stotal += sectors[i].weight;
	size_t nchars = sizeof name_chars / sizeof name_chars[0];
	/* each sector's department, looked up once (by sector, and C10 for C's larger units) */
	char depts[sizeof sectors / sizeof sectors[0]][2][16];
	bool known[sizeof sectors / sizeof sectors[0]][2] = { 0 };
	for (long long k = 0; k < n; k++) {
		size_t d = pick_weighted(dtotal, district_weight, nd);
		size_t s = pick_weighted(stotal, sector_weight, ns);
		struct district_geo *g = &geo[d];
		bool above = cr_rng_unit(&rng) < ABOVE_SHARE;
		const char *sector = sectors[s].sector;
		if (strcmp(sector, "C") == 0 && above)
			sector = "C10";
		char name[160], address[160], code[19], phone[16];
		snprintf(name, sizeof name, "%s%s%s%s", cr_demo_districts[d].unit_prefix,
			 name_chars[cr_rng_below(&rng, nchars)],
			 name_chars[cr_rng_below(&rng, nchars)], sectors[s].suffix);
		snprintf(address, sizeof address, "%s%zu号", streets[cr_rng_below(&rng, 10)],
			 1 + cr_rng_below(&rng, 999));
		make_credit_code(cr_demo_districts[d].code, k + 1, code);
		snprintf(phone, sizeof phone, "0512-%08zu",
			 50000000 + cr_rng_below(&rng, 49999999));
		double lon = 0, lat = 0;
		const double *bb = g->mp.bbox;
		for (int tries = 0; tries < 1000; tries++) {
			lon = bb[0] + cr_rng_unit(&rng) * (bb[2] - bb[0]);
			lat = bb[1] + cr_rng_unit(&rng) * (bb[3] - bb[1]);
			if (cr_multipolygon_contains(&g->mp, lon, lat))
				break;
		}
		struct cr_unit_row row = {
			.credit_code = code,
			.name = name,
			.sector = sector,
			.region = g->ntowns ? g->towns[cr_rng_below(&rng, (size_t)g->ntowns)]
					    : cr_demo_districts[d].code,
			.address = address,
			.size_class = above ? "above" : "below",
			.contact_name = "安全负责人",
			.contact_phone = phone,
			.lon = round(lon * 1e6) / 1e6,
			.lat = round(lat * 1e6) / 1e6,
			.has_coords = true,
			.employees = above ? 100 + (long long)cr_rng_below(&rng, 2000)
					   : 3 + (long long)cr_rng_below(&rng, 97),
		};
		/* The supervising department follows the sector (key-sectors.csv); the work-safety
		 * bureau (AJJ) for a section without one. */
		int v = sector != sectors[s].sector;
		char *dept = depts[s][v];
		if (!known[s][v]) {
			int found = cr_store_sector_dept(c, sector, dept, err);
			if (found < 0)
				return -1;
			if (found || !*dept)
				snprintf(dept, 16, "%s", "AJJ");
			known[s][v] = true;
		}
		row.dept = dept;
		long long id;
		if (cr_store_unit_insert_bulk(c, &row, &id, err))
			return -1;
		if (k % 512 == 0 || k == n - 1)
			cr_progress("units", k + 1, n);
	}
	return 0;
}

/* ===== The load, phase by phase ===== */

struct phase_run {
	struct cr_conn *c;
	long long n;
	double scale;
	unsigned long seed;
	struct district_geo *geo;
	struct cr_aside aside, keys;
};

/* The big tables' secondary indexes and keys: set aside while their rows go in, built whole
 * after (store/aside.h), before the later phases read them. */
static const char *const big_tables[] = { "units", "risks", "risk_versions", NULL };
/* The later phases' tables: their foreign keys only (a key checked row by row made COPY twice
 * as slow), checked whole at the end; their indexes stay for the phases' own reads. */
static const char *const keyed_tables[] = { "hazards",   "hazard_events", "installations",
					    "resources", "reviews",       "verifications",
					    NULL };

static int phase_aside(struct phase_run *r, struct cr_err *err)
{
	return cr_aside_set(r->c, big_tables, &r->aside, err) ||
	       cr_aside_set_keys(r->c, keyed_tables, &r->keys, err);
}

static int phase_remake(struct phase_run *r, struct cr_err *err)
{
	return cr_aside_remake(r->c, &r->aside, err);
}

static int phase_keys(struct phase_run *r, struct cr_err *err)
{
	return cr_aside_remake(r->c, &r->keys, err);
}

static int phase_units(struct phase_run *r, struct cr_err *err)
{
	return insert_units(r->c, r->n, r->geo, err) ||
	       cr_store_units_index_names(r->c, 1, 1LL << 62, err);
}

static int phase_risks(struct phase_run *r, struct cr_err *err)
{
	return cr_demo_risks(r->c, r->seed, err);
}

static int phase_analyze(struct phase_run *r, struct cr_err *err)
{
	return cr_conn_is_pg(r->c) ? cr_db_analyze(r->c, err) : 0;
}

static int phase_hazards(struct phase_run *r, struct cr_err *err)
{
	return cr_demo_hazards(r->c, r->scale, r->seed, err);
}

static int phase_targets(struct phase_run *r, struct cr_err *err)
{
	return cr_demo_targets(r->c, r->scale, r->seed, err);
}

static int phase_installations(struct phase_run *r, struct cr_err *err)
{
	return cr_demo_installations(r->c, r->seed, err);
}

static int phase_resources(struct phase_run *r, struct cr_err *err)
{
	return cr_demo_resources(r->c, r->scale, r->seed, err);
}

static int phase_reviews(struct phase_run *r, struct cr_err *err)
{
	return cr_demo_reviews(r->c, r->seed, err);
}

/* In order: each later phase reads what the earlier ones wrote. */
static const struct {
	const char *name;
	int (*run)(struct phase_run *r, struct cr_err *err);
} phases[] = {
	{ "set aside", phase_aside },     { "units", phase_units },
	{ "risk points", phase_risks },   { "indexes", phase_remake },
	{ "statistics", phase_analyze },  { "hazards", phase_hazards },
	{ "targets", phase_targets },     { "installations", phase_installations },
	{ "resources", phase_resources }, { "reviews", phase_reviews },
	{ "keys", phase_keys },
};
#define NPHASES (sizeof phases / sizeof phases[0])

static const struct {
	const char *login, *role, *region, *dept, *password;
} demo_users[] = {
	{ "admin", "city", "3205", "", "admin123" },
	{ "kunshan", "district", "320583", "", "kunshan123" },
	{ "wujiang", "district", "320509", "", "wujiang123" },
	{ "ajj", "city_dept", "3205", "AJJ", "ajj12345" },
	{ "expert", "expert", "3205", "", "expert123" },
};

int cr_demo_load(struct cr_db *db, double scale, unsigned long seed)
{
	struct cr_conn *c = cr_db_conn(db);
	struct cr_err err = { 0 };
	double times[NPHASES] = { 0 }, start = cr_clock_mono_seconds();
	if (!(scale > 0 && scale <= 10)) {
		fprintf(stderr, "cityrisk: --scale must be in (0, 10]\n");
		return -1;
	}
	long long n = llround(SUZHOU_UNITS * scale);
	if (n < 1)
		n = 1;
	cr_rng_seed(&rng, seed);
	cr_exposure_reset(); /* the index of α's people reads this database from scratch */
	size_t nd = CR_DEMO_DISTRICTS;
	struct district_geo *geo = calloc(nd, sizeof *geo);
	struct phase_run run = { .c = c, .n = n, .scale = scale, .seed = seed, .geo = geo };
	int rc = geo ? 0 : -1;
	for (size_t i = 0; !rc && i < nd; i++)
		rc = load_district(c, cr_demo_districts[i].code, &geo[i], &err);
	if (rc || (rc = cr_db_begin(c, &err)))
		goto load_out;
	/* on PostgreSQL the rows go out without waiting for each answer */
	cr_db_set_bulk(c, true);
	/* PostgreSQL plans the later steps' per-unit reads from statistics: fresh ones (of this
	 * transaction's own rows) once the units and risk points are in, or it scans the tables */
	for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++) {
		double t0 = cr_clock_mono_seconds();
		if (phases[i].run(&run, &err)) {
			rc = -1;
			goto load_out;
		}
		times[i] = cr_clock_mono_seconds() - t0;
	}
	json_t *summary =
		json_pack("{sI sf sI}", "units", n, "scale", scale, "seed", (json_int_t)seed);
	rc = cr_audit_write(c, NULL, "demo", "suzhou", "load", NULL, summary, &err);
	json_decref(summary);
load_out:
	cr_aside_free(&run.aside);
	cr_aside_free(&run.keys);
	cr_demo_tops_free();
	cr_db_set_bulk(c, false);
	if (rc || cr_db_commit(c, &err)) {
		cr_db_rollback(c);
		fprintf(stderr, "cityrisk: demo: %s\n", err.message);
		rc = -1;
	}
	for (size_t i = 0; geo && i < nd; i++)
		cr_multipolygon_free(&geo[i].mp);
	free(geo);
	for (size_t i = 0; !rc && i < sizeof demo_users / sizeof demo_users[0]; i++) {
		long long id;
		if (cr_user_add(c, NULL, demo_users[i].login, demo_users[i].role,
				demo_users[i].region, demo_users[i].dept, 0, demo_users[i].password,
				&id, &err) &&
		    err.status != 409) {
			fprintf(stderr, "cityrisk: demo user %s: %s\n", demo_users[i].login,
				err.message);
			rc = -1;
		}
	}
	/* Fresh statistics let the query planner pick the right indexes at city scale. */
	if (!rc)
		rc = cr_db_analyze(c, &err);
	if (!rc) {
		printf("demo city loaded: %lld units in Suzhou (scale %g, seed %lu) in %.1f s\n", n,
		       scale, seed, cr_clock_mono_seconds() - start);
		printf("phases (s):");
		for (size_t i = 0; i < NPHASES; i++)
			printf(" %s %.1f%s", phases[i].name, times[i],
			       i + 1 < NPHASES ? "," : "\n");
	}
	return rc;
}
