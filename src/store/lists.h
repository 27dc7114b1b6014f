/* lists.h — SQL of the four lists (四单) and of the exposure index's risk sources: the rows of
 * each list in one shape, by region prefix and department. No rules, no formats here. */
#ifndef CR_STORE_LISTS_H
#define CR_STORE_LISTS_H

#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* Which list (seed 000 三(二)). */
enum cr_list_kind {
	CR_LIST_MAJOR_RISKS,    /* grade Ⅰ risk points */
	CR_LIST_MAJOR_HAZARDS,  /* open major hidden hazards */
	CR_LIST_HAZARD_SOURCES, /* major hazard sources (installations) */
	CR_LIST_TARGETS,        /* vulnerable targets */
};

/* One row of a list. Strings are borrowed for the callback only; "" when unknown. */
struct cr_list_entry {
	long long id, unit_id;
	const char *unit_name; /* 所属单位 (a target: its own name) */
	const char *place;     /* 所处位置 */
	const char *region, *region_name;
	const char *dept, *dept_name; /* 主管（监管）单位 */
	const char *name;             /* the point, hazard or target itself */
	const char *detail; /* consequences, description, an installation's or a target's kind */
	const char *level;  /* risk grade "1", hazard grade "major", GB 18218 grade "1".."4",
			     * protection class */
	double lon, lat;
	bool has_coords;
	long long people_day, people_night; /* -1 unknown */
	double s, r; /* a major hazard source's GB 18218 S and R (0 in the other lists) */
};

struct cr_list_filter {
	const char *region_prefix; /* "" = any */
	const char *dept;          /* NULL/"" = any */
	long long after;           /* id cursor */
	int limit;                 /* 0 = every row */
};

typedef int (*cr_list_fn)(void *ctx, const struct cr_list_entry *e);
/* Calls fn for each row by id after f->after, at most f->limit. *available is false when the
 * list's table does not exist in this database (installations before they are merged): no
 * rows then. 0, fn's non-zero value, or -1 with err. */
int cr_store_list_each(struct cr_conn *c, enum cr_list_kind k, const struct cr_list_filter *f,
		       cr_list_fn fn, void *ctx, bool *available, struct cr_err *err);

/* How many rows cr_store_list_each would give without after and limit. 0 or -1 with err. */
int cr_store_list_count(struct cr_conn *c, enum cr_list_kind k, const struct cr_list_filter *f,
			long long *n, bool *available, struct cr_err *err);

/* What the exposure index reads as sources: risk points and installations (重大危险源 among
 * them). Strings are borrowed for the call only. */
enum cr_source_of { CR_SOURCE_RISK, CR_SOURCE_INSTALLATION };
struct cr_source_place {
	long long id, unit_id;
	const char *region, *dept, *status, *updated_at;
	double lon, lat, radius_m; /* radius_m < 0: none entered */
	bool has_coords;
	bool major; /* an installation that is a major hazard source; always true for a risk point */
	int grade;  /* a risk point's grade, or an installation's GB 18218 grade (0: not major) */
};
typedef int (*cr_source_fn)(void *ctx, const struct cr_source_place *r);
/* The one change feed of the exposure index: every row of `of` whose updated_at ≥ since ("" =
 * all), archived ones too. 0, fn's non-zero value, or -1 with err. */
int cr_store_sources_changed(struct cr_conn *c, enum cr_source_of of, const char *since,
			     cr_source_fn fn, void *ctx, struct cr_err *err);
/* A source's name and its unit's name, copied into the buffers; 404 when there is none. */
int cr_store_source_label(struct cr_conn *c, enum cr_source_of of, long long id, char name[256],
			  char unit_name[256], struct cr_err *err);

#endif
