/* err.h — the one error type. Functions return 0 on success or -1 after filling a cr_err;
 * the HTTP layer turns it into {"error":{"code","message","field","params"}} with its status. */
#ifndef CR_ERR_H
#define CR_ERR_H

#define CR_ERR_PARAMS 4

struct cr_err {
	int status; /* HTTP status the error maps to: 400, 401, 403, 404, 409, 413, 422, 429, 500 */
	char code[48];     /* machine-readable, e.g. "invalid", "not_found", "forbidden" */
	char field[64];    /* the offending input field, "" when none */
	char message[256]; /* human-readable, English */
	/* Optional structured parts of the message, for translation in the UI (web/js/errors.js):
	 * "rule" names the exact check within the code ("too_long"), the others carry the
	 * message's variable parts ("max":"200"). Unused slots have an empty key. */
	struct {
		char key[16];
		char value[64];
	} params[CR_ERR_PARAMS];
};

/* Fills err (when not NULL) and returns -1, so callers can write `return cr_err_set(...)`. */
int cr_err_set(struct cr_err *err, int status, const char *code, const char *field, const char *fmt,
	       ...) __attribute__((format(printf, 5, 6)));

/* Adds a parameter to an error already set (cr_err_set clears them); a full list drops it.
 * Returns -1, so callers can write `return cr_err_param(err, "rule", "too_long")`. */
int cr_err_param(struct cr_err *err, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
