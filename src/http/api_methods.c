/* api_methods.c — GET /api/v1/methods: every grading method's factors, bands and accident
 * classes, described by service/methods_info.c. Read-only. */
#include "http/api.h"
#include "service/methods_info.h"

int cr_api_methods(struct cr_req *r)
{
	return cr_reply(r, 200, cr_methods_info());
}
