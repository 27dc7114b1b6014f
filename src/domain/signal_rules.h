/* signal_rules.h — external signals as pure rules: the weather warning signals (气象灾害预警信号:
 * 暴雨, 台风, 大风, 高温, 雷电, 大雾 …, coloured 蓝黄橙红) and which temporary risks and major
 * hazard sources each one endangers, so that a warning over an area raises alerts for what lies
 * in it (seed S 三(三): 结合气象、重大危险源等监测预警数据开展综合研判). No I/O here. */
#ifndef CR_SIGNAL_RULES_H
#define CR_SIGNAL_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* The Chinese name of a weather signal type ("rainstorm" 暴雨, "typhoon" 台风, "gale" 大风,
 * "heat" 高温, "thunder" 雷电, "fog" 大雾, "haze" 霾, "cold_wave" 寒潮, "hail" 冰雹, "snow" 暴雪,
 * "road_ice" 道路结冰), or NULL when unknown. */
const char *cr_signal_type_cn(const char *type);
/* The Chinese name of a monitoring type ("gas" 可燃气体浓度, "toxic" 有毒气体浓度,
 * "temperature" 温度, "pressure" 压力, "level" 液位, "other" 其他), or NULL. */
const char *cr_monitoring_type_cn(const char *type);
/* 1 (blue) … 4 (red), 0 when not a level. */
int cr_signal_level_rank(const char *level);
/* The Chinese colour of a level: 蓝色, 黄色, 橙色, 红色 ("" when not a level). */
const char *cr_signal_level_cn(const char *level);

/* Whether a weather signal of type endangers a dynamic report of kind (works in the open, crowds,
 * hot work…), and a major hazard source of installation kind ("storage", "production"). */
bool cr_signal_endangers_report(const char *type, const char *dynamic_kind);
bool cr_signal_endangers_installation(const char *type, const char *installation_kind);
/* What a signal type endangers, in words for an alert's reason ("露天施工、大型活动" …). */
const char *cr_signal_threat_cn(const char *type);

/* Whether two time windows (texts "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", ends inclusive) overlap;
 * a date alone ends at the end of its day. */
bool cr_windows_overlap(const char *a_start, const char *a_end, const char *b_start,
			const char *b_end);

/* Whether (lon, lat) lies inside the ring of n lon/lat pairs (even-odd rule; closed or not). */
bool cr_ring_contains(const double *lonlat, size_t n, double lon, double lat);

#endif
