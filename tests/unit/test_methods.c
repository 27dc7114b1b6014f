/* test_methods.c — unit tests of methods.h: every band boundary of LEC, L×S, MES and consequence
 * grading, published LEC examples, invalid and missing inputs. No I/O beyond the harness. */
#include "domain/methods.h"
#include "harness.h"

static struct cr_methods_config cfg;

static void init(void)
{
	cr_methods_config_default(&cfg);
}

static int grade3(enum cr_method m, const char *a, double va, const char *b, double vb,
		  const char *c, double vc, double *score)
{
	struct cr_factor f[3] = { { a, va }, { b, vb }, { c, vc } };
	struct cr_assessment out;
	struct cr_err err = { 0 };
	if (cr_assess(&cfg, m, f, 3, &out, &err))
		return -1;
	if (score)
		*score = out.score;
	return out.grade;
}

static int lec(double l, double e, double c, double *d)
{
	return grade3(CR_METHOD_LEC, "L", l, "E", e, "C", c, d);
}

static int mes(double m, double e, double s, double *r)
{
	return grade3(CR_METHOD_MES, "M", m, "E", e, "S", s, r);
}

static int ls(double l, double s)
{
	struct cr_factor f[2] = { { "L", l }, { "S", s } };
	struct cr_assessment out;
	struct cr_err err = { 0 };
	return cr_assess(&cfg, CR_METHOD_LS, f, 2, &out, &err) ? -1 : out.grade;
}

static int cons(double deaths, double injuries, double loss)
{
	struct cr_factor f[3] = { { "deaths", deaths },
				  { "injuries", injuries },
				  { "loss_cny", loss } };
	struct cr_assessment out;
	struct cr_err err = { 0 };
	return cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err) ? -1 : out.grade;
}

TEST(methods_parse_and_names)
{
	enum cr_method m = CR_METHOD_LEC;
	OK(cr_method_parse("ls", &m) == 0);
	INT_EQ(m, CR_METHOD_LS);
	OK(cr_method_parse("mes", &m) == 0);
	INT_EQ(m, CR_METHOD_MES);
	OK(cr_method_parse("consequence", &m) == 0);
	INT_EQ(m, CR_METHOD_CONSEQUENCE);
	OK(cr_method_parse("lec", &m) == 0);
	INT_EQ(m, CR_METHOD_LEC);
	OK(cr_method_parse("LEC", &m) == -1);
	OK(cr_method_parse("", &m) == -1);
	OK(cr_method_parse(NULL, &m) == -1);
	STR_EQ(cr_method_name(CR_METHOD_MES), "mes");
	OK(cr_method_name((enum cr_method)9) == NULL);
}

TEST(methods_default_config_is_valid)
{
	struct cr_err err = { 0 };
	init();
	INT_EQ(cr_methods_config_check(&cfg, &err), 0);
}

/* Classic Graham–Kinney worked examples and the brief's 6×6×7. */
TEST(methods_lec_worked_examples)
{
	struct cr_factor f[3] = { { "L", 3 }, { "E", 6 }, { "C", 7 } };
	struct cr_assessment out;
	struct cr_err err = { 0 };
	init();
	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, f, 3, &out, &err), 0);
	DBL_NEAR(out.score, 126, 1e-9);
	INT_EQ(out.grade, 3);
	STR_EQ(out.explain, "D = L×E×C = 3×6×7 = 126 → Ⅲ (70 ≤ D < 160)");

	f[0].value = 6;
	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, f, 3, &out, &err), 0);
	DBL_NEAR(out.score, 252, 1e-9);
	STR_EQ(out.explain, "D = L×E×C = 6×6×7 = 252 → Ⅱ (160 ≤ D < 320)");

	double d = 0;
	/* The textbook example of Chinese safety-engineering courses (《安全系统工程》: cleaning
	 * spinneret assemblies with 三甘醇 in a vacuum furnace, L 3 可能但不经常, E 6 每天工作时间内,
	 * C 15 非常严重) gives D = 270, 高度危险 (160–320): Ⅱ. */
	INT_EQ(lec(3, 6, 15, &d), 2); /* 270 高度危险 */
	DBL_NEAR(d, 270, 1e-9);
	INT_EQ(lec(1, 6, 7, &d), 4); /* 42 一般危险 → Ⅳ */
	INT_EQ(lec(10, 10, 100, &d), 1);
	DBL_NEAR(d, 10000, 1e-9);
}

/* Bounds 70 / 160 / 320, lower bound inclusive. Only 70 is a product of table values. */
TEST(methods_lec_bands)
{
	double d = 0;
	struct cr_assessment out;
	struct cr_err err = { 0 };
	init();
	INT_EQ(lec(1, 10, 7, &d), 3); /* D = 70 exactly */
	DBL_NEAR(d, 70, 0);
	struct cr_factor f[3] = { { "C", 7 }, { "L", 1 }, { "E", 10 } }; /* any order */
	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, f, 3, &out, &err), 0);
	STR_EQ(out.explain, "D = L×E×C = 1×10×7 = 70 → Ⅲ (70 ≤ D < 160)");
	INT_EQ(lec(3, 3, 7, &d), 4); /* 63, the highest product below 70 */
	DBL_NEAR(d, 63, 0);
	INT_EQ(lec(3, 2, 15, &d), 3);  /* 90 */
	INT_EQ(lec(10, 1, 15, &d), 3); /* 150, the highest product below 160 */
	INT_EQ(lec(6, 2, 15, &d), 2);  /* 180, the lowest product above 160 */
	INT_EQ(lec(10, 3, 7, &d), 2);  /* 210 */
	INT_EQ(lec(10, 2, 15, &d), 2); /* 300, the highest product below 320 */
	DBL_NEAR(d, 300, 0);
	INT_EQ(lec(3, 3, 40, &d), 1);  /* 360, the lowest product above 320 */
	INT_EQ(lec(6, 1, 100, &d), 1); /* 600 */
	INT_EQ(lec(0.1, 0.5, 1, &d), 4);
	DBL_NEAR(d, 0.05, 1e-12);
	INT_EQ(lec(0.1, 10, 100, &d), 3); /* 0.1 is inexact in binary: still exactly 100 */
	DBL_NEAR(d, 100, 0);
	INT_EQ(lec(0.2, 10, 40, &d), 3); /* 80 */
	DBL_NEAR(d, 80, 0);
	INT_EQ(lec(0.5, 2, 7, &d), 4); /* 7 */
	INT_EQ(lec(4, 6, 7, &d), -1);  /* L = 4 is not in the table */
	INT_EQ(lec(3, 6, 8, &d), -1);  /* C = 8 is not in the table */
}

/* The bands themselves at and around each bound (scores no table product reaches). */
TEST(methods_lec_band_bounds)
{
	const struct cr_bands *b;
	init();
	b = &cfg.method[CR_METHOD_LEC].bands;
	INT_EQ(cr_bands_grade(b, 69.999), 4);
	INT_EQ(cr_bands_grade(b, 70), 3);
	INT_EQ(cr_bands_grade(b, 159.999), 3);
	INT_EQ(cr_bands_grade(b, 160), 2);
	INT_EQ(cr_bands_grade(b, 319.999), 2);
	INT_EQ(cr_bands_grade(b, 320), 1);
	INT_EQ(cr_bands_grade(b, 0), 4);
}

/* L×S: R 20–25 Ⅰ, 15–16 Ⅱ, 9–12 Ⅲ, 1–8 Ⅳ. */
TEST(methods_ls_bands)
{
	init();
	INT_EQ(ls(1, 1), 4);
	INT_EQ(ls(2, 4), 4); /* 8 */
	INT_EQ(ls(3, 3), 3); /* 9 */
	INT_EQ(ls(3, 4), 3); /* 12 */
	INT_EQ(ls(4, 3), 3); /* 12 */
	INT_EQ(ls(3, 5), 2); /* 15 */
	INT_EQ(ls(4, 4), 2); /* 16 */
	INT_EQ(ls(4, 5), 1); /* 20 */
	INT_EQ(ls(5, 5), 1); /* 25 */
	INT_EQ(ls(5, 1), 4); /* 5 */
	INT_EQ(ls(0, 3), -1);
	INT_EQ(ls(6, 3), -1);
	INT_EQ(ls(2.5, 3), -1);
	struct cr_factor f[2] = { { "L", 4 }, { "S", 4 } };
	struct cr_assessment out;
	struct cr_err err = { 0 };
	INT_EQ(cr_assess(&cfg, CR_METHOD_LS, f, 2, &out, &err), 0);
	STR_EQ(out.explain, "R = L×S = 4×4 = 16 → Ⅱ (15 ≤ R < 20)");
}

/* MES default: R > 180 Ⅰ, 90 ≤ R ≤ 180 Ⅱ, 50 ≤ R < 90 Ⅲ, R < 50 Ⅳ (the classic 20–48 band is Ⅳ). */
TEST(methods_mes_bands)
{
	double r = 0;
	struct cr_assessment out;
	struct cr_err err = { 0 };
	init();
	INT_EQ(mes(3, 6, 2, &r), 4); /* 36 */
	DBL_NEAR(r, 36, 0);
	/* The classic table puts 20–48 in its 4th level and starts Ⅲ at 50: 40 and 48 are Ⅳ. */
	INT_EQ(mes(5, 1, 8, &r), 4); /* 40 */
	INT_EQ(mes(5, 2, 4, &r), 4); /* 40 */
	INT_EQ(mes(3, 2, 8, &r), 4); /* 48, the highest product below 50 */
	DBL_NEAR(r, 48, 0);
	INT_EQ(mes(1, 6, 8, &r), 4);  /* 48 */
	INT_EQ(mes(5, 10, 1, &r), 3); /* 50, the lowest Ⅲ */
	DBL_NEAR(r, 50, 0);
	INT_EQ(mes(1, 6, 10, &r), 3); /* 60 */
	INT_EQ(mes(5, 2, 8, &r), 3);  /* 80, the highest below 90 */
	INT_EQ(mes(3, 3, 10, &r), 2); /* 90 */
	INT_EQ(mes(5, 3, 10, &r), 2); /* 150 */
	INT_EQ(mes(3, 6, 10, &r), 2); /* 180 — in no classic band; default Ⅱ */
	DBL_NEAR(r, 180, 0);
	INT_EQ(mes(5, 10, 4, &r), 1);  /* 200, the lowest above 180 */
	INT_EQ(mes(5, 10, 10, &r), 1); /* 500 */
	INT_EQ(mes(1, 0.5, 1, &r), 4);
	DBL_NEAR(r, 0.5, 0);
	INT_EQ(mes(4, 6, 2, &r), -1); /* M = 4 is not in the table */
	struct cr_factor f[3] = { { "M", 3 }, { "E", 6 }, { "S", 10 } };
	INT_EQ(cr_assess(&cfg, CR_METHOD_MES, f, 3, &out, &err), 0);
	STR_EQ(out.explain, "R = M×E×S = 3×6×10 = 180 → Ⅱ (90 ≤ R ≤ 180)");
	f[2].value = 1;
	INT_EQ(cr_assess(&cfg, CR_METHOD_MES, f, 3, &out, &err), 0);
	STR_EQ(out.explain, "R = M×E×S = 3×6×1 = 18 → Ⅳ (R < 50)");
	f[0].value = 5;
	f[2].value = 4;
	f[1].value = 10;
	INT_EQ(cr_assess(&cfg, CR_METHOD_MES, f, 3, &out, &err), 0);
	STR_EQ(out.explain, "R = M×E×S = 5×10×4 = 200 → Ⅰ (R > 180)");

	const struct cr_bands *b = &cfg.method[CR_METHOD_MES].bands;
	INT_EQ(cr_bands_grade(b, 40), 4);
	INT_EQ(cr_bands_grade(b, 48), 4);
	INT_EQ(cr_bands_grade(b, 49.999), 4);
	INT_EQ(cr_bands_grade(b, 50), 3);
	INT_EQ(cr_bands_grade(b, 89.999), 3);
	INT_EQ(cr_bands_grade(b, 90), 2);
	INT_EQ(cr_bands_grade(b, 180), 2);
	INT_EQ(cr_bands_grade(b, 180.001), 1);
	INT_EQ(cr_bands_grade(b, 181), 1);
}

/* Decree 493 art. 3 via accident-classes.csv: deaths 1/3/10/30, injuries 1/10/50/100,
 * loss 1e6 (project default)/1e7/5e7/1e8 CNY, each bound inclusive. */
TEST(methods_consequence_deaths)
{
	init();
	INT_EQ(cons(0, 0, 0), 4);
	INT_EQ(cons(1, 0, 0), 3);
	INT_EQ(cons(2, 0, 0), 3);
	INT_EQ(cons(3, 0, 0), 2);
	INT_EQ(cons(9, 0, 0), 2);
	INT_EQ(cons(10, 0, 0), 1);
	INT_EQ(cons(29, 0, 0), 1);
	INT_EQ(cons(30, 0, 0), 1);
}

TEST(methods_consequence_injuries)
{
	init();
	INT_EQ(cons(0, 1, 0), 3);
	INT_EQ(cons(0, 9, 0), 3);
	INT_EQ(cons(0, 10, 0), 2);
	INT_EQ(cons(0, 49, 0), 2);
	INT_EQ(cons(0, 50, 0), 1);
	INT_EQ(cons(0, 100, 0), 1);
}

TEST(methods_consequence_loss)
{
	init();
	INT_EQ(cons(0, 0, 999999), 4);
	INT_EQ(cons(0, 0, 1000000), 3);
	INT_EQ(cons(0, 0, 9999999), 3);
	INT_EQ(cons(0, 0, 10000000), 2);
	INT_EQ(cons(0, 0, 49999999), 2);
	INT_EQ(cons(0, 0, 50000000), 1);
	INT_EQ(cons(0, 0, 100000000), 1);
	INT_EQ(cons(0, 0, 0.5), 4);
}

/* Published cases, classed 特别重大 by the State Council's investigation reports under Decree 493
 * art. 3: 天津港 "8·12" 瑞海公司危险品仓库火灾爆炸 (2015: 165 deaths, direct loss 68.66 亿元) and
 * 江苏响水天嘉宜 "3·21" 爆炸 (2019: 78 deaths, 76 serious injuries, direct loss 19.86 亿元). Each
 * criterion alone gives the class art. 3 gives it; score is the class (4 特别重大 … 1 一般). */
static int cons_class(double deaths, double injuries, double loss)
{
	struct cr_factor f[3] = { { "deaths", deaths },
				  { "injuries", injuries },
				  { "loss_cny", loss } };
	struct cr_assessment out;
	struct cr_err err = { 0 };
	return cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err) ? -1 : (int)out.score;
}

TEST(methods_consequence_published_cases)
{
	init();
	INT_EQ(cons_class(165, 0, 6.866e9), 4); /* Tianjin 2015 */
	INT_EQ(cons_class(165, 0, 0), 4);
	INT_EQ(cons_class(0, 0, 6.866e9), 4);
	INT_EQ(cons(165, 0, 6.866e9), 1);
	INT_EQ(cons_class(78, 76, 1.986e9), 4); /* Xiangshui 2019 */
	INT_EQ(cons_class(0, 76, 0), 3);        /* 76 serious injuries alone: 重大 (50–99) */
	INT_EQ(cons_class(0, 0, 1.986e9), 4);
	/* art. 3's bounds themselves: 30 / 10 / 3 deaths, 100 / 50 / 10 serious injuries,
	 * 1 亿 / 5000 万 / 1000 万 yuan, "以上包括本数，以下不包括本数" */
	INT_EQ(cons_class(30, 0, 0), 4);
	INT_EQ(cons_class(29, 0, 0), 3);
	INT_EQ(cons_class(10, 0, 0), 3);
	INT_EQ(cons_class(9, 0, 0), 2);
	INT_EQ(cons_class(3, 0, 0), 2);
	INT_EQ(cons_class(2, 0, 0), 1);
	INT_EQ(cons_class(0, 100, 0), 4);
	INT_EQ(cons_class(0, 99, 0), 3);
	INT_EQ(cons_class(0, 50, 0), 3);
	INT_EQ(cons_class(0, 49, 0), 2);
	INT_EQ(cons_class(0, 10, 0), 2);
	INT_EQ(cons_class(0, 9, 0), 1);
	INT_EQ(cons_class(0, 0, 1e8), 4);
	INT_EQ(cons_class(0, 0, 99999999), 3);
	INT_EQ(cons_class(0, 0, 5e7), 3);
	INT_EQ(cons_class(0, 0, 49999999), 2);
	INT_EQ(cons_class(0, 0, 1e7), 2);
	INT_EQ(cons_class(0, 0, 9999999), 1); /* 一般 from the project's 1,000,000 default */
	INT_EQ(cons_class(0, 0, 999999), 0);
}

TEST(methods_consequence_highest_class_wins)
{
	struct cr_factor f[3] = { { "deaths", 1 }, { "injuries", 12 }, { "loss_cny", 60000000 } };
	struct cr_assessment out;
	struct cr_err err = { 0 };
	init();
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err), 0);
	INT_EQ(out.grade, 1);
	DBL_NEAR(out.score, 3, 0); /* 重大 */
	static const char *const want_major = "deaths 1, serious injuries 12, direct loss "
					      "60000000 CNY: loss 60000000 ≥ 50000000 CNY → "
					      "重大 accident → Ⅰ";
	STR_EQ(out.explain, want_major);
	f[0].value = 30;
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err), 0);
	DBL_NEAR(out.score, 4, 0); /* 特别重大 */
	f[0].value = 0;
	f[1].value = 0;
	f[2].value = 0;
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err), 0);
	DBL_NEAR(out.score, 0, 0);
	static const char *const want_none = "deaths 0, serious injuries 0, direct loss 0 CNY: "
					     "below every 一般 accident minimum → Ⅳ";
	STR_EQ(out.explain, want_none);
}

TEST(methods_consequence_invalid)
{
	struct cr_err err = { 0 };
	struct cr_assessment out;
	struct cr_factor f[3] = { { "deaths", 1.5 }, { "injuries", 0 }, { "loss_cny", 0 } };
	init();
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err), -1);
	INT_EQ(err.status, 400);
	STR_EQ(err.code, "invalid");
	STR_EQ(err.field, "inputs.deaths");
	f[0].value = -1;
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err), -1);
	STR_EQ(err.field, "inputs.deaths");
	f[0].value = 0;
	f[1].value = 2.5;
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err), -1);
	STR_EQ(err.field, "inputs.injuries");
	f[1].value = 0;
	f[2].value = -0.01;
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err), -1);
	STR_EQ(err.field, "inputs.loss_cny");
	f[2].value = 1234.5; /* fractional yuan are fine */
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err), 0);
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 2, &out, &err), -1);
	STR_EQ(err.field, "inputs.loss_cny");
	f[2].value = NAN;
	INT_EQ(cr_assess(&cfg, CR_METHOD_CONSEQUENCE, f, 3, &out, &err), -1);
	STR_EQ(err.field, "inputs.loss_cny");
}

TEST(methods_invalid_inputs)
{
	struct cr_err err = { 0 };
	struct cr_assessment out = { .score = -7, .grade = 9 };
	struct cr_factor f[4] = { { "L", 4 }, { "E", 6 }, { "C", 7 }, { "X", 1 } };
	init();

	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, f, 3, &out, &err), -1); /* L = 4 not in table */
	INT_EQ(err.status, 400);
	STR_EQ(err.code, "invalid");
	STR_EQ(err.field, "inputs.L");
	OK(strstr(err.message, "allowed: 10, 6, 3, 1, 0.5, 0.2, 0.1") != NULL);
	INT_EQ(out.grade, 9); /* untouched on error */

	f[0].value = 3;
	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, f, 4, &out, &err), -1); /* unknown factor X */
	STR_EQ(err.field, "inputs.X");

	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, f, 2, &out, &err), -1); /* C missing */
	STR_EQ(err.field, "inputs.C");
	OK(strstr(err.message, "missing") != NULL);

	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, NULL, 0, &out, &err), -1); /* all missing */
	STR_EQ(err.field, "inputs.L");

	struct cr_factor dup[3] = { { "L", 3 }, { "L", 3 }, { "E", 6 } };
	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, dup, 3, &out, &err), -1);
	STR_EQ(err.field, "inputs.L");

	struct cr_factor lower[3] = { { "l", 3 }, { "E", 6 }, { "C", 7 } };
	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, lower, 3, &out, &err), -1); /* names are exact */
	STR_EQ(err.field, "inputs.l");

	struct cr_factor inf[3] = { { "L", INFINITY }, { "E", 6 }, { "C", 7 } };
	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, inf, 3, &out, &err), -1);
	STR_EQ(err.field, "inputs.L");

	struct cr_factor mesf[3] = { { "M", 3 }, { "E", 6 }, { "C", 7 } }; /* C is LEC's */
	INT_EQ(cr_assess(&cfg, CR_METHOD_MES, mesf, 3, &out, &err), -1);
	STR_EQ(err.field, "inputs.C");

	INT_EQ(cr_assess(&cfg, (enum cr_method)7, f, 3, &out, &err), -1);
	STR_EQ(err.field, "method");
	INT_EQ(err.status, 400);

	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, f, 3, NULL, &err), -1);
	INT_EQ(cr_assess(&cfg, CR_METHOD_LEC, f, 3, &out, NULL), 0); /* err may be NULL */
	INT_EQ(out.grade, 3);
}

TEST(methods_factor_tables)
{
	const struct cr_factor_table *t;
	init();
	t = cr_methods_factor(&cfg, CR_METHOD_LEC, "L");
	OK(t != NULL);
	INT_EQ(t->nvalues, 7);
	DBL_NEAR(t->values[0], 10, 0);
	DBL_NEAR(t->values[6], 0.1, 0);
	STR_EQ(t->labels_cn[0], "完全可以预料");
	STR_EQ(t->labels_cn[6], "实际不可能");
	t = cr_methods_factor(&cfg, CR_METHOD_LEC, "C");
	INT_EQ(t->nvalues, 6);
	DBL_NEAR(t->values[0], 100, 0);
	STR_EQ(t->labels_cn[3], "严重，重伤");
	t = cr_methods_factor(&cfg, CR_METHOD_MES, "E");
	INT_EQ(t->nvalues, 6);
	STR_EQ(t->labels_cn[1], "每天工作时间内暴露");
	t = cr_methods_factor(&cfg, CR_METHOD_MES, "M");
	INT_EQ(t->nvalues, 3);
	t = cr_methods_factor(&cfg, CR_METHOD_LS, "S");
	INT_EQ(t->nvalues, 5);
	t = cr_methods_factor(&cfg, CR_METHOD_CONSEQUENCE, "deaths");
	INT_EQ(t->nvalues, 0);
	OK(t->integer);
	OK(!cr_methods_factor(&cfg, CR_METHOD_CONSEQUENCE, "loss_cny")->integer);
	OK(cr_methods_factor(&cfg, CR_METHOD_LS, "E") == NULL);
	OK(cr_methods_factor(&cfg, (enum cr_method)5, "L") == NULL);
	OK(cr_methods_factor(NULL, CR_METHOD_LEC, "L") == NULL);
}

TEST(methods_configured_bands)
{
	struct cr_err err = { 0 };
	double r = 0;
	init();
	/* The classic MES Ⅱ upper bound: R ≥ 180 → Ⅰ. */
	cfg.method[CR_METHOD_MES].bands.inclusive[0] = true;
	INT_EQ(cr_methods_config_check(&cfg, &err), 0);
	INT_EQ(mes(3, 6, 10, &r), 1);
	/* Exclusive LEC bounds put D = 70 in Ⅳ. */
	cfg.method[CR_METHOD_LEC].bands.inclusive[2] = false;
	INT_EQ(lec(1, 10, 7, &r), 4);
	cfg.method[CR_METHOD_LEC].bands.min[1] = 400;
	INT_EQ(cr_methods_config_check(&cfg, &err), -1);
	STR_EQ(err.field, "lec.bands");
	init();
	cfg.classes[3].min_deaths = 5;
	INT_EQ(cr_methods_config_check(&cfg, &err), -1);
	STR_EQ(err.field, "consequence");
	init();
	cfg.method[CR_METHOD_LS].factors[0].values[1] = 5;
	INT_EQ(cr_methods_config_check(&cfg, &err), -1);
	STR_EQ(err.field, "ls.L");
}

/* Tabulated expectations, written out by hand from the published band tables rather than from
 * the code's bands: every distinct product of the factor tables with the grade the table gives.
 * LEC (Graham–Kinney as tabulated in Chinese safety-engineering practice and risk-methods.md):
 * D ≥ 320 极其危险 Ⅰ, 160–320 高度危险 Ⅱ, 70–160 显著危险 Ⅲ, 20–70 一般危险 and < 20 稍有危险 Ⅳ.
 * MES (risk-methods.md, the classic five-band table > 180, 90–150, 50–80, 20–48, ≤ 18, with 180
 * in Ⅱ): 40 and 48 are in the 20–48 band, Ⅳ. docs/METHODS.md "MES". */
static const struct {
	double product;
	int grade;
} lec_table[] = {
	{ 50, 4 }, { 54, 4 }, { 60, 4 }, { 63, 4 }, { 70, 3 }, { 75, 3 }, { 80, 3 }, { 84, 3 }, { 90, 3 },
	{ 100, 3 }, { 108, 3 }, { 120, 3 }, { 126, 3 }, { 135, 3 }, { 140, 3 }, { 150, 3 },
	{ 180, 2 }, { 200, 2 }, { 210, 2 }, { 240, 2 }, { 252, 2 }, { 270, 2 }, { 300, 2 },
	{ 360, 1 }, { 400, 1 },
}, mes_table[] = {
	{ 0.5, 4 }, { 1, 4 }, { 1.5, 4 }, { 2, 4 }, { 2.5, 4 }, { 3, 4 }, { 4, 4 }, { 5, 4 },
	{ 6, 4 }, { 8, 4 }, { 9, 4 }, { 10, 4 }, { 12, 4 }, { 15, 4 }, { 16, 4 }, { 18, 4 },
	{ 20, 4 }, { 24, 4 }, { 25, 4 }, { 30, 4 }, { 36, 4 }, { 40, 4 }, { 48, 4 }, { 50, 3 },
	{ 60, 3 }, { 72, 3 }, { 80, 3 }, { 90, 2 }, { 100, 2 }, { 120, 2 }, { 144, 2 }, { 150, 2 },
	{ 180, 2 }, { 200, 1 }, { 240, 1 }, { 300, 1 }, { 400, 1 }, { 500, 1 },
};

/* Every MES combination's grade is the table's grade of its product (and every product is in
 * the table); LEC likewise for products 50–400, the only ones near a bound. The counts per grade
 * over all 252 LEC and 90 MES combinations were counted independently of the code (exact
 * rational arithmetic on the same band tables). */
TEST(methods_products_against_tables)
{
	const enum cr_method ms[2] = { CR_METHOD_LEC, CR_METHOD_MES };
	const int want_counts[2][5] = { { 0, 40, 21, 30, 161 }, { 0, 7, 10, 11, 62 } };
	init();
	for (int k = 0; k < 2; k++) {
		const struct cr_method_table *t = &cfg.method[ms[k]];
		const struct cr_factor_table *a = &t->factors[0], *b = &t->factors[1],
					     *c = &t->factors[2];
		int counts[5] = { 0 }, looked_up = 0;
		for (size_t i = 0; i < a->nvalues; i++)
			for (size_t j = 0; j < b->nvalues; j++)
				for (size_t l = 0; l < c->nvalues; l++) {
					double s = 0;
					int g = grade3(ms[k], a->name, a->values[i], b->name,
						       b->values[j], c->name, c->values[l], &s);
					OK(g >= 1 && g <= 4);
					if (g >= 1 && g <= 4)
						counts[g]++;
					size_t n = k == 0 ? sizeof lec_table / sizeof lec_table[0]
							  : sizeof mes_table / sizeof mes_table[0];
					bool found = false;
					for (size_t x = 0; x < n; x++) {
						double p = k == 0 ? lec_table[x].product
								  : mes_table[x].product;
						if (fabs(s - p) < 1e-9) {
							INT_EQ(g, k == 0 ? lec_table[x].grade
									 : mes_table[x].grade);
							found = true;
							looked_up++;
						}
					}
					if (k == 1 || (s >= 50 && s <= 400))
						OK(found);
				}
		for (int g = 1; g <= 4; g++)
			INT_EQ(counts[g], want_counts[k][g]);
		OK(looked_up > 0);
	}
}
