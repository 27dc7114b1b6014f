/* err.c — fills the one error type. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int cr_err_set(struct cr_err *err, int status, const char *code, const char *field,
	       const char *fmt, ...)
{
	if (!err)
		return -1;
	err->status = status;
	snprintf(err->code, sizeof err->code, "%s", code ? code : "error");
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return -1;
}
