/* catalogue.c — industry risk catalogue (行业风险目录) use cases, and bulk creation of risk points
 * from catalogue entries or by copying points to other units, all or nothing. It must not build
 * SQL (store/catalogue.c) nor grade by itself: risk points go through cr_risk_create_tx. */
#include "service/catalogue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/grade.h"
#include "service/risks.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/db.h"

static const char *const entry_fields[] = { "sector", "dept",           "name",
					    "place",  "accident_types", "method",
					    "inputs", "measures",       NULL };
/* A change may name the version it was made from (optimistic locking, as the registers do). */
static const char *const patch_fields[] = { "sector",         "dept",   "name",   "place",
					    "accident_types", "method", "inputs", "measures",
					    "version",        NULL };

/* ===== Who may write ===== */

/* Only city-level accounts keep the city-wide catalogues; checked before anything else. */
static int check_role(const struct cr_user *u, struct cr_err *err)
{
	if (cr_user_can_write_catalogue(u, NULL) || cr_user_can_write_catalogue(u, u->dept))
		return 0;
	return cr_err_set(
		err, 403, "forbidden", "",
		"only the city office and city departments edit industry risk catalogues");
}

/* A city department writes only its own entries; the city office writes all. */
static int check_dept(const struct cr_user *u, const char *dept, struct cr_err *err)
{
	if (cr_user_can_write_catalogue(u, dept))
		return 0;
	return cr_err_set(err, 403, "forbidden", "dept",
			  "the catalogue of department %s is not yours to change", dept);
}

/* ===== Validation ===== */

struct entry_buf {
	struct cr_catalogue_row row;
	char dept[16];
};

static bool is_code(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* Validates a whole entry; rec's strings and members are borrowed by b->row. */
static int build_entry(struct cr_conn *c, const struct cr_user *u, const json_t *rec,
		       struct entry_buf *b, struct cr_err *err)
{
	struct cr_catalogue_row *r = &b->row;
	memset(b, 0, sizeof *b);
	int rc = cr_json_str(rec, "name", 100, &r->name, err);
	if (rc == 1 || (rc == 0 && !*r->name))
		return cr_err_set(err, 400, "required", "name", "'name' is required");
	if (rc < 0)
		return -1;
	rc = cr_json_str(rec, "sector", 8, &r->sector, err);
	if (rc == 1 || (rc == 0 && !*r->sector))
		return cr_err_set(err, 400, "required", "sector", "'sector' is required");
	if (rc < 0)
		return -1;
	char sector_dept[16];
	rc = is_code(r->sector, 8) ? cr_store_sector_dept(c, r->sector, sector_dept, err) : 1;
	if (rc == 1)
		return cr_err_set(err, 400, "invalid", "sector",
				  "no sector '%s' (use a key-sector code such as C01 or a GB/T 4754"
				  " section letter)",
				  r->sector);
	if (rc < 0)
		return -1;
	const char *dept = NULL;
	rc = cr_json_str(rec, "dept", 15, &dept, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (!is_code(dept, 15) || !cr_store_dept_exists(c, dept))
			return cr_err_set(err, 400, "invalid", "dept", "no department '%s'", dept);
		if (*sector_dept && strcmp(dept, sector_dept) != 0)
			return cr_err_set(err, 400, "invalid", "dept",
					  "sector %s belongs to department %s", r->sector,
					  sector_dept);
		snprintf(b->dept, sizeof b->dept, "%s", dept);
	} else if (*sector_dept) {
		snprintf(b->dept, sizeof b->dept, "%s", sector_dept);
	} else if (cr_role_needs_dept(u->role)) {
		snprintf(b->dept, sizeof b->dept, "%s", u->dept);
	} else {
		return cr_err_set(err, 400, "required", "dept",
				  "sector %s has no supervising department: give 'dept'",
				  r->sector);
	}
	r->dept = b->dept;
	rc = cr_json_str(rec, "place", 100, &r->place, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		r->place = "";
	rc = cr_json_str(rec, "method", 20, &r->method, err);
	if (rc == 1)
		return cr_err_set(err, 400, "required", "method", "'method' is required");
	if (rc < 0)
		return -1;
	struct cr_assessment a;
	if (cr_risk_check_template(rec, &a, err))
		return -1;
	r->inputs = json_object_get(rec, "inputs");
	r->accident_types = json_object_get(rec, "accident_types");
	r->measures = json_object_get(rec, "measures");
	return 0;
}

/* ===== Reading ===== */

/* Adds the grade and colour the entry's inputs give under the current configuration. */
static json_t *with_grade(json_t *entry)
{
	struct cr_assessment a;
	struct cr_err e;
	if (entry && cr_risk_check_template(entry, &a, &e) == 0) {
		json_object_set_new(entry, "score", json_real(a.score));
		json_object_set_new(entry, "grade", json_integer(a.grade));
		json_object_set_new(entry, "color", json_string(cr_grade_color(a.grade)));
	} else if (entry) {
		json_object_set_new(entry, "score", json_null());
		json_object_set_new(entry, "grade", json_null());
		json_object_set_new(entry, "color", json_null());
	}
	return entry;
}

json_t *cr_catalogue_list(struct cr_conn *c, const struct cr_user *u, const char *sector,
			  const char *dept, struct cr_err *err)
{
	(void)u; /* catalogues are public guidance: every logged-in user may read them */
	if (sector && *sector && !is_code(sector, 8)) {
		cr_err_set(err, 400, "invalid", "sector", "sector must be a sector code");
		return NULL;
	}
	if (dept && *dept && !is_code(dept, 15)) {
		cr_err_set(err, 400, "invalid", "dept", "dept must be a department code");
		return NULL;
	}
	json_t *out = cr_store_catalogue_list(c, sector, dept, err);
	size_t i;
	json_t *e;
	if (out)
		json_array_foreach(json_object_get(out, "items"), i, e)
			with_grade(e);
	return out;
}

json_t *cr_catalogue_read(struct cr_conn *c, const struct cr_user *u, long long id,
			  struct cr_err *err)
{
	(void)u;
	return with_grade(cr_store_catalogue_get(c, id, err));
}

/* ===== Writing ===== */

/* Reads the entry back, audits it and commits; rolls back on any failure. */
static json_t *finish_write(struct cr_conn *c, const struct cr_user *u, long long id,
			    const char *action, const json_t *before, struct cr_err *err)
{
	return with_grade(cr_audit_commit(c, u, "catalogue", id, action, before,
					  cr_store_catalogue_get(c, id, err), err));
}

json_t *cr_catalogue_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			    struct cr_err *err)
{
	struct entry_buf b;
	long long id;
	if (check_role(u, err) || cr_json_only(body, entry_fields, err) ||
	    build_entry(c, u, body, &b, err) || check_dept(u, b.row.dept, err) ||
	    cr_db_begin(c, err))
		return NULL;
	if (cr_store_catalogue_insert(c, &b.row, &id, err)) {
		cr_db_rollback(c);
		return NULL;
	}
	return finish_write(c, u, id, "create", NULL, err);
}

/* The active entry id inside an open transaction, if u's department may change it. */
static json_t *entry_for_write(struct cr_conn *c, const struct cr_user *u, long long id,
			       struct cr_err *err)
{
	json_t *before = cr_store_catalogue_get(c, id, err);
	if (!before)
		return NULL;
	if (check_dept(u, json_string_value(json_object_get(before, "dept")), err) == 0) {
		if (strcmp(json_string_value(json_object_get(before, "status")), "active") == 0)
			return before;
		cr_err_set(err, 409, "conflict", "status", "catalogue entry %lld is archived", id);
	}
	json_decref(before);
	return NULL;
}

json_t *cr_catalogue_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			   const json_t *body, struct cr_err *err)
{
	long long expect = 0;
	if (check_role(u, err) || cr_json_only(body, patch_fields, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0)
		return NULL;
	/* Changing the method without new inputs would grade old factors with a new table. */
	if (json_object_get(body, "method") && !json_object_get(body, "inputs")) {
		cr_err_set(err, 400, "required", "inputs", "a new method needs its inputs");
		return NULL;
	}
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = entry_for_write(c, u, id, err), *merged = NULL, *out = NULL;
	struct entry_buf b;
	if (!before)
		goto out;
	merged = json_deep_copy(before);
	/* A new sector brings its own department unless the patch names one. */
	if (json_object_get(body, "sector") && !json_object_get(body, "dept"))
		json_object_del(merged, "dept");
	json_object_update(merged, (json_t *)body);
	json_object_del(merged, "version");
	if (build_entry(c, u, merged, &b, err) || check_dept(u, b.row.dept, err) ||
	    cr_store_catalogue_update(c, id, &b.row, expect, err))
		goto out;
	out = finish_write(c, u, id, "update", before, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	json_decref(merged);
	return out;
}

json_t *cr_catalogue_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			     struct cr_err *err)
{
	if (check_role(u, err) || cr_db_begin(c, err))
		return NULL;
	json_t *before = entry_for_write(c, u, id, err), *out = NULL;
	if (before && cr_store_catalogue_archive(c, id, err) == 0)
		out = finish_write(c, u, id, "archive", before, err);
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	return out;
}

/* ===== Bulk creation of risk points ===== */

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* Reads body[key] as a non-empty list of distinct positive ids, at most max of them. *ids is
 * malloc'ed (caller frees) on success. */
static int read_ids(const json_t *body, const char *key, size_t max, long long **ids, size_t *n,
		    struct cr_err *err)
{
	json_t *v = json_object_get(body, key);
	*ids = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return cr_err_set(err, 400, "required", key, "'%s' is required", key);
	if (!json_is_array(v) || json_array_size(v) == 0)
		return cr_err_set(err, 400, "invalid", key, "'%s' must be a non-empty list of ids",
				  key);
	if (json_array_size(v) > max)
		return cr_err_set(err, 413, "too_large", key, "'%s' may hold at most %zu ids", key,
				  max);
	size_t len = json_array_size(v);
	long long *out = malloc(len * sizeof *out), *sorted = malloc(len * sizeof *sorted);
	if (!out || !sorted) {
		free(out);
		free(sorted);
		return cr_err_set(err, 500, "internal", "", "out of memory");
	}
	for (size_t i = 0; i < len; i++) {
		json_t *x = json_array_get(v, i);
		if (!json_is_integer(x) || json_integer_value(x) <= 0) {
			free(out);
			free(sorted);
			return cr_err_set(err, 400, "invalid", key, "%s[%zu] is not an id", key, i);
		}
		out[i] = sorted[i] = json_integer_value(x);
	}
	qsort(sorted, len, sizeof *sorted, cmp_ll);
	for (size_t i = 1; i < len; i++) {
		if (sorted[i] == sorted[i - 1]) {
			long long dup = sorted[i];
			free(out);
			free(sorted);
			return cr_err_set(err, 400, "invalid", key, "%s names id %lld twice", key,
					  dup);
		}
	}
	free(sorted);
	*ids = out;
	*n = len;
	return 0;
}

/* Points a bad template's error at the list item it came from: "entries[2].inputs.L". */
static void blame(struct cr_err *err, const char *key, size_t i, long long id)
{
	if (err->status != 400)
		return;
	char field[64], msg[256];
	snprintf(field, sizeof field, "%s[%zu]%s%s", key, i, *err->field ? "." : "", err->field);
	snprintf(msg, sizeof msg, "%s %lld: %s", key, id, err->message);
	snprintf(err->field, sizeof err->field, "%s", field);
	snprintf(err->message, sizeof err->message, "%s", msg);
}

/* The risk-point fields a catalogue entry supplies. New reference. */
static json_t *template_of_entry(const json_t *e)
{
	json_t *t = json_object();
	static const char *const keys[] = { "name",   "place",  "accident_types",
					    "method", "inputs", "measures",
					    NULL };
	for (const char *const *k = keys; *k; k++)
		if (json_object_get(e, *k))
			json_object_set(t, *k, json_object_get(e, *k));
	return t;
}

json_t *cr_risks_from_catalogue(struct cr_conn *c, const struct cr_user *u, long long unit_id,
				const json_t *body, struct cr_err *err)
{
	static const char *const fields[] = { "entries", NULL };
	long long *ids = NULL;
	size_t n = 0;
	if (cr_json_only(body, fields, err) ||
	    read_ids(body, "entries", CR_FROM_CATALOGUE_MAX, &ids, &n, err))
		return NULL;
	json_t *items = json_array();
	int ret = -1, rc = 0;
	if (cr_db_begin(c, err))
		goto out;
	if (cr_risk_unit_writable(c, u, unit_id, err))
		goto out;
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *e = cr_store_catalogue_get(c, ids[i], err), *t = NULL, *p = NULL;
		if (!e) {
			snprintf(err->field, sizeof err->field, "entries");
			rc = -1;
			break;
		}
		if (strcmp(json_string_value(json_object_get(e, "status")), "active") != 0) {
			rc = cr_err_set(err, 409, "conflict", "entries",
					"catalogue entry %lld is archived", ids[i]);
		} else {
			t = template_of_entry(e);
			p = cr_risk_create_tx(c, u, unit_id, t, "from_catalogue", err);
			if (p)
				json_array_append_new(items, p);
			else {
				blame(err, "entries", i, ids[i]);
				rc = -1;
			}
		}
		json_decref(t);
		json_decref(e);
	}
	if (rc)
		goto out;
	if (cr_unit_rating_refresh(c, unit_id, err))
		goto out;
	if (cr_db_commit(c, err))
		goto out;
	ret = 0;
out:
	free(ids);
	if (ret) {
		cr_db_rollback(c);
		json_decref(items);
		return NULL;
	}
	return json_pack("{so}", "items", items);
}

/* The assessment fields of a risk point that another unit's point takes over: not the owner,
 * position, exposure or review, which belong to the place. New reference. */
static json_t *template_of_point(const json_t *p)
{
	static const char *const keys[] = {
		"name",     "place",           "accident_types",   "consequences",
		"method",   "inputs",          "inherent_inputs",  "direct",
		"measures", "impact_radius_m", "accident_edition", NULL
	};
	json_t *t = json_object();
	for (const char *const *k = keys; *k; k++) {
		json_t *v = json_object_get(p, *k);
		if (v && !json_is_null(v))
			json_object_set(t, *k, v);
	}
	return t;
}

/* Refuses the call unless every target unit is writable, naming all refused ones. */
static int check_targets(struct cr_conn *c, const struct cr_user *u, const long long *units,
			 size_t n, struct cr_err *err)
{
	char list[200] = "";
	size_t len = 0, refused = 0;
	for (size_t i = 0; i < n; i++) {
		struct cr_err e;
		if (cr_risk_unit_writable(c, u, units[i], &e) == 0)
			continue;
		if (e.status != 403) {
			*err = e;
			snprintf(err->field, sizeof err->field, "unit_ids");
			return -1;
		}
		if (refused++ < 20 && len < sizeof list)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld",
						refused > 1 ? ", " : "", units[i]);
	}
	if (!refused)
		return 0;
	return cr_err_set(err, 403, "forbidden", "unit_ids",
			  "you may not add risk points to %zu of the units: %s%s", refused, list,
			  refused > 20 ? ", …" : ""),
	       cr_err_param(err, "rule", "units_refused"), cr_err_param(err, "n", "%zu", refused),
	       cr_err_param(err, "ids", "%.60s%s", list, refused > 20 ? ", …" : "");
}

json_t *cr_risks_copy(struct cr_conn *c, const struct cr_user *u, const json_t *body,
		      struct cr_err *err)
{
	static const char *const fields[] = { "risk_ids", "unit_ids", NULL };
	long long *risks = NULL, *units = NULL;
	size_t nr = 0, nu = 0;
	json_t **tpl = NULL;
	long long created = 0;
	int rc = -1, began = 0;
	if (cr_json_only(body, fields, err))
		goto out;
	if (read_ids(body, "risk_ids", CR_COPY_MAX_POINTS, &risks, &nr, err))
		goto out;
	if (read_ids(body, "unit_ids", CR_COPY_MAX_POINTS, &units, &nu, err))
		goto out;
	if (nr * nu > CR_COPY_MAX_POINTS) {
		cr_err_set(err, 413, "too_large", "unit_ids",
			   "%zu points × %zu units is more than %d risk points in one call", nr, nu,
			   CR_COPY_MAX_POINTS);
		goto out;
	}
	tpl = calloc(nr, sizeof *tpl);
	if (!tpl) {
		cr_err_set(err, 500, "internal", "", "out of memory");
		goto out;
	}
	if (cr_db_begin(c, err))
		goto out;
	began = 1;
	for (size_t i = 0; i < nr; i++) {
		json_t *p = cr_risk_read(c, u, risks[i], err);
		if (!p) {
			snprintf(err->field, sizeof err->field, "risk_ids");
			goto out;
		}
		if (strcmp(json_string_value(json_object_get(p, "status")), "active") != 0) {
			cr_err_set(err, 409, "conflict", "risk_ids", "risk point %lld is archived",
				   risks[i]);
			json_decref(p);
			goto out;
		}
		tpl[i] = template_of_point(p);
		json_decref(p);
	}
	if (check_targets(c, u, units, nu, err))
		goto out;
	for (size_t j = 0; j < nu; j++) {
		for (size_t i = 0; i < nr; i++) {
			json_t *p = cr_risk_create_tx(c, u, units[j], tpl[i], "copy", err);
			if (!p) {
				blame(err, "risk_ids", i, risks[i]);
				goto out;
			}
			created++;
			json_decref(p);
		}
		if (cr_unit_rating_refresh(c, units[j], err))
			goto out;
	}
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	if (rc && began)
		cr_db_rollback(c);
	for (size_t i = 0; tpl && i < nr; i++)
		json_decref(tpl[i]);
	free(tpl);
	free(risks);
	free(units);
	return rc ? NULL : json_pack("{sI}", "created", created);
}
