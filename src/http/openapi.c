/* openapi.c — GET /api/v1/openapi.json: the OpenAPI 3.1 description of the API, built from the
 * one route table (routes.c) and the schema table below, so it cannot drift from the routes.
 * It must not list anything the route table does not have. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"

/* ===== Schemas, as a data table =====
 * Each schema is an object whose properties are "name:type" words: type is str, int, num,
 * bool, obj (any object), map (an object of strings), any, @Name (another schema), [type] (an
 * array), or str=a|b|c (an enumeration); a trailing ? adds null. `required` lists names. */
struct schema_def {
	const char *name;
	const char *description;
	const char *fields;
	const char *required;
};

static const struct schema_def schemas[] = {
	{ "Error",
	  "what went wrong: code and field for programs, message (English) for people, "
	  "params (the rule and the message's variable parts) for translation",
	  "code:str field:str message:str params:map", "code message" },
	{ "ErrorBody", "every error answer; an import adds its invalid rows",
	  "error:@Error rows:[@ImportRowError]", "error" },
	{ "ImportRowError", "one invalid row of an import",
	  "row:int code:str field:str message:str params:map", "row code" },
	{ "ListPage", "a cursor page: pass next as after for the following page",
	  "items:[any] next:str? total:int", "items next total" },
	{ "Ok", NULL, "ok:bool", "ok" },
	{ "Object", "a JSON object; see docs/API.md for its members", "", NULL },
	{ "ReportJobInput", "a report to make in the background (format: pdf when absent)",
	  "kind:str=city|district|industry code:str format:str=html|pdf", "kind" },
	{ "ReportJob", "a background report: its progress, then its file at /file",
	  "id:str kind:str code:str? format:str state:str=running|done|failed percent:int "
	  "step:str error:@Error",
	  "id kind format state percent" },
	{ "PublicRisk", "a risk point's public summary: no person's name or phone",
	  "id:int name:str unit_name:str place:str region_name:str grade:int grade_name:str "
	  "color:str? accident_types:[str] measures:obj emergency:[str] control_level:str?",
	  "id name grade" },
	{ "GeoJSON", "a GeoJSON FeatureCollection in WGS84",
	  "type:str=FeatureCollection features:[obj]", "type features" },
	{ "Login", NULL, "login:str password:str", "login password" },
	{ "Session", "the logged-in user and the CSRF token every write must echo in X-CSRF-Token",
	  "csrf:str user:@Account", "csrf user" },
	{ "Account", "an account (user)",
	  "id:int login:str role:str=city|city_dept|district|district_dept|street|unit|expert "
	  "region:str region_name:str dept:str unit_id:int? unit_name:str? disabled:bool",
	  "id login role" },
	{ "AccountInput", NULL,
	  "login:str role:str=city|city_dept|district|district_dept|street|unit|expert region:str "
	  "dept:str unit_id:int password:str",
	  "login role password" },
	{ "AccountPatch", NULL, "disabled:bool password:str", NULL },
	{ "Region", NULL, "code:str name:str level:str=province|city|district|town parent:str?",
	  "code name level" },
	{ "Sector", "a key sector or a GB/T 4754 section",
	  "code:str kind:str=key|section section:str name_cn:str name_en:str dept:str?",
	  "code kind" },
	{ "Department", "name_cn is the current name; a merged department names its successor",
	  "code:str name_cn:str name_en:str source:str name_seed:str merged_into:str?",
	  "code name_cn name_seed merged_into" },
	{ "AccidentType", "a GB 6441 accident type of one edition",
	  "code:int name_cn:str name_en:str edition:int=1986|2025 map:obj",
	  "code name_cn edition map" },
	{ "Unit", "a production and business unit (生产经营单位); lon/lat WGS84",
	  "id:int credit_code:str name:str sector:str section:str dept:str region:str "
	  "region_name:str address:str lon:num? lat:num? size_class:str=above|below employees:int? "
	  "contact_name:str contact_phone:str status:str=active|archived rating:str "
	  "rating_reason:str rating_reason_cn:str owner_flags:int version:int created_at:str "
	  "updated_at:str",
	  "id credit_code name sector region status version" },
	{ "UnitInput",
	  "coords names the system lon/lat are given in (default wgs84); they are "
	  "stored as WGS84",
	  "credit_code:str name:str sector:str dept:str region:str address:str lon:num? lat:num? "
	  "coords:str=wgs84|gcj02|bd09 size_class:str=above|below employees:int? contact_name:str "
	  "contact_phone:str version:int",
	  NULL },
	{ "ImportResult", NULL, "imported:int", "imported" },
	{ "Target",
	  "a vulnerable target (脆弱性目标); lon/lat WGS84; protection_class per GB 36894",
	  "id:int name:str kind:str=school|kindergarten|hospital|elderly_home|welfare_home|mall|"
	  "station|stadium|residential|religious protection_class:str=high|important|general "
	  "region:str region_name:str dept:str dept_name:str address:str lon:num lat:num "
	  "people_day:int? people_night:int? status:str=active|archived version:int "
	  "created_at:str updated_at:str",
	  "id name kind protection_class region lon lat status version" },
	{ "TargetInput", "coords names the system lon/lat are given in (default wgs84)",
	  "name:str kind:str protection_class:str=high|important|general region:str dept:str "
	  "address:str lon:num lat:num coords:str=wgs84|gcj02|bd09 people_day:int? "
	  "people_night:int? version:int",
	  NULL },
	{ "Resource",
	  "an emergency resource (应急资源) of a unit, a department or a territory; lon/lat WGS84",
	  "id:int name:str kind:str=team|expert|material|equipment|shelter|depot unit_id:int? "
	  "unit_name:str? region:str region_name:str dept:str dept_name:str owner:str address:str "
	  "lon:num lat:num quantity:num? measure:str contact_name:str contact_phone:str "
	  "available:bool status:str=active|archived version:int created_at:str updated_at:str",
	  "id name kind region lon lat available status version" },
	{ "ResourceInput",
	  "unit_id makes it the unit's (region and department follow the unit); else region "
	  "(and dept) are required; coords names the system lon/lat are given in",
	  "name:str kind:str=team|expert|material|equipment|shelter|depot unit_id:int region:str "
	  "dept:str owner:str address:str lon:num lat:num coords:str=wgs84|gcj02|bd09 "
	  "quantity:num measure:str contact_name:str contact_phone:str available:bool version:int",
	  NULL },
	{ "ResourcesNearest", "the nearest resources, nearest first within each kind",
	  "origin:obj items:[obj]", "origin items" },
	{ "Plan", "an emergency plan (应急预案) of a unit, with its review and drill clock",
	  "id:int unit_id:int unit_name:str unit_sector:str? region:str dept:str name:str "
	  "type:str=comprehensive|special|onsite type_cn:str risk_ids:[int] installation_ids:[int] "
	  "issued_on:str? reviewed_on:str? drilled_on:str? review_due:str? drill_due:str? "
	  "review_overdue:bool drill_overdue:bool key_unit:bool drill_months:int "
	  "status:str=active|archived version:int "
	  "created_at:str updated_at:str",
	  "id unit_id name type version" },
	{ "PlanInput", "dates YYYY-MM-DD, not after today; ids of the unit's own records",
	  "name:str type:str=comprehensive|special|onsite risk_ids:[int] installation_ids:[int] "
	  "issued_on:str reviewed_on:str drilled_on:str version:int",
	  NULL },
	{ "PlanGaps", "major hazard sources without a plan (一对一) and plans overdue",
	  "sources_without_plan:[obj] overdue:[@Plan] today:str",
	  "sources_without_plan overdue today" },
	{ "CapabilityAssessment", "a scored emergency capability checklist (应急能力评估)",
	  "id:int subject:str=unit|dept|district unit_id:int? unit_name:str? region:str "
	  "region_name:str dept:str dept_name:str assessed_on:str answers:obj score:num "
	  "level:str=strong|good|fair|weak level_cn:str weak:[obj] areas:[obj] checklist:str "
	  "assessor:str "
	  "version:int created_at:str updated_at:str",
	  "id subject region assessed_on score level weak" },
	{ "CapabilityInput", "answers: {item code: 0|1|2, or a count for count items}",
	  "subject:str=unit|dept|district unit_id:int region:str dept:str assessed_on:str "
	  "assessor:str answers:obj",
	  "subject answers" },
	{ "Snapshot", "the risk register frozen as of a date (one row per risk point)",
	  "id:int label:str as_of:str points:int created_by:str created_at:str",
	  "id label as_of points" },
	{ "SnapshotInput", "as_of: a date not after today (default today)", "label:str as_of:str",
	  "label" },
	{ "SnapshotComparison",
	  "new, removed, raised and lowered risk points, by district and sector",
	  "a:@Snapshot b:@Snapshot region:str dept:str totals:obj by_district:[obj] "
	  "by_sector:[obj]",
	  "a b totals by_district by_sector" },
	{ "Rating", "the unit's four-colour rating",
	  "color:str=red|orange|yellow|blue|unassessed reason:str reason_cn:str owner_flags:int "
	  "points_by_grade:obj",
	  "color" },
	{ "Measures", "control measures by kind (一险一策)",
	  "engineering:[str] technical:[str] management:[str] personal:[str] emergency:[str]",
	  NULL },
	{ "RiskPoint", "a risk point (风险点) of a unit",
	  "id:int unit_id:int unit_name:str region:str sector:str dept:str name:str place:str "
	  "accident_types:[int] accident_edition:int=1986|2025 consequences:str "
	  "method:str=lec|ls|mes|consequence inputs:obj score:num assessed_grade:int "
	  "inherent_inputs:obj? inherent_grade:int direct:obj direct_rule:str? "
	  "open_major_hazards:int grade:int color:str explain:str measures:@Measures "
	  "control_level:str owner_name:str owner_rank:str owner_ok:bool impact_radius_m:num? "
	  "exposed_people:int? public_impact:bool lon:num? lat:num? status:str=active|archived "
	  "reviewed_at:str? version:int created_at:str updated_at:str",
	  "id unit_id name method grade version" },
	{ "RiskPointInput", NULL,
	  "name:str place:str accident_types:[int] accident_edition:int=1986|2025 "
	  "consequences:str method:str=lec|ls|mes|consequence inputs:obj inherent_inputs:obj? "
	  "direct:obj measures:@Measures control_level:str owner_name:str owner_rank:str "
	  "impact_radius_m:num? exposed_people:int? public_impact:bool lon:num? lat:num? "
	  "version:int",
	  NULL },
	{ "RiskVersion", NULL,
	  "version:int at:str login:str action:str old_grade:int? new_grade:int? diff:obj",
	  "version at action" },
	{ "RiskChanges", "the quarter's new, raised, lowered and overdue risk points",
	  "quarter:str since:str until:str review_days:int review_cutoff:str counts:obj new:[obj] "
	  "raised:[obj] lowered:[obj] overdue_review:[obj]",
	  "quarter counts" },
	{ "AssessInput", NULL, "method:str=lec|ls|mes|consequence inputs:obj", "method inputs" },
	{ "Assessment", NULL, "score:num grade:int color:str color_cn:str roman:str explain:str",
	  "score grade" },
	{ "Config", NULL, "tile_url:str? tile_attribution:str? city:str", "city" },
	{ "AuditEntry", "an entry of the audit trail (痕迹管理)",
	  "id:int at:str user:int? login:str entity:str entity_id:str action:str before:any "
	  "after:any hash:str",
	  "id at entity entity_id action hash" },
	{ "SystemStatus", "how the system runs (the city office's 系统运行 page)",
	  "server:@SystemServer database:@SystemDatabase replica:@SystemReplica "
	  "memory:@SystemMemory requests:@SystemRequests",
	  "server database replica memory requests" },
	{ "SystemServer", "the program and its start (ISO 8601 UTC)",
	  "version:str started_at:str uptime_seconds:int", "version started_at uptime_seconds" },
	{ "SystemDatabase",
	  "the database: its location without a password, size on disk (SQLite's "
	  "file and write-ahead log; PostgreSQL's pg_database_size, wal 0) and main registers",
	  "backend:str=sqlite|postgresql location:str schema_version:int size_bytes:int "
	  "wal_bytes:int registers:@SystemRegisters",
	  "backend location schema_version size_bytes wal_bytes registers" },
	{ "SystemRegisters", "units, risk points and open hidden hazards, as the dashboard counts",
	  "units:int risk_points:int open_hazards:int", "units risk_points open_hazards" },
	{ "SystemReplica", "the read replica (--db-read); location and lag_ms null without one",
	  "configured:bool location:str? up:bool lag_ms:int?", "configured location up lag_ms" },
	{ "SystemMemory",
	  "bytes: resident, anonymous and file-backed (-1 when the kernel does not "
	  "say), the --cache-mb budget, the in-memory indexes and the caches",
	  "resident_bytes:int anonymous_bytes:int file_bytes:int cache_budget_bytes:int "
	  "risk_index_bytes:int unit_index_bytes:int unit_texts_bytes:int query_cache_bytes:int",
	  "resident_bytes anonymous_bytes file_bytes cache_budget_bytes" },
	{ "SystemRequests",
	  "API answers by status class (1xx..5xx) since the start, open "
	  "connections and event streams, slow answers being made and waiting",
	  "by_class:obj connections:int event_streams:int slow_running:int slow_queued:int",
	  "by_class connections event_streams" },
	{ "AuditVerification", "the audit hash chain recomputed: first_broken is null when intact",
	  "entries:int intact:bool first_broken:int? checked_at:str",
	  "entries intact first_broken checked_at" },
	{ "Hazard", "a hidden hazard (事故隐患) and its closed loop",
	  "id:int unit_id:int? unit_name:str? risk_id:int? risk_name:str? region:str "
	  "region_name:str sector:str dept:str "
	  "source:str=self_check|inspection|grid_patrol|third_party|public_report "
	  "grade:str=general|major description:str location:str lon:num? lat:num? found_at:str "
	  "found_by:str state:str=found|registered|assessed|rectifying|rectified|verified|closed "
	  "state_cn:str deadline:str? overdue:bool due_soon:bool days_left:int? supervised_by:str? "
	  "listed:bool measures:str responsible:str funds_cny:num? evidence:str "
	  "rectified_by:int? rectified_at:str? verified_by:int? verified_at:str? closed_at:str? "
	  "contact:str escalation:str=unit|department|city escalation_level:int "
	  "escalated_at:str? created_by:int? version:int created_at:str updated_at:str "
	  "events:[obj] attachments:[@Attachment] actions:[obj]",
	  "id region source grade state version" },
	{ "HazardInput", NULL,
	  "unit_id:int risk_id:int? source:str grade:str=general|major description:str "
	  "location:str lon:num? lat:num? found_at:str found_by:str deadline:str? client_id:str "
	  "version:int",
	  NULL },
	{ "Transition", "a step of the closed loop with the fields it takes",
	  "to:str comment:str deadline:str measures:str responsible:str funds_cny:num "
	  "evidence:str supervised_by:str version:int",
	  "to" },
	{ "Attachment", NULL, "id:int hazard_id:int name:str content_type:str size:int sha256:str",
	  "id name" },
	{ "PublicReport", "a report (举报) from the public",
	  "description:str address:str lon:num lat:num contact:str", "description lon lat" },
	{ "CatalogueEntry", "an entry of an industry risk catalogue (行业风险目录)",
	  "id:int dept:str sector:str name:str place:str accident_types:[int] "
	  "method:str=lec|ls|mes|consequence inputs:obj measures:@Measures "
	  "status:str=active|archived created_at:str version:int updated_at:str score:num? "
	  "grade:int? color:str?",
	  "id dept sector name method inputs status version" },
	{ "CatalogueInput", "version (PATCH only): the version changed, 409 when not current",
	  "sector:str dept:str name:str place:str accident_types:[int] "
	  "method:str=lec|ls|mes|consequence inputs:obj measures:@Measures version:int",
	  NULL },
	{ "FromCatalogue", NULL, "entries:[int]", "entries" },
	{ "RiskCopy", NULL, "risk_ids:[int] unit_ids:[int]", "risk_ids unit_ids" },
	{ "Chemicals", "GB 18218-2018 Table 1 substances and Table 2 hazard categories",
	  "items:[obj] categories:[obj]", "items categories" },
	{ "Gb18218Line",
	  "an inventory line: a substance by cas, name or Table 1 seq, or only a "
	  "Table 2 category (with an optional Q); q in tonnes",
	  "cas:str name:str seq:int category:str q:num Q:num", "q" },
	{ "Gb18218Input", NULL, "inventory:[@Gb18218Line] exposed_500m:int? lon:num lat:num",
	  "inventory" },
	{ "Gb18218Assessment", "S = Σq/Q, R = α·Σβq/Q and the grade (null when S < 1)",
	  "S:num R:num alpha:num sum_beta:num exposed_500m:int "
	  "exposed_basis:str=entered|computed|none exposed_entered:int? exposed_counted:int "
	  "exposed_targets:int alpha_computed:num major:bool grade:int? "
	  "grade_cn:str? terms:[obj] explain:str",
	  "S R alpha grade terms" },
	{ "Installation", "a production or storage installation (生产单元/储存单元)",
	  "id:int unit_id:int unit_name:str? region:str dept:str name:str "
	  "kind:str=production|storage exposed_500m:int exposed_entered:int? "
	  "exposed_basis:str=entered|computed exposed_counted:int exposed_targets:int "
	  "alpha_computed:num inventory:[@Gb18218Line] S:num R:num "
	  "alpha:num major:bool grade:int? grade_cn:str? terms:[obj] lon:num? lat:num? "
	  "impact_radius_m:num? status:str=active|archived version:int created_at:str "
	  "updated_at:str",
	  "id unit_id name kind inventory S R grade version" },
	{ "InstallationInput", NULL,
	  "name:str kind:str=production|storage exposed_500m:int? inventory:[@Gb18218Line] "
	  "lon:num? lat:num? impact_radius_m:num? version:int",
	  NULL },
	{ "QraScenario",
	  "a major hazard source's QRA scenario; lon/lat the installation's when position is "
	  "installation",
	  "id:int installation_id:int name:str model:str inputs:obj frequency_per_year:num "
	  "lon:num? lat:num? position:str=own|installation|none status:str=active|archived "
	  "version:int created_at:str updated_at:str consequence:obj",
	  "id installation_id name model inputs frequency_per_year status version" },
	{ "QraScenarioInput", "model and inputs as POST /qra/consequence takes them",
	  "name:str model:str=pool_fire|jet_fire|bleve|vce|plume|puff inputs:obj "
	  "frequency_per_year:num lon:num? lat:num? version:int",
	  NULL },
	{ "SubmitInput", NULL, "note:str", NULL },
	{ "ReviewStep", "one step of a report: who, when, what, and the comment",
	  "seq:int at:str login:str role:str action:str=submit|resubmit|approve|return "
	  "from:str to:str comment:str",
	  "seq at login action from to" },
	{ "ReviewNext", "who acts next",
	  "actor:str=none|unit|street|district|district_dept|city_dept "
	  "actor_cn:str",
	  "actor" },
	{ "Review", "a report of a unit's risk list under review (风险清单审核)",
	  "id:int unit_id:int unit_name:str? region:str? region_name:str? dept:str? "
	  "kind:str=initial|periodic|change "
	  "state:str=submitted|street_checked|dept_reviewed|published|returned state_cn:str? "
	  "waiting_on:str waiting_on_cn:str? public_safety:bool risk_count:int public_count:int "
	  "note:str submitted_by:str submitted_at:str published_at:str? version:int "
	  "created_at:str updated_at:str steps:[@ReviewStep] next:@ReviewNext may_decide:bool",
	  "id unit_id kind state waiting_on version" },
	{ "Decision", NULL, "decision:str=approve|return comment:str version:int", "decision" },
	{ "OwedReport", "a report a unit owes",
	  "kind:str=initial|periodic|change kind_cn:str due:str late:bool days_late:int "
	  "unit_id:int unit_name:str region:str region_name:str? dept:str sector:str",
	  "kind due late" },
	{ "ReviewStatus", "where a unit's list stands",
	  "unit_id:int state:str=draft|submitted|street_checked|dept_reviewed|published|returned "
	  "state_cn:str next:@ReviewNext review:@Review? owed:[@OwedReport] may_submit:bool "
	  "may_decide:bool",
	  "unit_id state next owed" },
	{ "OwedReports", "reports owed in the caller's scope, most overdue first",
	  "as_of:str items:[@OwedReport] total:int counts:obj", "as_of items total" },
	{ "Progress", "completion by group, ranked",
	  "by:str=district|town|dept|sector by_cn:str "
	  "items:[obj] total:obj",
	  "by items total" },
	{ "Verification", "an on-site verification (核查) of a unit's report",
	  "id:int unit_id:int unit_name:str? review_id:int? level:str=city|district|town "
	  "result:str=pass|issues findings:str checked_on:str login:str version:int "
	  "created_at:str updated_at:str",
	  "id unit_id level result findings checked_on" },
	{ "VerificationInput", NULL,
	  "result:str=pass|issues findings:str checked_on:str review_id:int",
	  "result findings checked_on" },
	{ "Coverage", "verification coverage by region and level", "items:[obj] total:obj",
	  "items total" },
	{ "DynamicReport", "a dynamic report (动态上报) of coming works or an event",
	  "id:int unit_id:int unit_name:str? region:str region_name:str? dept:str "
	  "kind:str=upgrade|renovation|event|hot_work|shutdown|other title:str description:str "
	  "start:str end:str place:str risks:str measures:str reported_by:str version:int "
	  "created_at:str updated_at:str alert:@Alert",
	  "id unit_id kind title start end place risks measures" },
	{ "DynamicReportInput", NULL,
	  "unit_id:int kind:str=upgrade|renovation|event|hot_work|shutdown|other title:str "
	  "description:str start:str end:str place:str risks:str measures:str",
	  "unit_id kind title start end place risks measures" },
	{ "Alert", "an early-warning alert (预警) with its rule, reason and links",
	  "id:int "
	  "rule:str=dynamic_report|zero_risk|owner_rank|overdue_major|new_grade1|signal|monitoring|"
	  "review_overdue|report_late "
	  "level:str=blue|yellow|orange|red region:str region_name:str? dept:str unit_id:int? "
	  "unit_name:str? title:str why:str links:[obj] entity:str entity_id:int "
	  "state:str=open|acked|closed acked_by:str? acked_at:str? closed_by:str? closed_at:str? "
	  "version:int created_at:str updated_at:str",
	  "id rule level region title why links state" },
	{ "AlertEvaluate", NULL, "rules:[str]", NULL },
	{ "AlertSubscription", "the alerts the live stream and the badge carry",
	  "region:str rules:[str] min_level:str=blue|yellow|orange|red", NULL },
	{ "AlertSubscriptionAnswer", NULL, "subscription:obj?", "subscription" },
	{ "Webhook", "an outgoing webhook: alerts of a territory and department, signed",
	  "id:int name:str url:str secret_set:bool region:str dept:str rules:[str] retry_s:int "
	  "max_attempts:int active:bool created_by:str pending:int failed:int version:int "
	  "created_at:str updated_at:str",
	  "id name url region dept active" },
	{ "WebhookInput", NULL,
	  "name:str url:str secret:str region:str dept:str rules:[str] retry_s:int "
	  "max_attempts:int active:bool version:int",
	  NULL },
	{ "Signal", "an external signal: a weather warning or a monitoring event",
	  "id:int kind:str=weather|monitoring type:str level:str=blue|yellow|orange|red title:str "
	  "description:str source:str region:str regions:[str] polygon:[[num]]? start:str end:str "
	  "unit_id:int? value:num? threshold:num? measure:str raised:int created_by:str "
	  "version:int created_at:str updated_at:str alerts:[@Alert]",
	  "id kind type level title start end raised" },
	{ "SignalInput", NULL,
	  "kind:str=weather|monitoring type:str level:str=blue|yellow|orange|red title:str "
	  "description:str source:str regions:[str] polygon:[[num]] start:str end:str "
	  "unit_id:int value:num threshold:num measure:str",
	  "kind type level title start" },
	{ "CapAlert", "a public warning in CAP 1.2, published once another account approves it",
	  "id:int alert_id:int? region:str dept:str event:str "
	  "category:str=Geo|Met|Safety|Security|Rescue|Fire|Health|Env|Transport|Infra|CBRNE|Other "
	  "urgency:str=Immediate|Expected|Future|Past|Unknown "
	  "severity:str=Extreme|Severe|Moderate|Minor|Unknown "
	  "certainty:str=Observed|Likely|Possible|Unlikely|Unknown headline:str description:str "
	  "instruction:str area_desc:str polygon:str? circle:str? expires:str "
	  "state:str=draft|published author:str author_id:int approver:str? sent:str? "
	  "version:int created_at:str updated_at:str",
	  "id event headline area_desc expires state author" },
	{ "CapAlertInput", NULL,
	  "alert_id:int event:str category:str urgency:str severity:str certainty:str "
	  "headline:str description:str instruction:str area_desc:str polygon:[[num]] circle:obj "
	  "expires:str region:str",
	  "event headline area_desc expires" },
	{ "WebhookDelivery", "one alert sent to a webhook, with its attempts",
	  "id:int webhook_id:int alert_id:int alert_title:str? "
	  "state:str=pending|delivered|failed attempts:int last_status:int? last_error:str "
	  "delivered_at:str? next_at:str created_at:str",
	  "id webhook_id alert_id state attempts" },
};

#define REF "#/components/schemas/"

static json_t *ref_to(const char *name, size_t len)
{
	char buf[96];
	snprintf(buf, sizeof buf, REF "%.*s", (int)len, name);
	return json_pack("{ss}", "$ref", buf);
}

/* One type word (without the trailing ?), as a JSON Schema. */
static json_t *type_schema(const char *t, size_t len)
{
	static const struct {
		const char *word, *type;
	} prim[] = {
		{ "str", "string" },   { "int", "integer" }, { "num", "number" },
		{ "bool", "boolean" }, { "obj", "object" },
	};
	if (len >= 2 && t[0] == '[' && t[len - 1] == ']')
		return json_pack("{ss so}", "type", "array", "items", type_schema(t + 1, len - 2));
	if (t[0] == '@')
		return ref_to(t + 1, len - 1);
	if (len == 3 && strncmp(t, "any", 3) == 0)
		return json_object();
	if (len == 3 && strncmp(t, "map", 3) == 0)
		return json_pack("{ss s{ss}}", "type", "object", "additionalProperties", "type",
				 "string");
	const char *eq = memchr(t, '=', len);
	size_t base = eq ? (size_t)(eq - t) : len;
	for (size_t i = 0; i < sizeof prim / sizeof prim[0]; i++) {
		if (strlen(prim[i].word) != base || strncmp(t, prim[i].word, base) != 0)
			continue;
		json_t *s = json_pack("{ss}", "type", prim[i].type);
		if (eq) {
			json_t *e = json_array();
			const char *p = eq + 1, *end = t + len;
			while (p < end) {
				const char *bar = memchr(p, '|', (size_t)(end - p));
				size_t n = bar ? (size_t)(bar - p) : (size_t)(end - p);
				json_t *v = prim[i].type[0] == 'i'
						    ? json_integer(strtoll(p, NULL, 10))
						    : json_stringn(p, n);
				json_array_append_new(e, v);
				p += n + 1;
			}
			json_object_set_new(s, "enum", e);
		}
		return s;
	}
	return json_object(); /* unknown words never reach here: the flow test checks the types */
}

static json_t *nullable(json_t *s)
{
	json_t *type = json_object_get(s, "type");
	if (json_is_string(type)) {
		json_object_set_new(s, "type", json_pack("[Os]", type, "null"));
		json_t *e = json_object_get(s, "enum");
		if (e)
			json_array_append_new(e, json_null());
		return s;
	}
	return json_pack("{s[os{ss}]}", "oneOf", s, "type", "null");
}

static json_t *object_schema(const struct schema_def *d)
{
	json_t *props = json_object(), *out = json_pack("{ss}", "type", "object");
	char word[512];
	const char *p = d->fields;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		snprintf(word, sizeof word, "%.*s", (int)n, p);
		p += n;
		char *colon = strchr(word, ':');
		if (!colon)
			continue;
		*colon = 0;
		char *type = colon + 1;
		size_t tl = strlen(type);
		bool null_ok = tl && type[tl - 1] == '?';
		json_t *s = type_schema(type, null_ok ? tl - 1 : tl);
		json_object_set_new(props, word, null_ok ? nullable(s) : s);
	}
	if (json_object_size(props))
		json_object_set_new(out, "properties", props);
	else
		json_decref(props);
	if (d->description)
		json_object_set_new(out, "description", json_string(d->description));
	if (d->required) {
		json_t *req = json_array();
		char buf[512], *save = NULL;
		snprintf(buf, sizeof buf, "%s", d->required);
		for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
			json_array_append_new(req, json_string(w));
		json_object_set_new(out, "required", req);
	}
	return out;
}

/* ===== Operations ===== */

/* "file a/b c/d" → {"a/b":{"schema":binary},…}; a schema shape → {"application/json":…}. */
static json_t *content_of(const char *spec, int *status)
{
	*status = 200;
	if (spec[0] >= '1' && spec[0] <= '5') {
		*status = (int)strtol(spec, NULL, 10);
		spec += strcspn(spec, " ");
		spec += *spec == ' ';
	}
	json_t *content = json_object();
	if (strncmp(spec, "file ", 5) == 0) {
		char buf[256], *save = NULL;
		snprintf(buf, sizeof buf, "%s", spec + 5);
		for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
			json_object_set_new(content, w,
					    json_pack("{s{ss ss}}", "schema", "type", "string",
						      "format", "binary"));
		return content;
	}
	json_t *schema;
	if (strncmp(spec, "items ", 6) == 0)
		schema = json_pack("{ss s{s{ss so}} s[s]}", "type", "object", "properties", "items",
				   "type", "array", "items", ref_to(spec + 6, strlen(spec + 6)),
				   "required", "items");
	else if (strncmp(spec, "page ", 5) == 0)
		schema = json_pack("{s[o{s{s{ss so}}}]}", "allOf", ref_to("ListPage", 8),
				   "properties", "items", "type", "array", "items",
				   ref_to(spec + 5, strlen(spec + 5)));
	else
		schema = ref_to(spec, strlen(spec));
	json_object_set_new(content, "application/json", json_pack("{so}", "schema", schema));
	return content;
}

static json_t *path_parameters(const char *pattern)
{
	json_t *params = json_array();
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		size_t n = strcspn(p + 1, "}");
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)n, p + 1);
		bool id = strcmp(name, "code") != 0;
		json_array_append_new(
			params, json_pack("{ss ss sb so}", "name", name, "in", "path", "required",
					  1, "schema",
					  id ? json_pack("{ss si}", "type", "integer", "minimum", 1)
					     : json_pack("{ss ss}", "type", "string", "pattern",
							 "^[0-9]{2,9}$")));
	}
	return params;
}

static const char *access_name(enum cr_access a)
{
	switch (a) {
	case CR_PUBLIC:
		return "public";
	case CR_READ:
		return "read";
	case CR_WRITE:
		return "write";
	case CR_CSRF:
		return "csrf";
	}
	return "read";
}

static json_t *operation(const struct cr_route *rt)
{
	json_t *op = json_object();
	char id[160];
	size_t k = 0;
	for (const char *p = rt->method; *p && k + 1 < sizeof id; p++)
		id[k++] = (char)(*p | 0x20);
	for (const char *p = rt->pattern + strlen("/api/v1"); *p && k + 1 < sizeof id; p++)
		if (*p != '{' && *p != '}')
			id[k++] = (*p == '/' || *p == '-' || *p == '.') ? '_' : *p;
	id[k] = 0;
	const char *seg = rt->pattern + strlen("/api/v1/");
	char tag[32];
	snprintf(tag, sizeof tag, "%.*s", (int)strcspn(seg, "/"), seg);
	json_object_set_new(op, "operationId", json_string(id));
	json_object_set_new(op, "summary", json_string(rt->summary));
	json_object_set_new(op, "tags", json_pack("[s]", tag));
	json_object_set_new(op, "x-cityrisk-access", json_string(access_name(rt->access)));
	if (rt->max_body)
		json_object_set_new(op, "x-cityrisk-max-body",
				    json_integer((json_int_t)rt->max_body));
	json_t *params = path_parameters(rt->pattern);
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	int status;
	if (rt->request) {
		json_object_set_new(op, "requestBody",
				    json_pack("{sb so}", "required", 1, "content",
					      content_of(rt->request, &status)));
	}
	json_t *content = content_of(rt->response ? rt->response : "Object", &status);
	char code[8];
	snprintf(code, sizeof code, "%d", status);
	json_object_set_new(op, "responses",
			    json_pack("{s{ss so} s{ss} s{ss}}", code, "description", rt->summary,
				      "content", content, "4XX", "$ref",
				      "#/components/responses/Error", "5XX", "$ref",
				      "#/components/responses/Error"));
	/* public: no session; read: the session cookie; writes: the cookie and the CSRF header */
	json_t *sec = rt->access == CR_PUBLIC ? json_array()
		      : rt->access == CR_READ ? json_pack("[{s[]}]", "session")
					      : json_pack("[{s[] s[]}]", "session", "csrf");
	json_object_set_new(op, "security", sec);
	return op;
}

static json_t *openapi_document(void)
{
	json_t *paths = json_object(), *comp = json_object();
	for (size_t i = 0; i < cr_nroutes; i++) {
		const struct cr_route *rt = &cr_routes[i];
		json_t *item = json_object_get(paths, rt->pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		char m[8];
		size_t k = 0;
		for (; rt->method[k] && k + 1 < sizeof m; k++)
			m[k] = (char)(rt->method[k] | 0x20);
		m[k] = 0;
		json_object_set_new(item, m, operation(rt));
	}
	json_t *defs = json_object();
	for (size_t i = 0; i < sizeof schemas / sizeof schemas[0]; i++)
		json_object_set_new(defs, schemas[i].name, object_schema(&schemas[i]));
	json_object_set_new(comp, "schemas", defs);
	json_object_set_new(
		comp, "responses",
		json_pack(
			"{s{ss s{s{s{ss}}} s{s{ss s{ss}}}}}", "Error", "description",
			"an error: 400 bad input, 401 not logged in, 403 outside the role or scope "
			"(or cross-site, or no CSRF token), 404, 405, 409 conflict, 413 body too "
			"large, 414 too many parameters, 415 wrong content type, 422 import rows "
			"invalid, 429 rate limited and 503 busy (both with Retry-After)",
			"content", "application/json", "schema", "$ref", REF "ErrorBody", "headers",
			"Retry-After", "description", "seconds to wait (429, 503)", "schema",
			"type", "integer"));
	json_object_set_new(
		comp, "securitySchemes",
		json_pack("{s{ss ss ss ss} s{ss ss ss ss}}", "session", "type", "apiKey", "in",
			  "cookie", "name", "cr_session", "description",
			  "set by POST /api/v1/session (HttpOnly, SameSite=Strict)", "csrf", "type",
			  "apiKey", "in", "header", "name", "X-CSRF-Token", "description",
			  "the session's csrf (from POST or GET /api/v1/session), on every write"));
	return json_pack(
		"{ss s{ss ss ss} s[{ss}] so so s[{s[]}]}", "openapi", "3.1.0", "info", "title",
		"CityRisk API", "version", "1", "description",
		"City safety risk assessment and control (城市安全风险评估管控). Generated "
		"from the server's route table; prose in docs/API.md. Coordinates in answers "
		"and exports are WGS84.",
		"servers", "url", "/", "paths", paths, "components", comp, "security", "session");
}

int cr_api_openapi(struct cr_req *r)
{
	return cr_reply(r, 200, openapi_document());
}
