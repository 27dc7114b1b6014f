/* cmd_serve.c — `cityrisk serve`: opens the database, optionally loads the demo city, starts the
 * HTTP server and stops cleanly on SIGINT/SIGTERM (finishing requests in flight). */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "demo/demo.h"
#include "http/http.h"
#include "store/cache_budget.h"
#include "store/check.h"
#include "store/db.h"
#include "store/db_url.h"
#include "store/risk_index.h"
#include "store/units.h"
#include "service/alert.h"
#include "service/config.h"
#include "service/hazards.h"
#include "service/report_jobs.h"
#include "service/webhook.h"

/* Reads the whole number of option `name` (NULL: not given, *out stays 0) within lo..hi; says
 * what it wants and returns -1 otherwise. */
static int number_option(const char *name, const char *value, long lo, long hi, const char *unit,
			 long *out)
{
	if (!value)
		return 0;
	char *end;
	*out = strtol(value, &end, 10);
	if (*value && !*end && *out >= lo && *out <= hi)
		return 0;
	fprintf(stderr, "cityrisk: %s wants %ld to %ld%s\n", name, lo, hi, unit);
	return -1;
}

int cr_cmd_serve(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	if (o.help) {
		printf("cityrisk serve [--db PATH] [--listen 127.0.0.1:8080] [--demo] [--web DIR]"
		       " [--threads N] [--max-conn-per-addr 64] [--max-connections 16384]"
		       " [--trusted-proxy ADDR]"
		       " [--public-url https://HOST] [--cache-mb N]"
		       " [--db-read postgres://… [--db-read-max-lag SECONDS]]\n"
		       "  --db-read URL         a streaming standby of the PostgreSQL --db: list "
		       "and"
		       " statistics reads\n"
		       "                        go to it while it keeps up, else to the primary\n"
		       "  --db-read-max-lag S   how far its replay may lag, 1-30 seconds (default "
		       "5)\n");
		return 0;
	}
	long per_addr = 0, max_conns = 0, cache_mb = 0, max_lag = 5;
	if (number_option("--max-conn-per-addr", o.max_conn_per_addr, 1, 4096, "", &per_addr) ||
	    number_option("--max-connections", o.max_connections, 16, 16384, "", &max_conns) ||
	    number_option("--cache-mb", o.cache_mb, 16, 1048576, " (MiB)", &cache_mb) ||
	    number_option("--db-read-max-lag", o.db_read_max_lag, 1, 30, " (seconds)", &max_lag))
		return 2;
	if (o.db_read && (!cr_db_url_is_pg(o.db) || !cr_db_url_is_pg(o.db_read))) {
		fprintf(stderr,
			"cityrisk: --db-read needs a PostgreSQL --db (postgres://…) and a "
			"postgres:// URL of its streaming standby; the embedded SQLite file "
			"has no replicas\n");
		return 2;
	}
	if (o.public_url && strncmp(o.public_url, "https://", 8) != 0 &&
	    strncmp(o.public_url, "http://", 7) != 0) {
		fprintf(stderr, "cityrisk: --public-url wants http://… or https://…\n");
		return 2;
	}
	int threads = o.threads ? (int)strtol(o.threads, NULL, 10) : 4;
	if (threads < 1 || threads > 256)
		threads = 4;
	/* Before any connection opens: each takes its page cache from the budget. The pool's
	 * threads, the main thread, and two streamed exports at once. */
	struct stat st;
	size_t budget = cache_mb ? (size_t)cache_mb << 20
				 : cr_cache_budget_default(stat(o.db, &st) == 0 ? st.st_size : 0);
	cr_cache_budget_set(budget, threads + 3);
	/* Block the stop signals before any thread starts so they all inherit the mask and the
	 * main thread alone receives them through sigwait. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct cr_db *db = cr_cli_open_db(&o);
	if (!db)
		return 1;
	/* no request waits for a checkpoint */
	cr_db_checkpoint_in_background(db);
	struct cr_err err;
	/* PostgreSQL's database has no file to size the default by: its size on the server. The
	 * page caches are SQLite's, so setting the budget after the connections opened is fine. */
	if (!cache_mb && cr_db_is_pg(db)) {
		budget = cr_cache_budget_default(cr_db_server_bytes(cr_db_conn(db)));
		cr_cache_budget_set(budget, threads + 3);
	}
	if (o.db_read && cr_db_read_replica(db, o.db_read, max_lag * 1000, &err)) {
		fprintf(stderr, "cityrisk: %s\n", err.message);
		cr_db_close(db);
		return 2;
	}
	if (o.demo) {
		long long n = cr_store_unit_count(cr_db_conn(db), false, NULL);
		if (n == 0 && cr_demo_load(db, o.scale ? atof(o.scale) : 0.1, 1)) {
			cr_db_close(db);
			return 1;
		}
	}
	struct cr_app app = {
		.db = db,
		.webdir = o.web ? o.web : "web",
		.vendordir = o.vendor ? o.vendor : "node_modules",
		.public_url = o.public_url,
		.https = o.public_url && strncmp(o.public_url, "https://", 8) == 0,
		.trusted_proxy = o.trusted_proxy,
		.max_conn_per_addr = (unsigned)per_addr,
		.max_connections = (unsigned)max_conns,
	};
	const char *listen = o.listen ? o.listen : "127.0.0.1:8080";
	long long points = cr_risk_index_warm(cr_db_conn(db), &err);
	if (points < 0) {
		fprintf(stderr, "cityrisk: risk index: %s\n", err.message);
		cr_db_close(db);
		return 1;
	}
	/* The warm-up's rows passed through the heap a batch at a time and were freed; hand the
	 * freed pages back to the system rather than keep them for the life of the process. */
	malloc_trim(0);
	struct MHD_Daemon *d = cr_http_start(&app, listen, threads, &err);
	if (!d) {
		fprintf(stderr, "cityrisk: %s\n", err.message);
		cr_db_close(db);
		return 1;
	}
	/* Overdue hazards escalate on their own, once now and then every minute. */
	struct cr_ticker *esc = cr_escalator_start(db, 60);
	/* The early-warning rules run now and then every watch_minutes. */
	struct cr_ticker *hooks = cr_webhook_worker_start(db);
	struct cr_ticker *watch = cr_alert_watch_start(db, cr_config()->alerts.watch_minutes * 60);
	/* Alerts raised through other servers on the database reach this one's streams. */
	struct cr_ticker *relay = cr_alert_relay_start(db);
	/* The log keeps no password a --db URL may carry. */
	char shown[1024];
	printf("CityRisk is serving http://%s/ (database %s, %lld risk points)\n", listen,
	       cr_db_url_redact(o.db, shown, sizeof shown), points);
	printf("cache budget %zu MiB (--cache-mb)\n", budget >> 20);
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "cityrisk: stopping (signal %d)\n", sig);
	cr_alert_rules_halt();
	cr_http_stop(d);
	cr_ticker_stop(relay);
	cr_ticker_stop(watch);
	cr_webhook_worker_stop(hooks);
	cr_ticker_stop(esc);
	cr_report_jobs_stop();
	cr_db_close(db);
	return 0;
}
