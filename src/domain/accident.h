/* accident.h — GB 6441 accident types by edition (1986 and the 2025 revision) and the mapping
 * between them. Pure: no I/O; data/gb6441-*.csv hold the names and are checked against this. */
#ifndef CR_ACCIDENT_H
#define CR_ACCIDENT_H

#include <stdbool.h>
#include <stddef.h>

/* GB/T 6441-1986 (20 types) and GB 6441-2025 (27 types, in force 2026-07-01). */
#define CR_ACCIDENT_EDITION_DEFAULT 1986

/* The number of types of an edition (their codes are 1..n), 0 for an unknown edition. */
int cr_accident_type_count(int edition);
bool cr_accident_code_valid(int edition, long long code);
/* The codes of the other edition that `code` of `edition` maps to, ascending, at most cap of
 * them into out; returns how many there are (0 for an unknown edition or code). */
size_t cr_accident_map(int edition, int code, int *out, size_t cap);

#endif
