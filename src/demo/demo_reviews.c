/* demo_reviews.c — the demo city's review chain: units' risk lists in every state of the chain,
 * districts and departments at different stages, and on-site verifications at three levels, so
 * the progress board has something to rank. Deterministic for a seed; each report is one the
 * chain could have produced (states and actors from domain/review_flow.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "demo/demo.h"
#include "demo/rng.h"
#include "core/clock.h"
#include "domain/date.h"
#include "domain/review_flow.h"
#include "store/reviews.h"
#include "store/risks.h"
#include "store/verifications.h"
#include "store/units.h"

/* Its own stream of the demo's generator (demo/rng.h). */
static struct cr_rng rng;

/* How far a district has got, 0.3 … 0.95, fixed by its code and the seed: the board must
 * separate the districts. */
static double district_pace(const char *region, unsigned long long seed)
{
	unsigned long long h = seed * 1099511628211ULL;
	for (size_t i = 0; i < 6 && region[i]; i++)
		h = (h ^ (unsigned char)region[i]) * 1099511628211ULL;
	h ^= h >> 29;
	return 0.3 + 0.65 * (double)(h % 1000) / 999.0;
}

/* A unit's active risk points by grade, and of those the public ones (read once for all units). */
struct unit_counts {
	long long unit_id;
	int by_grade[5], pub[5];
};

struct run {
	struct cr_conn *c;
	struct unit_counts *counts; /* by unit id */
	size_t ncounts, cap, next;
	unsigned long long seed;
	char today[11];
	long long done, total;
	struct cr_err *err;
};

static const char *const returns[] = {
	"风险点辨识不全，请补充仓库和配电房",
	"管控措施过于笼统，请按工程、管理、应急分类填写",
	"责任人层级不符合要求，较大风险须由中层以上管理人员负责",
	"单位地址与营业执照不一致，请核实",
};
static const char *const findings_pass[] = {
	"现场核查风险点与报告一致\n警示标识齐全",
	"抽查三处风险点，管控措施落实到位\n应急物资在有效期内",
	"现场与报告一致，无新增风险",
};
static const char *const findings_issues[] = {
	"罐区可燃气体报警器未标定\n要求一周内整改并补报",
	"风险告知牌内容与报告等级不符\n已责令更正",
	"发现未申报的有限空间作业点\n要求补充辨识并变更报告",
};

/* The report's next step; *seq numbers its steps from 1 (the report is new). */
static int step(struct run *r, long long id, long long *seq, const char *role, const char *action,
		enum cr_review_state from, enum cr_review_state to, const char *comment)
{
	struct cr_review_step st = { .review_id = id,
				     .seq = ++*seq,
				     .login = "demo",
				     .role = role,
				     .action = action,
				     .from_state = cr_review_state_name(from),
				     .to_state = cr_review_state_name(to),
				     .comment = comment };
	return cr_store_review_step_add(r->c, &st, r->err);
}

/* Walks the report from submitted to `target` with the actors the chain names. */
static int walk(struct run *r, long long id, struct cr_review_facts *f, enum cr_review_state target)
{
	static const char *const roles[CR_RA_COUNT] = { "",         "unit",          "street",
							"district", "district_dept", "city_dept" };
	long long seq = 0;
	if (step(r, id, &seq, "unit", "submit", CR_RV_DRAFT, CR_RV_SUBMITTED, ""))
		return -1;
	while (f->state != target) {
		enum cr_review_actor a = cr_review_waiting_on(f);
		enum cr_review_state to;
		const char *action = "approve", *comment = "";
		if (target == CR_RV_RETURNED) {
			to = CR_RV_RETURNED;
			action = "return";
			comment = returns[cr_rng_next(&rng) % (sizeof returns / sizeof returns[0])];
		} else if (f->state == CR_RV_SUBMITTED) {
			to = CR_RV_STREET_CHECKED;
		} else if (f->state == CR_RV_STREET_CHECKED) {
			to = f->public_safety ? CR_RV_DEPT_REVIEWED : CR_RV_PUBLISHED;
		} else {
			to = CR_RV_PUBLISHED;
		}
		if (step(r, id, &seq, roles[a], action, f->state, to, comment))
			return -1;
		f->state = to;
		if (to == CR_RV_PUBLISHED && target != CR_RV_PUBLISHED)
			break;
	}
	return 0;
}

static int verify(struct run *r, const struct cr_unit_place *p, long long review_id)
{
	static const char *const levels[] = {
		"town", "town", "town", "district", "district", "city"
	};
	int n = 1 + (cr_rng_unit(&rng) < 0.25);
	for (int i = 0; i < n; i++) {
		char on[11];
		bool issues = cr_rng_unit(&rng) < 0.2;
		cr_date_add(r->today, -(long)(cr_rng_next(&rng) % 90), on);
		struct cr_verification_row v = {
			.unit_id = p->id,
			.review_id = review_id,
			.level = levels[cr_rng_next(&rng) % 6],
			.result = issues ? "issues" : "pass",
			.findings = issues ? findings_issues[cr_rng_next(&rng) % 3]
					   : findings_pass[cr_rng_next(&rng) % 3],
			.checked_on = on,
			.login = "demo",
		};
		long long vid;
		if (cr_store_verification_insert(r->c, &v, &vid, r->err))
			return -1;
	}
	return 0;
}

static int unit_review(void *ctx, const struct cr_unit_place *p)
{
	struct run *r = ctx;
	cr_progress("reviews", ++r->done, r->total);
	double pace = district_pace(p->region, r->seed), x = cr_rng_unit(&rng);
	if (x > pace)
		return 0; /* not reported yet */
	/* of those that reported: the share a district has also reviewed follows its pace */
	double y = cr_rng_unit(&rng);
	enum cr_review_state target = y < pace * 0.75          ? CR_RV_PUBLISHED
				      : y < pace * 0.75 + 0.08 ? CR_RV_RETURNED
				      : y < pace * 0.75 + 0.18 ? CR_RV_SUBMITTED
				      : y < pace * 0.75 + 0.24 ? CR_RV_STREET_CHECKED
							       : CR_RV_DEPT_REVIEWED;
	/* both in unit id order: the counts of this unit, if it has any points */
	while (r->next < r->ncounts && r->counts[r->next].unit_id < p->id)
		r->next++;
	const struct unit_counts *uc = r->next < r->ncounts && r->counts[r->next].unit_id == p->id
					       ? &r->counts[r->next]
					       : &(struct unit_counts){ 0 };
	const int *by_grade = uc->by_grade, *pub = uc->pub;
	struct cr_review_row row = {
		.unit_id = p->id, .kind = "initial", .note = "", .submitted_by = "demo"
	};
	for (int g = 1; g <= 4; g++) {
		row.risk_count += by_grade[g];
		row.public_count += cr_review_point_public(g, false) ? by_grade[g] : pub[g];
	}
	row.public_safety = row.public_count > 0;
	if (target == CR_RV_DEPT_REVIEWED && !row.public_safety)
		target = CR_RV_STREET_CHECKED;
	struct cr_review_facts f = { .state = CR_RV_SUBMITTED,
				     .unit_id = p->id,
				     .region = p->region,
				     .dept = p->dept,
				     .public_safety = row.public_safety };
	/* stamped now: the demo's risk points were made now too, and a report older than its
	 * points would owe a change report at once */
	char now[32];
	cr_now_iso(now);
	row.submitted_at = now;
	long long id;
	/* the final state first, so the row is written once */
	struct cr_review_facts end = f;
	end.state = target;
	row.state = cr_review_state_name(end.state);
	row.waiting_on = cr_review_actor_name(cr_review_waiting_on(&end));
	row.published_at = end.state == CR_RV_PUBLISHED ? now : NULL;
	if (cr_store_review_insert(r->c, &row, &id, r->err) || walk(r, id, &f, target))
		return -1;
	if (target == CR_RV_PUBLISHED && cr_rng_unit(&rng) < pace * 0.8)
		return verify(r, p, id);
	return 0;
}

static int keep_counts(void *ctx, const struct cr_unit_point_counts *pc)
{
	struct run *r = ctx;
	if (CR_GROW(r->counts, r->cap, r->ncounts + 1))
		return cr_err_set(r->err, 500, "oom", "", "out of memory");
	struct unit_counts *u = &r->counts[r->ncounts++];
	u->unit_id = pc->unit_id;
	for (int g = 0; g < 5; g++) {
		u->by_grade[g] = (int)pc->by_grade[g];
		u->pub[g] = (int)pc->public_by_grade[g];
	}
	return 0;
}

int cr_demo_reviews(struct cr_conn *c, unsigned long long seed, struct cr_err *err)
{
	struct run r = { .c = c, .seed = seed, .err = err };
	cr_rng_seed(&rng, seed ^ 0x5EED5EEDULL);
	cr_date_today(time(NULL), r.today);
	r.total = cr_store_unit_count(c, true, err);
	/* every unit's counts in one read, not one round trip a unit */
	int rc = r.total < 0 || cr_store_unit_point_counts_each(c, keep_counts, &r, err)
			 ? -1
			 : cr_store_units_each_active(c, unit_review, &r, err);
	free(r.counts);
	return rc;
}
