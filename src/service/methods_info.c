/* methods_info.c — the description of every grading method the UI and API show: names,
 * formulas, factors with their criteria, bands and accident classes, from the running
 * configuration (methods_info.h). It must not grade; domain/methods.c does. */
#include "service/methods_info.h"

#include "domain/grade.h"
#include "service/config.h"

static const char *const names_cn[CR_METHOD_COUNT] = {
	[CR_METHOD_LEC] = "作业条件危险性评价法（LEC）",
	[CR_METHOD_LS] = "风险矩阵法（L×S）",
	[CR_METHOD_MES] = "MES评价法",
	[CR_METHOD_CONSEQUENCE] = "事故后果分级",
};
static const char *const formulas[CR_METHOD_COUNT] = {
	[CR_METHOD_LEC] = "D = L × E × C",
	[CR_METHOD_LS] = "R = L × S",
	[CR_METHOD_MES] = "R = M × E × S",
	[CR_METHOD_CONSEQUENCE] = "",
};

static json_t *factor_json(const struct cr_factor_table *t)
{
	json_t *values = json_array(), *labels = json_array();
	for (size_t i = 0; i < t->nvalues && i < CR_FACTOR_MAX_VALUES; i++) {
		json_array_append_new(values, json_real(t->values[i]));
		json_array_append_new(labels, json_string(t->labels_cn[i]));
	}
	return json_pack("{ss sb so so}", "name", t->name, "integer", t->integer, "values", values,
			 "labels_cn", labels);
}

static json_t *method_json(const struct cr_methods_config *cfg, enum cr_method m)
{
	const struct cr_method_table *t = &cfg->method[m];
	json_t *factors = json_array();
	for (size_t i = 0; i < t->nfactors && i < CR_METHOD_MAX_FACTORS; i++)
		json_array_append_new(factors, factor_json(&t->factors[i]));
	json_t *o = json_pack("{ss ss ss so}", "method", cr_method_name(m), "name_cn", names_cn[m],
			      "formula", formulas[m], "factors", factors);
	if (m == CR_METHOD_CONSEQUENCE) {
		json_t *classes = json_array();
		for (int k = 0; k < CR_ACCIDENT_CLASSES; k++) {
			const struct cr_accident_class *a = &cfg->classes[k];
			json_array_append_new(
				classes,
				json_pack("{ss sf sf sf si ss}", "name_cn", a->name_cn,
					  "min_deaths", a->min_deaths, "min_injuries",
					  a->min_injuries, "min_loss_cny", a->min_loss_cny, "grade",
					  a->grade, "color", cr_grade_color(a->grade)));
		}
		json_object_set_new(o, "classes", classes);
		json_object_set_new(o, "bands", json_array());
		return o;
	}
	/* Grade g when the score passes min[g-1] (or equals it, when inclusive); below all: Ⅳ. */
	json_t *bands = json_array();
	for (int g = 1; g <= 3; g++)
		json_array_append_new(bands, json_pack("{si sf sb ss}", "grade", g, "min",
						       t->bands.min[g - 1], "inclusive",
						       t->bands.inclusive[g - 1], "color",
						       cr_grade_color(g)));
	json_object_set_new(o, "bands", bands);
	return o;
}

json_t *cr_methods_info(void)
{
	const struct cr_methods_config *cfg = &cr_config()->methods;
	json_t *items = json_array();
	for (int m = 0; m < CR_METHOD_COUNT; m++)
		json_array_append_new(items, method_json(cfg, (enum cr_method)m));
	return json_pack("{so}", "items", items);
}
