/* read_route.h — list and statistics reads on the read replica (--db-read): which routes may
 * go there (cr_replica_routes in routes.c), each session's last write through this server, and
 * the fall-back to the primary (read_route.c says when). */
#ifndef CR_HTTP_READ_ROUTE_H
#define CR_HTTP_READ_ROUTE_H

#include <stdbool.h>

#include "http/http.h"

/* Marks the routes of cr_replica_routes: 0, or -1 with err naming an entry that is no GET
 * route. */
int cr_read_route_index(struct cr_err *err);
/* The server has a replica and rt's reads may go to it. */
bool cr_read_route_takes(const struct cr_req *r, const struct cr_route *rt);
/* Runs run(r, rt) with r->db on the replica when it may serve this session, else on the
 * primary (counted, and run again there when the replica fails mid-way). download: the
 * request asks a list for a file, whose audit entry is a write: r->db stays on the primary and
 * only the streamed rows are read from the replica (cr_db_reader_open). */
int cr_read_route_handle(struct cr_req *r, const struct cr_route *rt, bool download,
			 int (*run)(struct cr_req *, const struct cr_route *));
/* After a write through this server by r's session: its later reads wait for the replica to
 * replay it (read-your-writes). No effect without a replica. */
void cr_read_route_wrote(struct cr_req *r);

#endif
