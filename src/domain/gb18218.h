/* gb18218.h — identification and grading of major hazard sources (重大危险源) by GB 18218-2018:
 * S = Σ qᵢ/Qᵢ, R = α·Σ βᵢ·qᵢ/Qᵢ, α by people within 500 m, grade by R. Pure: no I/O, no
 * allocation; looking substances up in Tables 1–4 is the caller's (service/installations.c). */
#ifndef CR_GB18218_H
#define CR_GB18218_H

#include <stdbool.h>
#include <stddef.h>

/* One inventory line: q the maximum quantity present (t), Q its critical quantity (t), beta its
 * correction factor β. ratio (q/Q) and weighted (β·q/Q) are filled by cr_gb18218_assess. */
struct cr_gb18218_line {
	double q, Q, beta;
	double ratio, weighted;
};

struct cr_gb18218_result {
	double S;        /* Σ q/Q, rounded to 1e-6 */
	double sum_beta; /* Σ β·q/Q, rounded to 1e-6 */
	double alpha;    /* α of the people within 500 m */
	double R;        /* α·Σ β·q/Q, rounded to 1e-6 */
	bool major;      /* S ≥ 1: a major hazard source */
	int grade;       /* 1..4 (一级..四级) when major, else 0 */
};

/* GB 18218-2018 Table 5 (data/gb18218-alpha.csv): 2.0 for 100 or more people within 500 m,
 * 1.5 for 50–99, 1.2 for 30–49, 1.0 for 1–29, 0.5 for none; -1 for a negative count. */
double cr_gb18218_alpha(long long people);

/* GB 18218-2018 Table 6 (data/gb18218-grades.csv): 1 (一级) R ≥ 100, 2 (二级) 50 ≤ R < 100,
 * 3 (三级) 10 ≤ R < 50, 4 (四级) R < 10. 0 for a negative or non-finite R. */
int cr_gb18218_grade(double R);

/* Chinese name of a grade: "一级".."四级"; static, NULL outside 1..4. */
const char *cr_gb18218_grade_cn(int grade);
/* The kind of unit an installation is (GB 18218-2018 3.3, 3.4): "储存" (储存单元) for "storage",
 * "生产" (生产单元) for anything else ("production"). Static. */
const char *cr_gb18218_unit_cn(const char *kind);

/* Assesses n lines (q ≥ 0, Q > 0, β > 0, all finite) with `people` within 500 m: fills each
 * line's ratio and weighted and *out. -1 (out untouched) for a bad line, a negative people
 * count or NULL arguments; *bad_line (if not NULL) is then the first bad line's index, or n. */
int cr_gb18218_assess(struct cr_gb18218_line *lines, size_t n, long long people,
		      struct cr_gb18218_result *out, size_t *bad_line);

#endif
