/* test_input.c — the request readers every use case shares (service/input.h). */
#include <string.h>

#include "harness.h"
#include "service/input.h"

TEST(input_position_is_the_records_or_its_units)
{
	struct cr_err e = { 0 };
	double lon = 0, lat = 0;
	json_t *unit = json_pack("{sf sf}", "lon", 120.9, "lat", 31.4);
	json_t *own = json_pack("{sf sf}", "lon", 121.0, "lat", 31.5);
	json_t *none = json_object();
	json_t *half = json_pack("{sf}", "lon", 121.0);
	INT_EQ(cr_input_lonlat_or(own, unit, &lon, &lat, &e), 0);
	DBL_NEAR(lon, 121.0, 1e-9);
	DBL_NEAR(lat, 31.5, 1e-9);
	INT_EQ(cr_input_lonlat_or(none, unit, &lon, &lat, &e), 0);
	DBL_NEAR(lon, 120.9, 1e-9);
	DBL_NEAR(lat, 31.4, 1e-9);
	INT_EQ(cr_input_lonlat_or(none, none, &lon, &lat, &e), 1);
	INT_EQ(cr_input_lonlat_or(half, unit, &lon, &lat, &e), -1);
	STR_EQ(e.code, "required");
	STR_EQ(e.field, "lat");
	json_decref(unit);
	json_decref(own);
	json_decref(none);
	json_decref(half);
}

TEST(input_search_and_coords_name_their_argument)
{
	struct cr_err e = { 0 };
	char long_q[202];
	memset(long_q, 'a', 201);
	long_q[201] = 0;
	INT_EQ(cr_input_search(NULL, &e), 0);
	INT_EQ(cr_input_search("昆山", &e), 0);
	INT_EQ(cr_input_search(long_q, &e), -1);
	STR_EQ(e.field, "q");
	INT_EQ(cr_input_search("\xff", &e), -1);
	enum cr_coords sys = CR_COORDS_WGS84;
	INT_EQ(cr_input_coords_named("gcj02", &sys, &e), 0);
	INT_EQ(sys, CR_COORDS_GCJ02);
	INT_EQ(cr_input_coords_named("utm", &sys, &e), -1);
	STR_EQ(e.field, "coords");
	json_t *b = json_pack("{ss}", "coords", "bd09");
	INT_EQ(cr_input_coords(b, &sys, &e), 0);
	INT_EQ(sys, CR_COORDS_BD09);
	json_decref(b);
}

TEST(input_optional_lines_take_line_breaks)
{
	struct cr_err e = { 0 };
	const char *out = NULL;
	json_t *b = json_pack("{ss}", "consequences", "火灾\n爆炸");
	INT_EQ(cr_input_optional_lines(b, "consequences", 500, &out, &e), 0);
	STR_EQ(out, "火灾\n爆炸");
	INT_EQ(cr_input_optional_lines(b, "absent", 500, &out, &e), 0);
	STR_EQ(out, "");
	INT_EQ(cr_input_optional_text(b, "consequences", 500, &out, &e), -1);
	json_decref(b);
}
