/* api.h — every HTTP handler, one group per resource file; routes.c lists them in one table. */
#ifndef CR_API_H
#define CR_API_H

#include "http/http.h"

/* openapi.c */
int cr_api_openapi(struct cr_req *r);
/* metrics.c */
int cr_api_metrics(struct cr_req *r);
/* api_session.c */
int cr_api_session_create(struct cr_req *r);
int cr_api_session_get(struct cr_req *r);
int cr_api_session_delete(struct cr_req *r);
/* api_ref.c */
int cr_api_regions(struct cr_req *r);
int cr_api_region_get(struct cr_req *r);
int cr_api_geo_districts(struct cr_req *r);
int cr_api_sectors(struct cr_req *r);
int cr_api_departments(struct cr_req *r);
int cr_api_accident_types(struct cr_req *r);
/* api_export.c: ?format=xlsx|csv on a register list (a non-empty format argument asks) */
struct cr_export_query;
bool cr_api_export_asked(struct cr_req *r);
int cr_api_export(struct cr_req *r, const struct cr_export_query *q);
/* api_units.c */
int cr_api_units_list(struct cr_req *r);
int cr_api_units_create(struct cr_req *r);
int cr_api_unit_get(struct cr_req *r);
int cr_api_unit_patch(struct cr_req *r);
int cr_api_unit_delete(struct cr_req *r);
int cr_api_units_import(struct cr_req *r);
/* api_risks.c */
int cr_api_risks_list(struct cr_req *r);
int cr_api_unit_risks_list(struct cr_req *r);
int cr_api_unit_risks_create(struct cr_req *r);
int cr_api_risk_get(struct cr_req *r);
int cr_api_risk_patch(struct cr_req *r);
int cr_api_risk_delete(struct cr_req *r);
int cr_api_risk_history(struct cr_req *r);
int cr_api_assess(struct cr_req *r);
int cr_api_unit_rating(struct cr_req *r);
/* api_analysis.c */
int cr_api_stats_risks(struct cr_req *r);
int cr_api_areas_risk(struct cr_req *r);
int cr_api_map_risks(struct cr_req *r);
int cr_api_overview(struct cr_req *r);
int cr_api_config(struct cr_req *r);
/* api_users.c */
int cr_api_users_list(struct cr_req *r);
int cr_api_users_create(struct cr_req *r);
int cr_api_user_patch(struct cr_req *r);
/* api_audit.c */
int cr_api_audit(struct cr_req *r);
/* api_system.c: the 系统运行 page */
int cr_api_system(struct cr_req *r);
int cr_api_audit_verify(struct cr_req *r);
/* api_reviews.c: the review chain and reporting cycles */
int cr_api_unit_submit(struct cr_req *r);
int cr_api_unit_review(struct cr_req *r);
int cr_api_reviews_list(struct cr_req *r);
int cr_api_review_get(struct cr_req *r);
int cr_api_review_decision(struct cr_req *r);
int cr_api_reporting_owed(struct cr_req *r);
/* api_progress.c: the progress board */
int cr_api_progress(struct cr_req *r);
/* api_verifications.c: on-site verification */
int cr_api_unit_verifications_list(struct cr_req *r);
int cr_api_unit_verifications_create(struct cr_req *r);
int cr_api_verification_coverage(struct cr_req *r);
/* api_hazards.c */
int cr_api_hazards_list(struct cr_req *r);
int cr_api_hazards_create(struct cr_req *r);
int cr_api_hazard_get(struct cr_req *r);
int cr_api_hazard_patch(struct cr_req *r);
int cr_api_hazard_transition(struct cr_req *r);
int cr_api_hazard_attach(struct cr_req *r);
int cr_api_hazard_attachment_get(struct cr_req *r);
int cr_api_public_report(struct cr_req *r);
int cr_api_stats_hazards(struct cr_req *r);

/* api_methods.c */
int cr_api_methods(struct cr_req *r);
/* api_risk_changes.c */
int cr_api_risk_changes(struct cr_req *r);
/* api_catalogue.c */
int cr_api_catalogue_list(struct cr_req *r);
int cr_api_catalogue_get(struct cr_req *r);
int cr_api_catalogue_create(struct cr_req *r);
int cr_api_catalogue_patch(struct cr_req *r);
int cr_api_catalogue_delete(struct cr_req *r);
int cr_api_unit_risks_from_catalogue(struct cr_req *r);
int cr_api_risks_copy(struct cr_req *r);
/* api_targets.c */
int cr_api_targets_list(struct cr_req *r);
int cr_api_targets_create(struct cr_req *r);
int cr_api_targets_import(struct cr_req *r);
int cr_api_target_get(struct cr_req *r);
int cr_api_target_patch(struct cr_req *r);
int cr_api_target_delete(struct cr_req *r);
int cr_api_exposure(struct cr_req *r);
/* api_resources.c */
int cr_api_resources_list(struct cr_req *r);
int cr_api_resources_create(struct cr_req *r);
int cr_api_resources_import(struct cr_req *r);
int cr_api_resources_nearest(struct cr_req *r);
int cr_api_resource_get(struct cr_req *r);
int cr_api_resource_patch(struct cr_req *r);
int cr_api_resource_delete(struct cr_req *r);
/* api_snapshots.c */
int cr_api_snapshots_list(struct cr_req *r);
int cr_api_snapshots_create(struct cr_req *r);
int cr_api_snapshots_compare(struct cr_req *r);
/* api_plans.c */
int cr_api_unit_plans_list(struct cr_req *r);
int cr_api_unit_plans_create(struct cr_req *r);
int cr_api_plan_get(struct cr_req *r);
int cr_api_plan_patch(struct cr_req *r);
int cr_api_plan_delete(struct cr_req *r);
int cr_api_plans_gaps(struct cr_req *r);
/* api_capability.c */
int cr_api_capability_list(struct cr_req *r);
int cr_api_capability_create(struct cr_req *r);
int cr_api_capability_checklist(struct cr_req *r);
/* api_lists.c */
int cr_api_list(struct cr_req *r);
/* api_installations.c */
int cr_api_chemicals(struct cr_req *r);
int cr_api_gb18218_assess(struct cr_req *r);
int cr_api_unit_installations_list(struct cr_req *r);
int cr_api_unit_installations_create(struct cr_req *r);
int cr_api_installation_get(struct cr_req *r);
int cr_api_installation_patch(struct cr_req *r);
int cr_api_installation_delete(struct cr_req *r);
int cr_api_map_installations(struct cr_req *r);
/* api_qra.c */
int cr_api_qra_consequence(struct cr_req *r);
int cr_api_qra_risk(struct cr_req *r);
int cr_api_qra_grade(struct cr_req *r);
int cr_api_installation_qra_scenarios(struct cr_req *r);
int cr_api_installation_qra_scenario_add(struct cr_req *r);
int cr_api_qra_scenario_patch(struct cr_req *r);
int cr_api_qra_scenario_delete(struct cr_req *r);
int cr_api_installation_qra_risk(struct cr_req *r);
/* api_reports.c */
int cr_api_report_city(struct cr_req *r);
int cr_api_report_district(struct cr_req *r);
int cr_api_report_industry(struct cr_req *r);
int cr_api_report_job_start(struct cr_req *r);
int cr_api_report_job_get(struct cr_req *r);
int cr_api_report_job_file(struct cr_req *r);
/* api_signs.c */
int cr_api_risk_sign(struct cr_req *r);
int cr_api_public_risk(struct cr_req *r);
/* api_alerts.c */
int cr_api_dynamic_reports_list(struct cr_req *r);
int cr_api_dynamic_reports_create(struct cr_req *r);
int cr_api_dynamic_report_get(struct cr_req *r);
int cr_api_alerts_list(struct cr_req *r);
int cr_api_alert_get(struct cr_req *r);
int cr_api_alert_ack(struct cr_req *r);
int cr_api_alert_close(struct cr_req *r);
int cr_api_alerts_evaluate(struct cr_req *r);
int cr_api_alert_subscription_get(struct cr_req *r);
int cr_api_alert_subscription_put(struct cr_req *r);
int cr_api_alert_subscription_delete(struct cr_req *r);
/* api_webhooks.c */
int cr_api_webhooks_list(struct cr_req *r);
int cr_api_webhooks_create(struct cr_req *r);
int cr_api_webhook_patch(struct cr_req *r);
int cr_api_webhook_deliveries(struct cr_req *r);
/* api_cap.c */
int cr_api_cap_list(struct cr_req *r);
int cr_api_cap_create(struct cr_req *r);
int cr_api_cap_approve(struct cr_req *r);
int cr_api_cap_feed(struct cr_req *r);
/* api_signals.c */
int cr_api_signals_list(struct cr_req *r);
int cr_api_signals_create(struct cr_req *r);
/* sse.c */
int cr_api_events(struct cr_req *r);

#endif
