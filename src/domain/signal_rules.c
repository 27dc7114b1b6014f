/* signal_rules.c — weather signals and what each endangers, as one table; windows and a ring
 * test for areas. Pure. */
#include "domain/signal_rules.h"

#include <string.h>

/* What a signal endangers (bits). */
enum {
	WORKS = 1 << 0,      /* upgrade, renovation: excavation, scaffolds, work at height */
	EVENTS = 1 << 1,     /* large events: crowds outdoors */
	HOT = 1 << 2,        /* hot work */
	SHUTDOWN = 1 << 3,   /* shutdowns and restarts */
	STORAGE = 1 << 4,    /* storage installations of hazardous chemicals */
	PRODUCTION = 1 << 5, /* production installations */
};

/* Types and names follow 气象灾害预警信号发布与传播办法 (中国气象局令第16号, 2007) and its
 * annex of signals; the threats are this system's reading of seed S 三(三). */
static const struct {
	const char *type, *cn, *threat_cn;
	unsigned threats;
} types[] = {
	{ "rainstorm", "暴雨", "露天施工和基坑、大型活动、危化品储存", WORKS | EVENTS | STORAGE },
	{ "typhoon", "台风", "露天施工、大型活动、动火作业、危化品储存和生产装置",
	  WORKS | EVENTS | HOT | STORAGE | PRODUCTION },
	{ "gale", "大风", "高处和露天施工、大型活动、动火作业、危化品储存",
	  WORKS | EVENTS | HOT | STORAGE },
	{ "heat", "高温", "动火作业、大型活动、危化品储存", HOT | EVENTS | STORAGE },
	{ "thunder", "雷电", "动火作业、大型活动、危化品储存和生产装置",
	  HOT | EVENTS | STORAGE | PRODUCTION },
	{ "fog", "大雾", "大型活动", EVENTS },
	{ "haze", "霾", "大型活动", EVENTS },
	{ "cold_wave", "寒潮", "露天施工、大型活动、停产检修后开车", WORKS | EVENTS | SHUTDOWN },
	{ "hail", "冰雹", "露天施工、大型活动", WORKS | EVENTS },
	{ "snow", "暴雪", "露天施工、大型活动", WORKS | EVENTS },
	{ "road_ice", "道路结冰", "大型活动", EVENTS },
};
#define NTYPES (sizeof types / sizeof types[0])

static int type_index(const char *type)
{
	for (size_t i = 0; type && i < NTYPES; i++)
		if (strcmp(type, types[i].type) == 0)
			return (int)i;
	return -1;
}

const char *cr_signal_type_cn(const char *type)
{
	int k = type_index(type);
	return k < 0 ? NULL : types[k].cn;
}

const char *cr_signal_threat_cn(const char *type)
{
	int k = type_index(type);
	return k < 0 ? "" : types[k].threat_cn;
}

const char *cr_monitoring_type_cn(const char *type)
{
	static const char *const codes[] = { "gas",      "toxic", "temperature",
					     "pressure", "level", "other" };
	static const char *const cn[] = { "可燃气体浓度", "有毒气体浓度", "温度",
					  "压力",         "液位",         "其他" };
	for (size_t i = 0; type && i < 6; i++)
		if (strcmp(type, codes[i]) == 0)
			return cn[i];
	return NULL;
}

int cr_signal_level_rank(const char *level)
{
	static const char *const levels[] = { "blue", "yellow", "orange", "red" };
	for (int i = 0; level && i < 4; i++)
		if (strcmp(level, levels[i]) == 0)
			return i + 1;
	return 0;
}

const char *cr_signal_level_cn(const char *level)
{
	static const char *const cn[] = { "", "蓝色", "黄色", "橙色", "红色" };
	return cn[cr_signal_level_rank(level)];
}

bool cr_signal_endangers_report(const char *type, const char *dynamic_kind)
{
	int k = type_index(type);
	if (k < 0 || !dynamic_kind)
		return false;
	unsigned t = types[k].threats;
	if (!strcmp(dynamic_kind, "upgrade") || !strcmp(dynamic_kind, "renovation"))
		return t & WORKS;
	if (!strcmp(dynamic_kind, "event"))
		return t & EVENTS;
	if (!strcmp(dynamic_kind, "hot_work"))
		return t & HOT;
	if (!strcmp(dynamic_kind, "shutdown"))
		return t & SHUTDOWN;
	return false;
}

bool cr_signal_endangers_installation(const char *type, const char *installation_kind)
{
	int k = type_index(type);
	if (k < 0 || !installation_kind)
		return false;
	if (!strcmp(installation_kind, "storage"))
		return types[k].threats & STORAGE;
	return !strcmp(installation_kind, "production") && (types[k].threats & PRODUCTION);
}

/* a date alone ends at the end of its day */
static int cmp_end(const char *end, const char *start)
{
	if (strlen(end) == 10 && strncmp(end, start, 10) == 0)
		return 1;
	return strcmp(end, start);
}

bool cr_windows_overlap(const char *a_start, const char *a_end, const char *b_start,
			const char *b_end)
{
	return cmp_end(a_end, b_start) >= 0 && cmp_end(b_end, a_start) >= 0;
}

bool cr_ring_contains(const double *p, size_t n, double lon, double lat)
{
	bool in = false;
	for (size_t i = 0, j = n - 1; n >= 3 && i < n; j = i++) {
		double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
		if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
			in = !in;
	}
	return in;
}
