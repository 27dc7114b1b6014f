/* static_files.h — serves the web UI (web/) and whitelisted npm packages (/vendor/<pkg>/…). */
#ifndef CR_STATIC_FILES_H
#define CR_STATIC_FILES_H

#include <microhttpd.h>

struct cr_app;

enum MHD_Result cr_static_serve(struct cr_app *app, struct MHD_Connection *conn, const char *url);

#endif
