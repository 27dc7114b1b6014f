/* cap_rules.c — CAP 1.2 code lists, area texts and times. Pure: the caller passes the time. */
#include "domain/cap_rules.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "domain/date.h"

static bool in(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

bool cr_cap_category_ok(const char *s)
{
	static const char *const v[] = { "Geo",   "Met",    "Safety", "Security",  "Rescue",
					 "Fire",  "Health", "Env",    "Transport", "Infra",
					 "CBRNE", "Other",  NULL };
	return in(s, v);
}

bool cr_cap_urgency_ok(const char *s)
{
	static const char *const v[] = {
		"Immediate", "Expected", "Future", "Past", "Unknown", NULL
	};
	return in(s, v);
}

bool cr_cap_severity_ok(const char *s)
{
	static const char *const v[] = {
		"Extreme", "Severe", "Moderate", "Minor", "Unknown", NULL
	};
	return in(s, v);
}

bool cr_cap_certainty_ok(const char *s)
{
	static const char *const v[] = { "Observed", "Likely",  "Possible",
					 "Unlikely", "Unknown", NULL };
	return in(s, v);
}

const char *cr_cap_severity_of_level(const char *level)
{
	static const char *const levels[] = { "red", "orange", "yellow", "blue" };
	static const char *const sev[] = { "Extreme", "Severe", "Moderate", "Minor" };
	for (int i = 0; level && i < 4; i++)
		if (strcmp(level, levels[i]) == 0)
			return sev[i];
	return "Unknown";
}

static bool point_ok(double lon, double lat)
{
	return isfinite(lon) && isfinite(lat) && lon >= -180 && lon <= 180 && lat >= -90 &&
	       lat <= 90;
}

static int area_error(struct cr_err *err, const char *field, const char *rule, const char *what)
{
	cr_err_set(err, 400, "invalid", field, "%s", what);
	return cr_err_param(err, "rule", "%s", rule);
}

int cr_cap_polygon_text(const double *lonlat, size_t n, char *out, size_t cap, struct cr_err *err)
{
	bool closed =
		n >= 2 && lonlat[0] == lonlat[2 * (n - 1)] && lonlat[1] == lonlat[2 * (n - 1) + 1];
	size_t distinct = closed ? n - 1 : n;
	if (distinct < 3 || distinct > 200)
		return area_error(err, "polygon", "cap_polygon",
				  "a polygon has 3 to 200 distinct points");
	size_t len = 0;
	for (size_t i = 0; i <= distinct; i++) {
		size_t k = i == distinct ? 0 : i;
		double lon = lonlat[2 * k], lat = lonlat[2 * k + 1];
		if (!point_ok(lon, lat))
			return area_error(err, "polygon", "cap_polygon",
					  "a polygon's points are lon,lat in degrees");
		int w = snprintf(out + len, cap - len, "%s%.6f,%.6f", i ? " " : "", lat, lon);
		if (w < 0 || (size_t)w >= cap - len)
			return area_error(err, "polygon", "cap_polygon", "the polygon is too long");
		len += (size_t)w;
	}
	return 0;
}

int cr_cap_circle_text(double lon, double lat, double radius_km, char *out, size_t cap,
		       struct cr_err *err)
{
	if (!point_ok(lon, lat) || !isfinite(radius_km) || radius_km <= 0 || radius_km > 1000)
		return area_error(err, "circle", "cap_circle",
				  "a circle is lon, lat and a radius of 0 to 1000 km");
	snprintf(out, cap, "%.6f,%.6f %.3f", lat, lon, radius_km);
	return 0;
}

int cr_cap_time(const char *s, char out[26])
{
	char day[11];
	size_t n = s ? strlen(s) : 0;
	if (n != 10 && n != 16)
		return -1;
	memcpy(day, s, 10);
	day[10] = 0;
	if (cr_date_check(day))
		return -1;
	int hh = 0, mm = 0;
	if (n == 16) {
		if (s[10] != 'T' || s[13] != ':' || sscanf(s + 11, "%2d:%2d", &hh, &mm) != 2 ||
		    hh > 23 || mm > 59 || s[11] < '0' || s[12] < '0' || s[14] < '0' || s[15] < '0')
			return -1;
	}
	snprintf(out, 26, "%sT%02d:%02d:00+08:00", day, hh, mm);
	return 0;
}

void cr_cap_time_at(time_t t, char out[26])
{
	time_t cst = t + 8 * 3600;
	struct tm tm;
	gmtime_r(&cst, &tm);
	strftime(out, 26, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

bool cr_cap_may_approve(long long author_id, long long approver_id)
{
	return approver_id > 0 && approver_id != author_id;
}
