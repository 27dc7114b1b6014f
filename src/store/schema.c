/* schema.c — the SQLite schema, as migrations applied in order inside one transaction each.
 * It must not load data; reference data is loaded by refdata.c. */
#include "store/schema.h"

#include <stdio.h>

#include "store/db.h"
#include "store/pg_schema.h"

static const char *const migrations[] = {
	/* 1: registry, users, sessions, audit */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	/* 行政区划: administrative divisions, GB/T 2260 (6 digits) and statistical town codes
	 * (9 digits). outline is a cr_multipolygon blob in WGS84. */
	"CREATE TABLE regions(code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,"
	" parent TEXT, outline BLOB, minlon REAL, minlat REAL, maxlon REAL, maxlat REAL) WITHOUT "
	"ROWID;"
	"CREATE INDEX regions_parent ON regions(parent, code);"
	"CREATE TABLE region_aliases(alias TEXT PRIMARY KEY, code TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE departments(code TEXT PRIMARY KEY, name_cn TEXT NOT NULL, name_en TEXT NOT "
	"NULL,"
	" source TEXT NOT NULL DEFAULT '');"
	/* Industries: GB/T 4754 sections (kind 'section') and the seeds' key sectors (kind 'key'). */
	"CREATE TABLE sectors(code TEXT PRIMARY KEY, kind TEXT NOT NULL, section TEXT NOT NULL,"
	" name_cn TEXT NOT NULL, name_en TEXT NOT NULL, dept TEXT, source TEXT NOT NULL DEFAULT '')"
	" WITHOUT ROWID;"
	/* GB 6441-1986 accident types. */
	"CREATE TABLE accident_types(code INTEGER PRIMARY KEY, name_cn TEXT NOT NULL,"
	" name_en TEXT NOT NULL);"
	/* 生产经营单位: production and business units. */
	"CREATE TABLE units(id INTEGER PRIMARY KEY, credit_code TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL, sector TEXT NOT NULL REFERENCES sectors(code), dept TEXT NOT NULL,"
	" region TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', lon REAL, lat REAL,"
	" size_class TEXT NOT NULL CHECK(size_class IN ('above','below')), employees INTEGER,"
	" contact_name TEXT NOT NULL DEFAULT '', contact_phone TEXT NOT NULL DEFAULT '',"
	" status TEXT NOT NULL DEFAULT 'active' CHECK(status IN ('active','archived')),"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX units_region ON units(status, region, id);"
	"CREATE INDEX units_sector ON units(status, sector, id);"
	"CREATE INDEX units_dept ON units(status, dept, region, id);"
	/* trigram FTS finds any Chinese substring of three or more characters */
	"CREATE VIRTUAL TABLE units_fts USING fts5(name, content='units', content_rowid='id',"
	" tokenize='trigram');"
	/* Kept by store/units.c, not by triggers: FTS5 flushes its pending terms at every statement
	 * savepoint, so a trigger made bulk imports index one row per segment (10x slower);
	 * imports index their rows in one statement at the end instead. */
	"CREATE TABLE users(id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, pw_hash TEXT NOT "
	"NULL,"
	" role TEXT NOT NULL, region TEXT NOT NULL DEFAULT '', dept TEXT NOT NULL DEFAULT '',"
	" unit_id INTEGER, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);"
	"CREATE TABLE sessions(token_hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL,"
	" csrf TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;"
	/* 痕迹管理: the audit trail; each entry chains the hash of the one before it. */
	"CREATE TABLE audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER,"
	" login TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL,"
	" before TEXT, after TEXT, hash TEXT NOT NULL);"
	"CREATE INDEX audit_entity ON audit(entity, entity_id, id);",

	/* 2: risk points, their versions, the unit rating, industry risk catalogues */
	/* 风险点: a risk point of a unit. region/sector/dept are copied from the unit so that lists,
	 * statistics and maps filter without a join; units.c keeps them in step. */
	"CREATE TABLE risks(id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id),"
	" region TEXT NOT NULL, sector TEXT NOT NULL, dept TEXT NOT NULL,"
	" name TEXT NOT NULL, place TEXT NOT NULL DEFAULT '', accident_types TEXT NOT NULL DEFAULT "
	"'[]',"
	" consequences TEXT NOT NULL DEFAULT '', method TEXT NOT NULL, inputs TEXT NOT NULL,"
	" score REAL NOT NULL, assessed_grade INTEGER NOT NULL, inherent_inputs TEXT,"
	" inherent_grade INTEGER NOT NULL, direct TEXT NOT NULL DEFAULT '{}', direct_rule TEXT,"
	" open_major_hazards INTEGER NOT NULL DEFAULT 0,"
	" grade INTEGER NOT NULL CHECK(grade BETWEEN 1 AND 4), explain TEXT NOT NULL DEFAULT '',"
	" measures TEXT NOT NULL DEFAULT '{}', control_level TEXT NOT NULL DEFAULT '',"
	" owner_name TEXT NOT NULL DEFAULT '', owner_rank TEXT NOT NULL DEFAULT '',"
	" owner_ok INTEGER NOT NULL DEFAULT 1, impact_radius_m REAL, exposed_people INTEGER,"
	" public_impact INTEGER NOT NULL DEFAULT 0, lon REAL, lat REAL, cell_x INTEGER, cell_y "
	"INTEGER,"
	" status TEXT NOT NULL DEFAULT 'active' CHECK(status IN ('active','archived')),"
	" reviewed_at TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL);"
	"CREATE INDEX risks_unit ON risks(unit_id, status);"
	/* covering indexes: list by region, statistics by grade and place, map by position */
	"CREATE INDEX risks_region ON risks(status, region, id);"
	"CREATE INDEX risks_stats ON risks(status, grade, region, sector, dept);"
	"CREATE INDEX risks_map ON risks(status, lon, lat, grade);"
	/* the in-memory risk index (store/risk_index.c) catches up by updated_at */
	"CREATE INDEX risks_updated ON risks(updated_at);"
	/* every version of a risk point: who, when, grade before and after, the changed fields */
	"CREATE TABLE risk_versions(risk_id INTEGER NOT NULL, version INTEGER NOT NULL,"
	" at TEXT NOT NULL, login TEXT NOT NULL, action TEXT NOT NULL, old_grade INTEGER,"
	" new_grade INTEGER, diff TEXT NOT NULL, PRIMARY KEY(risk_id, version)) WITHOUT ROWID;"
	"CREATE INDEX risk_versions_at ON risk_versions(at);"
	/* 企业四色评级: the unit's colour and why, recomputed on every change of its points */
	"ALTER TABLE units ADD COLUMN rating TEXT NOT NULL DEFAULT 'unassessed';"
	"ALTER TABLE units ADD COLUMN rating_reason TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE units ADD COLUMN rating_reason_cn TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE units ADD COLUMN owner_flags INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX units_rating ON units(status, rating, region);"
	/* 行业风险目录: typical risk points a department lists for its sectors */
	"CREATE TABLE catalogue(id INTEGER PRIMARY KEY, dept TEXT NOT NULL, sector TEXT NOT NULL,"
	" name TEXT NOT NULL, place TEXT NOT NULL DEFAULT '', accident_types TEXT NOT NULL DEFAULT "
	"'[]',"
	" method TEXT NOT NULL, inputs TEXT NOT NULL, measures TEXT NOT NULL DEFAULT '{}',"
	" status TEXT NOT NULL DEFAULT 'active', created_at TEXT NOT NULL);"
	"CREATE INDEX catalogue_sector ON catalogue(sector, status);",

	/* 3: hidden hazards (事故隐患), the closed loop from finding to closure (销号) */
	/* unit_id is NULL only for a public report (举报) not yet matched to its unit; region is then
	 * the district holding the reported point, sector and dept are ''. region/sector/dept are
	 * copied from the unit like risks'. rectified_by/verified_by are user ids (separation of
	 * duties); escalation 0 unit, 1 department, 2 city office. */
	"CREATE TABLE hazards(id INTEGER PRIMARY KEY, unit_id INTEGER REFERENCES units(id),"
	" risk_id INTEGER REFERENCES risks(id), region TEXT NOT NULL, sector TEXT NOT NULL DEFAULT "
	"'',"
	" dept TEXT NOT NULL DEFAULT '', source TEXT NOT NULL CHECK(source IN ('self_check',"
	"'inspection','grid_patrol','third_party','public_report')), grade TEXT NOT NULL "
	"CHECK(grade IN"
	" ('general','major')), description TEXT NOT NULL, location TEXT NOT NULL DEFAULT '',"
	" lon REAL, lat REAL, found_at TEXT NOT NULL, found_by TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK(state IN ('found','registered','assessed','rectifying',"
	"'rectified','verified','closed')), deadline TEXT, closed_at TEXT, supervised_by TEXT,"
	" measures TEXT NOT NULL DEFAULT '', responsible TEXT NOT NULL DEFAULT '', funds_cny REAL,"
	" evidence TEXT NOT NULL DEFAULT '', rectified_by INTEGER, rectified_at TEXT,"
	" verified_by INTEGER, verified_at TEXT, contact TEXT NOT NULL DEFAULT '',"
	" created_by INTEGER, escalation INTEGER NOT NULL DEFAULT 0, escalated_at TEXT,"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX hazards_unit ON hazards(unit_id, state);"
	"CREATE INDEX hazards_risk ON hazards(risk_id, state);"
	"CREATE INDEX hazards_open ON hazards(state, deadline);"
	"CREATE INDEX hazards_region ON hazards(region, id);"
	"CREATE INDEX hazards_supervised ON hazards(supervised_by, state);"
	/* every step of the loop with its reason (rejections need one) */
	"CREATE TABLE hazard_events(id INTEGER PRIMARY KEY, hazard_id INTEGER NOT NULL"
	" REFERENCES hazards(id), at TEXT NOT NULL, user_id INTEGER, login TEXT NOT NULL,"
	" from_state TEXT, to_state TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX hazard_events_hazard ON hazard_events(hazard_id, id);"
	/* photos and documents: whitelisted types by magic bytes, SHA-256 of the content */
	"CREATE TABLE hazard_attachments(id INTEGER PRIMARY KEY, hazard_id INTEGER NOT NULL"
	" REFERENCES hazards(id), name TEXT NOT NULL, content_type TEXT NOT NULL,"
	" size INTEGER NOT NULL, sha256 TEXT NOT NULL, data BLOB NOT NULL, user_id INTEGER,"
	" login TEXT NOT NULL, created_at TEXT NOT NULL);"
	"CREATE INDEX hazard_attachments_hazard ON hazard_attachments(hazard_id, id);",

	/* 4: offline captures carry a client-made id, so a retried upload finds its first copy */
	"ALTER TABLE hazards ADD COLUMN client_id TEXT;"
	"CREATE UNIQUE INDEX hazards_client ON hazards(created_by, client_id)"
	" WHERE client_id IS NOT NULL;",

	/* 5: the in-memory unit index (store/unit_index.c) catches up by updated_at */
	"CREATE INDEX units_updated ON units(updated_at);",

	/* 6: grade changes (not creations) by time, for the quarter's raised and lowered points */
	"CREATE INDEX risk_versions_changes ON risk_versions(at, risk_id) WHERE old_grade IS NOT "
	"NULL;",

	/* 7: hazards of units that moved before hazards followed their unit take the unit's place */
	"UPDATE hazards SET region=u.region, sector=u.sector, dept=u.dept FROM units u"
	" WHERE u.id=hazards.unit_id AND (hazards.region<>u.region OR hazards.sector<>u.sector"
	" OR hazards.dept<>u.dept);",

	/* 8: departments keep the seed's name beside the current one, and a merged department
	 * names its successor (data/departments.csv) */
	"ALTER TABLE departments ADD COLUMN name_seed TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE departments ADD COLUMN merged_into TEXT NOT NULL DEFAULT '';",

	/* 9: GB 6441 accident types by edition (1986, and the 2025 revision in force 2026-07-01);
	 * a risk point keeps the edition it was classified under, 1986 for every earlier one */
	"CREATE TABLE accident_types_ed(edition INTEGER NOT NULL, code INTEGER NOT NULL,"
	" name_cn TEXT NOT NULL, name_en TEXT NOT NULL, PRIMARY KEY(edition, code)) WITHOUT ROWID;"
	"INSERT INTO accident_types_ed SELECT 1986, code, name_cn, name_en FROM accident_types;"
	"DROP TABLE accident_types;"
	"ALTER TABLE accident_types_ed RENAME TO accident_types;"
	"ALTER TABLE risks ADD COLUMN accident_edition INTEGER NOT NULL DEFAULT 1986;",

	/* 10: accounts carry the person: real name (姓名) and phone, shown as 发现人/责任人 */
	"ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';",

	/* 11: 脆弱性目标: vulnerable targets (schools, hospitals, homes, crowded places…) with
	 * their people by day and night and GB 36894 protection class; dept is the supervising
	 * department. The exposure index (service/exposure.c) catches up by updated_at. */
	"CREATE TABLE targets(id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL"
	" CHECK(kind IN ('school','kindergarten','hospital','elderly_home','welfare_home','mall',"
	"'station','stadium','residential','religious')), protection_class TEXT NOT NULL"
	" CHECK(protection_class IN ('high','important','general')), region TEXT NOT NULL,"
	" dept TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '', lon REAL NOT NULL,"
	" lat REAL NOT NULL, people_day INTEGER, people_night INTEGER,"
	" status TEXT NOT NULL DEFAULT 'active' CHECK(status IN ('active','archived')),"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX targets_region ON targets(status, region, id);"
	"CREATE INDEX targets_updated ON targets(updated_at);",

	/* 12: GB 18218-2018 reference tables (loaded by refdata.c) and installations.
	 * 重大危险源: a production or storage installation whose inventory reaches S ≥ 1. */
	"CREATE TABLE gb18218_substances(seq INTEGER PRIMARY KEY, name_cn TEXT NOT NULL,"
	" name_en TEXT NOT NULL, cas TEXT NOT NULL DEFAULT '', critical_t REAL NOT NULL);"
	"CREATE TABLE gb18218_cas(cas TEXT NOT NULL, seq INTEGER NOT NULL,"
	" PRIMARY KEY(cas, seq)) WITHOUT ROWID;"
	"CREATE TABLE gb18218_categories(code TEXT PRIMARY KEY, description TEXT NOT NULL,"
	" critical_t REAL NOT NULL, beta REAL);"
	"CREATE TABLE gb18218_gases(cas TEXT PRIMARY KEY, name_cn TEXT NOT NULL,"
	" name_en TEXT NOT NULL, beta REAL NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE gb18218_alpha(min_people INTEGER NOT NULL, max_people INTEGER,"
	" alpha REAL NOT NULL);"
	"CREATE TABLE installations(id INTEGER PRIMARY KEY,"
	" unit_id INTEGER NOT NULL REFERENCES units(id), region TEXT NOT NULL, dept TEXT NOT NULL,"
	" name TEXT NOT NULL, kind TEXT NOT NULL CHECK(kind IN ('production','storage')),"
	" exposed_500m INTEGER NOT NULL DEFAULT 0, inventory TEXT NOT NULL DEFAULT '[]',"
	" terms TEXT NOT NULL DEFAULT '[]', s REAL NOT NULL, r REAL NOT NULL, alpha REAL NOT NULL,"
	" major INTEGER NOT NULL, grade INTEGER, lon REAL, lat REAL,"
	" status TEXT NOT NULL DEFAULT 'active' CHECK(status IN ('active','archived')),"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX installations_unit ON installations(unit_id, status, grade);"
	"CREATE INDEX installations_grade ON installations(status, grade, region);"
	"CREATE TABLE installation_versions(installation_id INTEGER NOT NULL,"
	" version INTEGER NOT NULL, at TEXT NOT NULL, login TEXT NOT NULL, action TEXT NOT NULL,"
	" old_grade INTEGER, new_grade INTEGER, diff TEXT NOT NULL DEFAULT '{}',"
	" PRIMARY KEY(installation_id, version)) WITHOUT ROWID;",

	/* 13: 应急资源: emergency resources (teams, experts, materials, equipment, shelters,
	 * depots) of a unit (unit_id), a department (dept) or a territory (region); the nearest
	 * index (service/resources.c) catches up by updated_at. 应急能力评估: capability
	 * assessments of a unit, department or district. 应急预案: a unit's emergency plans and
	 * the major hazard sources each covers (一对一). Snapshots: the register frozen as of a
	 * date, one compact row per risk point. */
	"CREATE TABLE resources(id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL"
	" CHECK(kind IN ('team','expert','material','equipment','shelter','depot')),"
	" unit_id INTEGER REFERENCES units(id), region TEXT NOT NULL,"
	" dept TEXT NOT NULL DEFAULT '',"
	" owner TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '', lon REAL NOT NULL,"
	" lat REAL NOT NULL, quantity REAL, measure TEXT NOT NULL DEFAULT '',"
	" contact_name TEXT NOT NULL DEFAULT '', contact_phone TEXT NOT NULL DEFAULT '',"
	" available INTEGER NOT NULL DEFAULT 1,"
	" status TEXT NOT NULL DEFAULT 'active' CHECK(status IN ('active','archived')),"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX resources_region ON resources(status, region, id);"
	"CREATE INDEX resources_unit ON resources(unit_id, status);"
	"CREATE INDEX resources_updated ON resources(updated_at);"
	"CREATE TABLE capability_assessments(id INTEGER PRIMARY KEY, subject TEXT NOT NULL"
	" CHECK(subject IN ('unit','dept','district')), unit_id INTEGER REFERENCES units(id),"
	" region TEXT NOT NULL, dept TEXT NOT NULL DEFAULT '', assessed_on TEXT NOT NULL,"
	" answers TEXT NOT NULL, score REAL NOT NULL, level TEXT NOT NULL, weak TEXT NOT NULL,"
	" checklist TEXT NOT NULL, assessor TEXT NOT NULL DEFAULT '',"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX capability_subject ON capability_assessments(subject, region, dept, unit_id,"
	" assessed_on);"
	"CREATE TABLE plans(id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id),"
	" region TEXT NOT NULL, dept TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL"
	" CHECK(type IN ('comprehensive','special','onsite')), risk_ids TEXT NOT NULL DEFAULT '[]',"
	" installation_ids TEXT NOT NULL DEFAULT '[]', issued_on TEXT, reviewed_on TEXT,"
	" drilled_on TEXT,"
	" status TEXT NOT NULL DEFAULT 'active' CHECK(status IN ('active','archived')),"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX plans_unit ON plans(unit_id, status);"
	"CREATE INDEX plans_region ON plans(status, region, id);"
	"CREATE TABLE plan_installations(installation_id INTEGER NOT NULL,"
	" plan_id INTEGER NOT NULL, PRIMARY KEY(installation_id, plan_id)) WITHOUT ROWID;"
	"CREATE TABLE snapshots(id INTEGER PRIMARY KEY, label TEXT NOT NULL, as_of TEXT NOT NULL,"
	" points INTEGER NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL);"
	"CREATE TABLE snapshot_risks(snapshot_id INTEGER NOT NULL, risk_id INTEGER NOT NULL,"
	" unit_id INTEGER NOT NULL, region TEXT NOT NULL, sector TEXT NOT NULL, dept TEXT NOT NULL,"
	" grade INTEGER NOT NULL, PRIMARY KEY(snapshot_id, risk_id)) WITHOUT ROWID;",
	/* 14: an installation's impact radius (NULL: the 500 m of GB 18218's α) for the exposure
	 * index, which catches up with installations by updated_at like risk points */
	"ALTER TABLE installations ADD COLUMN impact_radius_m REAL;"
	"CREATE INDEX installations_updated ON installations(updated_at);",

	/* 15: α's people: the count entered (NULL: none, the assessment takes the count from the
	 * vulnerable targets within 500 m) beside the people and targets counted there */
	"ALTER TABLE installations ADD COLUMN exposed_entered INTEGER;"
	"ALTER TABLE installations ADD COLUMN exposed_counted INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE installations ADD COLUMN exposed_targets INTEGER NOT NULL DEFAULT 0;"
	"UPDATE installations SET exposed_entered=exposed_500m;",
	/* 16: review chain (风险清单审核): one row per report of a unit's risk list, its steps, and
	 * on-site verifications (核查) at city, district and town level */
	"CREATE TABLE reviews(id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES "
	"units(id),"
	" kind TEXT NOT NULL CHECK(kind IN ('initial','periodic','change')),"
	" state TEXT NOT NULL, waiting_on TEXT NOT NULL, public_safety INTEGER NOT NULL DEFAULT 0,"
	" risk_count INTEGER NOT NULL DEFAULT 0, public_count INTEGER NOT NULL DEFAULT 0,"
	" note TEXT NOT NULL DEFAULT '', submitted_by TEXT NOT NULL, submitted_at TEXT NOT NULL,"
	" published_at TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL);"
	"CREATE INDEX reviews_unit ON reviews(unit_id, id);"
	"CREATE INDEX reviews_waiting ON reviews(waiting_on, unit_id);"
	"CREATE TABLE review_steps(review_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	" at TEXT NOT NULL, user_id INTEGER, login TEXT NOT NULL, role TEXT NOT NULL,"
	" action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL,"
	" comment TEXT NOT NULL DEFAULT '', PRIMARY KEY(review_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE verifications(id INTEGER PRIMARY KEY,"
	" unit_id INTEGER NOT NULL REFERENCES units(id), review_id INTEGER,"
	" level TEXT NOT NULL CHECK(level IN ('city','district','town')),"
	" result TEXT NOT NULL CHECK(result IN ('pass','issues')), findings TEXT NOT NULL,"
	" checked_on TEXT NOT NULL, login TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX verifications_unit ON verifications(unit_id, level);",
	/* 17: 动态上报 (dynamic reports of coming works and events) and the early-warning alerts
	 * they and the rules raise; region/dept are copied from the unit so that scoping needs no
	 * join. An alert's rule, entity and entity_id say why and about what; one open alert per
	 * rule and record (the rules run again and again). */
	"CREATE TABLE dynamic_reports(id INTEGER PRIMARY KEY,"
	" unit_id INTEGER NOT NULL REFERENCES units(id), region TEXT NOT NULL, dept TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK(kind IN ('upgrade','renovation','event','hot_work','shutdown',"
	"'other')), title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',"
	" start_at TEXT NOT NULL, end_at TEXT NOT NULL, place TEXT NOT NULL DEFAULT '',"
	" risks TEXT NOT NULL DEFAULT '', measures TEXT NOT NULL DEFAULT '',"
	" reported_by TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX dynamic_reports_region ON dynamic_reports(region, id);"
	"CREATE INDEX dynamic_reports_unit ON dynamic_reports(unit_id, id);"
	"CREATE TABLE alerts(id INTEGER PRIMARY KEY, rule TEXT NOT NULL, level TEXT NOT NULL"
	" CHECK(level IN ('blue','yellow','orange','red')), region TEXT NOT NULL,"
	" dept TEXT NOT NULL DEFAULT '', unit_id INTEGER, title TEXT NOT NULL,"
	" why TEXT NOT NULL DEFAULT '', links TEXT NOT NULL DEFAULT '[]',"
	" entity TEXT NOT NULL, entity_id INTEGER NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'open' CHECK(state IN ('open','acked','closed')),"
	" acked_by TEXT, acked_at TEXT, closed_by TEXT, closed_at TEXT,"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX alerts_region ON alerts(region, id);"
	"CREATE UNIQUE INDEX alerts_once ON alerts(rule, entity, entity_id) WHERE state<>'closed';",

	/* 18: outgoing webhooks, configured per territory (region prefix) and department, and
	 * their deliveries: the signed payload as sent (so a retry sends the same bytes), attempts
	 * and the next try (unix seconds; a worker leases a due row by moving next_at on). */
	"CREATE TABLE webhooks(id INTEGER PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL,"
	" secret TEXT NOT NULL, region TEXT NOT NULL DEFAULT '', dept TEXT NOT NULL DEFAULT '',"
	" rules TEXT NOT NULL DEFAULT '[]', retry_s INTEGER NOT NULL DEFAULT 30,"
	" max_attempts INTEGER NOT NULL DEFAULT 8, active INTEGER NOT NULL DEFAULT 1,"
	" created_by TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE TABLE webhook_deliveries(id INTEGER PRIMARY KEY,"
	" webhook_id INTEGER NOT NULL REFERENCES webhooks(id), alert_id INTEGER NOT NULL,"
	" payload TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending'"
	" CHECK(state IN ('pending','delivered','failed')), attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL, last_status INTEGER, last_error TEXT NOT NULL DEFAULT '',"
	" delivered_at TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL);"
	"CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_at);"
	"CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);",

	/* 19: public warnings in CAP 1.2 (Common Alerting Protocol): drafted by one account,
	 * published by another (approved_by); area as CAP's polygon or circle text. */
	"CREATE TABLE cap_alerts(id INTEGER PRIMARY KEY, alert_id INTEGER, region TEXT NOT NULL,"
	" dept TEXT NOT NULL DEFAULT '', event TEXT NOT NULL, category TEXT NOT NULL,"
	" urgency TEXT NOT NULL, severity TEXT NOT NULL, certainty TEXT NOT NULL,"
	" headline TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',"
	" instruction TEXT NOT NULL DEFAULT '', area_desc TEXT NOT NULL, polygon TEXT,"
	" circle TEXT, expires TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'draft'"
	" CHECK(state IN ('draft','published')), author TEXT NOT NULL,"
	" author_id INTEGER NOT NULL, approver TEXT, approver_id INTEGER, sent TEXT,"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX cap_alerts_state ON cap_alerts(state, id);",

	/* 20: external signals: weather warnings over regions or a polygon in a time window, and
	 * monitoring events at a unit; region is where the signal is scoped (its first region,
	 * the unit's, or the poster's territory). */
	"CREATE TABLE signals(id INTEGER PRIMARY KEY, kind TEXT NOT NULL"
	" CHECK(kind IN ('weather','monitoring')), type TEXT NOT NULL, level TEXT NOT NULL"
	" CHECK(level IN ('blue','yellow','orange','red')), title TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',"
	" region TEXT NOT NULL, regions TEXT NOT NULL DEFAULT '[]', polygon TEXT,"
	" start_at TEXT NOT NULL, end_at TEXT NOT NULL, unit_id INTEGER, value REAL,"
	" threshold REAL, measure TEXT NOT NULL DEFAULT '', raised INTEGER NOT NULL DEFAULT 0,"
	" created_by TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL);"
	"CREATE INDEX signals_region ON signals(region, id);",

	/* 21: each user's alert subscription: the part of the territory, the rules and the lowest
	 * level the live stream and the badge carry (none: everything that reaches the user). */
	"CREATE TABLE alert_subscriptions(user_id INTEGER PRIMARY KEY, region TEXT NOT NULL,"
	" rules TEXT NOT NULL DEFAULT '[]', min_level TEXT NOT NULL DEFAULT 'blue',"
	" updated_at TEXT NOT NULL);",

	/* 22: records of units that moved before they followed their unit (issue 7 item 2) take the
	 * unit's place: installations, plans, dynamic reports, the unit's resources, its capability
	 * assessments and the alerts about it (store/units.c: cr_store_unit_records_follow). */
	"UPDATE installations SET region=u.region, dept=u.dept FROM units u"
	" WHERE u.id=installations.unit_id AND (installations.region<>u.region"
	" OR installations.dept<>u.dept);"
	"UPDATE plans SET region=u.region, dept=u.dept FROM units u"
	" WHERE u.id=plans.unit_id AND (plans.region<>u.region OR plans.dept<>u.dept);"
	"UPDATE dynamic_reports SET region=u.region, dept=u.dept FROM units u"
	" WHERE u.id=dynamic_reports.unit_id AND (dynamic_reports.region<>u.region"
	" OR dynamic_reports.dept<>u.dept);"
	"UPDATE resources SET region=u.region, dept=u.dept FROM units u"
	" WHERE u.id=resources.unit_id AND (resources.region<>u.region OR resources.dept<>u.dept);"
	"UPDATE capability_assessments SET region=u.region, dept=u.dept FROM units u"
	" WHERE u.id=capability_assessments.unit_id AND (capability_assessments.region<>u.region"
	" OR capability_assessments.dept<>u.dept);"
	"UPDATE alerts SET region=u.region, dept=CASE WHEN alerts.dept='' THEN '' ELSE u.dept END"
	" FROM units u WHERE u.id=alerts.unit_id AND alerts.region<>u.region;",

	/* 23: the catalogue gets the version and updated_at every entity table has
	 * (store/columns.h), so its column table writes it like the registers. */
	"ALTER TABLE catalogue ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE catalogue ADD COLUMN updated_at TEXT;"
	"UPDATE catalogue SET updated_at=created_at;",

	/* 24: a major hazard source's QRA scenarios (issue 12 item 7): a consequence model with
	 * its inputs, a frequency and a position (NULL: the installation's), archived not deleted;
	 * scope comes from the installation's unit, so a moved unit needs no copy here */
	"CREATE TABLE qra_scenarios(id INTEGER PRIMARY KEY,"
	" installation_id INTEGER NOT NULL REFERENCES installations(id), name TEXT NOT NULL,"
	" model TEXT NOT NULL, inputs TEXT NOT NULL DEFAULT '{}',"
	" frequency_per_year REAL NOT NULL, lon REAL, lat REAL,"
	" status TEXT NOT NULL DEFAULT 'active' CHECK(status IN ('active','archived')),"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX qra_scenarios_installation ON qra_scenarios(installation_id, status);",

	/* 25: log-in delays in the database, so every server on it counts the same failures
	 * (service/login_guard.c; wall-clock seconds). */
	"CREATE TABLE login_throttle(key TEXT PRIMARY KEY, failures INTEGER NOT NULL,"
	" last_at REAL NOT NULL, until_at REAL NOT NULL);",

	/* 26: the units' name index without its table of name sizes (columnsize=0): nothing ranks
	 * a name search, and writing a size row per unit was a quarter of an import's indexing of
	 * names (issue 14 item 6). Rebuilt from the units, which hold every indexed name. */
	"DROP TABLE units_fts;"
	"CREATE VIRTUAL TABLE units_fts USING fts5(name, content='units', content_rowid='id',"
	" tokenize='trigram', columnsize=0);"
	"INSERT INTO units_fts(units_fts) VALUES('rebuild');",

	/* 27: the vulnerable targets by place, for the radius query that counts the people near
	 * a point (cr_store_targets_within: a lon/lat box, then the distance). PostgreSQL's
	 * counterpart gives every table with coordinates a PostGIS point and a GiST index. */
	"CREATE INDEX targets_place ON targets(status, lon, lat);",
};

/* The units indexes as the migrations above leave them (1: region, sector, dept; 2: rating;
 * 5: updated_at). A migration that changes one of them changes this list too. */
static const char units_indexes_create[] =
	"CREATE INDEX units_region ON units(status, region, id);"
	"CREATE INDEX units_sector ON units(status, sector, id);"
	"CREATE INDEX units_dept ON units(status, dept, region, id);"
	"CREATE INDEX units_rating ON units(status, rating, region);"
	"CREATE INDEX units_updated ON units(updated_at);";
static const char units_indexes_drop[] =
	"DROP INDEX units_region; DROP INDEX units_sector; DROP INDEX units_dept;"
	"DROP INDEX units_rating; DROP INDEX units_updated;";

int cr_schema_units_indexes(struct cr_conn *c, bool create, struct cr_err *err)
{
	if (cr_conn_is_pg(c) && cr_pg_schema_units_bulk(c, create, err))
		return -1;
	return cr_db_exec(c, create ? units_indexes_create : units_indexes_drop, err);
}

int cr_schema_latest(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

int cr_schema_version(struct cr_conn *c, struct cr_err *err)
{
	if (cr_conn_is_pg(c))
		return cr_pg_schema_version(c, err);
	struct cr_stmt *s = cr_db_prepare(c, "PRAGMA user_version", err);
	if (!s)
		return -1;
	int have = cr_stmt_step(s) == CR_SQL_ROW ? cr_stmt_column_int(s, 0) : 0;
	cr_stmt_finalize(s);
	return have;
}

int cr_schema_migrate(struct cr_conn *c, struct cr_err *err)
{
	if (cr_conn_is_pg(c))
		return cr_pg_schema_migrate(c, err);
	int have = cr_schema_version(c, err);
	if (have < 0)
		return -1;
	int want = cr_schema_latest();
	if (have > want)
		return cr_err_set(err, 500, "db", "",
				  "database schema %d is newer than this program (%d)", have, want);
	for (int v = have; v < want; v++) {
		char pragma[48];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
		if (cr_db_exec(c, "BEGIN IMMEDIATE", err))
			return -1;
		if (cr_db_exec(c, migrations[v], err) || cr_db_exec(c, pragma, err) ||
		    cr_db_exec(c, "COMMIT", err)) {
			cr_db_rollback(c);
			return -1;
		}
	}
	return 0;
}
