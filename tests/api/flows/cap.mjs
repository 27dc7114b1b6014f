// CAP 1.2: kunshan drafts a public warning over a polygon and t_ksajj one over a circle; a draft
// is not in the public feed; its author may not approve it (409 separation_of_duties) nor may
// Wujiang (403); once another Kunshan account approves it, GET /api/v1/alerts.cap (no log-in)
// carries it, and every <alert> of the feed validates against the official CAP 1.2 schema
// (tests/api/fixtures/cap/CAP-v1.2.xsd) with xmllint.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const XSD = new URL('../fixtures/cap/CAP-v1.2.xsd', import.meta.url).pathname;

async function feed(ctx) {
  const r = await fetch(`${ctx.base}/api/v1/alerts.cap`);
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

function xmllint(args, input) {
  return spawnSync('xmllint', args, { input, encoding: 'utf8' });
}

export async function capWarningIsPublishedAfterAnotherApprovesAndValidates(ctx) {
  const tag = ctx.uniq();
  const poly = await ctx.request('kunshan', 'POST', '/api/v1/cap-alerts', {
    event: '暴雨红色预警 & 施工停工', headline: `昆山暴雨红色预警期间停止深基坑作业 <${tag}>`, severity: 'Severe', urgency: 'Immediate',
    certainty: 'Likely', category: 'Met', description: '预计未来3小时降雨量将达100毫米以上。\n涉及深基坑、高支模作业的工地立即停工。',
    instruction: '人员撤离基坑，加强巡查', area_desc: '昆山市玉山镇',
    polygon: [[120.93, 31.37], [120.99, 31.37], [120.99, 31.41], [120.93, 31.41]], expires: '2099-12-31T18:00',
  });
  ctx.expect(poly, { status: 201, json: { state: 'draft', author: 'kunshan', region: '320583', severity: 'Severe',
    polygon: '31.370000,120.930000 31.370000,120.990000 31.410000,120.990000 31.410000,120.930000 31.370000,120.930000' } }, 'a polygon draft');
  const circ = await ctx.request('t_ksajj', 'POST', '/api/v1/cap-alerts', {
    event: '危化品储罐泄漏', headline: `储罐区泄漏 ${tag}`, area_desc: '某化工企业周边 2 公里',
    circle: { lon: 120.955, lat: 31.384, radius_km: 2 }, expires: '2099-12-31',
  });
  ctx.expect(circ, { status: 201, json: { circle: '31.384000,120.955000 2.000', dept: 'AJJ', category: 'Safety' } }, 'a circle draft');
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/cap-alerts', { event: 'x', headline: 'x', area_desc: 'x', expires: '2099-01-01' }),
    { status: 400, json: { error: { field: 'polygon', params: { rule: 'cap_area' } } } }, 'an area is required');
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/cap-alerts', { event: 'x', headline: 'x', area_desc: 'x', expires: '2099-01-01', severity: 'Huge', circle: { lon: 120.9, lat: 31.3, radius_km: 1 } }),
    { status: 400, json: { error: { field: 'severity', params: { rule: 'cap_code' } } } }, 'CAP code lists');
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/cap-alerts', { event: 'x', headline: 'x', area_desc: 'x', expires: '2099-01-01', polygon: [[120.9, 31.3], [121, 31.3]] }),
    { status: 400, json: { error: { field: 'polygon', params: { rule: 'cap_polygon' } } } }, 'a polygon of two points');
  ctx.require(poly.json && circ.json, 'drafts made');
  let f = await feed(ctx);
  ctx.check(f.status === 200 && !f.text.includes(tag), 'drafts are not in the public feed');
  ctx.expect(await ctx.request('kunshan', 'POST', `/api/v1/cap-alerts/${poly.json.id}/approve`),
    { status: 409, json: { error: { code: 'separation_of_duties', params: { rule: 'cap_approver' } } } }, 'the author may not approve');
  ctx.expect(await ctx.request('wujiang', 'POST', `/api/v1/cap-alerts/${poly.json.id}/approve`), { status: 403 }, 'another district may not approve');
  ctx.expect(await ctx.request('t_ksajj', 'POST', `/api/v1/cap-alerts/${poly.json.id}/approve`), { status: 403 }, 'a department does not approve public warnings');
  const ok = await ctx.request('admin', 'POST', `/api/v1/cap-alerts/${poly.json.id}/approve`);
  ctx.expect(ok, { status: 200, json: { state: 'published', approver: 'admin', sent: { $re: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00$' } } }, 'the city office approves');
  ctx.expect(await ctx.request('admin', 'POST', `/api/v1/cap-alerts/${poly.json.id}/approve`), { status: 409, json: { error: { code: 'illegal_transition' } } }, 'once');
  ctx.expect(await ctx.request('kunshan', 'POST', `/api/v1/cap-alerts/${circ.json.id}/approve`), { status: 200, json: { state: 'published' } }, 'kunshan approves the department\'s circle');
  f = await feed(ctx);
  ctx.check(f.status === 200 && /^application\/atom\+xml/.test(f.type), `feed: ${f.status} ${f.type}`);
  ctx.check(f.text.includes(`&lt;${tag}&gt;`) && f.text.includes('暴雨红色预警 &amp; 施工停工'), 'published, with its text escaped');
  ctx.check(f.text.includes('<circle>31.384000,120.955000 2.000</circle>'), 'the circle is in the feed');
  // the feed is well-formed, and each alert validates against the CAP 1.2 schema
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cap-'));
  try {
    const wf = xmllint(['--noout', '-'], f.text);
    ctx.check(wf.status === 0, `the feed is well-formed XML: ${wf.stderr}`);
    const alerts = f.text.match(/<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">[\s\S]*?<\/alert>/g) || [];
    ctx.check(alerts.length >= 2, `the feed holds the alerts: ${alerts.length}`);
    alerts.forEach((a, i) => {
      const file = path.join(dir, `alert-${i}.xml`);
      fs.writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n${a}\n`);
      const v = xmllint(['--noout', '--schema', XSD, file]);
      ctx.check(v.status === 0, `alert ${i} validates against CAP-v1.2.xsd: ${v.stderr}`);
    });
    // and the schema check can fail: an alert without its <sender> does not validate
    const broken = path.join(dir, 'broken.xml');
    fs.writeFileSync(broken, `<?xml version="1.0" encoding="UTF-8"?>\n${alerts[0].replace(/<sender>[^<]*<\/sender>/, '')}\n`);
    ctx.check(xmllint(['--noout', '--schema', XSD, broken]).status !== 0, 'a broken alert fails the schema');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const list = await ctx.request('wujiang', 'GET', '/api/v1/cap-alerts');
  ctx.check(list.status === 200 && !list.json.items.some((x) => x.id === poly.json.id), 'Wujiang does not list Kunshan\'s warnings');
}
