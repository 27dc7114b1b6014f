/* fuzz_multipolygon_decode.c — libFuzzer target: raw bytes as a stored outline BLOB through
 * cr_multipolygon_decode; what decodes must encode back to the same bytes and be usable. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "domain/geo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cr_multipolygon mp;
	struct cr_err err = { 0 };
	if (cr_multipolygon_decode(data, size, &mp, &err)) {
		if (mp.npolys || mp.polys || err.status < 400)
			__builtin_trap();
		return 0;
	}
	unsigned char *blob;
	size_t len;
	/* decode accepts an empty multipolygon that encode also writes */
	if (cr_multipolygon_encode(&mp, &blob, &len) || len != size || memcmp(blob, data, size))
		__builtin_trap();
	free(blob);
	double lon, lat;
	cr_multipolygon_contains(&mp, (mp.bbox[0] + mp.bbox[2]) / 2, (mp.bbox[1] + mp.bbox[3]) / 2);
	cr_multipolygon_area_km2(&mp);
	if (cr_multipolygon_centroid(&mp, &lon, &lat))
		cr_multipolygon_contains(&mp, lon, lat);
	if (cr_multipolygon_label_point(&mp, &lon, &lat) &&
	    !cr_multipolygon_contains(&mp, lon, lat))
		__builtin_trap();
	cr_multipolygon_free(&mp);
	return 0;
}
