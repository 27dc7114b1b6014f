/* methods.c — the tables and scoring of LEC, L×S, MES and consequence grading (methods.h).
 * Pure functions over a caller's config: no I/O, no allocation, no global mutable state. */
#include "domain/methods.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/grade.h"

static const char *const method_names[CR_METHOD_COUNT] = {
	[CR_METHOD_LEC] = "lec",
	[CR_METHOD_LS] = "ls",
	[CR_METHOD_MES] = "mes",
	[CR_METHOD_CONSEQUENCE] = "consequence",
};

/* Score letter used in explanations: D for LEC (Graham–Kinney), R for the others. */
static const char *const score_names[CR_METHOD_COUNT] = { "D", "R", "R", "" };

int cr_method_parse(const char *name, enum cr_method *out)
{
	if (!name)
		return -1;
	for (int m = 0; m < CR_METHOD_COUNT; m++) {
		if (strcmp(name, method_names[m]) == 0) {
			if (out)
				*out = (enum cr_method)m;
			return 0;
		}
	}
	return -1;
}

const char *cr_method_name(enum cr_method m)
{
	return (unsigned)m < CR_METHOD_COUNT ? method_names[m] : NULL;
}

/* ===== Default tables ===== */

struct row {
	double value;
	const char *label_cn;
};

static void set_factor(struct cr_factor_table *t, const char *name, bool integer,
		       const struct row *rows, size_t n)
{
	memset(t, 0, sizeof *t);
	t->name = name;
	t->integer = integer;
	t->nvalues = n;
	for (size_t i = 0; i < n; i++) {
		t->values[i] = rows[i].value;
		snprintf(t->labels_cn[i], sizeof t->labels_cn[i], "%s", rows[i].label_cn);
	}
}

#define ROWS(a) (a), sizeof(a) / sizeof((a)[0])

/* LEC (Graham & Kinney 1976, Chinese form 作业条件危险性评价法), risk-methods.md "LEC". */
static const struct row lec_l[] = {
	{ 10, "完全可以预料" },        { 6, "相当可能" },
	{ 3, "可能，但不经常" },       { 1, "可能性小，完全意外" },
	{ 0.5, "很不可能，可以设想" }, { 0.2, "极不可能" },
	{ 0.1, "实际不可能" },
};
/* E is shared by LEC and MES (risk-methods.md "MES": "same six values as LEC's E"). */
static const struct row lec_e[] = {
	{ 10, "连续暴露" },    { 6, "每天工作时间内暴露" }, { 3, "每周一次或偶然暴露" },
	{ 2, "每月一次暴露" }, { 1, "每年几次暴露" },       { 0.5, "非常罕见地暴露" },
};
static const struct row lec_c[] = {
	{ 100, "大灾难，许多人死亡" }, { 40, "灾难，数人死亡" }, { 15, "非常严重，一人死亡" },
	{ 7, "严重，重伤" },           { 3, "重大，致残" },      { 1, "引人注目，需要救护" },
};

/* L×S matrix, Shandong-style dual-prevention guidance (DB37/T 2882 family), risk-methods.md
 * "L × S risk matrix". The Chinese text condenses the file's English criteria; configurable. */
static const struct row ls_l[] = {
	{ 5, "无防范、监测、控制措施，或此类事件经常发生" },
	{ 4, "危害不易发现，或控制措施未有效执行" },
	{ 3, "无保护措施或未按操作规程执行，或曾发生类似事件" },
	{ 2, "危害能及时发现，控制措施有效，过去偶尔发生" },
	{ 1, "控制措施充分有效，极不可能发生" },
};
static const struct row ls_s[] = {
	{ 5, "死亡；直接经济损失50万元以上；重大社会影响" },
	{ 4, "永久致残；直接经济损失25万元以上" },
	{ 3, "截肢、骨折、职业病；直接经济损失10万元以上" },
	{ 2, "轻微受伤；直接经济损失10万元以下" },
	{ 1, "无伤亡，无损失" },
};

/* MES, risk-methods.md "MES". */
static const struct row mes_m[] = {
	{ 5, "无控制措施" },
	{ 3, "有减轻后果的应急措施（如报警、个体防护）" },
	{ 1, "有有效的预防措施（如防护装置）" },
};
static const struct row mes_s[] = {
	{ 10, "多人死亡" },    { 8, "一人死亡或多人永久失能" },
	{ 4, "一人永久失能" }, { 2, "需医院治疗，缺工" },
	{ 1, "仅需急救" },
};

void cr_methods_config_default(struct cr_methods_config *cfg)
{
	struct cr_method_table *t;

	memset(cfg, 0, sizeof *cfg);

	/* LEC bands, risk-methods.md: D ≥ 320 Ⅰ, 160 ≤ D < 320 Ⅱ, 70 ≤ D < 160 Ⅲ, else Ⅳ
	 * (lower bounds inclusive — the project default). */
	t = &cfg->method[CR_METHOD_LEC];
	t->nfactors = 3;
	set_factor(&t->factors[0], "L", false, ROWS(lec_l));
	set_factor(&t->factors[1], "E", false, ROWS(lec_e));
	set_factor(&t->factors[2], "C", false, ROWS(lec_c));
	t->bands = (struct cr_bands){ { 320, 160, 70 }, { true, true, true } };

	/* L×S bands, risk-methods.md: R 20–25 Ⅰ, 15–16 Ⅱ, 9–12 Ⅲ, 1–8 Ⅳ. */
	t = &cfg->method[CR_METHOD_LS];
	t->nfactors = 2;
	set_factor(&t->factors[0], "L", false, ROWS(ls_l));
	set_factor(&t->factors[1], "S", false, ROWS(ls_s));
	t->bands = (struct cr_bands){ { 20, 15, 9 }, { true, true, true } };

	/* MES bands, risk-methods.md default: R > 180 Ⅰ, 90 ≤ R ≤ 180 Ⅱ, 50 ≤ R < 90 Ⅲ, else Ⅳ
	 * (the classic table's 50–80 Ⅲ and 20–48 Ⅳ; 180, in no classic band, joins Ⅱ). */
	t = &cfg->method[CR_METHOD_MES];
	t->nfactors = 3;
	set_factor(&t->factors[0], "M", false, ROWS(mes_m));
	set_factor(&t->factors[1], "E", false, ROWS(lec_e));
	set_factor(&t->factors[2], "S", false, ROWS(mes_s));
	t->bands = (struct cr_bands){ { 180, 90, 50 }, { false, true, true } };

	/* Consequence inputs: any count ≥ 0; loss in CNY. */
	t = &cfg->method[CR_METHOD_CONSEQUENCE];
	t->nfactors = 3;
	set_factor(&t->factors[0], "deaths", true, NULL, 0);
	set_factor(&t->factors[1], "injuries", true, NULL, 0);
	set_factor(&t->factors[2], "loss_cny", false, NULL, 0);

	/* accident-classes.csv (Decree 493 art. 3; grades per seed 000 附). The 1,000,000 CNY
	 * minimum of 一般 is the project's default: the regulation sets no lower bound. */
	cfg->classes[0] = (struct cr_accident_class){ "特别重大", 30, 100, 100000000, 1 };
	cfg->classes[1] = (struct cr_accident_class){ "重大", 10, 50, 50000000, 1 };
	cfg->classes[2] = (struct cr_accident_class){ "较大", 3, 10, 10000000, 2 };
	cfg->classes[3] = (struct cr_accident_class){ "一般", 1, 1, 1000000, 3 };
}

/* ===== Checks ===== */

static int check_table(const struct cr_factor_table *t, const char *method, struct cr_err *err)
{
	char field[64];
	snprintf(field, sizeof field, "%s.%s", method, t->name);
	if (t->nvalues > CR_FACTOR_MAX_VALUES)
		return cr_err_set(err, 400, "invalid", field, "at most %d values",
				  CR_FACTOR_MAX_VALUES);
	for (size_t i = 0; i < t->nvalues; i++) {
		if (!isfinite(t->values[i]) || t->values[i] <= 0)
			return cr_err_set(err, 400, "invalid", field,
					  "values must be positive numbers");
		if (i > 0 && !(t->values[i] < t->values[i - 1]))
			return cr_err_set(err, 400, "invalid", field,
					  "values must be strictly decreasing");
	}
	return 0;
}

static int check_bands(const struct cr_bands *b, const char *method, struct cr_err *err)
{
	char field[64];
	snprintf(field, sizeof field, "%s.bands", method);
	for (int i = 0; i < 3; i++) {
		if (!isfinite(b->min[i]) || b->min[i] < 0)
			return cr_err_set(err, 400, "invalid", field,
					  "bands must be finite and non-negative");
		if (i > 0 && !(b->min[i] < b->min[i - 1]))
			return cr_err_set(err, 400, "invalid", field,
					  "bands must be strictly decreasing (Ⅰ, Ⅱ, Ⅲ)");
	}
	return 0;
}

int cr_methods_config_check(const struct cr_methods_config *cfg, struct cr_err *err)
{
	for (int m = 0; m < CR_METHOD_COUNT; m++) {
		const struct cr_method_table *t = &cfg->method[m];
		for (size_t i = 0; i < t->nfactors; i++)
			if (check_table(&t->factors[i], method_names[m], err))
				return -1;
		if (m != CR_METHOD_CONSEQUENCE && check_bands(&t->bands, method_names[m], err))
			return -1;
	}
	for (int c = 0; c < CR_ACCIDENT_CLASSES; c++) {
		const struct cr_accident_class *k = &cfg->classes[c];
		const struct cr_accident_class *prev = c ? &cfg->classes[c - 1] : NULL;
		if (!isfinite(k->min_deaths) || !isfinite(k->min_injuries) ||
		    !isfinite(k->min_loss_cny) || k->min_deaths < 0 || k->min_injuries < 0 ||
		    k->min_loss_cny < 0)
			return cr_err_set(err, 400, "invalid", "consequence",
					  "class minima must be finite and non-negative");
		if (!cr_grade_valid(k->grade) || k->grade == CR_GRADE_IV)
			return cr_err_set(err, 400, "invalid", "consequence.grades",
					  "an accident class maps to grade 1, 2 or 3");
		if (prev &&
		    (k->min_deaths > prev->min_deaths || k->min_injuries > prev->min_injuries ||
		     k->min_loss_cny > prev->min_loss_cny || k->grade < prev->grade))
			return cr_err_set(err, 400, "invalid", "consequence",
					  "classes must go from most to least severe");
	}
	return 0;
}

/* ===== Scoring ===== */

int cr_bands_grade(const struct cr_bands *b, double score)
{
	for (int i = 0; i < 3; i++)
		if (score > b->min[i] || (b->inclusive[i] && score == b->min[i]))
			return i + 1;
	return CR_GRADE_IV;
}

const struct cr_factor_table *cr_methods_factor(const struct cr_methods_config *cfg,
						enum cr_method m, const char *factor)
{
	if (!cfg || (unsigned)m >= CR_METHOD_COUNT || !factor)
		return NULL;
	const struct cr_method_table *t = &cfg->method[m];
	for (size_t i = 0; i < t->nfactors && i < CR_METHOD_MAX_FACTORS; i++)
		if (t->factors[i].name && strcmp(t->factors[i].name, factor) == 0)
			return &t->factors[i];
	return NULL;
}

/* Equal up to floating-point noise: table values such as 0.1 are not exact in binary. */
static bool same_value(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* Finds every factor of t in f, checks each value and stores it in vals (table order). */
static int collect(const struct cr_method_table *t, const struct cr_factor *f, size_t nf,
		   double vals[CR_METHOD_MAX_FACTORS], struct cr_err *err)
{
	bool seen[CR_METHOD_MAX_FACTORS] = { false };
	char field[64];

	if (nf && !f)
		return cr_err_set(err, 400, "invalid", "inputs", "no inputs given");
	for (size_t k = 0; k < nf; k++) {
		const char *name = f[k].name ? f[k].name : "";
		size_t i;
		snprintf(field, sizeof field, "inputs.%s", name);
		for (i = 0; i < t->nfactors; i++)
			if (strcmp(name, t->factors[i].name) == 0)
				break;
		if (i == t->nfactors)
			return cr_err_set(err, 400, "invalid", field, "unknown factor '%.40s'",
					  name);
		if (seen[i])
			return cr_err_set(err, 400, "invalid", field, "factor %s given twice",
					  t->factors[i].name);
		seen[i] = true;

		const struct cr_factor_table *ft = &t->factors[i];
		double v = f[k].value;
		if (!isfinite(v))
			return cr_err_set(err, 400, "invalid", field, "%s must be a finite number",
					  ft->name);
		if (ft->nvalues == 0) {
			if (v < 0)
				return cr_err_set(err, 400, "invalid", field,
						  "%s must not be negative", ft->name);
			if (ft->integer && v != floor(v))
				return cr_err_set(err, 400, "invalid", field,
						  "%s must be a whole number", ft->name);
			vals[i] = v;
			continue;
		}
		size_t j;
		for (j = 0; j < ft->nvalues; j++)
			if (same_value(v, ft->values[j]))
				break;
		if (j == ft->nvalues) {
			char allowed[128];
			size_t used = 0;
			allowed[0] = '\0';
			for (size_t a = 0; a < ft->nvalues && used < sizeof allowed; a++) {
				int w = snprintf(allowed + used, sizeof allowed - used, "%s%g",
						 a ? ", " : "", ft->values[a]);
				if (w < 0)
					break;
				used += (size_t)w;
			}
			return cr_err_set(err, 400, "invalid", field,
					  "%s = %g is not in the table (allowed: %s)", ft->name, v,
					  allowed);
		}
		vals[i] = ft->values[j];
	}
	for (size_t i = 0; i < t->nfactors; i++) {
		if (!seen[i]) {
			snprintf(field, sizeof field, "inputs.%s", t->factors[i].name);
			return cr_err_set(err, 400, "invalid", field, "factor %s is missing",
					  t->factors[i].name);
		}
	}
	return 0;
}

/* "160 ≤ D < 320", "D > 180", "D < 70": the band of grade g in words. */
static void band_text(const struct cr_bands *b, int g, const char *s, char *buf, size_t n)
{
	if (g == CR_GRADE_I) {
		snprintf(buf, n, "%s %s %g", s, b->inclusive[0] ? "≥" : ">", b->min[0]);
	} else if (g == CR_GRADE_IV) {
		snprintf(buf, n, "%s %s %g", s, b->inclusive[2] ? "<" : "≤", b->min[2]);
	} else {
		snprintf(buf, n, "%g %s %s %s %g", b->min[g - 1], b->inclusive[g - 1] ? "≤" : "<",
			 s, b->inclusive[g - 2] ? "<" : "≤", b->min[g - 2]);
	}
}

static void assess_product(const struct cr_method_table *t, enum cr_method m, const double *vals,
			   struct cr_assessment *out)
{
	const char *s = score_names[m];
	char names[32] = "", values[64] = "", band[64];
	size_t un = 0, uv = 0;
	double score = 1;

	for (size_t i = 0; i < t->nfactors; i++) {
		score *= vals[i];
		int a = snprintf(names + un, sizeof names - un, "%s%s", i ? "×" : "",
				 t->factors[i].name);
		int b = snprintf(values + uv, sizeof values - uv, "%s%g", i ? "×" : "", vals[i]);
		if (a > 0 && (size_t)a < sizeof names - un)
			un += (size_t)a;
		if (b > 0 && (size_t)b < sizeof values - uv)
			uv += (size_t)b;
	}
	/* Products of decimal table values (0.1, 0.2) carry binary noise; round to 1e-6 so a
	 * product that is a band bound in decimal compares as that bound. */
	score = round(score * 1e6) / 1e6;
	out->score = score;
	out->grade = cr_bands_grade(&t->bands, score);
	band_text(&t->bands, out->grade, s, band, sizeof band);
	snprintf(out->explain, sizeof out->explain, "%s = %s = %s = %g → %s (%s)", s, names, values,
		 score, cr_grade_roman(out->grade), band);
}

static void assess_consequence(const struct cr_methods_config *cfg, const double *vals,
			       struct cr_assessment *out)
{
	const double deaths = vals[0], injuries = vals[1], loss = vals[2];
	char head[96];

	snprintf(head, sizeof head, "deaths %g, serious injuries %g, direct loss %.0f CNY", deaths,
		 injuries, loss);
	for (int c = 0; c < CR_ACCIDENT_CLASSES; c++) {
		const struct cr_accident_class *k = &cfg->classes[c];
		char why[80];
		if (deaths >= k->min_deaths)
			snprintf(why, sizeof why, "deaths %g ≥ %g", deaths, k->min_deaths);
		else if (injuries >= k->min_injuries)
			snprintf(why, sizeof why, "serious injuries %g ≥ %g", injuries,
				 k->min_injuries);
		else if (loss >= k->min_loss_cny)
			snprintf(why, sizeof why, "loss %.0f ≥ %.0f CNY", loss, k->min_loss_cny);
		else
			continue;
		out->score = CR_ACCIDENT_CLASSES - c;
		out->grade = k->grade;
		snprintf(out->explain, sizeof out->explain, "%s: %s → %s accident → %s", head, why,
			 k->name_cn, cr_grade_roman(k->grade));
		return;
	}
	out->score = 0;
	out->grade = CR_GRADE_IV;
	snprintf(out->explain, sizeof out->explain, "%s: below every %s accident minimum → %s",
		 head, cfg->classes[CR_ACCIDENT_CLASSES - 1].name_cn, cr_grade_roman(CR_GRADE_IV));
}

int cr_assess(const struct cr_methods_config *cfg, enum cr_method m, const struct cr_factor *f,
	      size_t nf, struct cr_assessment *out, struct cr_err *err)
{
	double vals[CR_METHOD_MAX_FACTORS] = { 0 };
	struct cr_assessment a;

	if ((unsigned)m >= CR_METHOD_COUNT)
		return cr_err_set(err, 400, "invalid", "method", "unknown method");
	if (!cfg || !out)
		return cr_err_set(err, 500, "internal", "", "cr_assess: no config or output");
	const struct cr_method_table *t = &cfg->method[m];
	if (t->nfactors == 0 || t->nfactors > CR_METHOD_MAX_FACTORS)
		return cr_err_set(err, 500, "internal", "method", "method %s has no factors",
				  method_names[m]);
	if (collect(t, f, nf, vals, err))
		return -1;
	memset(&a, 0, sizeof a);
	if (m == CR_METHOD_CONSEQUENCE)
		assess_consequence(cfg, vals, &a);
	else
		assess_product(t, m, vals, &a);
	*out = a;
	return 0;
}
