/* versions.c — a written graded record read back, versioned and audited (versions.h). It must
 * not know an entity: the caller's cr_versioned names the table, the fields and the reader. */
#include "service/versions.h"

#include <stdio.h>

#include "store/audit.h"

/* The changed fields between two versions, {field: [old, new]}. New reference. */
static json_t *diff_of(const char *const *tracked, const json_t *before, const json_t *after)
{
	json_t *d = json_object();
	for (const char *const *k = tracked; *k; k++) {
		json_t *a = before ? json_object_get(before, *k) : NULL;
		json_t *b = json_object_get(after, *k);
		if (!json_equal(a ? a : json_null(), b ? b : json_null()))
			json_object_set_new(
				d, *k, json_pack("[OO]", a ? a : json_null(), b ? b : json_null()));
	}
	return d;
}

json_t *cr_version_record(struct cr_conn *c, const struct cr_user *u, const struct cr_versioned *v,
			  long long id, const char *action, const json_t *before,
			  struct cr_err *err)
{
	json_t *after = v->read(c, id, err), *diff = NULL;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	if (!after)
		return NULL;
	diff = diff_of(v->tracked, before, after);
	int old_grade = before ? (int)json_integer_value(json_object_get(before, "grade")) : 0;
	if (cr_store_version_add(
		    c, v->table, id, json_integer_value(json_object_get(after, "version")),
		    u->login, action, old_grade,
		    (int)json_integer_value(json_object_get(after, "grade")), diff, err))
		goto fail;
	if (cr_audit_write(c, u, v->entity, idt, action, before, after, err))
		goto fail;
	json_decref(diff);
	return after;
fail:
	json_decref(diff);
	json_decref(after);
	return NULL;
}
