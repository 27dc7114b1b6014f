/* risk_totals.c — a small open-addressing map from a point's total key to its count. It must
 * stay equal to a full pass over the index: every change of a point subtracts what it counted
 * under before and adds what it counts under now (risk_index.c does both under its lock). */
#include "store/risk_totals.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

struct cr_risk_hot cr_risk_totals_key(const struct cr_risk_hot *h)
{
	return (struct cr_risk_hot){ .region9 = (long long)h->district * 1000,
				     .district = h->district,
				     .district_no = h->district_no,
				     .region_len = h->region_len,
				     .grade = h->grade,
				     .owner_ok = h->owner_ok,
				     .sector = h->sector,
				     .dept = h->dept,
				     .active = 1 };
}

static size_t key_hash(const struct cr_risk_hot *k)
{
	unsigned long long h =
		(unsigned long long)k->district * 0x9E3779B97F4A7C15ULL ^
		((unsigned long long)k->sector << 24 | (unsigned long long)k->dept << 16 |
		 (unsigned long long)k->grade << 8 | (unsigned long long)k->owner_ok << 7 |
		 k->region_len) *
			0xC2B2AE3D27D4EB4FULL;
	return (size_t)(h ^ (h >> 29));
}

static bool same_key(const struct cr_risk_hot *a, const struct cr_risk_hot *b)
{
	return a->district == b->district && a->district_no == b->district_no &&
	       a->region_len == b->region_len && a->grade == b->grade &&
	       a->owner_ok == b->owner_ok && a->sector == b->sector && a->dept == b->dept;
}

static int rehash(struct cr_risk_totals *T, size_t nslot)
{
	size_t *slot = calloc(nslot, sizeof *slot);
	if (!slot)
		return -1;
	for (size_t i = 0; i < T->n; i++) {
		size_t h = key_hash(&T->t[i].key) & (nslot - 1);
		while (slot[h])
			h = (h + 1) & (nslot - 1);
		slot[h] = i + 1;
	}
	free(T->slot);
	T->slot = slot;
	T->nslot = nslot;
	return 0;
}

int cr_risk_totals_add(struct cr_risk_totals *T, const struct cr_risk_hot *h, long long delta)
{
	struct cr_risk_hot key = cr_risk_totals_key(h);
	if ((T->n + 1) * 2 > T->nslot && rehash(T, T->nslot ? T->nslot * 2 : 256))
		return -1;
	size_t at = key_hash(&key) & (T->nslot - 1);
	while (T->slot[at]) {
		struct cr_risk_total *t = &T->t[T->slot[at] - 1];
		if (same_key(&t->key, &key)) {
			t->n += delta;
			return 0;
		}
		at = (at + 1) & (T->nslot - 1);
	}
	if (CR_GROW(T->t, T->cap, T->n + 1))
		return -1;
	T->t[T->n] = (struct cr_risk_total){ .key = key, .n = delta };
	T->slot[at] = ++T->n;
	return 0;
}

void cr_risk_totals_free(struct cr_risk_totals *T)
{
	free(T->t);
	free(T->slot);
	*T = (struct cr_risk_totals){ 0 };
}
