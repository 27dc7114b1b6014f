/* config.h — the grading configuration every request reads: methods, direct rules, unit rating
 * and superposition thresholds. Defaults unless an operator's JSON file overrides them. */
#ifndef CR_CONFIG_H
#define CR_CONFIG_H

#include <jansson.h>

#include "core/err.h"
#include "domain/alert_rules.h"
#include "domain/direct.h"
#include "domain/methods.h"
#include "domain/rating.h"
#include "domain/superpose.h"

struct cr_config {
	struct cr_methods_config methods;
	struct cr_direct_config direct;
	struct cr_rating_config rating;
	struct cr_superpose_config superpose;
	double grid_ref_lat;           /* latitude the 1 km grid is laid out at (the city's) */
	struct cr_alert_config alerts; /* early-warning rules ("alerts") */
	int review_days; /* a risk point not reviewed for this long is overdue (quarterly: 92) */
	/* Map tiles, optional (the map works offline): CITYRISK_TILE_URL (e.g. Tianditu's WMTS
	 * with the operator's key), CITYRISK_TILE_URL_LABELS (an annotation layer drawn over it, e.g.
	 * Tianditu's cva) and CITYRISK_TILE_ATTRIBUTION, read once with the defaults; NULL when
	 * unset. */
	const char *tile_url, *tile_labels_url, *tile_attribution;
	char city[16]; /* the city served: its region code, GB/T 2260 without trailing zeros */
};

/* The process-wide configuration (defaults until cr_config_load). Read-only after start-up. */
const struct cr_config *cr_config(void);

/* The UI's public configuration: {"tile_url","tile_labels_url","tile_attribution","city"}. New
 * reference. */
json_t *cr_config_public(void);

/* Loads overrides from a JSON file (see docs/METHODS.md "Configuration"). Call before serving. */
int cr_config_load(const char *path, struct cr_err *err);

#endif
