/* signals.h — SQL for external signals (weather warnings, monitoring events): rows as JSON, the
 * insert, the scoped list, and the records a weather warning may endanger in its regions or
 * bounding box (dynamic reports in its window, major hazard sources). The rule of what a signal
 * endangers is domain/signal_rules.c's, not this file's. */
#ifndef CR_STORE_SIGNALS_H
#define CR_STORE_SIGNALS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* A validated signal as it is written. Strings are borrowed; regions/polygon borrowed JSON. */
struct cr_signal_row {
	const char *kind, *type, *level, *title, *description, *source, *region;
	const json_t *regions, *polygon; /* polygon NULL: none */
	const char *start, *end;
	long long unit_id; /* 0 = none */
	double value, threshold;
	bool has_value, has_threshold;
	const char *measure, *created_by;
};

json_t *cr_store_signal_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_signal_insert(struct cr_conn *c, const struct cr_signal_row *s, long long *id,
			   struct cr_err *err);
int cr_store_signal_set_raised(struct cr_conn *c, long long id, long long raised,
			       struct cr_err *err);
/* Signals in region_prefix, newest first, at most limit: {"items":[…]}. New reference. */
json_t *cr_store_signal_list(struct cr_conn *c, const char *region_prefix, int limit,
			     struct cr_err *err);

/* A record in a signal's area. Strings are borrowed for the call only. */
struct cr_signal_hit {
	const char *entity; /* "dynamic_report" or "installation" */
	long long id, unit_id;
	const char *unit_name, *region, *dept, *name, *kind, *start, *end;
	double lon, lat;
	bool has_pos;
};
typedef int (*cr_signal_hit_fn)(void *ctx, const struct cr_signal_hit *h);
/* Dynamic reports whose window overlaps [start, end] (by text, the caller re-checks) and major
 * hazard sources (major = 1, active), whose region starts with one of regions (a JSON array
 * text; "[]" = none) or whose unit's (or own) position lies in the box. */
int cr_store_signal_area(struct cr_conn *c, const char *regions, const double box[4],
			 const char *start, const char *end, cr_signal_hit_fn fn, void *ctx,
			 struct cr_err *err);

#endif
