/* method_config.h — grading configuration from JSON: defaults of every method, direct rule,
 * rating and superposition threshold, with an operator's overrides applied. No I/O, no store. */
#ifndef CR_METHOD_CONFIG_H
#define CR_METHOD_CONFIG_H

#include <jansson.h>

#include "core/err.h"
#include "domain/direct.h"
#include "domain/methods.h"
#include "domain/rating.h"
#include "domain/superpose.h"

/* Fills m, d, r and s with the defaults and applies the overrides in obj (NULL or {} for none):
 *   {"lec": {"bands": [320,160,70], "inclusive": [true,true,true],
 *            "L": {"values": [...], "labels_cn": [...]}, "E": {...}, "C": {...}},
 *    "ls": {... L, S}, "mes": {... M, E, S},
 *    "consequence": {"deaths": [30,10,3,1], "injuries": [100,50,10,1],
 *                    "loss_cny": [1e8,5e7,1e7,1e6], "grades": [1,1,2,3]},
 *    "direct": {"mandatory_violation": true, "accident_conditions_persist": true,
 *               "major_hazard_source": true, "hazardous_10plus_people": true,
 *               "open_major_hazard": true, "major_hazard_source_max_grade": 4},
 *    "rating": {"red_min_grade1": 1, "red_min_open_major": 1, "red_min_grade2": 5,
 *               "orange_min_grade2": 1, "orange_min_overdue_general": 3,
 *               "orange_min_grade3": 10, "yellow_min_grade3": 1},
 *    "superpose": {"weights": [100,30,5,1], "mode": "quantile" | "fixed",
 *                  "shares": [0.05,0.15,0.30], "fixed": [100,30,5],
 *                  "grade1_at_least_orange": true, "cell_m": 1000,
 *                  "district_ratio": [2,1,0.5], "city_rule": "density" | "districts",
 *                  "city_density": [100,30,5], "city_min_share": [0,0,0]}}
 * Consequence arrays run from 特别重大 to 一般. "values" must come with "labels_cn" of the same
 * length; "labels_cn" alone must match the current number of values.
 * Returns 0, or -1 with err 400 whose field is the dotted path ("lec.bandz", "ls.L.values");
 * unknown keys get code "unknown_field". On error the outputs hold the defaults. */
int cr_method_config_from_json(const json_t *obj, struct cr_methods_config *m,
			       struct cr_direct_config *d, struct cr_rating_config *r,
			       struct cr_superpose_config *s, struct cr_err *err);

#endif
