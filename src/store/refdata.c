/* refdata.c — the reference-data loader, region lookups and the reference lists. It must not
 * edit the data: the files in data/ are loaded as published (see data/README.md for provenance). */
#include "store/refdata.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/gb18218.h"
#include "domain/edge_bands.h"
#include "domain/geo.h"
#include "io/geojson.h"
#include "io/table_read.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/names.h"
#include "store/page.h"
#include "store/regions.h"

#define REFDATA_VERSION "5"

/* ===== Reading CSV files into tables ===== */

struct csv_load {
	struct cr_conn *c;
	struct cr_stmt *ins;
	const char *file;
	/* for each bind parameter, the CSV column (by header name) feeding it */
	const char *const *cols;
	int ncols;
	int colidx[12];
	/* optional derived values */
	const char *level;
};

static int csv_row(void *ctx, size_t rowno, const char *const *cells, size_t ncells,
		   struct cr_err *err)
{
	struct csv_load *L = ctx;
	if (rowno == 1) {
		for (int i = 0; i < L->ncols; i++) {
			L->colidx[i] = -1;
			for (size_t j = 0; j < ncells; j++)
				if (strcmp(cells[j], L->cols[i]) == 0)
					L->colidx[i] = (int)j;
			if (L->colidx[i] < 0)
				return cr_err_set(err, 500, "refdata", "", "%s: no column %s",
						  L->file, L->cols[i]);
		}
		return 0;
	}
	cr_stmt_reset(L->ins);
	for (int i = 0; i < L->ncols; i++) {
		int j = L->colidx[i];
		cr_stmt_bind_text(L->ins, i + 1, (size_t)j < ncells ? cells[j] : "", -1,
				  CR_SQL_COPY);
	}
	if (cr_stmt_step(L->ins) != CR_SQL_DONE)
		return cr_err_set(err, 500, "refdata", "", "%s row %zu: %s", L->file, rowno,
				  cr_conn_errmsg(L->c));
	return 0;
}

static char *read_file(const char *path, size_t *len, struct cr_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cr_err_set(err, 500, "refdata", "", "cannot open %s", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		cr_err_set(err, 500, "refdata", "", "cannot read %s", path);
		return NULL;
	}
	fclose(f);
	buf[n] = 0;
	*len = (size_t)n;
	return buf;
}

static int load_csv(struct cr_conn *c, const char *dir, const char *file, const char *sql,
		    const char *const *cols, int ncols, struct cr_err *err)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	size_t len;
	char *data = read_file(path, &len, err);
	if (!data)
		return -1;
	struct csv_load L = { .c = c, .file = file, .cols = cols, .ncols = ncols };
	L.ins = cr_db_prepare(c, sql, err);
	int rc = L.ins ? cr_csv_read(data, len, csv_row, &L, err) : -1;
	cr_stmt_finalize(L.ins);
	free(data);
	return rc;
}

/* ===== Industry risk catalogue (行业风险目录) starter entries ===== */

/* A ';'-separated cell as a JSON array of integers or strings. */
static json_t *split_list(const char *cell, bool numbers)
{
	json_t *arr = json_array();
	char buf[2048];
	snprintf(buf, sizeof buf, "%s", cell);
	char *save = NULL;
	for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
		json_array_append_new(arr, numbers ? json_integer(strtol(tok, NULL, 10))
						   : json_string(tok));
	return arr;
}

static int catalogue_row(void *ctx, size_t rowno, const char *const *cells, size_t n,
			 struct cr_err *err)
{
	struct cr_conn *c = ctx;
	if (rowno == 1)
		return 0;
	if (n < 8)
		return cr_err_set(err, 500, "refdata", "", "risk catalogue row %zu is short",
				  rowno);
	json_t *inputs = json_pack("{sf sf sf}", "L", strtod(cells[4], NULL), "E",
				   strtod(cells[5], NULL), "C", strtod(cells[6], NULL));
	/* The examples list measures without their kind; the first ones are engineering and
	 * technical controls, the last emergency ones, by the way the file was compiled. */
	json_t *all = split_list(cells[7], false), *measures = json_object();
	static const char *const kinds[] = { "engineering", "technical", "management", "management",
					     "emergency" };
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m) {
		const char *k = kinds[i < 4 ? i : 4];
		if (!json_object_get(measures, k))
			json_object_set_new(measures, k, json_array());
		json_array_append(json_object_get(measures, k), m);
	}
	json_t *types = split_list(cells[3], true);
	char *ti = json_dumps(inputs, JSON_COMPACT), *tm = json_dumps(measures, JSON_COMPACT),
	     *tt = json_dumps(types, JSON_COMPACT);
	struct cr_stmt *s =
		cr_db_stmt(c, "INSERT INTO catalogue(dept, sector, name, place,"
			      " accident_types, method, inputs, measures, created_at, updated_at)"
			      " SELECT coalesce(dept,'AJJ'), ?1, ?2, ?3, ?4, 'lec', ?5, ?6, ?7, ?7"
			      " FROM sectors WHERE code=?1");
	cr_stmt_bind_text(s, 1, cells[0], -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, cells[1], -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 3, cells[2], -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 4, tt, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 5, ti, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 6, tm, -1, CR_SQL_STATIC);
	char now[32];
	cr_now_iso(now);
	cr_stmt_bind_text(s, 7, now, -1, CR_SQL_STATIC);
	int rc = cr_db_run(c, s, err);
	free(ti);
	free(tm);
	free(tt);
	json_decref(inputs);
	json_decref(all);
	json_decref(measures);
	json_decref(types);
	return rc;
}

static int load_catalogue(struct cr_conn *c, const char *dir, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT count(*) FROM catalogue");
	int have = cr_stmt_step(s) == CR_SQL_ROW ? cr_stmt_column_int(s, 0) : 0;
	cr_stmt_reset(s);
	if (have) /* departments edit their catalogues; never overwrite them */
		return 0;
	char path[1024];
	snprintf(path, sizeof path, "%s/risk-catalogue-examples.csv", dir);
	size_t len;
	char *data = read_file(path, &len, err);
	if (!data)
		return -1;
	int rc = cr_csv_read(data, len, catalogue_row, c, err);
	free(data);
	return rc;
}

/* ===== Outlines ===== */

static const struct {
	const char *alias, *code;
} aliases[] = {
	/* 苏州工业园区: the DataV outlines use 320571, the statistical division codes 320576 */
	{ "320571", "320576" },
};

static int load_outlines(struct cr_conn *c, const char *dir, const char *file, struct cr_err *err)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/geo/%s", dir, file);
	json_error_t je;
	json_t *fc = json_load_file(path, 0, &je);
	if (!fc)
		return cr_err_set(err, 500, "refdata", "", "%s: %s", path, je.text);
	struct cr_stmt *up = cr_db_prepare(c,
					   "UPDATE regions SET outline=?, minlon=?, minlat=?,"
					   " maxlon=?, maxlat=? WHERE code=?",
					   err);
	int rc = up ? 0 : -1;
	size_t i;
	json_t *feat;
	json_array_foreach(json_object_get(fc, "features"), i, feat) {
		if (rc)
			break;
		json_t *props = json_object_get(feat, "properties");
		char code[16];
		snprintf(code, sizeof code, "%lld",
			 (long long)json_integer_value(json_object_get(props, "adcode")));
		for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++)
			if (strcmp(code, aliases[a].alias) == 0)
				snprintf(code, sizeof code, "%s", aliases[a].code);
		struct cr_multipolygon mp;
		/* The published outlines are GCJ-02 (web-map offset); we store WGS84. */
		if (cr_geojson_read_multipolygon(json_object_get(feat, "geometry"), true, &mp,
						 err)) {
			rc = -1;
			break;
		}
		unsigned char *blob = NULL;
		size_t blen = 0;
		if (cr_multipolygon_encode(&mp, &blob, &blen)) {
			cr_multipolygon_free(&mp);
			rc = cr_err_set(err, 500, "oom", "", "out of memory");
			break;
		}
		cr_stmt_reset(up);
		cr_stmt_bind_blob(up, 1, blob, (int)blen, CR_SQL_COPY);
		for (int k = 0; k < 4; k++)
			cr_stmt_bind_double(up, 2 + k, mp.bbox[k]);
		cr_stmt_bind_text(up, 6, code, -1, CR_SQL_COPY);
		if (cr_stmt_step(up) != CR_SQL_DONE)
			rc = cr_db_fail(c, err);
		free(blob);
		cr_multipolygon_free(&mp);
	}
	cr_stmt_finalize(up);
	json_decref(fc);
	return rc;
}

/* ===== Loading everything ===== */

static int load_gb18218(struct cr_conn *c, const char *dir, struct cr_err *err);

static bool loaded(struct cr_conn *c)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT value FROM meta WHERE key='refdata'");
	bool yes = cr_stmt_step(s) == CR_SQL_ROW && strcmp(cr_col_text(s, 0), REFDATA_VERSION) == 0;
	cr_stmt_reset(s);
	return yes;
}

int cr_refdata_ensure(struct cr_conn *c, const char *dir, struct cr_err *err)
{
	if (loaded(c))
		return 0;
	static const char *const prov[] = { "code", "name" };
	static const char *const city[] = { "code", "name", "provinceCode" };
	static const char *const area[] = { "code", "name", "cityCode" };
	static const char *const street[] = { "code", "name", "areaCode" };
	static const char *const dept[] = { "code",   "name_cn",   "name_en",
					    "source", "name_seed", "merged_into" };
	static const char *const sect[] = { "section", "name_cn", "name_en" };
	static const char *const key[] = { "code",    "section",    "name_cn",
					   "name_en", "department", "source" };
	static const char *const acc[] = { "code", "name_cn", "name_en" };
	/* Every CSV table, loaded in this order (parents before children). */
	static const struct {
		const char *file, *sql;
		const char *const *cols;
		int ncols;
	} tables[] = {
		{ "regions/provinces.csv",
		  "INSERT INTO regions(code,name,level) VALUES (?,?,'province')", prov, 2 },
		{ "regions/cities.csv",
		  "INSERT INTO regions(code,name,parent,level) VALUES (?,?,?,'city')", city, 3 },
		{ "regions/areas.csv",
		  "INSERT INTO regions(code,name,parent,level) VALUES (?,?,?,'district')", area,
		  3 },
		{ "regions/streets.csv",
		  "INSERT INTO regions(code,name,parent,level) VALUES (?,?,?,'town')", street, 3 },
		{ "departments.csv",
		  "INSERT INTO departments(code,name_cn,name_en,source,name_seed,merged_into)"
		  " VALUES (?,?,?,?,?,?)",
		  dept, 6 },
		{ "gb4754-sections.csv",
		  "INSERT INTO sectors(code,kind,section,name_cn,name_en,source)"
		  " VALUES (?1,'section',?1,?2,?3,'GB/T 4754-2017')",
		  sect, 3 },
		{ "key-sectors.csv",
		  "INSERT INTO sectors(code,kind,section,name_cn,name_en,dept,source)"
		  " VALUES (?,'key',?,?,?,?,?)",
		  key, 6 },
		{ "gb6441-accident-types.csv",
		  "INSERT INTO accident_types(edition,code,name_cn,name_en) VALUES (1986,?,?,?)",
		  acc, 3 },
		{ "gb6441-2025-accident-types.csv",
		  "INSERT INTO accident_types(edition,code,name_cn,name_en) VALUES (2025,?,?,?)",
		  acc, 3 },
	};
	int rc = -1;
	if (cr_db_begin(c, err))
		return -1;
	cr_db_set_bulk(c, true); /* PostgreSQL: the rows go out without waiting for each answer */
	if (cr_db_exec(c,
		       "DELETE FROM regions; DELETE FROM region_aliases;"
		       "DELETE FROM departments; DELETE FROM sectors;"
		       "DELETE FROM accident_types;",
		       err))
		goto out;
	cr_store_region_names_forget();
	cr_store_sector_names_forget();
	cr_store_department_names_forget();
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
		if (load_csv(c, dir, tables[t].file, tables[t].sql, tables[t].cols, tables[t].ncols,
			     err))
			goto out;
	for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++) {
		char sql[160];
		snprintf(sql, sizeof sql, "INSERT INTO region_aliases VALUES ('%s','%s')",
			 aliases[a].alias, aliases[a].code);
		if (cr_db_exec(c, sql, err))
			goto out;
	}
	if (load_outlines(c, dir, "suzhou-320500.json", err) ||
	    load_outlines(c, dir, "beijing-110000.json", err) || load_catalogue(c, dir, err) ||
	    load_gb18218(c, dir, err) ||
	    cr_db_exec(c,
		       "INSERT INTO meta VALUES ('refdata','" REFDATA_VERSION "')"
		       " ON CONFLICT(key) DO UPDATE SET value=excluded.value",
		       err))
		goto out;
	rc = 0;
out:
	cr_db_set_bulk(c, false);
	if (rc || cr_db_commit(c, err)) {
		cr_db_rollback(c);
		return -1;
	}
	return 0;
}

/* ===== Lookups ===== */

int cr_region_resolve(struct cr_conn *c, const char *code, const char *field, char out[16],
		      struct cr_err *err)
{
	size_t n = code ? strlen(code) : 0;
	if (n != 6 && n != 9)
		return cr_err_set(err, 400, "invalid", field,
				  "'%s' must be a 6-digit district or 9-digit town code", field);
	for (size_t i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return cr_err_set(err, 400, "invalid", field, "'%s' must be digits", field);
	struct cr_stmt *s = cr_db_stmt(c, "SELECT code FROM regions WHERE code=(SELECT coalesce("
					  "(SELECT code FROM region_aliases WHERE alias=?1), ?1))"
					  " AND level IN ('district','town')");
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	int rc = 0;
	if (cr_stmt_step(s) == CR_SQL_ROW)
		snprintf(out, 16, "%s", cr_col_text(s, 0));
	else
		rc = cr_err_set(err, 400, "invalid", field, "no district or town with code %s",
				code);
	cr_stmt_reset(s);
	return rc;
}

/* Decoded outlines, kept for the life of the process (few: a city has about ten), each with its
 * edges filed by band of latitude: an import tests every row's point against its district. */
#define OUTLINE_CACHE 256
static struct {
	char code[16];
	struct cr_multipolygon mp;
	struct cr_edge_bands *bands; /* NULL when out of memory: mp is tested in full */
	bool has;
} outline_cache[OUTLINE_CACHE];
static int outline_count;
static pthread_mutex_t outline_lock = PTHREAD_MUTEX_INITIALIZER;

/* *at = the cache's entry for code (loaded when not there), or -1 when the cache is full.
 * Called under outline_lock. */
static int outline_for(struct cr_conn *c, const char *code, int *at, struct cr_err *err)
{
	*at = -1;
	for (int i = 0; i < outline_count; i++)
		if (strcmp(outline_cache[i].code, code) == 0) {
			*at = i;
			return 0;
		}
	int i = outline_count;
	if (i == OUTLINE_CACHE)
		return 0;
	if (cr_store_region_outline(c, code, &outline_cache[i].mp, &outline_cache[i].has, err))
		return -1;
	if (outline_cache[i].has)
		outline_cache[i].bands = cr_edge_bands_new(&outline_cache[i].mp);
	snprintf(outline_cache[i].code, 16, "%s", code);
	outline_count++;
	*at = i;
	return 0;
}

int cr_region_contains(struct cr_conn *c, const char *region, double lon, double lat,
		       bool *has_outline, bool *inside, struct cr_err *err)
{
	/* A town has no outline of its own in our data: check its district's (the 6-digit
	 * prefix); a district is checked against its own. */
	char code[16];
	snprintf(code, sizeof code, "%.6s", region);
	int i;
	pthread_mutex_lock(&outline_lock);
	int rc = outline_for(c, code, &i, err);
	pthread_mutex_unlock(&outline_lock);
	/* an entry does not change once made */
	*has_outline = !rc && i >= 0 && outline_cache[i].has;
	*inside = !*has_outline ? true
		  : outline_cache[i].bands
			  ? cr_edge_bands_contains(outline_cache[i].bands, lon, lat)
			  : cr_multipolygon_contains(&outline_cache[i].mp, lon, lat);
	return rc;
}

/* ===== Lists ===== */

static json_t *sector_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return json_pack("{ss ss ss ss ss so ss}", "code", cr_col_text(s, 0), "kind",
			 cr_col_text(s, 1), "section", cr_col_text(s, 2), "name_cn",
			 cr_col_text(s, 3), "name_en", cr_col_text(s, 4), "dept",
			 cr_col_json_text(s, 5), "source", cr_col_text(s, 6));
}

json_t *cr_store_sector_list(struct cr_conn *c, struct cr_err *err)
{
	return cr_store_items(c,
			      cr_db_stmt(c,
					 "SELECT code, kind, section, name_cn, name_en, dept,"
					 " source FROM sectors ORDER BY section, kind DESC, code"),
			      sector_row, NULL, err);
}

static json_t *department_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	const char *succ = cr_col_text(s, 5);
	return json_pack("{ss ss ss ss ss so}", "code", cr_col_text(s, 0), "name_cn",
			 cr_col_text(s, 1), "name_en", cr_col_text(s, 2), "source",
			 cr_col_text(s, 3), "name_seed", cr_col_text(s, 4), "merged_into",
			 *succ ? json_string(succ) : json_null());
}

json_t *cr_store_department_list(struct cr_conn *c, struct cr_err *err)
{
	return cr_store_items(c,
			      cr_db_stmt(c, "SELECT code, name_cn, name_en, source, name_seed,"
					    " merged_into FROM departments ORDER BY rowid"),
			      department_row, NULL, err);
}

static json_t *accident_type_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return json_pack("{sI ss ss sI}", "code", (json_int_t)cr_stmt_column_int64(s, 0), "name_cn",
			 cr_col_text(s, 1), "name_en", cr_col_text(s, 2), "edition",
			 (json_int_t)cr_stmt_column_int64(s, 3));
}

json_t *cr_store_accident_type_list(struct cr_conn *c, int edition, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT code, name_cn, name_en, edition FROM accident_types"
			      " WHERE edition=? ORDER BY code");
	cr_stmt_bind_int(s, 1, edition);
	return cr_store_items(c, s, accident_type_row, NULL, err);
}

/* ===== GB 18218-2018 tables (重大危险源辨识) ===== */

/* Table 1: one row per named substance; a cell may list several CAS numbers (';'), each
 * indexed in gb18218_cas, and several rows may share one CAS (nitrocellulose grades). */
static int gb18218_substance_row(void *ctx, size_t rowno, const char *const *cells, size_t n,
				 struct cr_err *err)
{
	struct cr_conn *c = ctx;
	if (rowno == 1)
		return n == 5 && strcmp(cells[0], "seq") == 0 && strcmp(cells[3], "cas") == 0 &&
				       strcmp(cells[4], "critical_t") == 0
			       ? 0
			       : cr_err_set(err, 500, "refdata", "",
					    "gb18218-table1.csv: unexpected header");
	if (n != 5)
		return cr_err_set(err, 500, "refdata", "", "gb18218-table1.csv row %zu is short",
				  rowno);
	struct cr_stmt *s =
		cr_db_stmt(c, "INSERT INTO gb18218_substances(seq, name_cn, name_en, cas,"
			      " critical_t) VALUES (?,?,?,?,?)");
	cr_stmt_bind_text(s, 1, cells[0], -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, cells[1], -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 3, cells[2], -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 4, cells[3], -1, CR_SQL_STATIC);
	cr_stmt_bind_double(s, 5, strtod(cells[4], NULL));
	if (cr_db_run(c, s, err))
		return -1;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", cells[3]);
	char *save = NULL;
	for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		struct cr_stmt *k = cr_db_stmt(c, "INSERT INTO gb18218_cas(cas, seq) VALUES (?,?)");
		cr_stmt_bind_text(k, 1, tok, -1, CR_SQL_COPY);
		cr_stmt_bind_text(k, 2, cells[0], -1, CR_SQL_STATIC);
		if (cr_db_run(c, k, err))
			return -1;
	}
	return 0;
}

/* Table 6 must say what cr_gb18218_grade computes: each band's bounds give its grade. */
static int gb18218_grade_row(void *ctx, size_t rowno, const char *const *cells, size_t n,
			     struct cr_err *err)
{
	(void)ctx;
	if (rowno == 1)
		return 0;
	long g = n == 4 ? strtol(cells[0], NULL, 10) : 0;
	bool ok = g >= 1 && g <= 4;
	if (ok && *cells[2])
		ok = cr_gb18218_grade(strtod(cells[2], NULL)) == g;
	if (ok && *cells[3])
		ok = cr_gb18218_grade(strtod(cells[3], NULL) - 1e-6) == g;
	return ok ? 0
		  : cr_err_set(err, 500, "refdata", "",
			       "gb18218-grades.csv row %zu disagrees with src/domain/gb18218.c",
			       rowno);
}

static int load_gb18218(struct cr_conn *c, const char *dir, struct cr_err *err)
{
	static const char *const cat[] = { "category", "description", "critical_t" };
	static const char *const beta[] = { "category", "beta" };
	static const char *const gas[] = { "cas", "name_cn", "name_en", "beta" };
	static const char *const alpha[] = { "min_people_within_500m", "max_people_within_500m",
					     "alpha" };
	if (cr_db_exec(c,
		       "DELETE FROM gb18218_substances; DELETE FROM gb18218_cas;"
		       "DELETE FROM gb18218_categories; DELETE FROM gb18218_gases;"
		       "DELETE FROM gb18218_alpha;",
		       err))
		return -1;
	char path[1024];
	snprintf(path, sizeof path, "%s/gb18218-table1.csv", dir);
	size_t len;
	char *data = read_file(path, &len, err);
	if (!data)
		return -1;
	int rc = cr_csv_read(data, len, gb18218_substance_row, c, err);
	free(data);
	if (rc)
		return -1;
	if (load_csv(c, dir, "gb18218-table2.csv",
		     "INSERT INTO gb18218_categories(code, description, critical_t) VALUES (?,?,?)",
		     cat, 3, err) ||
	    load_csv(c, dir, "gb18218-beta-categories.csv",
		     "UPDATE gb18218_categories SET beta=?2 WHERE code=?1", beta, 2, err) ||
	    load_csv(c, dir, "gb18218-beta-gases.csv",
		     "INSERT INTO gb18218_gases(cas, name_cn, name_en, beta) VALUES (?,?,?,?)", gas,
		     4, err) ||
	    load_csv(c, dir, "gb18218-alpha.csv",
		     "INSERT INTO gb18218_alpha(min_people, max_people, alpha)"
		     " VALUES (?1, CAST(nullif(?2,'') AS INTEGER), ?3)",
		     alpha, 3, err))
		return -1;
	snprintf(path, sizeof path, "%s/gb18218-grades.csv", dir);
	data = read_file(path, &len, err);
	if (!data)
		return -1;
	rc = cr_csv_read(data, len, gb18218_grade_row, c, err);
	free(data);
	if (rc)
		return -1;
	/* Table 5 and Table 4 as the domain and the look-ups use them: every α band agrees with
	 * cr_gb18218_alpha at both ends, and every category has its β. */
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT min_people, coalesce(max_people, min_people), alpha"
			      " FROM gb18218_alpha");
	int step;
	bool ok = true;
	while ((step = cr_stmt_step(s)) == CR_SQL_ROW)
		ok = ok &&
		     cr_gb18218_alpha(cr_stmt_column_int64(s, 0)) == cr_stmt_column_double(s, 2) &&
		     cr_gb18218_alpha(cr_stmt_column_int64(s, 1)) == cr_stmt_column_double(s, 2);
	cr_stmt_reset(s);
	if (cr_db_done(c, step, err))
		return -1;
	if (!ok)
		return cr_err_set(err, 500, "refdata", "",
				  "gb18218-alpha.csv disagrees with src/domain/gb18218.c");
	s = cr_db_stmt(c, "SELECT count(*) FROM gb18218_categories WHERE beta IS NULL");
	step = cr_stmt_step(s);
	long long missing = step == CR_SQL_ROW ? cr_stmt_column_int64(s, 0) : -1;
	cr_stmt_reset(s);
	if (missing)
		return cr_err_set(err, 500, "refdata", "",
				  "gb18218-beta-categories.csv lacks a category of Table 2");
	return 0;
}
