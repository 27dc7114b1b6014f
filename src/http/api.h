/* api.h — every HTTP handler, one group per resource file; routes.c lists them in one table. */
#ifndef CR_API_H
#define CR_API_H

#include "http/http.h"

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
/* api_audit.c */
int cr_api_audit(struct cr_req *r);

#endif
