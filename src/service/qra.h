/* qra.h — quantitative risk assessment use cases: one scenario's consequences, and the risk of
 * many scenarios (individual-risk contours, F-N curve, GB 36894 verdicts). They compute from the
 * request alone and store nothing; the HTTP API and `cityrisk qra run` share them. */
#ifndef CR_SERVICE_QRA_H
#define CR_SERVICE_QRA_H

#include <jansson.h>

#include "core/err.h"
#include "domain/methods.h"
#include "qra/risk.h"

/* {"model","inputs"} → the intermediate results and {"distances":[…]}. New reference, or NULL
 * with err (400 naming the field, "inputs.mass_kg"). */
json_t *cr_qra_consequence_json(const json_t *body, struct cr_err *err);
/* {"scenarios","weather","population",…} → contours (GeoJSON), F-N curve and verdicts (see
 * docs/API.md). nthreads 0 = the body's "threads" or one per processor. When keep is not NULL
 * the grid is handed over to it (the caller frees keep->ir). New reference, or NULL with err. */
json_t *cr_qra_risk_json(const json_t *body, int nthreads, struct cr_qra_grid *keep,
			 struct cr_err *err);

/* Grading from physics: {"scenario":{lon,lat,model,inputs},"weather"?,"population"?,
 * "injuries"?,"loss_cny"?} → the credible worst case (weather and direction) and its expected
 * deaths among the population, the points it reaches, and the consequence method's grade of
 * ⌊deaths⌋ (with the given injuries and loss) under cfg. New reference, or NULL with err. */
json_t *cr_qra_grade_json(const json_t *body, const struct cr_methods_config *cfg,
			  struct cr_err *err);

#endif
