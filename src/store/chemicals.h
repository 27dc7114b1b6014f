/* chemicals.h — the GB 18218-2018 tables as loaded by refdata.c: named substances (Table 1) with
 * their CAS numbers, hazard categories (Table 2 with Table 4's β) and toxic gases (Table 3).
 * Look-ups only: which Q and β a line takes is service/installations.c's rule. */
#ifndef CR_STORE_CHEMICALS_H
#define CR_STORE_CHEMICALS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* A row of Table 1. cas is the cell as published: "" or several numbers joined by ';'. */
struct cr_chemical {
	long long seq;
	char name_cn[256], name_en[256], cas[96];
	double critical_t;
};

/* Up to max rows of Table 1 matching exactly: by row number (seq), by one CAS number, or by
 * the Chinese or English name (English case-insensitive). *n is the number found, which may
 * exceed max (the rows past max are not filled). */
int cr_store_chemical_by_seq(struct cr_conn *c, long long seq, struct cr_chemical *out, int *n,
			     struct cr_err *err);
int cr_store_chemical_by_cas(struct cr_conn *c, const char *cas, struct cr_chemical *out, int max,
			     int *n, struct cr_err *err);
int cr_store_chemical_by_name(struct cr_conn *c, const char *name, struct cr_chemical *out, int max,
			      int *n, struct cr_err *err);

/* β of Table 3 for a toxic gas named by one CAS number or by any CAS number of Table 1 row seq
 * (0: none); *found false when it is not one of the 14 gases. */
int cr_store_chemical_gas_beta(struct cr_conn *c, const char *cas, long long seq, double *beta,
			       bool *found, struct cr_err *err);

/* Table 2's critical quantity and Table 4's β of a hazard category ("W5.3"); *found false when
 * no such category. */
int cr_store_chemical_category(struct cr_conn *c, const char *code, double *critical_t,
			       double *beta, bool *found, struct cr_err *err);

/* Search for GET /api/v1/chemicals: {"items":[{seq, name_cn, name_en, cas:[…], critical_t,
 * gas_beta|null}], "categories":[{code, description, critical_t, beta}]}. q matches a CAS
 * number (prefix), a part of either name, or a category code or description; an empty q gives
 * Table 1 and Table 2 whole. At most 50 substances. New reference. */
json_t *cr_store_chemical_search(struct cr_conn *c, const char *q, struct cr_err *err);

#endif
