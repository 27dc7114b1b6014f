/* db_url.h — a database's location as it may be shown: the password a postgres:// URL carries
 * (in its user part or as a password= parameter) replaced, so a page or a log can name the
 * database without handing out its credentials. Pure: no I/O. */
#ifndef CR_DB_URL_H
#define CR_DB_URL_H

#include <stddef.h>

/* location with every password replaced by "***" into out (cap bytes, always terminated; a
 * longer answer is cut). A file path, or a URL without a password, comes back as it is. Returns
 * out. */
char *cr_db_url_redact(const char *location, char *out, size_t cap);

#endif
