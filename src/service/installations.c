/* installations.c — installations and GB 18218-2018 identification: which Q and β each
 * inventory line takes (Table 1, Table 3, else Tables 2 and 4), the assessment, versions, audit
 * and the re-grading of the unit's risk points, each write one transaction. It must not build
 * SQL (store/installations.c, store/chemicals.c) or speak HTTP. */
#include "service/installations.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/jsonx.h"
#include "domain/gb18218.h"
#include "service/exposure.h"
#include "service/input.h"
#include "service/risks.h"
#include "service/units.h"
#include "service/versions.h"
#include "store/audit.h"
#include "store/chemicals.h"
#include "store/db.h"
#include "store/installations.h"
#include "store/units.h"

#define MAX_LINES 100
#define GB18218_ZONE_M 500.0 /* α counts the people within 500 m (GB 18218-2018 4.3.3) */
#define MAX_TONNES 1e7

/* ===== One inventory line ===== */

struct line_view {
	long long seq; /* Table 1 row, 0 when the substance is not in Table 1 */
	char name_cn[256], name_en[256], cas[96];
	const char *category;
	const char *Q_source, *beta_source; /* "table1" | "table2" | "given"; "table3" | "table4" */
};

/* Renames err's field ("q") to the line's path ("inventory[2].q"). */
static int in_line(struct cr_err *err, size_t i)
{
	char path[64];
	snprintf(path, sizeof path, "inventory[%zu]%s%s", i, *err->field ? "." : "", err->field);
	snprintf(err->field, sizeof err->field, "%s", path);
	cr_err_param(err, "index", "%zu", i + 1);
	return -1;
}

static int line_fail(struct cr_err *err, size_t i, const char *key, const char *code,
		     const char *msg)
{
	cr_err_set(err, 400, code, key, "inventory[%zu]: %s", i, msg);
	return in_line(err, i);
}

/* Finds the Table 1 row a line names (seq, else cas, else name); *found false when none. */
static int find_substance(struct cr_conn *c, size_t i, long long seq, const char *cas,
			  const char *name, struct cr_chemical *out, bool *found,
			  struct cr_err *err)
{
	struct cr_chemical rows[8];
	int n = 0;
	*found = false;
	if (seq) {
		if (cr_store_chemical_by_seq(c, seq, rows, &n, err))
			return -1;
		if (!n)
			return line_fail(
				err, i, "seq", "invalid",
				"seq must be a row number of GB 18218-2018 Table 1 (1–85)");
	} else if (cas) {
		if (cr_store_chemical_by_cas(c, cas, rows, 8, &n, err))
			return -1;
		if (n > 1 && name) { /* several rows share the CAS number: the name picks one */
			int k = 0;
			for (int j = 0; j < n && j < 8; j++)
				if (strcmp(rows[j].name_cn, name) == 0 ||
				    strcasecmp(rows[j].name_en, name) == 0)
					rows[k++] = rows[j];
			if (k)
				n = k;
		}
		if (n > 1) {
			line_fail(err, i, "cas", "invalid",
				  "several rows of GB 18218-2018 Table 1 have this CAS number;"
				  " give the row's seq or its name");
			return cr_err_param(err, "rule", "gb18218_ambiguous");
		}
	} else if (name) {
		if (cr_store_chemical_by_name(c, name, rows, 8, &n, err))
			return -1;
	}
	if (n >= 1) {
		*out = rows[0];
		*found = true;
	}
	return 0;
}

/* Reads and resolves line i into l (q, Q, β) and its term (new reference in *term). */
static int resolve_line(struct cr_conn *c, const json_t *in, size_t i, struct cr_gb18218_line *l,
			json_t **term, struct cr_err *err)
{
	static const char *const keys[] = { "cas", "name", "seq", "category", "q", "Q", NULL };
	const char *cas = NULL, *name = NULL, *category = NULL;
	long long seq = 0;
	double q = 0, Qgiven = -1;
	*term = NULL;
	if (!json_is_object(in))
		return line_fail(err, i, "", "invalid", "each inventory line must be an object");
	if (cr_json_only(in, keys, err))
		return in_line(err, i);
	int rq = cr_json_num(in, "q", 0, MAX_TONNES, &q, err);
	if (rq < 0)
		return in_line(err, i);
	if (rq == 1)
		return line_fail(err, i, "q", "required",
				 "q (the maximum quantity present, t) is required");
	if (cr_json_str(in, "cas", 20, &cas, err) < 0 ||
	    cr_json_str(in, "name", 100, &name, err) < 0 ||
	    cr_json_str(in, "category", 10, &category, err) < 0 ||
	    cr_json_int(in, "seq", 1, 1000, &seq, err) < 0 ||
	    cr_json_num(in, "Q", 1e-6, MAX_TONNES, &Qgiven, err) < 0)
		return in_line(err, i);
	if (cas && !*cas)
		cas = NULL;
	if (name && !*name)
		name = NULL;
	if (category && !*category)
		category = NULL;
	if (!cas && !name && !seq && !category)
		return line_fail(err, i, "cas", "required",
				 "name the substance by cas or name, or give its hazard category");

	struct cr_chemical sub;
	bool in_table1 = false;
	if (find_substance(c, i, seq, cas, name, &sub, &in_table1, err))
		return -1;
	double catQ = 0, catBeta = 0, gasBeta = 0;
	bool cat_found = false, gas = false;
	if (category && cr_store_chemical_category(c, category, &catQ, &catBeta, &cat_found, err))
		return -1;
	if (category && !cat_found)
		return line_fail(err, i, "category", "invalid",
				 "category must be a hazard category of GB 18218-2018 Table 2"
				 " (J1–J5, W1.1–W11)");
	if (cr_store_chemical_gas_beta(c, cas, in_table1 ? sub.seq : 0, &gasBeta, &gas, err))
		return -1;
	if (!in_table1 && !category) {
		line_fail(err, i, "category", "required",
			  "the substance is not in GB 18218-2018 Table 1: give its hazard"
			  " category (Table 2)");
		return cr_err_param(err, "rule", "gb18218_need_category");
	}
	if (in_table1 && !gas && !category) {
		line_fail(err, i, "category", "required",
			  "β of a substance that is not a toxic gas of Table 3 comes from its"
			  " hazard category (Table 4): give category");
		return cr_err_param(err, "rule", "gb18218_need_category");
	}
	if (in_table1 && Qgiven > 0) {
		line_fail(err, i, "Q", "invalid",
			  "a substance of Table 1 takes its critical quantity from Table 1");
		return cr_err_param(err, "rule", "gb18218_q_fixed");
	}

	struct line_view v = { .seq = in_table1 ? sub.seq : 0, .category = category };
	if (in_table1) {
		snprintf(v.name_cn, sizeof v.name_cn, "%s", sub.name_cn);
		snprintf(v.name_en, sizeof v.name_en, "%s", sub.name_en);
		snprintf(v.cas, sizeof v.cas, "%s", cas ? cas : sub.cas);
		l->Q = sub.critical_t;
		v.Q_source = "table1";
	} else {
		snprintf(v.name_cn, sizeof v.name_cn, "%s", name ? name : "");
		snprintf(v.cas, sizeof v.cas, "%s", cas ? cas : "");
		l->Q = Qgiven > 0 ? Qgiven : catQ;
		v.Q_source = Qgiven > 0 ? "given" : "table2";
	}
	l->q = q;
	l->beta = gas ? gasBeta : catBeta;
	v.beta_source = gas ? "table3" : "table4";

	json_t *t = json_object();
	json_object_set_new(t, "line", json_integer((json_int_t)i));
	json_object_set_new(t, "seq", v.seq ? json_integer(v.seq) : json_null());
	json_object_set_new(t, "name_cn", json_string(v.name_cn));
	json_object_set_new(t, "name_en", json_string(v.name_en));
	json_object_set_new(t, "cas", json_string(v.cas));
	json_object_set_new(t, "category", category ? json_string(category) : json_null());
	json_object_set_new(t, "q", json_real(q));
	json_object_set_new(t, "Q", json_real(l->Q));
	json_object_set_new(t, "Q_source", json_string(v.Q_source));
	json_object_set_new(t, "beta", json_real(l->beta));
	json_object_set_new(t, "beta_source", json_string(v.beta_source));
	*term = t;
	return 0;
}

/* Assesses an inventory array: *res and the terms ({"items"} order = lines), new reference. */
static int evaluate(struct cr_conn *c, const json_t *inventory, long long people,
		    struct cr_gb18218_result *res, json_t **terms, char *explain, size_t explain_sz,
		    struct cr_err *err)
{
	struct cr_gb18218_line lines[MAX_LINES];
	*terms = NULL;
	if (!json_is_array(inventory))
		return cr_err_set(err, 400, inventory ? "invalid" : "required", "inventory",
				  "inventory must be a list of {cas|name|category, q}");
	size_t n = json_array_size(inventory);
	if (n > MAX_LINES)
		return cr_err_set(err, 400, "invalid", "inventory",
				  "inventory has more than %d lines", MAX_LINES);
	json_t *all = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *t;
		memset(&lines[i], 0, sizeof lines[i]);
		if (resolve_line(c, json_array_get(inventory, i), i, &lines[i], &t, err)) {
			json_decref(all);
			return -1;
		}
		json_array_append_new(all, t);
	}
	size_t bad;
	if (cr_gb18218_assess(lines, n, people, res, &bad)) {
		json_decref(all);
		return cr_err_set(err, 400, "invalid", "inventory",
				  "inventory line %zu is not valid", bad);
	}
	size_t used = 0;
	used += (size_t)snprintf(explain, explain_sz, "S = Σq/Q =");
	for (size_t i = 0; i < n && used < explain_sz; i++) {
		json_t *t = json_array_get(all, i);
		json_object_set_new(t, "ratio", json_real(lines[i].ratio));
		json_object_set_new(t, "weighted", json_real(lines[i].weighted));
		used += (size_t)snprintf(explain + used, explain_sz - used, "%s %.6g/%.6g",
					 i ? " +" : "", lines[i].q, lines[i].Q);
	}
	if (used < explain_sz)
		used += (size_t)snprintf(explain + used, explain_sz - used, " = %.6g%s", res->S,
					 res->major ? " ≥ 1: major hazard source"
						    : " < 1: not a major hazard source");
	if (used < explain_sz && res->major)
		snprintf(explain + used, explain_sz - used,
			 "; R = α·Σβq/Q = %.6g × %.6g = %.6g → %s", res->alpha, res->sum_beta,
			 res->R, cr_gb18218_grade_cn(res->grade));
	*terms = all;
	return 0;
}

/* α's people (GB 18218-2018 4.3.3): the count entered, else the people at the vulnerable
 * targets within 500 m of the installation's position (docs/METHODS.md). */
struct exposed {
	long long entered;          /* -1: none entered */
	long long counted, targets; /* within 500 m; 0 without a position */
	bool has_pos;
};

static long long exposed_used(const struct exposed *x)
{
	return x->entered >= 0 ? x->entered : x->counted;
}

static const char *exposed_basis(const struct exposed *x)
{
	return x->entered >= 0 ? "entered" : x->has_pos ? "computed" : "none";
}

/* Reads exposed_500m (absent or null: none entered) and counts the people within 500 m of
 * (lon, lat) when has_pos. */
static int read_exposed(struct cr_conn *c, const json_t *rec, bool has_pos, double lon, double lat,
			struct exposed *x, struct cr_err *err)
{
	*x = (struct exposed){ .entered = -1, .has_pos = has_pos };
	if (cr_json_int(rec, "exposed_500m", 0, 100000000, &x->entered, err) < 0)
		return -1;
	if (!has_pos)
		return 0;
	return cr_exposure_people_within(c, lon, lat, GB18218_ZONE_M, &x->counted, &x->targets,
					 err);
}

/* Appends α's people to the explanation. */
static void explain_exposed(char *explain, size_t sz, const struct exposed *x, double alpha)
{
	size_t used = strlen(explain);
	if (used < sz)
		snprintf(explain + used, sz - used, "; α = %.6g: %lld people within 500 m (%s)",
			 alpha, exposed_used(x), exposed_basis(x));
}

static json_t *result_json(const struct cr_gb18218_result *r, const struct exposed *x,
			   json_t *terms, const char *explain)
{
	json_t *o = json_object();
	json_object_set_new(o, "S", json_real(r->S));
	json_object_set_new(o, "R", json_real(r->R));
	json_object_set_new(o, "alpha", json_real(r->alpha));
	json_object_set_new(o, "sum_beta", json_real(r->sum_beta));
	json_object_set_new(o, "exposed_500m", json_integer(exposed_used(x)));
	json_object_set_new(o, "exposed_basis", json_string(exposed_basis(x)));
	json_object_set_new(o, "exposed_entered",
			    x->entered >= 0 ? json_integer(x->entered) : json_null());
	json_object_set_new(o, "exposed_counted", json_integer(x->counted));
	json_object_set_new(o, "exposed_targets", json_integer(x->targets));
	json_object_set_new(o, "alpha_computed", json_real(cr_gb18218_alpha(x->counted)));
	json_object_set_new(o, "major", json_boolean(r->major));
	json_object_set_new(o, "grade", r->grade ? json_integer(r->grade) : json_null());
	json_object_set_new(o, "grade_cn",
			    r->grade ? json_string(cr_gb18218_grade_cn(r->grade)) : json_null());
	json_object_set_new(o, "terms", terms);
	json_object_set_new(o, "explain", json_string(explain));
	return o;
}

json_t *cr_installation_assess(struct cr_conn *c, const json_t *body, struct cr_err *err)
{
	static const char *const fields[] = { "inventory", "exposed_500m", "lon", "lat", NULL };
	double lon = 0, lat = 0;
	struct exposed x;
	int hl = cr_json_only(body, fields, err) ? -1 : cr_input_lonlat(body, &lon, &lat, err);
	if (hl < 0 || read_exposed(c, body, hl == 0, lon, lat, &x, err))
		return NULL;
	struct cr_gb18218_result r;
	json_t *terms;
	char explain[2048];
	if (evaluate(c, json_object_get(body, "inventory"), exposed_used(&x), &r, &terms, explain,
		     sizeof explain, err))
		return NULL;
	explain_exposed(explain, sizeof explain, &x, r.alpha);
	return result_json(&r, &x, terms, explain);
}

json_t *cr_chemical_search(struct cr_conn *c, const char *q, struct cr_err *err)
{
	if (q && (strlen(q) > 100 || cr_utf8_len(q, strlen(q)) < 0)) {
		cr_err_set(err, 400, "invalid", "q", "q must be UTF-8 text of at most 100 bytes");
		return NULL;
	}
	return cr_store_chemical_search(c, q ? q : "", err);
}

/* ===== Installations ===== */

struct inst_buf {
	struct cr_installation_row row;
	json_t *terms;     /* owned */
	json_t *inventory; /* owned copy */
};

static void inst_buf_free(struct inst_buf *b)
{
	json_decref(b->terms);
	json_decref(b->inventory);
}

static int build_row(struct cr_conn *c, const json_t *rec, const json_t *unit, struct inst_buf *b,
		     struct cr_err *err)
{
	static const char *const kinds[] = { "production", "storage", NULL };
	struct cr_installation_row *r = &b->row;
	memset(r, 0, sizeof *r);
	int rc = cr_json_str(rec, "name", 100, &r->name, err);
	if (rc == 1 || (rc == 0 && !*r->name))
		return cr_err_set(err, 400, "required", "name", "'name' is required");
	if (rc < 0)
		return -1;
	rc = cr_json_str(rec, "kind", 20, &r->kind, err);
	if (rc == 1)
		r->kind = "storage";
	else if (rc < 0)
		return -1;
	bool kind_ok = false;
	for (const char *const *k = kinds; *k; k++)
		kind_ok = kind_ok || strcmp(*k, r->kind) == 0;
	if (!kind_ok)
		return cr_err_set(err, 400, "invalid", "kind",
				  "kind must be production or storage");
	int hl = cr_input_lonlat_or(rec, unit, &r->lon, &r->lat, err);
	if (hl < 0)
		return -1;
	r->has_coords = hl == 0;
	struct exposed x;
	if (read_exposed(c, rec, r->has_coords, r->lon, r->lat, &x, err))
		return -1;
	r->exposed_500m = exposed_used(&x);
	r->exposed_entered = x.entered;
	r->exposed_counted = x.counted;
	r->exposed_targets = x.targets;
	struct cr_gb18218_result res;
	char explain[2048];
	if (evaluate(c, json_object_get(rec, "inventory"), r->exposed_500m, &res, &b->terms,
		     explain, sizeof explain, err))
		return -1;
	if (!json_array_size(json_object_get(rec, "inventory")))
		return cr_err_set(err, 400, "required", "inventory",
				  "an installation needs at least one inventory line");
	b->inventory = json_deep_copy(json_object_get(rec, "inventory"));
	r->inventory = b->inventory;
	r->terms = b->terms;
	r->S = res.S;
	r->R = res.R;
	r->alpha = res.alpha;
	r->major = res.major;
	r->grade = res.grade;
	int hr = cr_json_num(rec, "impact_radius_m", 1, 100000, &r->impact_radius_m, err);
	if (hr < 0)
		return -1;
	r->has_radius = hr == 0;
	r->unit_id = json_integer_value(json_object_get(unit, "id"));
	r->region = json_string_value(json_object_get(unit, "region"));
	r->dept = json_string_value(json_object_get(unit, "dept"));
	return 0;
}

/* The unit, when u may read it (and, for `edit`, change its installations). */
static json_t *unit_checked(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			    bool edit, struct cr_err *err)
{
	return cr_unit_of_records(c, u, unit_id, edit ? "installations" : NULL, err);
}

/* The fields a version records when they change. */
static const char *const tracked[] = { "name", "kind",   "exposed_500m",    "inventory", "S",
				       "R",    "alpha",  "major",           "grade",     "lon",
				       "lat",  "status", "impact_radius_m", NULL };

/* The stored row with "grade_cn" (GB 18218's name of its grade, null when not major) after
 * "grade", "exposed_basis" and "alpha_computed", in place; NULL stays NULL. Every read and list of an installation goes through it. */
static json_t *installation_view(json_t *row)
{
	if (!row)
		return NULL;
	const char *cn =
		cr_gb18218_grade_cn((int)json_integer_value(json_object_get(row, "grade")));
	cr_json_set_after(row, "grade", "grade_cn", cn ? json_string(cn) : json_null());
	/* whose count of people gave α, and the α the targets within 500 m would give */
	cr_json_set_after(row, "exposed_entered", "exposed_basis",
			  json_string(json_is_null(json_object_get(row, "exposed_entered"))
					      ? "computed"
					      : "entered"));
	cr_json_set_after(row, "exposed_targets", "alpha_computed",
			  json_real(cr_gb18218_alpha(
				  json_integer_value(json_object_get(row, "exposed_counted")))));
	return row;
}

static json_t *installation_read(struct cr_conn *c, long long id, struct cr_err *err)
{
	return installation_view(cr_store_installation_get(c, id, err));
}

static const struct cr_versioned installation_versions = { CR_VERSIONS_INSTALLATION, "installation",
							   tracked, installation_read };

static const char *const writable[] = { "name", "kind", "exposed_500m",    "inventory",
					"lon",  "lat",  "impact_radius_m", NULL };

/* Versions and audits the written installation, re-grades the unit's risk points and commits;
 * rolls back on failure. */
static json_t *finish_write(struct cr_conn *c, const struct cr_user *u, long long id,
			    const char *action, const json_t *before, struct cr_err *err)
{
	json_t *after = cr_version_record(c, u, &installation_versions, id, action, before, err);
	if (!after)
		goto fail;
	if (cr_risk_regrade_unit(c, u, json_integer_value(json_object_get(after, "unit_id")),
				 "installation", err))
		goto fail;
	if (cr_db_commit(c, err))
		goto fail;
	return after;
fail:
	cr_db_rollback(c);
	json_decref(after);
	return NULL;
}

int cr_installation_load(struct cr_conn *c, const json_t *unit, const json_t *body,
			 const char *login, long long *id, int *grade, struct cr_err *err)
{
	struct inst_buf b = { 0 };
	int rc = -1;
	if (cr_json_only(body, writable, err))
		goto out;
	if (build_row(c, body, unit, &b, err))
		goto out;
	if (cr_store_installation_insert(c, &b.row, id, err))
		goto out;
	if (cr_store_version_add(c, CR_VERSIONS_INSTALLATION, *id, 1, login, "create", 0,
				 b.row.grade, NULL, err))
		goto out;
	*grade = b.row.grade;
	rc = 0;
out:
	inst_buf_free(&b);
	return rc;
}

json_t *cr_installation_list_of_unit(struct cr_conn *c, const struct cr_user *u, long long unit_id,
				     struct cr_err *err)
{
	json_t *unit = unit_checked(c, u, unit_id, false, err);
	if (!unit)
		return NULL;
	json_decref(unit);
	json_t *list = cr_store_installation_list_unit(c, unit_id, err), *row;
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, row)
		installation_view(row);
	return list;
}

json_t *cr_installation_create(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			       const json_t *body, struct cr_err *err)
{
	if (cr_json_only(body, writable, err) || cr_db_begin(c, err))
		return NULL;
	struct inst_buf b = { 0 };
	long long id;
	json_t *out = NULL, *unit = unit_checked(c, u, unit_id, true, err);
	if (unit && build_row(c, body, unit, &b, err) == 0 &&
	    cr_store_installation_insert(c, &b.row, &id, err) == 0)
		out = finish_write(c, u, id, "create", NULL, err);
	else
		cr_db_rollback(c);
	inst_buf_free(&b);
	json_decref(unit);
	return out;
}

/* The installation, when u may read its unit (and change it, for `edit`); *unit_out gets the
 * unit (new reference) when not NULL. */
static json_t *load_checked(struct cr_conn *c, const struct cr_user *u, long long id, bool edit,
			    json_t **unit_out, struct cr_err *err)
{
	json_t *inst = installation_view(cr_store_installation_get(c, id, err));
	if (!inst)
		return NULL;
	json_t *unit =
		unit_checked(c, u, json_integer_value(json_object_get(inst, "unit_id")), edit, err);
	if (!unit) {
		json_decref(inst);
		return NULL;
	}
	if (unit_out)
		*unit_out = unit;
	else
		json_decref(unit);
	return inst;
}

json_t *cr_installation_read(struct cr_conn *c, const struct cr_user *u, long long id,
			     struct cr_err *err)
{
	return load_checked(c, u, id, false, NULL, err);
}

json_t *cr_installation_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			      const json_t *body, struct cr_err *err)
{
	static const char *const patchable[] = { "name", "kind", "exposed_500m", "inventory",
						 "lon",  "lat",  "version",      "impact_radius_m",
						 NULL };
	long long expect = 0;
	if (cr_json_only(body, patchable, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0 || cr_db_begin(c, err))
		return NULL;
	struct inst_buf b = { 0 };
	json_t *unit = NULL, *merged = NULL, *out = NULL;
	json_t *before = load_checked(c, u, id, true, &unit, err);
	if (!before)
		goto fail;
	if (strcmp(json_string_value(json_object_get(before, "status")), "active") != 0) {
		cr_err_set(err, 409, "conflict", "status", "installation %lld is archived", id);
		goto fail;
	}
	merged = json_deep_copy(before);
	/* the count α was taken from is the entered one only when one was entered */
	json_object_set(merged, "exposed_500m", json_object_get(before, "exposed_entered"));
	json_object_update(merged, (json_t *)body);
	json_object_del(merged, "version");
	if (build_row(c, merged, unit, &b, err) ||
	    cr_store_installation_update(c, id, &b.row, expect, err))
		goto fail;
	out = finish_write(c, u, id, "update", before, err);
	goto done;
fail:
	cr_db_rollback(c);
done:
	inst_buf_free(&b);
	json_decref(before);
	json_decref(unit);
	json_decref(merged);
	return out;
}

json_t *cr_installation_archive(struct cr_conn *c, const struct cr_user *u, long long id,
				struct cr_err *err)
{
	if (cr_db_begin(c, err))
		return NULL;
	json_t *out = NULL, *before = load_checked(c, u, id, true, NULL, err);
	if (!before) {
		cr_db_rollback(c);
		return NULL;
	}
	if (strcmp(json_string_value(json_object_get(before, "status")), "archived") == 0) {
		cr_err_set(err, 409, "conflict", "status", "installation %lld is already archived",
			   id);
		cr_db_rollback(c);
	} else if (cr_store_installation_archive(c, id, err)) {
		cr_db_rollback(c);
	} else {
		out = finish_write(c, u, id, "archive", before, err);
	}
	json_decref(before);
	return out;
}

json_t *cr_installation_map(struct cr_conn *c, const struct cr_user *u, const char *region,
			    const char *dept, struct cr_err *err)
{
	struct cr_scope sc;
	if (cr_user_scope(u, region, dept, 0, &sc, err))
		return NULL;
	json_t *map = cr_store_installation_sources(c, sc.region, sc.dept, sc.unit_id, err), *f;
	size_t i;
	json_array_foreach(json_object_get(map, "features"), i, f) {
		json_t *p = json_object_get(f, "properties");
		const char *cn =
			cr_gb18218_grade_cn((int)json_integer_value(json_object_get(p, "grade")));
		cr_json_set_after(p, "grade", "grade_cn", json_string(cn ? cn : ""));
	}
	return map;
}
