/* method_config.c — reads grading configuration overrides from JSON onto the domain defaults
 * (method_config.h). Validation only: no I/O, no store; the domain modules do the grading. */
#include "service/method_config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"

/* Rewrites err->field as "<prefix>.<field>" after a helper named only the key. */
static int in_section(struct cr_err *err, const char *prefix)
{
	if (err) {
		char f[sizeof err->field * 2];
		int n = snprintf(f, sizeof f, "%s%s%s", prefix, err->field[0] ? "." : "",
				 err->field);
		if (n < 0)
			return -1;
		if ((size_t)n >= sizeof err->field)
			n = (int)sizeof err->field - 1; /* truncated: still names the section */
		memcpy(err->field, f, (size_t)n);
		err->field[n] = '\0';
	}
	return -1;
}

static int section(const json_t *obj, const char *key, const char *const *allowed,
		   const json_t **out, struct cr_err *err)
{
	const json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_object(v))
		return cr_err_set(err, 400, "invalid", key, "'%s' must be an object", key);
	if (cr_json_only(v, allowed, err))
		return in_section(err, key);
	*out = v;
	return 0;
}

/* Reads an array of exactly n (or, with n_max, 1..n_max) finite numbers at obj[key]. Returns the
 * count, 0 when absent, -1 with err. */
static int num_array(const json_t *obj, const char *key, const char *path, size_t n, bool up_to,
		     double *out, struct cr_err *err)
{
	const json_t *a = json_object_get(obj, key);
	if (!a || json_is_null(a))
		return 0;
	size_t len = json_is_array(a) ? json_array_size(a) : 0;
	if (!json_is_array(a) || (up_to ? (len < 1 || len > n) : len != n))
		return cr_err_set(err, 400, "invalid", path,
				  "'%s' must be an array of %s%zu numbers", path,
				  up_to ? "1 to " : "", n);
	for (size_t i = 0; i < len; i++) {
		const json_t *v = json_array_get(a, i);
		if (!json_is_number(v) || !isfinite(json_number_value(v)))
			return cr_err_set(err, 400, "invalid", path, "'%s' must hold numbers only",
					  path);
		out[i] = json_number_value(v);
	}
	return (int)len;
}

static int bool_array(const json_t *obj, const char *key, const char *path, size_t n, bool *out,
		      struct cr_err *err)
{
	const json_t *a = json_object_get(obj, key);
	if (!a || json_is_null(a))
		return 0;
	if (!json_is_array(a) || json_array_size(a) != n)
		return cr_err_set(err, 400, "invalid", path,
				  "'%s' must be an array of %zu booleans", path, n);
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_array_get(a, i);
		if (!json_is_boolean(v))
			return cr_err_set(err, 400, "invalid", path, "'%s' must hold booleans only",
					  path);
		out[i] = json_is_true(v);
	}
	return (int)n;
}

/* {"values": [...], "labels_cn": [...]} for one factor table. */
static int factor_override(const json_t *obj, const char *mname, struct cr_factor_table *t,
			   struct cr_err *err)
{
	static const char *const allowed[] = { "values", "labels_cn", NULL };
	char path[64], vpath[80], lpath[80];
	const json_t *f;
	double values[CR_FACTOR_MAX_VALUES];

	snprintf(path, sizeof path, "%s.%s", mname, t->name);
	snprintf(vpath, sizeof vpath, "%s.values", path);
	snprintf(lpath, sizeof lpath, "%s.labels_cn", path);
	if (section(obj, t->name, allowed, &f, err) < 0)
		return in_section(err, mname);
	if (!f)
		return 0;
	int nv = num_array(f, "values", vpath, CR_FACTOR_MAX_VALUES, true, values, err);
	if (nv < 0)
		return -1;
	const json_t *labels = json_object_get(f, "labels_cn");
	if (nv > 0 && !labels)
		return cr_err_set(err, 400, "invalid", lpath, "'%s' must be given with '%s'", lpath,
				  vpath);
	size_t n = nv > 0 ? (size_t)nv : t->nvalues;
	if (labels) {
		if (!json_is_array(labels) || json_array_size(labels) != n)
			return cr_err_set(err, 400, "invalid", lpath,
					  "'%s' must be an array of %zu strings, one per value",
					  lpath, n);
		for (size_t i = 0; i < n; i++) {
			const json_t *l = json_array_get(labels, i);
			if (!json_is_string(l) || json_string_length(l) == 0 ||
			    json_string_length(l) >= CR_FACTOR_LABEL_MAX ||
			    strlen(json_string_value(l)) != json_string_length(l))
				return cr_err_set(err, 400, "invalid", lpath,
						  "'%s' must hold non-empty strings under %d bytes",
						  lpath, CR_FACTOR_LABEL_MAX);
		}
		for (size_t i = 0; i < n; i++)
			snprintf(t->labels_cn[i], sizeof t->labels_cn[i], "%s",
				 json_string_value(json_array_get(labels, i)));
	}
	if (nv > 0) {
		t->nvalues = n;
		memcpy(t->values, values, n * sizeof values[0]);
	}
	return 0;
}

static int scoring_method(const json_t *root, enum cr_method m, struct cr_methods_config *mc,
			  struct cr_err *err)
{
	struct cr_method_table *t = &mc->method[m];
	const char *mname = cr_method_name(m);
	const char *allowed[4 + CR_METHOD_MAX_FACTORS] = { "bands", "inclusive" };
	const json_t *o;
	char path[64];
	size_t k = 2;

	for (size_t i = 0; i < t->nfactors; i++)
		allowed[k++] = t->factors[i].name;
	allowed[k] = NULL;
	int rc = section(root, mname, allowed, &o, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	snprintf(path, sizeof path, "%s.bands", mname);
	if (num_array(o, "bands", path, 3, false, t->bands.min, err) < 0)
		return -1;
	snprintf(path, sizeof path, "%s.inclusive", mname);
	if (bool_array(o, "inclusive", path, 3, t->bands.inclusive, err) < 0)
		return -1;
	for (size_t i = 0; i < t->nfactors; i++)
		if (factor_override(o, mname, &t->factors[i], err))
			return -1;
	return 0;
}

static int consequence(const json_t *root, struct cr_methods_config *mc, struct cr_err *err)
{
	static const char *const allowed[] = { "deaths", "injuries", "loss_cny", "grades", NULL };
	double deaths[4], injuries[4], loss[4], grades[4];
	const json_t *o;
	int rc = section(root, "consequence", allowed, &o, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	int nd = num_array(o, "deaths", "consequence.deaths", 4, false, deaths, err);
	if (nd < 0)
		return -1;
	int ni = num_array(o, "injuries", "consequence.injuries", 4, false, injuries, err);
	if (ni < 0)
		return -1;
	int nl = num_array(o, "loss_cny", "consequence.loss_cny", 4, false, loss, err);
	if (nl < 0)
		return -1;
	int ng = num_array(o, "grades", "consequence.grades", 4, false, grades, err);
	if (ng < 0)
		return -1;
	for (int c = 0; c < CR_ACCIDENT_CLASSES; c++) {
		struct cr_accident_class *k = &mc->classes[c];
		if (nd)
			k->min_deaths = deaths[c];
		if (ni)
			k->min_injuries = injuries[c];
		if (nl)
			k->min_loss_cny = loss[c];
		if (ng) {
			if (!(grades[c] >= 1 && grades[c] <= 3) || grades[c] != floor(grades[c]))
				return cr_err_set(err, 400, "invalid", "consequence.grades",
						  "grades must be whole numbers 1 to 3");
			k->grade = (int)grades[c];
		}
	}
	return 0;
}

static int direct(const json_t *root, struct cr_direct_config *d, struct cr_err *err)
{
	const char *allowed[CR_DIRECT_RULE_COUNT + 2];
	const json_t *o;
	long long g;

	for (int i = 0; i < CR_DIRECT_RULE_COUNT; i++)
		allowed[i] = cr_direct_rule_key((enum cr_direct_rule)i);
	allowed[CR_DIRECT_RULE_COUNT] = "major_hazard_source_max_grade";
	allowed[CR_DIRECT_RULE_COUNT + 1] = NULL;
	int rc = section(root, "direct", allowed, &o, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	for (int i = 0; i < CR_DIRECT_RULE_COUNT; i++)
		if (cr_json_bool(o, allowed[i], &d->enabled[i], err) < 0)
			return in_section(err, "direct");
	rc = cr_json_int(o, "major_hazard_source_max_grade", 1, 4, &g, err);
	if (rc < 0)
		return in_section(err, "direct");
	if (rc == 0)
		d->major_hazard_source_max_grade = (int)g;
	return 0;
}

static int rating(const json_t *root, struct cr_rating_config *r, struct cr_err *err)
{
	static const char *const allowed[] = { "red_min_grade1",
					       "red_min_open_major",
					       "red_min_grade2",
					       "orange_min_grade2",
					       "orange_min_overdue_general",
					       "orange_min_grade3",
					       "yellow_min_grade3",
					       NULL };
	int *fields[] = {
		&r->red_min_grade1,    &r->red_min_open_major,         &r->red_min_grade2,
		&r->orange_min_grade2, &r->orange_min_overdue_general, &r->orange_min_grade3,
		&r->yellow_min_grade3
	};
	const json_t *o;
	int rc = section(root, "rating", allowed, &o, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	for (size_t i = 0; allowed[i]; i++) {
		long long v;
		rc = cr_json_int(o, allowed[i], 0, 1000000, &v, err);
		if (rc < 0)
			return in_section(err, "rating");
		if (rc == 0)
			*fields[i] = (int)v;
	}
	return 0;
}

static int superpose(const json_t *root, struct cr_superpose_config *s, struct cr_err *err)
{
	static const char *const allowed[] = {
		"weights", "mode",           "shares",    "fixed",        "grade1_at_least_orange",
		"cell_m",  "district_ratio", "city_rule", "city_density", "city_min_share",
		NULL
	};
	const json_t *o;
	const char *mode;
	int rc = section(root, "superpose", allowed, &o, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (num_array(o, "weights", "superpose.weights", 4, false, &s->weights[1], err) < 0 ||
	    num_array(o, "shares", "superpose.shares", 3, false, s->shares, err) < 0 ||
	    num_array(o, "fixed", "superpose.fixed", 3, false, s->fixed, err) < 0 ||
	    num_array(o, "district_ratio", "superpose.district_ratio", 3, false, s->district_ratio,
		      err) < 0 ||
	    num_array(o, "city_density", "superpose.city_density", 3, false, s->city_density, err) <
		    0 ||
	    num_array(o, "city_min_share", "superpose.city_min_share", 3, false, s->city_min_share,
		      err) < 0)
		return -1;
	rc = cr_json_str(o, "city_rule", 16, &mode, err);
	if (rc < 0)
		return in_section(err, "superpose");
	if (rc == 0) {
		if (strcmp(mode, "density") == 0)
			s->city_rule = CR_CITY_DENSITY;
		else if (strcmp(mode, "districts") == 0)
			s->city_rule = CR_CITY_DISTRICTS;
		else
			return cr_err_set(
				err, 400, "invalid", "superpose.city_rule",
				"'superpose.city_rule' must be \"density\" or \"districts\"");
	}
	rc = cr_json_str(o, "mode", 16, &mode, err);
	if (rc < 0)
		return in_section(err, "superpose");
	if (rc == 0) {
		if (strcmp(mode, "quantile") == 0)
			s->mode = CR_SUPERPOSE_QUANTILE;
		else if (strcmp(mode, "fixed") == 0)
			s->mode = CR_SUPERPOSE_FIXED;
		else
			return cr_err_set(err, 400, "invalid", "superpose.mode",
					  "'superpose.mode' must be \"quantile\" or \"fixed\"");
	}
	if (cr_json_bool(o, "grade1_at_least_orange", &s->grade1_at_least_orange, err) < 0 ||
	    cr_json_num(o, "cell_m", 10, 100000, &s->cell_m, err) < 0)
		return in_section(err, "superpose");
	return 0;
}

static void defaults(struct cr_methods_config *m, struct cr_direct_config *d,
		     struct cr_rating_config *r, struct cr_superpose_config *s)
{
	cr_methods_config_default(m);
	cr_direct_config_default(d);
	cr_rating_config_default(r);
	cr_superpose_config_default(s);
}

int cr_method_config_from_json(const json_t *obj, struct cr_methods_config *m,
			       struct cr_direct_config *d, struct cr_rating_config *r,
			       struct cr_superpose_config *s, struct cr_err *err)
{
	static const char *const allowed[] = { "lec",    "ls",     "mes",       "consequence",
					       "direct", "rating", "superpose", NULL };
	if (!m || !d || !r || !s)
		return cr_err_set(err, 500, "internal", "", "method config: missing output");
	defaults(m, d, r, s);
	if (!obj || json_is_null(obj))
		return 0;
	if (!json_is_object(obj))
		return cr_err_set(err, 400, "invalid", "",
				  "method configuration must be an object");
	if (cr_json_only(obj, allowed, err) || scoring_method(obj, CR_METHOD_LEC, m, err) ||
	    scoring_method(obj, CR_METHOD_LS, m, err) ||
	    scoring_method(obj, CR_METHOD_MES, m, err) || consequence(obj, m, err) ||
	    direct(obj, d, err) || rating(obj, r, err) || superpose(obj, s, err) ||
	    cr_methods_config_check(m, err) || cr_superpose_config_check(s, err)) {
		defaults(m, d, r, s);
		return -1;
	}
	return 0;
}
