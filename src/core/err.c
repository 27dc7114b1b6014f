/* err.c — fills the one error type. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int cr_err_set(struct cr_err *err, int status, const char *code, const char *field, const char *fmt,
	       ...)
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
	for (int i = 0; i < CR_ERR_PARAMS; i++)
		err->params[i].key[0] = '\0';
	return -1;
}

int cr_err_param(struct cr_err *err, const char *key, const char *fmt, ...)
{
	if (!err || !key)
		return -1;
	for (int i = 0; i < CR_ERR_PARAMS; i++) {
		if (err->params[i].key[0])
			continue;
		snprintf(err->params[i].key, sizeof err->params[i].key, "%s", key);
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->params[i].value, sizeof err->params[i].value, fmt, ap);
		va_end(ap);
		break;
	}
	return -1;
}
