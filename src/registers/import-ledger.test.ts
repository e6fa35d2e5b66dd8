import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { fixedClock } from '../platform/clock.js';

describeEachDatabase('registers: a CSV import writes its evidence in one batch', (ctx) => {
  const clock = fixedClock(new Date('2026-04-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const h = (role: 'admin' | 'security_officer' | 'auditor') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const drills = async () =>
    (await get().inject({ method: 'GET', url: '/api/registers/cii-drills', headers: h('auditor') })).json()
      .entries as { data: { scenario: string }; evidenceIds: string[] }[];
  const duty = async () =>
    (
      (await get().inject({ method: 'GET', url: '/api/workspace', headers: h('auditor') })).json().items as {
        id: string;
        status: string;
        lastEvidenceAt: string | null;
      }[]
    ).find((i) => i.id === 'csl.cii-emergency-drills');
  const importCsv = (csv: string) =>
    get().inject({
      method: 'POST',
      url: '/api/registers/cii-drills/import',
      headers: h('security_officer'),
      payload: { csv },
    });

  it('each entry names its own record, and the duty shows the latest drill whatever the row order', async () => {
    const t = get();
    const profile = await t.inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: h('admin'),
      payload: { profile: { name: 'Test Co.', cii: { sector: 'energy', operator: true } } },
    });
    assert.equal(profile.statusCode, 200);
    assert.equal((await duty())?.status, 'missing');
    const res = await importCsv(
      'scenario,drilledOn,participants,lessons\n勒索软件,2026-01-10,12,隔离更快\n断电,2026-03-05,8,切换顺利\n数据泄露,2026-02-20,5,通报及时\n',
    );
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().imported, 3);
    const records = new Map((await t.app.services.ledger.records({})).map((r) => [r.id, r]));
    const entries = await drills();
    assert.equal(entries.length, 3);
    for (const e of entries) {
      assert.equal(e.evidenceIds.length, 1);
      const r = records.get(e.evidenceIds[0]!);
      assert.ok(r, `the record of ${e.data.scenario} is in the ledger`);
      assert.match(r.summary, new RegExp(e.data.scenario));
      assert.deepEqual(r.obligations, ['csl.cii-emergency-drills']);
    }
    // 5 March 2026, Beijing midnight: the newest drill, though it was not the file's last row.
    const latest = await duty();
    assert.equal(latest?.lastEvidenceAt, '2026-03-04T16:00:00.000Z');
    assert.equal(latest?.status, 'met');
    // An older drill imported later does not move it.
    clock.advance(60_000);
    assert.equal(
      (await importCsv('scenario,drilledOn,participants,lessons\n旧演练,2025-12-01,3,无\n')).statusCode,
      201,
    );
    assert.equal((await duty())?.lastEvidenceAt, '2026-03-04T16:00:00.000Z');
    // The sequencer puts the imported records in the tree.
    await t.app.services.ledger.sequence();
    const status = await t.app.services.ledger.status();
    assert.equal(status.pending, 0);
    for (const e of await drills()) await t.app.services.ledger.proof(e.evidenceIds[0]!);
  });
});
