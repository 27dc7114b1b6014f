/* methods.h — risk grading methods: LEC, the L×S matrix, MES and consequence-based grading, with
 * every table and threshold held in a config. Pure: no I/O, no allocation, no global state. */
#ifndef CR_METHODS_H
#define CR_METHODS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Assessment method (风险评价方法). docs/METHODS.md cites the source of each. */
enum cr_method {
	CR_METHOD_LEC, /* 作业条件危险性评价法 (Graham–Kinney): D = L × E × C */
	CR_METHOD_LS,  /* 风险矩阵法: R = L × S */
	CR_METHOD_MES, /* MES: R = M × E × S */
	CR_METHOD_CONSEQUENCE, /* by credible worst consequence (deaths, injuries, loss) */
};
#define CR_METHOD_COUNT 4

/* "lec", "ls", "mes", "consequence" → *out; -1 for NULL or anything else (no error filled). */
int cr_method_parse(const char *name, enum cr_method *out);
/* Static name as above; NULL for an out-of-range value. */
const char *cr_method_name(enum cr_method m);

#define CR_FACTOR_MAX_VALUES 8
#define CR_FACTOR_LABEL_MAX 160
#define CR_METHOD_MAX_FACTORS 3

/* One input of a method with its allowed values (descending) and their Chinese criteria text.
 * nvalues == 0 means any finite number ≥ 0 (consequence inputs); integer then asks for whole
 * numbers. name is a static string. */
struct cr_factor_table {
	const char *name;
	bool integer;
	size_t nvalues;
	double values[CR_FACTOR_MAX_VALUES];
	char labels_cn[CR_FACTOR_MAX_VALUES][CR_FACTOR_LABEL_MAX];
};

/* Grade bands on a score: grade g (1..3) when score > min[g-1], or score == min[g-1] with
 * inclusive[g-1]; the first band that holds wins, otherwise Ⅳ. min must be strictly decreasing. */
struct cr_bands {
	double min[3];
	bool inclusive[3];
};

struct cr_method_table {
	size_t nfactors;
	struct cr_factor_table factors[CR_METHOD_MAX_FACTORS];
	struct cr_bands bands; /* unused by CR_METHOD_CONSEQUENCE */
};

/* Accident classes (事故等级) of State Council Decree 493 (2007) art. 3, accident-classes.csv:
 * a class is reached when deaths, serious injuries or direct loss reaches its minimum ("以上"
 * includes the bound, art. 3 last paragraph); grade is the risk grade it maps to (seed 000 附). */
#define CR_ACCIDENT_CLASSES 4
struct cr_accident_class {
	const char *name_cn; /* static: "特别重大", "重大", "较大", "一般" */
	double min_deaths, min_injuries, min_loss_cny;
	int grade;
};

struct cr_methods_config {
	struct cr_method_table method[CR_METHOD_COUNT];        /* indexed by enum cr_method */
	struct cr_accident_class classes[CR_ACCIDENT_CLASSES]; /* most severe first */
};

/* Fills cfg with the defaults of risk-methods.md and accident-classes.csv. */
void cr_methods_config_default(struct cr_methods_config *cfg);

/* Checks a (possibly edited) config: tables descending with distinct values, bands strictly
 * decreasing, class minima non-increasing and grades in 1..4. 0, or -1 with err (field names the
 * part, e.g. "lec.bands"). */
int cr_methods_config_check(const struct cr_methods_config *cfg, struct cr_err *err);

struct cr_factor {
	const char *name;
	double value;
};

/* score: D or R for the scoring methods; for consequence, the severity of the accident class
 * reached (4 特别重大, 3 重大, 2 较大, 1 一般, 0 none). explain is English, UTF-8. */
struct cr_assessment {
	double score;
	int grade;
	char explain[256];
};

/* Grades one risk with method m from the nf factors f. Every factor of the method must be given
 * once, with a value from its table (or ≥ 0, whole for counts, for consequence). On a bad input
 * returns -1 with err 400 "invalid", field "inputs.<name>" (or "method"); out is then untouched. */
int cr_assess(const struct cr_methods_config *cfg, enum cr_method m, const struct cr_factor *f,
	      size_t nf, struct cr_assessment *out, struct cr_err *err);

/* The factor table of method m named factor, for listing allowed values and their criteria
 * (points into cfg); NULL when the method has no such factor. */
const struct cr_factor_table *cr_methods_factor(const struct cr_methods_config *cfg,
						enum cr_method m, const char *factor);

/* Grade of score on bands (1..4). */
int cr_bands_grade(const struct cr_bands *b, double score);

#endif
