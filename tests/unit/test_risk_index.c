/* test_risk_index.c — the compact risk index row: its dates kept in 32 bits from 2000-01-01
 * (clamped, order kept, "never" apart from every date) and its region read back from the
 * 9-digit padded code and its length. */
#include <limits.h>

#include "harness.h"
#include "store/risk_index.h"

TEST(risk_index_row_is_60_bytes)
{
	INT_EQ(sizeof(struct cr_risk_hot), 24);
	INT_EQ(sizeof(struct cr_risk_entry), 36);
}

TEST(risk_index_dates_round_trip_in_32_bits)
{
	long long t = cr_risk_index_time("2026-11-24T00:12:34.567Z");
	INT_EQ(t, 1795479154LL);
	INT_EQ(cr_risk_index_unpack_time(cr_risk_index_pack_time(t)), t);
	INT_EQ(cr_risk_index_pack_time(946684800LL), 0); /* 2000-01-01 */
	long long day = cr_risk_index_time("1990-05-01");
	INT_EQ(cr_risk_index_unpack_time(cr_risk_index_pack_time(day)), day);
	/* past the 32-bit range: clamped, still in order, never "never" */
	INT_EQ(cr_risk_index_pack_time(cr_risk_index_time("2100-01-01")), INT_MAX);
	INT_EQ(cr_risk_index_pack_time(cr_risk_index_time("1900-01-01")), INT_MIN + 1);
	OK(cr_risk_index_pack_time(cr_risk_index_time("2026-01-01")) <
	   cr_risk_index_pack_time(cr_risk_index_time("2026-01-02")));
	INT_EQ(cr_risk_index_unpack_time(INT_MIN), -1);
}

TEST(risk_index_region_from_the_padded_code)
{
	struct cr_risk_hot town = { .region9 = 320583101, .region_len = 9 };
	struct cr_risk_hot district = { .region9 = 320583000, .region_len = 6 };
	struct cr_risk_hot city = { .region9 = 320500000, .region_len = 4 };
	INT_EQ(cr_risk_index_region(&town), 320583101);
	INT_EQ(cr_risk_index_region(&district), 320583);
	INT_EQ(cr_risk_index_region(&city), 3205);
}
