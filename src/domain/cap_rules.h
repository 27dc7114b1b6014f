/* cap_rules.h — the Common Alerting Protocol 1.2 (OASIS, 2010) as pure rules: its code lists
 * (category, urgency, severity, certainty), the area as a polygon or a circle in CAP's own text
 * form, CAP times, and the separation of author and approver. No I/O, no XML here. */
#ifndef CR_CAP_RULES_H
#define CR_CAP_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct cr_err;

/* Whether s is one of CAP 1.2's values (3.2.2 category, urgency, severity, certainty). */
bool cr_cap_category_ok(const char *s);
bool cr_cap_urgency_ok(const char *s);
bool cr_cap_severity_ok(const char *s);
bool cr_cap_certainty_ok(const char *s);
/* The CAP severity of an alert level: red Extreme, orange Severe, yellow Moderate, blue Minor. */
const char *cr_cap_severity_of_level(const char *level);

/* CAP 3.3.2.1 polygon: "lat,lon lat,lon …", at least four pairs, the first equal to the last.
 * Takes n points as lon/lat pairs (WGS84; 3 or more distinct, at most 200), closes the ring when
 * it is open. 0, or -1 with 400 naming field ("polygon", rule "cap_polygon"). */
int cr_cap_polygon_text(const double *lonlat, size_t n, char *out, size_t cap, struct cr_err *err);
/* CAP 3.3.2.2 circle: "lat,lon radius" with the radius in km (0 < r ≤ 1000). */
int cr_cap_circle_text(double lon, double lat, double radius_km, char *out, size_t cap,
		       struct cr_err *err);

/* A CAP time (3.3.2 dateTime with an explicit offset, "2026-12-01T18:30:00+08:00") from a
 * China Standard Time "YYYY-MM-DDTHH:MM" (or a date: its midnight). -1 when s is neither. */
int cr_cap_time(const char *s, char out[26]);
/* The instant t as a CAP time in China Standard Time. */
void cr_cap_time_at(time_t t, char out[26]);

/* A public CAP alert is published only by an approver other than its author. */
bool cr_cap_may_approve(long long author_id, long long approver_id);

#endif
