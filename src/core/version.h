/* version.h — the program's version, shown on the 系统运行 page and in GET /api/v1/system; it
 * follows package.json's "version" (the web UI ships with the program). */
#ifndef CR_VERSION_H
#define CR_VERSION_H

#define CR_VERSION "0.1.0"

#endif
