// Risk assessment reports (issue 13): the demo city's report as PDF, its first pages turned into
// images (pdftoppm) and text (pdftotext) and checked — Chinese text that extracts, the charts'
// and the four-colour map's colours where they belong (the images stay in tests/api/artifacts/);
// a district's report speaks of the district only; who may have which report (the policy row
// `report read` of docs/SECURITY.md, in authz.mjs); background jobs with their progress; other
// requests answered while reports are being made; the warning sign and its public summary.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withSecondServer } from '../lib/second_server.mjs';

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

// The grade colours of src/domain/grade.c (the one colour table).
const COLOURS = { red: [0xe6, 0x00, 0x12], orange: [0xf3, 0x98, 0x00], yellow: [0xff, 0xf1, 0x00], blue: [0x00, 0x68, 0xb7] };
const BAR_BLUE = [0x2f, 0x6f, 0xb3]; // io/chart.c's bars

async function pdf(ctx, as, p) {
  const r = await ctx.request(as, 'GET', p, undefined, { binary: true, timeout: 120_000 });
  ctx.require(r.status === 200, `${as} GET ${p}: ${r.status} ${r.text.slice(0, 300)}`);
  ctx.require(r.body.subarray(0, 5).toString() === '%PDF-', `${p} is not a PDF`);
  return r;
}

function save(name, bytes) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const pdftotext = (file, page) => execFileSync('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' });

// Page `page` of the PDF as a raw PPM (P6) at dpi: {w, h, px: Buffer of RGB}.
function pageImage(file, page, dpi) {
  const buf = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), file]);
  const head = buf.toString('latin1', 0, 40).split(/\s+/);
  const [w, h] = [Number(head[1]), Number(head[2])];
  let off = 0;
  for (let fields = 0; fields < 4; off++) if (/\s/.test(String.fromCharCode(buf[off])) && !/\s/.test(String.fromCharCode(buf[off - 1]))) fields++;
  return { w, h, px: buf.subarray(off, off + w * h * 3) };
}

// How many pixels of the box (fractions of the page) are within tol of rgb.
function count(img, rgb, box = [0, 0, 1, 1], tol = 40) {
  let n = 0;
  const [x0, y0, x1, y1] = [Math.floor(box[0] * img.w), Math.floor(box[1] * img.h), Math.ceil(box[2] * img.w), Math.ceil(box[3] * img.h)];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.w + x) * 3;
      if (Math.abs(img.px[i] - rgb[0]) + Math.abs(img.px[i + 1] - rgb[1]) + Math.abs(img.px[i + 2] - rgb[2]) <= tol) n++;
    }
  }
  return n;
}

// The page whose text holds `needle` (1-based), 0 when none does.
function pageWith(file, needle, pages) {
  for (let p = 1; p <= pages; p++) if (pdftotext(file, p).includes(needle)) return p;
  return 0;
}

export async function cityReportPdfHasChineseChartsAndMap(ctx) {
  const r = await pdf(ctx, 'admin', '/api/v1/reports/city?format=pdf');
  ctx.check(/application\/pdf/.test(r.headers['content-type']), `content-type ${r.headers['content-type']}`);
  ctx.check(/filename\*=UTF-8''%E9%A3%8E%E9%99%A9/.test(r.headers['content-disposition'] || ''), `disposition ${r.headers['content-disposition']}`);
  const file = save('report-city.pdf', r.body);
  execFileSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '4', '-png', file, path.join(ARTIFACTS, 'report-city')]);
  const text = pdftotext(file);
  for (const s of ['苏州市城市安全风险评估报告', '一、概况', '二、风险等级统计', '三、行业和事故类型分布', '四、区域分布', '五、风险四色图',
    '六、隐患排查治理', '七、四单', '重大安全风险清单', '重大隐患清单', '重大危险源清单', '脆弱性目标清单', '八、主要风险及管控措施', '九、应急资源与应急预案', '应急能力评估结果', '十、工作建议', '姑苏区', '昆山市']) {
    ctx.check(text.includes(s), `the city report's text has no '${s}'`);
  }
  // The overview's figures are the statistics' own.
  const stats = await ctx.request('admin', 'GET', '/api/v1/stats/risks?by=grade');
  const g1 = stats.json.rows.find((x) => x.grade === 1).count;
  ctx.check(text.includes(`重大风险 ${g1} 个`), `the overview names ${g1} major risks`);

  // Page 1: the pie of grades and the rating bars in the four colours, the industry bars in blue.
  const p1 = pageImage(file, 1, 60);
  for (const [name, rgb] of Object.entries(COLOURS)) ctx.check(count(p1, rgb, [0, 0.2, 1, 0.6]) > 60, `page 1: no ${name} in the grade charts (${count(p1, rgb, [0, 0.2, 1, 0.6])} px)`);
  ctx.check(count(p1, BAR_BLUE, [0.2, 0.55, 1, 1]) > 1500, `page 1: no industry bars (${count(p1, BAR_BLUE, [0.2, 0.55, 1, 1])} px)`);

  // The map's page: each district's superposed colour is there in quantity, a colour no district
  // has only in the legend.
  const mapPage = pageWith(file, '五、风险四色图', 5);
  ctx.require(mapPage > 0, 'no page with the four-colour map');
  const img = pageImage(file, mapPage, 60);
  const areas = await ctx.request('admin', 'GET', '/api/v1/areas/risk?level=district');
  const used = new Set(areas.json.items.map((a) => a.color));
  ctx.check(areas.json.items.length >= 8 && used.size >= 2, `districts ${areas.json.items.length}, colours ${[...used]}`);
  const text3 = pdftotext(file, mapPage);
  const mapTop = text3.split('\n').findIndex((l) => l.includes('五、风险四色图'));
  ctx.check(mapTop >= 0, 'map heading on its page');
  const counts = {};
  for (const [name, rgb] of Object.entries(COLOURS)) counts[name] = count(img, rgb);
  for (const [name] of Object.entries(COLOURS)) {
    if (used.has(name)) ctx.check(counts[name] > 400, `map page: district colour ${name} covers only ${counts[name]} px`);
    else ctx.check(counts[name] < 150, `map page: ${name} (no district has it) covers ${counts[name]} px`);
  }
  ctx.check(Object.values(counts).reduce((a, b) => a + b, 0) > 0.08 * img.w * img.h, `map page: the map covers little of the page ${JSON.stringify(counts)}`);
}

export async function districtReportSpeaksOfItsDistrictOnly(ctx) {
  const r = await pdf(ctx, 'kunshan', '/api/v1/reports/district/320583?format=pdf');
  const file = save('report-320583.pdf', r.body);
  execFileSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '3', '-png', file, path.join(ARTIFACTS, 'report-320583')]);
  const text = pdftotext(file);
  ctx.check(text.includes('昆山市安全风险评估报告'), 'the district report is titled with its district');
  ctx.check(!text.includes('全市'), 'a district report never says 全市');
  ctx.check(!text.includes('吴江区') && !text.includes('姑苏区'), 'a district report names no other district');
  ctx.check(text.includes('玉山镇'), 'the district report names its towns');
  const html = await ctx.request('kunshan', 'GET', '/api/v1/reports/district/320583?format=html');
  ctx.check(html.status === 200 && /text\/html/.test(html.headers['content-type']), `html ${html.status}`);
  ctx.check(html.text.includes('<h1>昆山市安全风险评估报告</h1>') && !html.text.includes('全市'), 'the HTML report likewise');
  ctx.check((html.text.match(/<img [^>]*src="data:image\/png;base64,/g) || []).length >= 5, 'the HTML report embeds its charts and map');
  save('report-320583.html', html.text);
  // the district's grid map: its page holds coloured cells
  const mapPage = pageWith(file, '五、风险四色图', 5);
  ctx.require(mapPage > 0, 'district report: no map page');
  const img = pageImage(file, mapPage, 60);
  const cells = Object.values(COLOURS).reduce((a, rgb) => a + count(img, rgb), 0);
  ctx.check(cells > 2000, `district map: ${cells} coloured pixels`);
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/reports/city'), { status: 403, json: { error: { code: 'forbidden' } } }, 'a district has no city report');
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/reports/district/320509'), { status: 403, json: { error: { field: 'code' } } }, 'nor its neighbour\'s');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/reports/district/32058'), { status: 400, json: { error: { field: 'code' } } }, 'five digits');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/reports/district/320599'), { status: 404, json: { error: { field: 'code' } } }, 'no such district');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/reports/city?format=docx'), { status: 400, json: { error: { field: 'format' } } }, 'format');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/reports/industry/ZZ9'), { status: 404, json: { error: { field: 'code' } } }, 'no such industry');
}

export async function industryReportCoversItsIndustry(ctx) {
  const r = await pdf(ctx, 'admin', '/api/v1/reports/industry/C01?format=pdf');
  const file = save('report-industry-C01.pdf', r.body);
  const text = pdftotext(file);
  ctx.check(text.includes('苏州市危险化学品生产行业安全风险评估报告'), 'titled with the industry');
  const st = await ctx.request('admin', 'GET', '/api/v1/stats/risks?by=grade&sector=C01');
  ctx.check(text.includes(`安全风险点 ${st.json.total} 个`), `the industry's ${st.json.total} points`);
}

export async function reportJobsShowProgressThenTheFile(ctx) {
  const start = await ctx.request('kunshan', 'POST', '/api/v1/reports/jobs', { kind: 'district', code: '320583', format: 'pdf' });
  ctx.require(start.status === 202, `POST /reports/jobs ${start.status} ${start.text}`);
  ctx.check(start.json.state === 'running' && /^[0-9a-f]{32}$/.test(start.json.id), `job ${start.text}`);
  const id = start.json.id;
  let st, last = -1;
  for (let i = 0; i < 600; i++) {
    st = await ctx.request('kunshan', 'GET', `/api/v1/reports/jobs/${id}`);
    ctx.require(st.status === 200, `job status ${st.status}`);
    ctx.check(st.json.percent >= last, `progress went back: ${last} → ${st.json.percent}`);
    last = st.json.percent;
    if (st.json.state !== 'running') break;
    await sleep(50);
  }
  ctx.require(st.json.state === 'done', `job ended ${st.text}`);
  ctx.check(st.json.percent === 100 && st.json.step === 'done', `done at ${st.json.percent} ${st.json.step}`);
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/reports/jobs/${id}`), { status: 404 }, 'another account does not see the job');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/reports/jobs/${id}/file`), { status: 404 }, 'nor its file');
  const f = await pdf(ctx, 'kunshan', `/api/v1/reports/jobs/${id}/file`);
  ctx.check(pdftotext(save('report-job.pdf', f.body)).includes('昆山市安全风险评估报告'), 'the job made the district report');
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/reports/jobs', { kind: 'city' }), { status: 403 }, 'a district starts no city job');
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/reports/jobs', { kind: 'town' }), { status: 400, json: { error: { field: 'kind' } } }, 'kind');
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/reports/jobs', { kind: 'district', code: '320583', pages: 3 }), { status: 400, json: { error: { field: 'pages' } } }, 'unknown field');
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/reports/jobs', { kind: 'district', code: '320583' }, { csrf: false }), { status: 403 }, 'CSRF token');
  ctx.expect(await ctx.request('t_unit', 'POST', '/api/v1/reports/jobs', { kind: 'industry', code: 'C01' }), { status: 403 }, 'a unit has no report');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/reports/jobs/0123456789abcdef0123456789abcdef'), { status: 404 }, 'unknown job');
}

// A server of its own whose reports take 0.4 s a step (CITYRISK_REPORT_STEP_MS): while two
// reports are being made (a download and a job), other requests are answered at once, a third
// report is refused with 429 reports_busy, and the job's progress moves step by step.
// One pool thread serves every connection of this server: a report made on it would hold them
// all, so the report is made by a worker of its own (http/offload.c) while the others go on.
export async function otherRequestsAreAnsweredWhileReportsAreMade(ctx) {
  await withSecondServer(ctx, ['--threads', '1'], { CITYRISK_REPORT_STEP_MS: '400' }, async (base) => {
    const login = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'admin123' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrf } = await login.json();
    const h = { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf };
    const t0 = Date.now();
    let reportDone = 0;
    const download = fetch(`${base}/api/v1/reports/city?format=pdf`, { headers: h }).then(async (r) => { await r.arrayBuffer(); reportDone = Date.now(); return r.status; });
    // the download has taken its slot when the server counts one report being made
    const running = async () => Number((await (await fetch(`${base}/metrics`)).text()).match(/^cityrisk_reports_running (\d+)$/m)[1]);
    for (let i = 0; i < 100 && await running() < 1; i++) await sleep(50);
    ctx.require(await running() === 1, 'the download is being made');
    const job = await (await fetch(`${base}/api/v1/reports/jobs`, { method: 'POST', headers: h, body: JSON.stringify({ kind: 'district', code: '320583', format: 'html' }) })).json();
    ctx.check(job.state === 'running', `job ${JSON.stringify(job)}`);
    ctx.check(await running() === 2, 'the download and the job are being made');
    const third = await fetch(`${base}/api/v1/reports/city?format=html`, { headers: h });
    ctx.check(third.status === 429 && third.headers.get('retry-after') === '5', `a third report at once: ${third.status}`);
    ctx.check((await third.json()).error.code === 'reports_busy', 'reports_busy');
    const answered = [];
    const seen = new Set();
    for (let i = 0; i < 8; i++) {
      const s = Date.now();
      const r = await fetch(`${base}/api/v1/stats/overview`, { headers: h });
      await r.text();
      answered.push([r.status, Date.now() - s, reportDone === 0]);
      const st = await (await fetch(`${base}/api/v1/reports/jobs/${job.id}`, { headers: h })).json();
      seen.add(st.percent);
      await sleep(250);
    }
    ctx.check(answered.every(([st, ms]) => st === 200 && ms < 2000), `other requests: ${JSON.stringify(answered)}`);
    ctx.check(answered.filter(([, , during]) => during).length >= 4, `requests answered while the report was being made: ${JSON.stringify(answered)}`);
    ctx.check(seen.size >= 3, `the job's progress moved: ${[...seen]}`);
    ctx.check(await download === 200, 'the download finished');
    ctx.check(reportDone - t0 >= 5000, `the slowed report took ${reportDone - t0} ms`);
  });
}

export async function signAndItsPublicSummary(ctx) {
  const unit = ctx.vars.ks_unit_id;
  const owner = `告知卡责任人${ctx.uniq()}`;
  const mk = await ctx.request('admin', 'POST', `/api/v1/units/${unit}/risks`, {
    name: '液氨储罐泄漏', place: '氨罐区', method: 'lec', inputs: { L: 10, E: 6, C: 40 }, accident_types: [19, 8],
    owner_name: owner, owner_rank: 'deputy_gm',
    measures: { engineering: ['围堰'], management: ['巡检制度'], emergency: ['佩戴空气呼吸器', '疏散下风向人员'] },
  });
  ctx.require(mk.status === 201, `risk create ${mk.status} ${mk.text}`);
  const id = mk.json.id;
  const u = await ctx.request('admin', 'GET', `/api/v1/units/${unit}`);
  const r = await pdf(ctx, 'admin', `/api/v1/risks/${id}/sign.pdf`);
  const file = save('sign.pdf', r.body);
  execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(ARTIFACTS, 'sign')]);
  const text = pdftotext(file);
  for (const s of ['安全风险告知卡', '液氨储罐泄漏', '重大风险（Ⅰ级）', owner, '副总', u.json.contact_phone, '佩戴空气呼吸器', '中毒和窒息', '围堰', '氨罐区']) {
    ctx.check(text.includes(s), `the sign has no '${s}'`);
  }
  const img = pageImage(file, 1, 60);
  ctx.check(count(img, COLOURS.red, [0, 0, 1, 0.25]) > 0.3 * img.w * 0.25 * img.h, 'the sign\'s band is in the grade\'s red');
  // the QR code: black modules in the lower right quarter
  ctx.check(count(img, [0, 0, 0], [0.6, 0.5, 1, 1], 30) > 1500, 'a QR code');
  // it reads (zbarimg) as the point's public summary page on this server, and that page is served
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(ARTIFACTS, 'sign-150')]);
  const qr = execFileSync('zbarimg', ['--raw', '-q', path.join(ARTIFACTS, 'sign-150.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  ctx.check(qr === `${ctx.base}/risk-public.html?id=${id}`, `the QR code reads "${qr}"`);
  const page = await fetch(qr);
  ctx.check(page.status === 200 && (await page.text()).includes('<html'), `the QR's page is served: ${page.status}`);
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/risks/${id}/sign.pdf`), { status: 403, json: { error: { code: 'forbidden' } } }, 'another district prints no sign of it');
  const pub = await ctx.request(null, 'GET', `/api/v1/public/risks/${id}`);
  ctx.expect(pub, { status: 200, json: { id, name: '液氨储罐泄漏', grade: 1, grade_name: '重大风险（Ⅰ级）', accident_types: ['中毒和窒息', '火灾'], emergency: ['佩戴空气呼吸器', '疏散下风向人员'] } }, 'public summary');
  for (const k of ['owner_name', 'owner_rank', 'owner', 'phone', 'contact_phone', 'contact_name', 'lon', 'lat', 'inputs', 'score', 'unit_id']) {
    ctx.check(!(k in (pub.json || {})), `the public summary has ${k}`);
  }
  ctx.check(!pub.text.includes(owner) && !pub.text.includes(u.json.contact_phone) && !pub.text.includes(u.json.contact_name), 'no person in the public summary');
  ctx.expect(await ctx.request(null, 'GET', '/api/v1/public/risks/99999999'), { status: 404 }, 'unknown point');
  ctx.expect(await ctx.request('admin', 'DELETE', `/api/v1/risks/${id}`), { status: 200 }, 'archive');
  ctx.expect(await ctx.request(null, 'GET', `/api/v1/public/risks/${id}`), { status: 404 }, 'an archived point has no public page');
}

// 九、应急资源与应急预案: the district report counts the district's resources and its major
// hazard sources without a plan exactly as the registers do.
export async function reportCountsResourcesAndPlanGaps(ctx) {
  const res = await ctx.request('kunshan', 'GET', '/api/v1/resources?region=320583&limit=1');
  const gaps = await ctx.request('kunshan', 'GET', '/api/v1/plans/gaps');
  ctx.require(res.status === 200 && gaps.status === 200, `registers: ${res.status} ${gaps.status}`);
  ctx.require(res.json.total > 0, 'the demo district has emergency resources');
  const html = await ctx.request('kunshan', 'GET', '/api/v1/reports/district/320583?format=html');
  ctx.require(html.status === 200, `report: ${html.status}`);
  const line = `本区域登记应急资源 ${res.json.total} 处；重大危险源中尚无应急预案的 ${gaps.json.sources_without_plan.length} 个，` +
    `评估或演练逾期的应急预案 ${gaps.json.overdue.length} 份。`;
  ctx.check(html.text.includes('九、应急资源与应急预案') && html.text.includes(line), `the report's emergency section: expected "${line}"`);
  ctx.check(!html.text.includes('暂无数据：本区域尚未录入'), 'no "no data" line when the district has resources');
  for (const s of gaps.json.sources_without_plan.slice(0, 10)) ctx.check(html.text.includes(s.name), `source without a plan named: ${s.name}`);
}

// 应急能力评估结果 in 九: the district report prints the newest assessment of each subject with
// its score, level and area scores exactly as GET /capability-assessments gives them (checked in
// the PDF's text and the HTML), and draws their scores as bars.
export async function reportPrintsCapabilityResults(ctx) {
  const cl = await ctx.request('kunshan', 'GET', '/api/v1/capability-assessments/checklist');
  ctx.require(cl.status === 200, `checklist: ${cl.status}`);
  const answers = (subject, over) => Object.fromEntries(cl.json.items.filter((i) => i.subjects.includes(subject))
    .map((i) => [i.code, over[i.code] ?? (i.kind === 'count' ? i.required : 2)]));
  const d = await ctx.request('kunshan', 'POST', '/api/v1/capability-assessments', { subject: 'district', region: '320583', answers: answers('district', { shelter: 1, plan_review: 0 }) });
  ctx.require(d.status === 201, `district assessment: ${d.text}`);
  const u = await ctx.request('kunshan', 'POST', '/api/v1/capability-assessments', { subject: 'unit', unit_id: ctx.vars.ks_unit_id, answers: answers('unit', { drills_per_year: 1, team: 1 }) });
  ctx.require(u.status === 201, `unit assessment: ${u.text}`);
  const area = (row, a) => { const x = row.areas.find((y) => y.area === a); return x ? x.score.toFixed(1) : '—'; };
  ctx.check(d.json.areas.length >= 5 && d.json.areas.every((a) => typeof a.score === 'number' && a.area_cn), `areas scored: ${JSON.stringify(d.json.areas)}`);
  ctx.check(Number(area(u.json, 'drills')) < 100 && Number(area(u.json, 'teams')) < 100, `the unit's drills and teams lose points: ${JSON.stringify(u.json.areas)}`);

  const r = await pdf(ctx, 'kunshan', '/api/v1/reports/district/320583?format=pdf');
  const html = await ctx.request('kunshan', 'GET', '/api/v1/reports/district/320583?format=html');
  const hist = await ctx.request('kunshan', 'GET', '/api/v1/capability-assessments?region=320583&limit=500');
  ctx.require(html.status === 200 && hist.status === 200, `report ${html.status}, history ${hist.status}`);
  const seen = new Set();
  const latest = hist.json.items.filter((x) => {
    const k = `${x.subject}/${x.unit_id}/${x.region}/${x.dept}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).slice(0, 20);
  ctx.check(latest[0].id === u.json.id && latest[1].id === d.json.id, 'the newest assessments lead');
  const file = save('report-capability.pdf', r.body);
  const flat = (s) => s.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
  const pdfText = flat(pdftotext(file));
  const htmlText = flat(html.text);
  for (const t of [pdfText, htmlText]) {
    ctx.check(t.includes('应急能力评估结果') && t.includes(`本区域共开展应急能力评估 ${hist.json.total} 次，下表列出 ${latest.length} 个评估对象`), 'the capability part and its counts');
  }
  const AREAS = ['plans', 'teams', 'materials', 'drills', 'monitoring', 'communication', 'training'];
  for (const x of latest) {
    const cells = [x.assessed_on, x.score.toFixed(1), x.level_cn, ...AREAS.map((a) => area(x, a))].join(' ');
    ctx.check(pdfText.includes(cells), `PDF row of assessment ${x.id}: "${cells}"`);
    ctx.check(htmlText.includes(cells), `HTML row of assessment ${x.id}: "${cells}"`);
  }
  ctx.check(htmlText.includes(`昆山市 区县 ${d.json.assessed_on} ${d.json.score.toFixed(1)} ${d.json.level_cn}`), 'the district row names 昆山市');
  // the scores drawn as bars on the part's page (or the next, when the figure moved on)
  const pages = pdftotext(file).split('\f').filter((x) => x.trim());
  const p = pages.findIndex((page) => page.includes('应急能力评估结果')) + 1;
  ctx.require(p > 0, 'no page with the capability results');
  const bars = [p, p + 1].filter((k) => k <= pages.length).map((k) => count(pageImage(file, k, 60), BAR_BLUE));
  ctx.check(Math.max(...bars) > 300, `the capability bars: ${bars} px of bar blue`);
}

// 工作建议 from the data: the city report names the districts with the most red units, with the
// counts the unit list gives for each district, and the plans overdue as GET /plans/gaps counts them.
export async function reportAdviceNamesDistrictsWithMostRedUnits(ctx) {
  const all = await ctx.request('admin', 'GET', '/api/v1/units?rating=red&limit=1');
  const areas = await ctx.request('admin', 'GET', '/api/v1/areas/risk?level=district');
  ctx.require(all.status === 200 && areas.status === 200 && all.json.total > 0, `red units: ${all.status} ${all.text.slice(0, 200)}`);
  const counts = [];
  for (const a of areas.json.items) {
    const r = await ctx.request('admin', 'GET', `/api/v1/units?rating=red&region=${a.code}&limit=1`);
    counts.push({ name: a.name, n: r.json.total });
  }
  const top = counts.filter((x) => x.n > 0).sort((x, y) => y.n - x.n);
  const html = await ctx.request('admin', 'GET', '/api/v1/reports/city?format=html');
  const gaps = await ctx.request('admin', 'GET', '/api/v1/plans/gaps');
  ctx.require(html.status === 200 && gaps.status === 200, `report ${html.status}`);
  const line = `红色单位 ${all.json.total} 家，最多的是`;
  ctx.check(html.text.includes(line), `the advice counts the red units: "${line}"`);
  if (top.length > 1 && top[0].n > top[1].n) ctx.check(html.text.includes(`${line}${top[0].name}（${top[0].n} 家）`), `the district with most red units first: ${JSON.stringify(top.slice(0, 3))}`);
  const late = gaps.json.overdue.length;
  if (late > 0) ctx.check(html.text.includes(`${late} 份应急预案逾期未评估或未演练`), `the advice counts ${late} plans overdue`);
}

// The command line sets the same report offline: `cityrisk report district CODE --format html`
// holds the section the API's report holds, `industry CODE --format pdf` is a PDF, and an unknown
// district is refused naming it.
export async function cliWritesTheReports(ctx) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-report-'));
  const html = path.join(dir, 'ks.html');
  const c = ctx.cli(['report', 'district', '320583', '--format', 'html', '--out', html, '--db', ctx.server.db]);
  ctx.require(c.ok, `cityrisk report district: ${c.status} ${c.out}`);
  const text = fs.readFileSync(html, 'utf8');
  for (const s of ['昆山市安全风险评估报告', '九、应急资源与应急预案', '应急能力评估结果', '十、工作建议']) ctx.check(text.includes(s), `the CLI report has no '${s}'`);
  const pdfFile = path.join(dir, 'c01.pdf');
  const p = ctx.cli(['report', 'industry', 'C01', '--format', 'pdf', '--out', pdfFile, '--db', ctx.server.db]);
  ctx.check(p.ok && fs.readFileSync(pdfFile).subarray(0, 5).toString() === '%PDF-', `cityrisk report industry: ${p.status} ${p.out}`);
  ctx.check(pdftotext(pdfFile).includes('危险化学品生产行业安全风险评估报告'), 'the industry report names its industry');
  const bad = ctx.cli(['report', 'district', '999999', '--format', 'html', '--out', path.join(dir, 'x.html'), '--db', ctx.server.db]);
  ctx.check(!bad.ok && /999999|code/.test(bad.out), `an unknown district: ${bad.status} ${bad.out}`);
  fs.rmSync(dir, { recursive: true, force: true });
}
