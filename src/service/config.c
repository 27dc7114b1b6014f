/* config.c — holds the one grading configuration. It must not change after the server starts:
 * requests read it without locks. */
#include "service/config.h"

#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "service/method_config.h"

static struct cr_config cfg;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_defaults(void)
{
	cr_methods_config_default(&cfg.methods);
	cr_direct_config_default(&cfg.direct);
	cr_rating_config_default(&cfg.rating);
	cr_superpose_config_default(&cfg.superpose);
	cfg.grid_ref_lat = 31.3; /* Suzhou; a deployment sets its own */
	cfg.review_days = 92;
	cr_alert_config_default(&cfg.alerts);
	cfg.tile_url = getenv("CITYRISK_TILE_URL");
	cfg.tile_attribution = getenv("CITYRISK_TILE_ATTRIBUTION");
	cfg.tile_labels_url = getenv("CITYRISK_TILE_URL_LABELS");
	snprintf(cfg.city, sizeof(cfg.city), "%s", "3205"); /* 苏州市, the reference data's city */
}

/* A city's region code: 4 to 12 digits (320500 is written 3205, as the regions table has it). */
static int read_city(const json_t *root, char *out, size_t cap, struct cr_err *err)
{
	const char *s = NULL;
	if (cr_json_str(root, "city", cap - 1, &s, err) < 0)
		return -1;
	if (!s)
		return 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			n = 0;
	if (n < 4 || n > 12)
		return cr_err_set(err, 400, "invalid", "city",
				  "city must be a region code of 4 to 12 digits");
	snprintf(out, cap, "%s", s);
	return 0;
}

/* "alerts": {"rules":{"zero_risk":false,…},"new_grade1_days":7,"owner_rank_max_grade":2,
 * "watch_minutes":60,"max_per_run":500,"report_grace_days":0}. */
static int read_alerts(const json_t *root, struct cr_alert_config *out, struct cr_err *err)
{
	static const char *const keys[] = { "rules",
					    "new_grade1_days",
					    "owner_rank_max_grade",
					    "watch_minutes",
					    "max_per_run",
					    "report_grace_days",
					    NULL };
	const json_t *a = json_object_get(root, "alerts");
	if (!a)
		return 0;
	if (!json_is_object(a))
		return cr_err_set(err, 400, "invalid", "alerts", "alerts must be an object");
	if (cr_json_only(a, keys, err))
		return -1;
	long long days = out->new_grade1_days, grade = out->owner_rank_max_grade,
		  minutes = out->watch_minutes, most = out->max_per_run,
		  grace = out->report_grace_days;
	if (cr_json_int(a, "new_grade1_days", 1, 366, &days, err) < 0 ||
	    cr_json_int(a, "owner_rank_max_grade", 1, 4, &grade, err) < 0 ||
	    cr_json_int(a, "watch_minutes", 1, 10080, &minutes, err) < 0 ||
	    cr_json_int(a, "max_per_run", 1, 100000, &most, err) < 0 ||
	    cr_json_int(a, "report_grace_days", 0, 366, &grace, err) < 0)
		return -1;
	const json_t *rules = json_object_get(a, "rules"), *v;
	const char *name;
	if (rules && !json_is_object(rules))
		return cr_err_set(err, 400, "invalid", "alerts.rules", "rules must be an object");
	json_object_foreach((json_t *)rules, name, v) {
		int r = cr_alert_rule_parse(name);
		if (r < 0 || !json_is_boolean(v))
			return cr_err_set(err, 400, "invalid", "alerts.rules",
					  "rules.%s: a rule name with true or false", name);
		out->enabled[r] =
			json_is_true(v) || !cr_alert_rule_scheduled((enum cr_alert_rule)r);
	}
	out->new_grade1_days = (int)days;
	out->owner_rank_max_grade = (int)grade;
	out->watch_minutes = (int)minutes;
	out->max_per_run = (int)most;
	out->report_grace_days = (int)grace;
	return 0;
}

const struct cr_config *cr_config(void)
{
	pthread_once(&once, init_defaults);
	return &cfg;
}

json_t *cr_config_public(void)
{
	const struct cr_config *c = cr_config();
	return json_pack("{so so so ss}", "tile_url",
			 c->tile_url ? json_string(c->tile_url) : json_null(), "tile_labels_url",
			 c->tile_labels_url ? json_string(c->tile_labels_url) : json_null(),
			 "tile_attribution",
			 c->tile_attribution ? json_string(c->tile_attribution) : json_null(),
			 "city", c->city);
}

int cr_config_load(const char *path, struct cr_err *err)
{
	cr_config();
	json_error_t je;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return cr_err_set(err, 400, "invalid", "config", "%s:%d: %s", path, je.line,
				  je.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return cr_err_set(err, 400, "invalid", "config", "%s must hold a JSON object",
				  path);
	}
	double lat = cfg.grid_ref_lat;
	long long days = cfg.review_days;
	char city[sizeof(cfg.city)];
	snprintf(city, sizeof(city), "%s", cfg.city);
	struct cr_alert_config alerts = cfg.alerts;
	if (cr_json_num(root, "grid_ref_lat", -80, 80, &lat, err) < 0 ||
	    cr_json_int(root, "review_days", 1, 3650, &days, err) < 0 ||
	    read_city(root, city, sizeof(city), err) < 0 || read_alerts(root, &alerts, err)) {
		json_decref(root);
		return -1;
	}
	json_object_del(root, "grid_ref_lat");
	json_object_del(root, "review_days");
	json_object_del(root, "city");
	json_object_del(root, "alerts");
	int rc = cr_method_config_from_json(root, &cfg.methods, &cfg.direct, &cfg.rating,
					    &cfg.superpose, err);
	if (!rc) {
		cfg.grid_ref_lat = lat;
		cfg.review_days = (int)days;
		cfg.alerts = alerts;
		snprintf(cfg.city, sizeof(cfg.city), "%s", city);
	}
	json_decref(root);
	return rc;
}
