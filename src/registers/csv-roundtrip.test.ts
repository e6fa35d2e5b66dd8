import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { fixedClock } from '../platform/clock.js';

describeEachDatabase('registers: a CSV export read back', (ctx) => {
  const clock = fixedClock(new Date('2026-04-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const h = (role: 'admin' | 'security_officer' | 'auditor') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const entries = async () =>
    (await get().inject({ method: 'GET', url: '/api/registers/cii-dr-tests', headers: h('auditor') })).json()
      .entries as { data: Record<string, unknown> }[];

  it('adds nothing: identical rows are skipped and reported, and no value gains an apostrophe', async () => {
    const t = get();
    const profile = await t.inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: h('admin'),
      payload: { profile: { name: 'Test Co.', cii: { sector: 'energy', operator: true } } },
    });
    assert.equal(profile.statusCode, 200);
    const first = await t.inject({
      method: 'POST',
      url: '/api/registers/cii-dr-tests/import',
      headers: h('security_officer'),
      payload: {
        csv: 'system,testedOn,testType,rtoTargetMinutes,success,notes\n=核心库,2026-03-01,restore,12,yes,-隔离更快\n@计费库,2026-03-02,failover,8,yes,+切换顺利\n',
      },
    });
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(first.json(), { imported: 2, skipped: 0, skippedLines: [] });

    const exported = await t.inject({
      method: 'GET',
      url: '/api/registers/cii-dr-tests/entries.csv',
      headers: h('auditor'),
    });
    assert.match(exported.body, /'=核心库/, 'the file defuses formulas');

    const again = await t.inject({
      method: 'POST',
      url: '/api/registers/cii-dr-tests/import',
      headers: h('security_officer'),
      payload: { csv: exported.body },
    });
    assert.equal(again.statusCode, 201, again.body);
    assert.deepEqual(again.json(), { imported: 0, skipped: 2, skippedLines: [2, 3] });
    const after = await entries();
    assert.equal(after.length, 2, 'no duplicates');
    assert.deepEqual(after.map((e) => e.data.system).sort(), ['=核心库', '@计费库']);
    assert.ok(!JSON.stringify(after).includes("'"), 'no value kept the defusing apostrophe');

    // A new row beside the old ones: only it is imported; a row repeated within the file counts once.
    const more = await t.inject({
      method: 'POST',
      url: '/api/registers/cii-dr-tests/import',
      headers: h('security_officer'),
      payload: {
        csv: `${exported.body}客服库,2026-03-03,restore,5,,true,,,,\r\n客服库,2026-03-03,restore,5,,true,,,,\r\n`,
      },
    });
    assert.deepEqual(more.json(), { imported: 1, skipped: 3, skippedLines: [2, 3, 5] });
    assert.equal((await entries()).length, 3);
  });
});
