/* methods_info.h — what GET /api/v1/methods answers: every grading method's Chinese name,
 * formula, factors (allowed values with their criteria), bands and accident classes. */
#ifndef CR_SERVICE_METHODS_INFO_H
#define CR_SERVICE_METHODS_INFO_H

#include <jansson.h>

/* {"items":[{"method","name_cn","formula","factors","bands","classes"?}…]} from the running
 * configuration. New reference. */
json_t *cr_methods_info(void);

#endif
