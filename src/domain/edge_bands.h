/* edge_bands.h — a multipolygon's edges filed by band of latitude, for a shape tested against
 * many points (a district's outline and every unit an import places in it): a test looks only
 * at the edges that cross its point's band, not at every edge of the outline, and answers
 * exactly as cr_multipolygon_contains does. Pure: no I/O, no globals. */
#ifndef CR_EDGE_BANDS_H
#define CR_EDGE_BANDS_H

#include <stdbool.h>

#include "domain/geo.h"

struct cr_edge_bands;

/* NULL when out of memory (test with cr_multipolygon_contains then). It copies what it needs:
 * mp may be freed after. Free with cr_edge_bands_free. */
struct cr_edge_bands *cr_edge_bands_new(const struct cr_multipolygon *mp);
void cr_edge_bands_free(struct cr_edge_bands *b);
/* The same answer as cr_multipolygon_contains(mp, lon, lat) for the mp it was made from. */
bool cr_edge_bands_contains(const struct cr_edge_bands *b, double lon, double lat);

#endif
