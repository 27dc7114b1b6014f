/* routes.c — the one route table: every endpoint with its method, path, handler and the access
 * it needs. The authorisation tests and docs/API.md are checked against this list. */
#include "http/api.h"

#define MiB (1u << 20)

const struct cr_route cr_routes[] = {
	{ "POST", "/api/v1/session", cr_api_session_create, CR_PUBLIC, 0, "log in" },
	{ "GET", "/api/v1/session", cr_api_session_get, CR_READ, 0, "who am I" },
	{ "DELETE", "/api/v1/session", cr_api_session_delete, CR_CSRF, 0, "log out" },
	{ "GET", "/api/v1/regions", cr_api_regions, CR_READ, 0, "regions by parent" },
	{ "GET", "/api/v1/regions/{code}", cr_api_region_get, CR_READ, 0, "one region" },
	{ "GET", "/api/v1/geo/districts", cr_api_geo_districts, CR_READ, 0, "district outlines" },
	{ "GET", "/api/v1/sectors", cr_api_sectors, CR_READ, 0, "industries" },
	{ "GET", "/api/v1/departments", cr_api_departments, CR_READ, 0, "departments" },
	{ "GET", "/api/v1/accident-types", cr_api_accident_types, CR_READ, 0, "GB 6441 types" },
	{ "GET", "/api/v1/units", cr_api_units_list, CR_READ, 0, "list units" },
	{ "POST", "/api/v1/units", cr_api_units_create, CR_WRITE, 0, "register a unit" },
	{ "POST", "/api/v1/units/import", cr_api_units_import, CR_WRITE, 32 * MiB, "import units" },
	{ "GET", "/api/v1/units/{id}", cr_api_unit_get, CR_READ, 0, "one unit" },
	{ "PATCH", "/api/v1/units/{id}", cr_api_unit_patch, CR_WRITE, 0, "change a unit" },
	{ "DELETE", "/api/v1/units/{id}", cr_api_unit_delete, CR_WRITE, 0, "archive a unit" },
	{ "GET", "/api/v1/units/{id}/rating", cr_api_unit_rating, CR_READ, 0, "unit four-colour rating" },
	{ "GET", "/api/v1/units/{id}/risks", cr_api_unit_risks_list, CR_READ, 0, "a unit's risk points" },
	{ "POST", "/api/v1/units/{id}/risks", cr_api_unit_risks_create, CR_WRITE, 0, "add a risk point" },
	{ "GET", "/api/v1/risks", cr_api_risks_list, CR_READ, 0, "list risk points" },
	/* Before /risks/{id}: routes match first to last. */
	{ "GET", "/api/v1/risks/changes", cr_api_risk_changes, CR_READ, 0, "quarterly dynamic update" },
	{ "GET", "/api/v1/risks/{id}", cr_api_risk_get, CR_READ, 0, "one risk point" },
	{ "PATCH", "/api/v1/risks/{id}", cr_api_risk_patch, CR_WRITE, 0, "change a risk point" },
	{ "DELETE", "/api/v1/risks/{id}", cr_api_risk_delete, CR_WRITE, 0, "archive a risk point" },
	{ "GET", "/api/v1/risks/{id}/history", cr_api_risk_history, CR_READ, 0, "versions of a risk point" },
	/* Grading is pure and stores nothing, so any user (experts too) may preview: CR_READ. */
	{ "POST", "/api/v1/assess", cr_api_assess, CR_READ, 0, "grade without storing" },
	{ "GET", "/api/v1/stats/risks", cr_api_stats_risks, CR_READ, 0, "risk statistics" },
	{ "GET", "/api/v1/stats/overview", cr_api_overview, CR_READ, 0, "city dashboard" },
	{ "GET", "/api/v1/areas/risk", cr_api_areas_risk, CR_READ, 0, "superposed areas" },
	{ "GET", "/api/v1/map/risks", cr_api_map_risks, CR_READ, 0, "risk map points/clusters" },
	{ "GET", "/api/v1/config", cr_api_config, CR_PUBLIC, 0, "UI configuration" },
	{ "GET", "/api/v1/users", cr_api_users_list, CR_READ, 0, "accounts I administer" },
	{ "POST", "/api/v1/users", cr_api_users_create, CR_WRITE, 0, "create an account" },
	{ "PATCH", "/api/v1/users/{id}", cr_api_user_patch, CR_WRITE, 0, "disable or reset an account" },
	{ "GET", "/api/v1/audit", cr_api_audit, CR_READ, 0, "history of a record" },
	{ "GET", "/api/v1/hazards", cr_api_hazards_list, CR_READ, 0, "list hidden hazards" },
	{ "POST", "/api/v1/hazards", cr_api_hazards_create, CR_WRITE, 0, "record a hidden hazard" },
	{ "GET", "/api/v1/hazards/{id}", cr_api_hazard_get, CR_READ, 0, "one hazard with its steps" },
	{ "PATCH", "/api/v1/hazards/{id}", cr_api_hazard_patch, CR_WRITE, 0, "change a hazard" },
	{ "POST", "/api/v1/hazards/{id}/transition", cr_api_hazard_transition, CR_WRITE, 0, "a step of the closed loop" },
	{ "POST", "/api/v1/hazards/{id}/attachments", cr_api_hazard_attach, CR_WRITE, 10 * MiB, "attach a photo or PDF" },
	{ "GET", "/api/v1/hazards/{id}/attachments/{aid}", cr_api_hazard_attachment_get, CR_READ, 0, "download an attachment" },
	/* 举报: anyone may file a report, rate-limited per address; it reads nothing back. */
	{ "POST", "/api/v1/public/reports", cr_api_public_report, CR_PUBLIC, 4 * MiB, "public hazard report" },
	{ "GET", "/api/v1/stats/hazards", cr_api_stats_hazards, CR_READ, 0, "hazard statistics" },
	{ "GET", "/api/v1/methods", cr_api_methods, CR_READ, 0, "grading methods and their tables" },
	{ "GET", "/api/v1/catalogue", cr_api_catalogue_list, CR_READ, 0, "industry risk catalogues" },
	{ "POST", "/api/v1/catalogue", cr_api_catalogue_create, CR_WRITE, 0, "add a catalogue entry" },
	{ "GET", "/api/v1/catalogue/{id}", cr_api_catalogue_get, CR_READ, 0, "one catalogue entry" },
	{ "PATCH", "/api/v1/catalogue/{id}", cr_api_catalogue_patch, CR_WRITE, 0, "change a catalogue entry" },
	{ "DELETE", "/api/v1/catalogue/{id}", cr_api_catalogue_delete, CR_WRITE, 0, "archive a catalogue entry" },
	{ "POST", "/api/v1/units/{id}/risks/from-catalogue", cr_api_unit_risks_from_catalogue, CR_WRITE, 0, "risk points from catalogue entries" },
	{ "POST", "/api/v1/risks/copy", cr_api_risks_copy, CR_WRITE, 0, "copy risk points to units" },
};

const size_t cr_nroutes = sizeof cr_routes / sizeof cr_routes[0];
