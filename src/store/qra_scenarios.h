/* qra_scenarios.h — SQL for a major hazard source's QRA scenarios (the qra_scenarios table):
 * one row, the installation's active list, writes and the archive. No model checks or
 * permission rules here (service/qra_scenarios.c). */
#ifndef CR_STORE_QRA_SCENARIOS_H
#define CR_STORE_QRA_SCENARIOS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* A checked scenario as written. inputs is borrowed and dumped as text. */
struct cr_qra_scenario_row {
	long long installation_id;
	const char *name, *model;
	const json_t *inputs;
	double frequency_per_year;
	bool has_coords; /* false: lon/lat NULL (the installation's position) */
	double lon, lat;
};

/* One scenario by id (any status) as {id, installation_id, name, model, inputs,
 * frequency_per_year, lon, lat, status, version, created_at, updated_at}; 404 when none. New
 * reference. */
json_t *cr_store_qra_scenario_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_qra_scenario_insert(struct cr_conn *c, const struct cr_qra_scenario_row *r,
				 long long *id, struct cr_err *err);
/* 409 version_conflict when expect_version (> 0) is not current. */
int cr_store_qra_scenario_update(struct cr_conn *c, long long id,
				 const struct cr_qra_scenario_row *r, long long expect_version,
				 struct cr_err *err);
int cr_store_qra_scenario_archive(struct cr_conn *c, long long id, struct cr_err *err);
/* {"items":[…]} of the installation's active scenarios, oldest first. New reference. */
json_t *cr_store_qra_scenario_list(struct cr_conn *c, long long installation_id,
				   struct cr_err *err);

#endif
