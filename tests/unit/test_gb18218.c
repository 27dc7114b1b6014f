/* test_gb18218.c — unit tests of gb18218.h: S, R, α, β, every grade boundary, toxic gases with
 * their own β, the Table 2 fallback and mixtures. Examples are worked in docs/METHODS.md. */
#include "domain/gb18218.h"
#include "harness.h"

TEST(gb18218_alpha_table5)
{
	DBL_NEAR(cr_gb18218_alpha(0), 0.5, 0);
	DBL_NEAR(cr_gb18218_alpha(1), 1.0, 0);
	DBL_NEAR(cr_gb18218_alpha(29), 1.0, 0);
	DBL_NEAR(cr_gb18218_alpha(30), 1.2, 0);
	DBL_NEAR(cr_gb18218_alpha(49), 1.2, 0);
	DBL_NEAR(cr_gb18218_alpha(50), 1.5, 0);
	DBL_NEAR(cr_gb18218_alpha(99), 1.5, 0);
	DBL_NEAR(cr_gb18218_alpha(100), 2.0, 0);
	DBL_NEAR(cr_gb18218_alpha(100000), 2.0, 0);
	OK(cr_gb18218_alpha(-1) < 0);
}

TEST(gb18218_grade_boundaries)
{
	INT_EQ(cr_gb18218_grade(100), 1);
	INT_EQ(cr_gb18218_grade(99.999999), 2);
	INT_EQ(cr_gb18218_grade(50), 2);
	INT_EQ(cr_gb18218_grade(49.999999), 3);
	INT_EQ(cr_gb18218_grade(10), 3);
	INT_EQ(cr_gb18218_grade(9.999999), 4);
	INT_EQ(cr_gb18218_grade(0), 4);
	INT_EQ(cr_gb18218_grade(-1), 0);
	INT_EQ(cr_gb18218_grade(NAN), 0);
	STR_EQ(cr_gb18218_grade_cn(1), "一级");
	STR_EQ(cr_gb18218_grade_cn(4), "四级");
	OK(cr_gb18218_grade_cn(0) == NULL);
}

/* R exactly on 10, 50 and 100, reached through the whole computation. */
TEST(gb18218_assess_r_on_boundaries)
{
	struct cr_gb18218_result r;
	/* 10 people: α 1.0; chlorine-like β 4 (Table 3), q/Q 2.5 → R = 10 → 三级 */
	struct cr_gb18218_line a[] = { { .q = 12.5, .Q = 5, .beta = 4 } };
	INT_EQ(cr_gb18218_assess(a, 1, 10, &r, NULL), 0);
	DBL_NEAR(r.R, 10, 1e-9);
	INT_EQ(r.grade, 3);
	/* 100 people: α 2.0; W5.3 β 1, 25 × Q → R = 50 → 二级 */
	struct cr_gb18218_line b[] = { { .q = 25000, .Q = 1000, .beta = 1 } };
	INT_EQ(cr_gb18218_assess(b, 1, 100, &r, NULL), 0);
	DBL_NEAR(r.R, 50, 1e-9);
	INT_EQ(r.grade, 2);
	/* β 2, 25 × Q, α 2.0 → R = 100 → 一级 */
	struct cr_gb18218_line c[] = { { .q = 250, .Q = 10, .beta = 2 } };
	INT_EQ(cr_gb18218_assess(c, 1, 120, &r, NULL), 0);
	DBL_NEAR(r.R, 100, 1e-9);
	INT_EQ(r.grade, 1);
	/* a sum through divisions that equals 10 on paper: 0.1 + 0.2 + 0.7 of Q, β 10, α 1 */
	struct cr_gb18218_line d[] = { { .q = 0.1, .Q = 1, .beta = 10 },
				       { .q = 0.2, .Q = 1, .beta = 10 },
				       { .q = 0.7, .Q = 1, .beta = 10 } };
	INT_EQ(cr_gb18218_assess(d, 3, 5, &r, NULL), 0);
	DBL_NEAR(r.S, 1, 0);
	OK(r.major);
	INT_EQ(r.grade, 3);
	/* just below 10 */
	struct cr_gb18218_line e[] = { { .q = 12.49, .Q = 5, .beta = 4 } };
	INT_EQ(cr_gb18218_assess(e, 1, 10, &r, NULL), 0);
	INT_EQ(r.grade, 4);
}

TEST(gb18218_s_threshold)
{
	struct cr_gb18218_result r;
	struct cr_gb18218_line at[] = { { .q = 5, .Q = 5, .beta = 4 } };
	INT_EQ(cr_gb18218_assess(at, 1, 0, &r, NULL), 0);
	DBL_NEAR(r.S, 1, 0);
	OK(r.major);
	DBL_NEAR(r.alpha, 0.5, 0);
	DBL_NEAR(r.R, 2, 1e-9);
	INT_EQ(r.grade, 4);
	struct cr_gb18218_line below[] = { { .q = 4.999, .Q = 5, .beta = 4 } };
	INT_EQ(cr_gb18218_assess(below, 1, 0, &r, NULL), 0);
	DBL_NEAR(r.S, 0.9998, 1e-9);
	OK(!r.major);
	INT_EQ(r.grade, 0);
	/* nothing stored: S = 0, not a source */
	INT_EQ(cr_gb18218_assess(NULL, 0, 0, &r, NULL), 0);
	OK(!r.major);
	INT_EQ(r.grade, 0);
}

/* The contract example: chlorine 12 t (Table 1 Q 5, Table 3 β 4), methanol 800 t
 * (Table 1 Q 500, category W5.3 β 1), a J1 substance 3 t (Table 2 Q 5, Table 4 β 4), 40 people
 * (α 1.2): S = 2.4 + 1.6 + 0.6 = 4.6; Σβq/Q = 9.6 + 1.6 + 2.4 = 13.6; R = 16.32 → 三级. */
TEST(gb18218_contract_example)
{
	struct cr_gb18218_line l[] = { { .q = 12, .Q = 5, .beta = 4 },
				       { .q = 800, .Q = 500, .beta = 1 },
				       { .q = 3, .Q = 5, .beta = 4 } };
	struct cr_gb18218_result r;
	INT_EQ(cr_gb18218_assess(l, 3, 40, &r, NULL), 0);
	DBL_NEAR(l[0].ratio, 2.4, 1e-12);
	DBL_NEAR(l[0].weighted, 9.6, 1e-12);
	DBL_NEAR(l[1].weighted, 1.6, 1e-12);
	DBL_NEAR(l[2].weighted, 2.4, 1e-12);
	DBL_NEAR(r.S, 4.6, 1e-9);
	DBL_NEAR(r.sum_beta, 13.6, 1e-9);
	DBL_NEAR(r.alpha, 1.2, 0);
	DBL_NEAR(r.R, 16.32, 1e-9);
	INT_EQ(r.grade, 3);
}

/* A mixture in which no substance reaches its own critical quantity: ammonia 3 t (Q 10, β 2),
 * chlorine 2 t (Q 5, β 4), hydrogen sulfide 2 t (Q 5, β 5): S = 0.3 + 0.4 + 0.4 = 1.1 ≥ 1;
 * Σβq/Q = 0.6 + 1.6 + 2.0 = 4.2; nobody within 500 m (α 0.5): R = 2.1 → 四级. */
TEST(gb18218_mixture_crosses_together)
{
	struct cr_gb18218_line l[] = { { .q = 3, .Q = 10, .beta = 2 },
				       { .q = 2, .Q = 5, .beta = 4 },
				       { .q = 2, .Q = 5, .beta = 5 } };
	struct cr_gb18218_result r;
	INT_EQ(cr_gb18218_assess(l, 3, 0, &r, NULL), 0);
	DBL_NEAR(r.S, 1.1, 1e-9);
	OK(r.major);
	DBL_NEAR(r.R, 2.1, 1e-9);
	INT_EQ(r.grade, 4);
}

/* Toxic gases carry their own β (Table 3): phosgene 0.3 t is exactly its Q (0.3 t) and with
 * β 20 and 150 people (α 2) gives R = 40 → 三级; the same q/Q of a W2 flammable gas (β 1.5)
 * gives R = 3 → 四级. */
TEST(gb18218_toxic_gas_beta)
{
	struct cr_gb18218_result r;
	struct cr_gb18218_line ph[] = { { .q = 0.3, .Q = 0.3, .beta = 20 } };
	INT_EQ(cr_gb18218_assess(ph, 1, 150, &r, NULL), 0);
	DBL_NEAR(r.R, 40, 1e-9);
	INT_EQ(r.grade, 3);
	struct cr_gb18218_line gas[] = { { .q = 50, .Q = 50, .beta = 1.5 } };
	INT_EQ(cr_gb18218_assess(gas, 1, 150, &r, NULL), 0);
	DBL_NEAR(r.R, 3, 1e-9);
	INT_EQ(r.grade, 4);
}

/* An LPG tank farm: 1,200 t of LPG (Table 1 Q 50, W2 β 1.5), 300 people within 500 m (α 2):
 * S = 24, R = 2 × 1.5 × 24 = 72 → 二级. */
TEST(gb18218_lpg_tank_farm)
{
	struct cr_gb18218_line l[] = { { .q = 1200, .Q = 50, .beta = 1.5 } };
	struct cr_gb18218_result r;
	INT_EQ(cr_gb18218_assess(l, 1, 300, &r, NULL), 0);
	DBL_NEAR(r.S, 24, 1e-9);
	DBL_NEAR(r.R, 72, 1e-9);
	INT_EQ(r.grade, 2);
}

TEST(gb18218_bad_lines)
{
	struct cr_gb18218_result r;
	size_t bad = 99;
	struct cr_gb18218_line l[] = { { .q = 1, .Q = 5, .beta = 1 },
				       { .q = 1, .Q = 0, .beta = 1 } };
	INT_EQ(cr_gb18218_assess(l, 2, 0, &r, &bad), -1);
	INT_EQ(bad, 1);
	struct cr_gb18218_line neg[] = { { .q = -1, .Q = 5, .beta = 1 } };
	INT_EQ(cr_gb18218_assess(neg, 1, 0, &r, &bad), -1);
	INT_EQ(bad, 0);
	struct cr_gb18218_line nb[] = { { .q = 1, .Q = 5, .beta = 0 } };
	INT_EQ(cr_gb18218_assess(nb, 1, 0, &r, &bad), -1);
	INT_EQ(cr_gb18218_assess(l, 1, -3, &r, &bad), -1);
	INT_EQ(bad, 1);
}

TEST(gb18218_unit_kind_names)
{
	STR_EQ(cr_gb18218_unit_cn("storage"), "储存");
	STR_EQ(cr_gb18218_unit_cn("production"), "生产");
	STR_EQ(cr_gb18218_unit_cn(NULL), "生产");
	STR_EQ(cr_gb18218_grade_cn(1), "一级");
	STR_EQ(cr_gb18218_grade_cn(4), "四级");
	OK(cr_gb18218_grade_cn(0) == NULL);
}
