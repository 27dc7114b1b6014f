/* demo_resources.c — emergency resources for the demo city: one unit in forty keeps a team,
 * materials or equipment at its site; every district has shelters, depots, rescue teams and
 * experts inside its outline. Deterministic for a seed; writes only through store/resources.c. */
#include <math.h>
#include <stdio.h>

#include "demo/demo.h"
#include "demo/rng.h"
#include "domain/geo.h"
#include "store/regions.h"
#include "store/resources.h"
#include "store/units.h"

static struct cr_rng rng;

/* A district's own resources: kind, name, department, quantity and its measure. */
static const struct {
	const char *kind, *suffix, *dept, *measure;
	double quantity;
} public_kinds[] = {
	{ "shelter", "应急避难场所", "", "人", 3000 },
	{ "depot", "应急物资储备库", "LSJ", "件", 5000 },
	{ "team", "消防救援站", "XF", "人", 30 },
	{ "expert", "安全生产专家", "AJJ", "人", 1 },
};

/* A unit's own: kind, name, quantity and measure. */
static const struct {
	const char *kind, *name, *measure;
	double quantity;
} unit_kinds[] = {
	{ "team", "企业专职救援队", "人", 12 },
	{ "material", "应急物资(灭火器、吸附棉)", "件", 200 },
	{ "equipment", "应急装备(正压式空气呼吸器)", "套", 6 },
};

struct unit_ctx {
	struct cr_conn *c;
	struct cr_err *err;
	long long made;
};

static int unit_resource(void *ctx, const struct cr_unit_place *u)
{
	struct unit_ctx *x = ctx;
	if (!u->has_coords || cr_rng_unit(&rng) >= 1.0 / 40)
		return 0;
	size_t k = (size_t)(cr_rng_unit(&rng) * 3) % 3;
	struct cr_resource_row row = {
		.name = unit_kinds[k].name,
		.kind = unit_kinds[k].kind,
		.unit_id = u->id,
		.region = u->region,
		.dept = u->dept,
		.owner = "",
		.address = "",
		.measure = unit_kinds[k].measure,
		.contact_name = "安全负责人",
		.contact_phone = "0512-5000",
		.lon = u->lon,
		.lat = u->lat,
		.quantity = round(unit_kinds[k].quantity * (0.5 + cr_rng_unit(&rng))),
		.available = cr_rng_unit(&rng) > 0.05,
	};
	long long id;
	if (cr_store_resource_insert(x->c, &row, &id, x->err))
		return -1;
	x->made++;
	return 0;
}

int cr_demo_resources(struct cr_conn *c, double scale, unsigned long long seed, struct cr_err *err)
{
	cr_rng_seed(&rng, seed ^ 0x5e5e5e5eULL);
	struct unit_ctx ux = { c, err, 0 };
	if (cr_store_units_each_active(c, unit_resource, &ux, err))
		return -1;
	int rc = 0;
	size_t nd = CR_DEMO_DISTRICTS;
	size_t nk = sizeof public_kinds / sizeof public_kinds[0];
	for (size_t d = 0; !rc && d < nd; d++) {
		struct cr_multipolygon mp = { 0 };
		bool has;
		if (cr_store_region_outline(c, cr_demo_districts[d].code, &mp, &has, err))
			return -1;
		if (!has) {
			cr_multipolygon_free(&mp);
			return cr_err_set(err, 500, "demo", "", "no outline for %s",
					  cr_demo_districts[d].code);
		}
		for (size_t k = 0; !rc && k < nk; k++) {
			long long n = llround(cr_demo_districts[d].places * scale * 2);
			for (long long i = 0; !rc && i < (n < 1 ? 1 : n); i++) {
				char region[16], name[160], phone[24];
				double lon, lat;
				rc = cr_demo_place_in(c, cr_demo_districts[d].code, &mp, &rng, &lon,
						      &lat, region, err);
				if (rc)
					break;
				snprintf(name, sizeof name, "%s%s%lld", cr_demo_districts[d].prefix,
					 public_kinds[k].suffix, i + 1);
				snprintf(phone, sizeof phone, "0512-%08d",
					 (int)(cr_rng_unit(&rng) * 99999999));
				struct cr_resource_row row = {
					.name = name,
					.kind = public_kinds[k].kind,
					.region = region,
					.dept = public_kinds[k].dept,
					.owner = cr_demo_districts[d].prefix,
					.address = "",
					.measure = public_kinds[k].measure,
					.contact_name = "值班室",
					.contact_phone = phone,
					.lon = lon,
					.lat = lat,
					.quantity = round(public_kinds[k].quantity *
							  (0.5 + cr_rng_unit(&rng))),
					.available = true,
				};
				long long id;
				rc = cr_store_resource_insert(c, &row, &id, err);
			}
		}
		cr_multipolygon_free(&mp);
	}
	cr_progress("resources", 1, 1);
	return rc;
}
