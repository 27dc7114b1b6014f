/* risk_totals.h — running counts of active risk points per (district, region length, grade,
 * owner check, sector, department), kept by the risk index as each sync changes a point, so
 * statistics over the common scopes (city, district, department, sector, grade) and dimensions
 * (grade, district, sector, section, department) add up a few thousand totals instead of
 * passing over every point. */
#ifndef CR_RISK_TOTALS_H
#define CR_RISK_TOTALS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/risk_index.h"

struct cr_risk_total {
	struct cr_risk_hot key; /* region9 is the district's first code (district·1000) */
	long long n;
};

/* Zero-initialised is empty. */
struct cr_risk_totals {
	struct cr_risk_total *t;
	size_t n, cap;
	size_t *slot; /* index+1 into t, 0 = empty */
	size_t nslot;
};

/* The total a point counts under: its hot fields with the region cut to its district. */
struct cr_risk_hot cr_risk_totals_key(const struct cr_risk_hot *h);

/* Adds delta (+1 a point now active, −1 one no longer as it was) to the point's total.
 * Returns 0, or -1 when out of memory (the totals are then unusable: free them). */
int cr_risk_totals_add(struct cr_risk_totals *T, const struct cr_risk_hot *h, long long delta);

void cr_risk_totals_free(struct cr_risk_totals *T);

#endif
