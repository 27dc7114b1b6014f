/* fuzz_geojson.c — libFuzzer target: a GeoJSON geometry (or a Feature holding one) through
 * cr_geojson_read_multipolygon as refdata.c reads district outlines, then the binary round trip,
 * containment, area, centroid, label point and writing it back. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "core/err.h"
#include "domain/geo.h"
#include "io/geojson.h"

/* The blob round trip must give back the same structure. */
static void round_trip(const struct cr_multipolygon *mp)
{
	unsigned char *blob;
	size_t len;
	struct cr_multipolygon back;
	struct cr_err err = { 0 };
	if (cr_multipolygon_encode(mp, &blob, &len))
		__builtin_trap(); /* every shape the reader accepts must be storable */
	if (cr_multipolygon_decode(blob, len, &back, &err))
		__builtin_trap();
	if (back.npolys != mp->npolys)
		__builtin_trap();
	for (size_t p = 0; p < mp->npolys; p++) {
		if (back.polys[p].nrings != mp->polys[p].nrings)
			__builtin_trap();
		for (size_t r = 0; r < mp->polys[p].nrings; r++)
			if (back.polys[p].rings[r].n != mp->polys[p].rings[r].n)
				__builtin_trap();
	}
	cr_multipolygon_free(&back);
	free(blob);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root = json_loadb((const char *)data, size, 0, NULL);
	if (!root)
		return 0;
	const json_t *geom = json_object_get(root, "geometry");
	struct cr_multipolygon mp;
	struct cr_err err = { 0 };
	if (cr_geojson_read_multipolygon(geom ? geom : root, true, &mp, &err) == 0) {
		double lon, lat;
		round_trip(&mp);
		cr_multipolygon_contains(&mp, mp.bbox[0], mp.bbox[1]);
		cr_multipolygon_contains(&mp, (mp.bbox[0] + mp.bbox[2]) / 2,
					 (mp.bbox[1] + mp.bbox[3]) / 2);
		cr_multipolygon_area_km2(&mp);
		if (cr_multipolygon_centroid(&mp, &lon, &lat))
			cr_multipolygon_contains(&mp, lon, lat);
		if (cr_multipolygon_label_point(&mp, &lon, &lat) &&
		    !cr_multipolygon_contains(&mp, lon, lat))
			__builtin_trap();
		json_decref(cr_geojson_write_multipolygon(&mp, 5));
		cr_multipolygon_free(&mp);
	} else if (mp.npolys || mp.polys || err.status != 400) {
		__builtin_trap(); /* on error *out is zeroed and err says 400 */
	}
	json_decref(root);
	return 0;
}
