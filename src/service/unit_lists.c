/* unit_lists.c — the list of units: the checked filter within the caller's scope (shared with
 * the exports), a credit-code prefix read as such, the page as JSON text from the unit index.
 * It must not speak HTTP or build SQL (store/units.c, store/unit_index.c). */
#include "service/units.h"

#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "service/input.h"

/* Whether q (spaces around it aside) reads as the start of a credit code: 6 to 18 ASCII letters
 * and digits with at least one digit; out gets it in capitals. */
static bool credit_code_prefix(const char *q, char out[19])
{
	if (!q)
		return false;
	while (*q == ' ')
		q++;
	size_t n = 0;
	bool digit = false;
	for (; *q && *q != ' '; q++) {
		unsigned char ch = (unsigned char)*q;
		if (n == 18 || !((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
				 (ch >= 'a' && ch <= 'z')))
			return false;
		digit |= ch >= '0' && ch <= '9';
		out[n++] = (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
	}
	while (*q == ' ')
		q++;
	out[n] = 0;
	return !*q && n >= 6 && digit;
}

int cr_unit_list_filter(const struct cr_user *u, const struct cr_unit_query *q,
			struct cr_unit_filter *f, struct cr_scope *sc, struct cr_err *err)
{
	*f = (struct cr_unit_filter){ .sector = q->sector,
				      .dept = q->dept,
				      .size_class = q->size_class,
				      .q = q->q,
				      .status = q->status,
				      .rating = q->rating,
				      .limit = CR_INPUT_LIMIT_DEFAULT };
	static const char *const ratings[] = {
		"red", "orange", "yellow", "blue", "unassessed", NULL
	};
	bool rating_ok = !q->rating || !*q->rating;
	for (const char *const *r = ratings; !rating_ok && *r; r++)
		rating_ok = strcmp(*r, q->rating) == 0;
	if (!rating_ok) {
		return cr_err_set(err, 400, "invalid", "rating",
				  "rating must be red, orange, yellow, blue or unassessed");
	}
	if (cr_user_scope(u, q->region, q->dept, 0, sc, err))
		return -1;
	f->region_prefix = sc->region;
	f->dept = sc->dept;
	f->only_id = sc->unit_id;
	if (cr_input_page(q->limit, q->after, &f->limit, &f->after, err))
		return -1;
	if (f->status && *f->status && strcmp(f->status, "active") &&
	    strcmp(f->status, "archived")) {
		return cr_err_set(err, 400, "invalid", "status",
				  "status must be active or archived");
	}
	if (f->size_class && *f->size_class && strcmp(f->size_class, "above") &&
	    strcmp(f->size_class, "below")) {
		return cr_err_set(err, 400, "invalid", "size_class",
				  "size_class must be above or below");
	}
	if (f->q && cr_utf8_len(f->q, strlen(f->q)) < 0) {
		return cr_err_set(err, 400, "invalid_utf8", "q", "q is not valid UTF-8");
	}
	if (f->q && strlen(f->q) > 200) {
		return cr_err_set(err, 400, "invalid", "q", "q is too long");
	}
	/* A search that looks like a 统一社会信用代码 (6 to 18 letters and digits, some digits)
	 * matches codes that start with it, from the unit index. */
	if (credit_code_prefix(f->q, f->credit_buf)) {
		f->q = NULL;
		f->credit_prefix = f->credit_buf;
	}
	return 0;
}

char *cr_unit_list(struct cr_conn *c, const struct cr_user *u, const struct cr_unit_query *q,
		   struct cr_err *err)
{
	struct cr_unit_filter f;
	struct cr_scope sc;
	if (cr_unit_list_filter(u, q, &f, &sc, err))
		return NULL;
	if (!f.q || !*f.q)
		return cr_store_unit_page_text(c, &f, err);
	json_t *out = cr_store_unit_list(c, &f, err);
	char *text = out ? cr_json_dump(out) : NULL;
	json_decref(out);
	return text;
}
