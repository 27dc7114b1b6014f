/* test_risk_totals.c — the risk index's running totals stay equal to a full pass over the
 * points after random inserts, changes and archives (each change subtracts the point's old
 * total and adds its new one, as risk_index.c's sync does). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "store/risk_totals.h"

#define NPOINTS 3000
#define NDIST 5

static const int district_codes[NDIST + 1] = { 0, 320505, 320506, 320583, 320582, 320509 };

static unsigned long rng = 12345;
static unsigned next(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng >> 33) % n;
}

static void random_point(struct cr_risk_hot *h)
{
	unsigned short no = (unsigned short)(1 + next(NDIST));
	memset(h, 0, sizeof *h);
	h->district_no = no;
	h->district = district_codes[no];
	h->region_len = next(4) ? 9 : 6;
	h->region9 = (long long)h->district * 1000 + (h->region_len == 9 ? 100 + next(20) : 0);
	h->grade = (unsigned char)(1 + next(4));
	h->owner_ok = (unsigned char)next(2);
	h->sector = (unsigned char)(1 + next(6));
	h->dept = (unsigned char)(1 + next(3));
	h->active = 1;
	h->has_coords = (unsigned char)next(2);
}

static int same(const struct cr_risk_hot *a, const struct cr_risk_hot *b)
{
	return a->region9 == b->region9 && a->district == b->district &&
	       a->district_no == b->district_no && a->region_len == b->region_len &&
	       a->grade == b->grade && a->owner_ok == b->owner_ok && a->sector == b->sector &&
	       a->dept == b->dept && a->active == b->active && a->has_coords == b->has_coords;
}

/* Points of the full pass counted under key k (active ones only). */
static long long pass_count(const struct cr_risk_hot *pts, int n, const struct cr_risk_hot *k)
{
	long long c = 0;
	for (int i = 0; i < n; i++) {
		struct cr_risk_hot p = cr_risk_totals_key(&pts[i]);
		c += pts[i].active && same(&p, k);
	}
	return c;
}

TEST(risk_totals_equal_a_full_pass_after_random_changes)
{
	static struct cr_risk_hot pts[NPOINTS];
	struct cr_risk_totals T = { 0 };
	int n = 0;
	for (int step = 0; step < 20000; step++) {
		unsigned op = n < 50 ? 0 : next(10);
		if (op < 3 && n < NPOINTS) { /* insert */
			random_point(&pts[n]);
			INT_EQ(cr_risk_totals_add(&T, &pts[n], 1), 0);
			n++;
			continue;
		}
		struct cr_risk_hot *p = &pts[next((unsigned)n)];
		if (p->active)
			INT_EQ(cr_risk_totals_add(&T, p, -1), 0);
		if (op < 8) { /* a change: new grade, owner check, sector or place */
			struct cr_risk_hot q;
			random_point(&q);
			if (next(2))
				p->grade = q.grade;
			if (next(2))
				p->owner_ok = q.owner_ok;
			if (next(3) == 0)
				p->sector = q.sector;
			if (next(4) == 0) {
				p->district = q.district;
				p->district_no = q.district_no;
				p->region9 = q.region9;
				p->region_len = q.region_len;
			}
			if (!p->active && next(2))
				p->active = 1; /* restored */
		} else {                       /* archived */
			p->active = 0;
		}
		if (p->active)
			INT_EQ(cr_risk_totals_add(&T, p, 1), 0);
	}
	long long sum = 0, active = 0, nonzero = 0;
	for (int i = 0; i < n; i++)
		active += pts[i].active;
	for (size_t i = 0; i < T.n; i++) {
		OK(T.t[i].n >= 0);
		INT_EQ(T.t[i].n, pass_count(pts, n, &T.t[i].key));
		sum += T.t[i].n;
		nonzero += T.t[i].n > 0;
	}
	INT_EQ(sum, active);
	OK(active > 1000 && active < n);
	/* a total per (district, region length, grade, owner check, sector, dept) at most */
	OK(nonzero > 100 && nonzero <= NDIST * 2 * 4 * 2 * 6 * 3);
	/* grouped by grade and district, as a statistic adds them up */
	for (int g = 1; g <= 4; g++)
		for (int d = 1; d <= NDIST; d++) {
			long long from_totals = 0, from_pass = 0;
			for (size_t i = 0; i < T.n; i++)
				if (T.t[i].key.grade == g &&
				    T.t[i].key.district == district_codes[d])
					from_totals += T.t[i].n;
			for (int i = 0; i < n; i++)
				from_pass += pts[i].active && pts[i].grade == g &&
					     pts[i].district == district_codes[d];
			INT_EQ(from_totals, from_pass);
		}
	cr_risk_totals_free(&T);
	OK(T.n == 0 && T.t == NULL);
}

TEST(risk_totals_key_cuts_the_region_to_its_district)
{
	struct cr_risk_hot h = { .region9 = 320583105,
				 .district = 320583,
				 .district_no = 7,
				 .region_len = 9,
				 .grade = 2,
				 .owner_ok = 1,
				 .sector = 3,
				 .dept = 4,
				 .active = 1,
				 .has_coords = 1 };
	struct cr_risk_hot k = cr_risk_totals_key(&h);
	INT_EQ(k.region9, 320583000);
	INT_EQ(k.district, 320583);
	INT_EQ(k.district_no, 7);
	INT_EQ(k.region_len, 9);
	INT_EQ(k.grade, 2);
	INT_EQ(k.owner_ok, 1);
	INT_EQ(k.sector, 3);
	INT_EQ(k.dept, 4);
	INT_EQ(k.has_coords, 0);
	/* two towns of one district share a total */
	struct cr_risk_totals T = { 0 };
	INT_EQ(cr_risk_totals_add(&T, &h, 1), 0);
	h.region9 = 320583110;
	INT_EQ(cr_risk_totals_add(&T, &h, 1), 0);
	h.grade = 1;
	INT_EQ(cr_risk_totals_add(&T, &h, 1), 0);
	INT_EQ(T.n, 2);
	INT_EQ(T.t[0].n, 2);
	INT_EQ(T.t[1].n, 1);
	cr_risk_totals_free(&T);
}
