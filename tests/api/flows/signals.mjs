// External signals: a red rainstorm warning over Kunshan raises an alert for a Kunshan renovation
// in its window (open works), not for hot work there (rainstorm does not endanger it), not for a
// renovation outside the window nor for one in Wujiang; a typhoon over Kunshan raises one for a
// major hazard source's storage; a gale over a small polygon finds the report inside it and not
// the one beside it; a monitoring event alerts its unit's supervisors; bad input names its field.

async function unitAt(ctx, name, region, lon, lat) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode(region.slice(0, 6)), name: `${name}${ctx.uniq()}`, sector: 'C01', region,
    lon, lat, size_class: 'below', employees: 30, address: '测试路1号',
  });
  ctx.require(u.status === 201, `unit: ${u.status} ${u.text}`);
  return u.json;
}

async function report(ctx, unit, kind, start, end) {
  const r = await ctx.request('admin', 'POST', '/api/v1/dynamic-reports', {
    unit_id: unit.id, kind, title: `${kind}-${ctx.uniq()}`, start, end, place: '厂区', risks: '临时风险', measures: '管控措施',
  });
  ctx.require(r.status === 201, `report: ${r.status} ${r.text}`);
  return r.json;
}

const raisedFor = (res, entity, id) => (res.json && res.json.alerts || []).filter((a) => a.entity === entity && a.entity_id === id);

export async function weatherWarningsMeetTheRisksInTheirAreaAndWindow(ctx) {
  const ks = await unitAt(ctx, '雨季施工单位', '320583100', 120.957, 31.386);
  const wj = await unitAt(ctx, '吴江施工单位', '320509', 120.632, 31.008);
  const works = await report(ctx, ks, 'renovation', '2026-12-10', '2026-12-12');
  const hot = await report(ctx, ks, 'hot_work', '2026-12-11T08:00', '2026-12-11T12:00');
  const later = await report(ctx, ks, 'upgrade', '2026-12-20', '2026-12-21');
  const away = await report(ctx, wj, 'renovation', '2026-12-10', '2026-12-12');
  const rain = await ctx.request('admin', 'POST', '/api/v1/signals', {
    kind: 'weather', type: 'rainstorm', level: 'red', title: '昆山市暴雨红色预警信号', source: '昆山市气象台',
    regions: ['320583'], start: '2026-12-11T06:00', end: '2026-12-11T20:00',
  });
  ctx.expect(rain, { status: 201, json: { kind: 'weather', type: 'rainstorm', level: 'red', region: '320583', regions: ['320583'] } }, 'post the warning');
  const a = raisedFor(rain, 'dynamic_report', works.id);
  ctx.check(a.length === 1 && a[0].rule === 'signal' && a[0].level === 'red' && a[0].dept === 'AJJ', `the renovation in the window is alerted: ${JSON.stringify(rain.json && rain.json.alerts).slice(0, 400)}`);
  ctx.check(a[0] && a[0].why.includes('暴雨') && a[0].why.includes('昆山市气象台') && a[0].links.some((l) => l.entity === 'signal' && l.id === rain.json.id), 'the alert says why and links the signal');
  ctx.check(raisedFor(rain, 'dynamic_report', hot.id).length === 0, 'rain does not endanger hot work');
  ctx.check(raisedFor(rain, 'dynamic_report', later.id).length === 0, 'a report outside the window is not alerted');
  ctx.check(raisedFor(rain, 'dynamic_report', away.id).length === 0, 'nor one in Wujiang');
  ctx.check(rain.json && rain.json.raised === rain.json.alerts.length, 'the signal counts what it raised');
  const mine = await ctx.request('t_ksajj', 'GET', '/api/v1/alerts?rule=signal');
  ctx.check(mine.status === 200 && mine.json.items.some((x) => x.entity_id === works.id), 'the AJJ department of Kunshan has it');
  const wjl = await ctx.request('wujiang', 'GET', '/api/v1/alerts?rule=signal');
  ctx.check(wjl.status === 200 && !wjl.json.items.some((x) => x.entity_id === works.id), 'Wujiang does not');

  // typhoon over a major hazard source (storage)
  const inst = await ctx.request('admin', 'POST', `/api/v1/units/${ks.id}/installations`, {
    name: '甲醇罐区', kind: 'storage', inventory: [{ cas: '67-56-1', q: 800, category: 'W5.3' }],
  });
  ctx.require(inst.status === 201 && inst.json.major, `a major hazard source: ${inst.status} ${inst.text.slice(0, 200)}`);
  const typhoon = await ctx.request('admin', 'POST', '/api/v1/signals', {
    kind: 'weather', type: 'typhoon', level: 'orange', title: '台风橙色预警信号', regions: ['320583100'], start: '2026-12-15', end: '2026-12-16',
  });
  ctx.expect(typhoon, { status: 201 }, 'a typhoon warning');
  const t = raisedFor(typhoon, 'installation', inst.json.id);
  ctx.check(t.length === 1 && t[0].level === 'orange' && t[0].why.includes('储存'), `the storage is alerted: ${JSON.stringify(typhoon.json && typhoon.json.alerts).slice(0, 300)}`);

  // gale over a small polygon: the unit inside, not the one beside it
  const beside = await unitAt(ctx, '邻近施工单位', '320583', 120.955, 31.384);
  const inside = await report(ctx, ks, 'event', '2026-12-25', '2026-12-25');
  const outside = await report(ctx, beside, 'event', '2026-12-25', '2026-12-25');
  const gale = await ctx.request('kunshan', 'POST', '/api/v1/signals', {
    kind: 'weather', type: 'gale', level: 'yellow', title: '大风黄色预警信号', start: '2026-12-25T00:00', end: '2026-12-25T23:00',
    polygon: [[120.956, 31.385], [120.958, 31.385], [120.958, 31.387], [120.956, 31.387]],
  });
  ctx.expect(gale, { status: 201, json: { region: '320583' } }, 'a polygon warning');
  ctx.check(raisedFor(gale, 'dynamic_report', inside.id).length === 1, 'the event inside the polygon is alerted');
  ctx.check(raisedFor(gale, 'dynamic_report', outside.id).length === 0, 'the one beside it is not');

  // bad input and scope
  const bad = [
    [{ type: 'tornado' }, 400, 'type', 'weather_type'],
    [{ level: 'purple' }, 400, 'level', 'signal_level'],
    [{ end: '2026-12-10T00:00' }, 400, 'end', 'window_order'],
    [{ polygon: [[120.9, 31.3], [121, 31.3], [121, 31.4]] }, 400, 'regions', 'signal_area'],
  ];
  const base = { kind: 'weather', type: 'rainstorm', level: 'red', title: 'x', regions: ['320583'], start: '2026-12-11T06:00', end: '2026-12-11T20:00' };
  for (const [change, status, field, rule] of bad)
    ctx.expect(await ctx.request('admin', 'POST', '/api/v1/signals', { ...base, ...change }), { status, json: { error: { field, params: { rule } } } }, JSON.stringify(change));
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/signals', { ...base, regions: ['320509'] }), { status: 403, json: { error: { field: 'regions' } } }, 'Kunshan may not warn Wujiang');
  ctx.expect(await ctx.request('t_unit', 'POST', '/api/v1/signals', base), { status: 403, json: { error: { params: { rule: 'signal_scope' } } } }, 'a unit posts no signals');
}

export async function monitoringEventAlertsTheUnitsSupervisors(ctx) {
  const ks = await unitAt(ctx, '在线监测单位', '320583100', 120.957, 31.386);
  const m = await ctx.request('admin', 'POST', '/api/v1/signals', {
    kind: 'monitoring', type: 'gas', level: 'red', unit_id: ks.id, value: 35, threshold: 25, measure: '%LEL',
    title: '储罐区可燃气体浓度超限', source: '企业在线监测系统', start: '2026-12-01T10:05',
  });
  ctx.expect(m, { status: 201, json: { kind: 'monitoring', unit_id: ks.id, value: 35, threshold: 25, region: '320583100', end: '2026-12-01T10:05' } }, 'post a reading');
  const a = m.json && m.json.alerts;
  ctx.check(a && a.length === 1 && a[0].rule === 'monitoring' && a[0].entity === 'signal' && a[0].unit_id === ks.id && a[0].title.includes('35%LEL'), `one alert for the unit: ${JSON.stringify(a).slice(0, 300)}`);
  ctx.expect(await ctx.request('t_ksajj', 'GET', `/api/v1/alerts/${a && a[0].id}`), { status: 200 }, 'its department reads it');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/signals', { kind: 'monitoring', type: 'gas', level: 'red', unit_id: ks.id, title: 'x', start: '2026-12-01T10:05' }),
    { status: 400, json: { error: { field: 'value' } } }, 'a reading needs its value');
  const list = await ctx.request('kunshan', 'GET', '/api/v1/signals');
  ctx.check(list.status === 200 && list.json.items.some((s) => s.id === m.json.id), 'Kunshan lists the signal');
}
