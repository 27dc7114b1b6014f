/* test_exposure_people.c — the people GB 18218's α counts (service/exposure.c,
 * cr_exposure_people_within): the vulnerable targets within 500 m, each at the larger of its day
 * and night population, unknown as 0, the edge included, archived targets not at all; and an
 * installation write that takes its α from them. */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "tmpdb.h"
#include "service/exposure.h"
#include "store/db.h"
#include "store/targets.h"

/* Metres east of (lon, lat) as a longitude offset (spherical, as the index measures). */
static double east(double lat, double m)
{
	return m / (6371008.8 * cos(lat * M_PI / 180)) * 180 / M_PI;
}

static long long add_target(struct cr_conn *c, double lon, double lat, long long day,
			    long long night)
{
	struct cr_target_row t = { .name = "t",
				   .kind = "school",
				   .protection_class = "high",
				   .region = "320583",
				   .dept = "JYJ",
				   .address = "",
				   .lon = lon,
				   .lat = lat,
				   .people_day = day,
				   .people_night = night };
	long long id = 0;
	struct cr_err e = { 0 };
	return cr_store_target_insert(c, &t, &id, &e) ? -1 : id;
}

TEST(exposure_people_within_500m_count_the_larger_population)
{
	char path[] = "/tmp/cr-expo-people-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = cr_test_db_open(path, &e);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	cr_exposure_reset();
	const double lon = 120.955, lat = 31.384;
	OK(add_target(c, lon + east(lat, 200), lat, 40, 130) > 0);  /* 130 at night */
	OK(add_target(c, lon - east(lat, 450), lat, 900, -1) > 0);  /* 900 by day, night unknown */
	OK(add_target(c, lon + east(lat, 499.5), lat, -1, -1) > 0); /* unknown: counted as 0 */
	OK(add_target(c, lon + east(lat, 520), lat, 5000, 5000) > 0); /* beyond 500 m */
	long long archived = add_target(c, lon, lat + 0.001, 777, 777);
	OK(archived > 0);
	long long people = -1, n = -1;
	OK(cr_exposure_people_within(c, lon, lat, 500, &people, &n, &e) == 0);
	INT_EQ(people, 130 + 900 + 777);
	INT_EQ(n, 4);
	/* archived: no longer counted */
	OK(cr_store_target_set_status(c, archived, "archived", &e) == 0);
	OK(cr_exposure_people_within(c, lon, lat, 500, &people, &n, &e) == 0);
	INT_EQ(people, 1030);
	INT_EQ(n, 3);
	/* a smaller radius: only the one at 200 m */
	OK(cr_exposure_people_within(c, lon, lat, 300, &people, &n, &e) == 0);
	INT_EQ(people, 130);
	INT_EQ(n, 1);
	cr_exposure_reset();
	cr_test_db_drop(db, path);
}
