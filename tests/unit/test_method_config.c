/* test_method_config.c — unit tests of method_config.h: defaults, every override section, and
 * 400 errors naming the dotted field. No I/O beyond the harness. */
#include "harness.h"
#include "service/method_config.h"

static struct cr_methods_config m;
static struct cr_direct_config d;
static struct cr_rating_config r;
static struct cr_superpose_config s;
static struct cr_err err;

/* Loads JSON text; returns cr_method_config_from_json's result. */
static int load(const char *text)
{
	json_error_t je;
	json_t *obj = text ? json_loads(text, 0, &je) : NULL;
	if (text && !obj) {
		fprintf(stderr, "bad test JSON: %s\n", je.text);
		return -2;
	}
	memset(&err, 0, sizeof err);
	int rc = cr_method_config_from_json(obj, &m, &d, &r, &s, &err);
	json_decref(obj);
	return rc;
}

static int fails_at(const char *text, const char *field)
{
	if (load(text) != -1)
		return 0;
	if (err.status != 400 || strcmp(err.field, field) != 0) {
		fprintf(stderr, "  got %d %s field '%s': %s\n", err.status, err.code, err.field,
			err.message);
		return 0;
	}
	return 1;
}

TEST(method_config_defaults)
{
	INT_EQ(load(NULL), 0);
	DBL_NEAR(m.method[CR_METHOD_LEC].bands.min[0], 320, 0);
	DBL_NEAR(m.method[CR_METHOD_LEC].bands.min[2], 70, 0);
	OK(!m.method[CR_METHOD_MES].bands.inclusive[0]);
	DBL_NEAR(m.classes[3].min_loss_cny, 1000000, 0);
	OK(d.enabled[CR_DIRECT_MAJOR_HAZARD_SOURCE]);
	INT_EQ(d.major_hazard_source_max_grade, 4); /* any grade: DB37/T 2882 family, DOMAIN.md */
	DBL_NEAR(m.method[CR_METHOD_MES].bands.min[2], 50, 0); /* classic MES table: Ⅲ from 50 */
	INT_EQ(r.orange_min_overdue_general, 3);
	INT_EQ(r.red_min_grade2, 5);
	INT_EQ(r.orange_min_grade3, 10);
	DBL_NEAR(s.district_ratio[0], 2, 0);
	DBL_NEAR(s.district_ratio[2], 0.5, 0);
	INT_EQ(s.city_rule, CR_CITY_DENSITY);
	DBL_NEAR(s.city_density[0], 100, 0);
	DBL_NEAR(s.weights[1], 100, 0);
	DBL_NEAR(s.shares[2], 0.30, 0);
	INT_EQ(load("{}"), 0);
	DBL_NEAR(s.cell_m, 1000, 0);
}

TEST(method_config_overrides)
{
	static const char *const text =
		"{\"lec\":{\"bands\":[400,200,100],\"inclusive\":[false,true,true]},"
		"\"mes\":{\"inclusive\":[true,true,true]},"
		"\"consequence\":{\"loss_cny\":[100000000,50000000,10000000,0]},"
		"\"direct\":{\"major_hazard_source\":false,"
		"\"major_hazard_source_max_grade\":2},"
		"\"rating\":{\"orange_min_overdue_general\":5,\"red_min_grade2\":3,"
		"\"orange_min_grade3\":0},"
		"\"superpose\":{\"weights\":[50,20,4,1],\"mode\":\"fixed\","
		"\"fixed\":[60,20,4],\"cell_m\":500,\"city_min_share\":[0.1,0.3,0.5],"
		"\"district_ratio\":[3,1.5,0.75],\"city_rule\":\"districts\","
		"\"city_density\":[50,20,2]}}";
	INT_EQ(load(text), 0);
	DBL_NEAR(m.method[CR_METHOD_LEC].bands.min[0], 400, 0);
	OK(!m.method[CR_METHOD_LEC].bands.inclusive[0]);
	OK(m.method[CR_METHOD_MES].bands.inclusive[0]);
	DBL_NEAR(m.classes[3].min_loss_cny, 0, 0);
	DBL_NEAR(m.classes[3].min_deaths, 1, 0); /* untouched */
	OK(!d.enabled[CR_DIRECT_MAJOR_HAZARD_SOURCE]);
	OK(d.enabled[CR_DIRECT_MANDATORY_VIOLATION]);
	INT_EQ(d.major_hazard_source_max_grade, 2);
	INT_EQ(r.orange_min_overdue_general, 5);
	INT_EQ(r.red_min_grade2, 3);
	INT_EQ(r.orange_min_grade3, 0);
	DBL_NEAR(s.district_ratio[1], 1.5, 0);
	INT_EQ(s.city_rule, CR_CITY_DISTRICTS);
	DBL_NEAR(s.city_density[2], 2, 0);
	INT_EQ(r.red_min_grade1, 1);
	DBL_NEAR(s.weights[1], 50, 0);
	DBL_NEAR(s.weights[4], 1, 0);
	INT_EQ(s.mode, CR_SUPERPOSE_FIXED);
	DBL_NEAR(s.fixed[0], 60, 0);
	DBL_NEAR(s.cell_m, 500, 0);
	DBL_NEAR(s.city_min_share[1], 0.3, 0);

	/* The overridden config grades accordingly: D = 360 is Ⅱ under 400/200/100. */
	struct cr_factor f[3] = { { "L", 3 }, { "E", 3 }, { "C", 40 } };
	struct cr_assessment a;
	INT_EQ(cr_assess(&m, CR_METHOD_LEC, f, 3, &a, &err), 0);
	INT_EQ(a.grade, 2);
	STR_EQ(a.explain, "D = L×E×C = 3×3×40 = 360 → Ⅱ (200 ≤ D ≤ 400)");
}

TEST(method_config_factor_tables)
{
	INT_EQ(load("{\"ls\":{\"S\":{\"labels_cn\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}}}"), 0);
	STR_EQ(m.method[CR_METHOD_LS].factors[1].labels_cn[0], "a");
	DBL_NEAR(m.method[CR_METHOD_LS].factors[1].values[0], 5, 0);
	static const char *const mes_m = "{\"mes\":{\"M\":{\"values\":[5,3,2,1],"
					 "\"labels_cn\":[\"无\",\"应急\",\"部分\",\"预防\"]}}}";
	INT_EQ(load(mes_m), 0);
	INT_EQ(m.method[CR_METHOD_MES].factors[0].nvalues, 4);
	STR_EQ(m.method[CR_METHOD_MES].factors[0].labels_cn[2], "部分");
	struct cr_factor f[3] = { { "M", 2 }, { "E", 6 }, { "S", 8 } };
	struct cr_assessment a;
	INT_EQ(cr_assess(&m, CR_METHOD_MES, f, 3, &a, &err), 0);
	DBL_NEAR(a.score, 96, 0);
	INT_EQ(a.grade, 2);

	OK(fails_at("{\"mes\":{\"M\":{\"values\":[5,3,2,1]}}}", "mes.M.labels_cn"));
	OK(fails_at("{\"ls\":{\"S\":{\"labels_cn\":[\"a\"]}}}", "ls.S.labels_cn"));
	OK(fails_at("{\"ls\":{\"S\":{\"values\":[1,2],\"labels_cn\":[\"a\",\"b\"]}}}", "ls.S"));
	OK(fails_at("{\"ls\":{\"S\":{\"value\":[1]}}}", "ls.S.value"));
	OK(fails_at("{\"ls\":{\"S\":[1,2]}}", "ls.S"));
	OK(fails_at("{\"lec\":{\"L\":{\"values\":[1,2,3,4,5,6,7,8,9],"
		    "\"labels_cn\":[]}}}",
		    "lec.L.values"));
}

TEST(method_config_errors)
{
	OK(fails_at("{\"lec\":{\"bandz\":[1,2,3]}}", "lec.bandz"));
	INT_EQ(load("{\"lec\":{\"bandz\":[1,2,3]}}"), -1);
	STR_EQ(err.code, "unknown_field");
	OK(fails_at("{\"lecc\":{}}", "lecc"));
	OK(fails_at("{\"lec\":[]}", "lec"));
	OK(fails_at("{\"lec\":{\"bands\":[320,160]}}", "lec.bands"));
	OK(fails_at("{\"lec\":{\"bands\":[320,\"160\",70]}}", "lec.bands"));
	OK(fails_at("{\"lec\":{\"bands\":[70,160,320]}}", "lec.bands"));
	OK(fails_at("{\"lec\":{\"inclusive\":[true,1,true]}}", "lec.inclusive"));
	OK(fails_at("{\"ls\":{\"E\":{}}}", "ls.E"));
	OK(fails_at("{\"consequence\":{\"deaths\":[1,3,10,30]}}", "consequence"));
	OK(fails_at("{\"consequence\":{\"grades\":[1,1,2,4]}}", "consequence.grades"));
	OK(fails_at("{\"consequence\":{\"grades\":[1,1,2,2.5]}}", "consequence.grades"));
	OK(fails_at("{\"consequence\":{\"grades\":[1,1,2,1e300]}}", "consequence.grades"));
	OK(fails_at("{\"consequence\":{\"death\":[1,1,1,1]}}", "consequence.death"));
	OK(fails_at("{\"direct\":{\"major_hazard_source\":1}}", "direct.major_hazard_source"));
	OK(fails_at("{\"direct\":{\"major_hazard_source_max_grade\":5}}",
		    "direct.major_hazard_source_max_grade"));
	OK(fails_at("{\"direct\":{\"open_major\":true}}", "direct.open_major"));
	OK(fails_at("{\"rating\":{\"red_min_grade1\":-1}}", "rating.red_min_grade1"));
	OK(fails_at("{\"rating\":{\"red_min_grade1\":1.5}}", "rating.red_min_grade1"));
	OK(fails_at("{\"superpose\":{\"weights\":[100,30,5]}}", "superpose.weights"));
	OK(fails_at("{\"superpose\":{\"weights\":[100,30,5,-1]}}", "superpose.weights"));
	OK(fails_at("{\"superpose\":{\"mode\":\"median\"}}", "superpose.mode"));
	OK(fails_at("{\"rating\":{\"red_min_grade2\":-1}}", "rating.red_min_grade2"));
	OK(fails_at("{\"rating\":{\"orange_min_grade3\":\"10\"}}", "rating.orange_min_grade3"));
	OK(fails_at("{\"superpose\":{\"city_rule\":\"max\"}}", "superpose.city_rule"));
	OK(fails_at("{\"superpose\":{\"district_ratio\":[1,2,0.5]}}", "superpose.district_ratio"));
	OK(fails_at("{\"superpose\":{\"district_ratio\":[2,1,0]}}", "superpose.district_ratio"));
	OK(fails_at("{\"superpose\":{\"city_density\":[100,30]}}", "superpose.city_density"));
	OK(fails_at("{\"superpose\":{\"city_density\":[5,30,100]}}", "superpose.city_density"));
	OK(fails_at("{\"superpose\":{\"shares\":[0.5,0.4,0.3]}}", "superpose.shares"));
	OK(fails_at("{\"superpose\":{\"cell_m\":0}}", "superpose.cell_m"));
	OK(fails_at("{\"superpose\":{\"weight\":[1,1,1,1]}}", "superpose.weight"));
	OK(fails_at("[]", ""));
	/* On error the outputs are the defaults, not half-applied. */
	OK(fails_at("{\"rating\":{\"yellow_min_grade3\":9},\"superpose\":{\"cell_m\":0}}",
		    "superpose.cell_m"));
	INT_EQ(r.yellow_min_grade3, 1);
	INT_EQ(cr_method_config_from_json(NULL, NULL, &d, &r, &s, &err), -1);
	INT_EQ(err.status, 500);
}
