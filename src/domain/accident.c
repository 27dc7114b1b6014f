/* accident.c — GB 6441 editions and the 1986 ↔ 2025 mapping of accident types. It must stay
 * pure (no I/O); data/gb6441-1986-2025-map.csv is this table for people and is tested against it. */
#include "domain/accident.h"

/* 1986 code → 2025 code, one row per pair (data/gb6441-1986-2025-map.csv; compiled by this
 * project from the two lists: a 1986 type maps to every 2025 type that took over part of it). */
static const struct {
	unsigned char from, to;
} map_1986_2025[] = {
	{ 1, 1 },   { 2, 2 },   { 2, 3 },   { 3, 4 },   { 4, 5 },   { 5, 6 },   { 6, 7 },
	{ 7, 8 },   { 8, 9 },   { 9, 10 },  { 10, 12 }, { 10, 25 }, { 11, 12 }, { 12, 13 },
	{ 13, 19 }, { 14, 19 }, { 15, 16 }, { 16, 14 }, { 17, 14 }, { 17, 15 }, { 18, 16 },
	{ 18, 17 }, { 18, 18 }, { 18, 20 }, { 18, 21 }, { 18, 22 }, { 19, 23 }, { 19, 24 },
	{ 20, 11 }, { 20, 26 }, { 20, 27 },
};
#define NMAP (sizeof map_1986_2025 / sizeof map_1986_2025[0])

int cr_accident_type_count(int edition)
{
	return edition == 1986 ? 20 : edition == 2025 ? 27 : 0;
}

bool cr_accident_code_valid(int edition, long long code)
{
	return code >= 1 && code <= cr_accident_type_count(edition);
}

size_t cr_accident_map(int edition, int code, int *out, size_t cap)
{
	if (!cr_accident_code_valid(edition, code))
		return 0;
	size_t n = 0;
	/* ascending in the target edition: walk its codes in order */
	int other = edition == 1986 ? 2025 : 1986;
	for (int t = 1; t <= cr_accident_type_count(other); t++) {
		for (size_t i = 0; i < NMAP; i++) {
			int from = edition == 1986 ? map_1986_2025[i].from : map_1986_2025[i].to;
			int to = edition == 1986 ? map_1986_2025[i].to : map_1986_2025[i].from;
			if (from == code && to == t) {
				if (n < cap)
					out[n] = t;
				n++;
				break;
			}
		}
	}
	return n;
}
