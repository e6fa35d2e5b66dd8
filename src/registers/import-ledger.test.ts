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
    (await get().inject({ method: 'GET', url: '/api/registers/cii-dr-tests', headers: h('auditor') })).json()
      .entries as { data: { system: string }; evidenceIds: string[] }[];
  const duty = async () =>
    (
      (await get().inject({ method: 'GET', url: '/api/workspace', headers: h('auditor') })).json().items as {
        id: string;
        status: string;
        lastEvidenceAt: string | null;
      }[]
    ).find((i) => i.id === 'csl.cii-dr-backup');
  const importCsv = (csv: string) =>
    get().inject({
      method: 'POST',
      url: '/api/registers/cii-dr-tests/import',
      headers: h('security_officer'),
      payload: { csv },
    });

  it('each entry names its own record, and the duty shows the latest test whatever the row order', async () => {
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
      'system,testedOn,testType,success\n核心库,2026-01-10,restore,yes\n计费库,2026-03-05,failover,yes\n客服库,2026-02-20,restore,yes\n',
    );
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().imported, 3);
    const records = new Map((await t.app.services.ledger.records({})).map((r) => [r.id, r]));
    const entries = await drills();
    assert.equal(entries.length, 3);
    for (const e of entries) {
      assert.equal(e.evidenceIds.length, 1);
      const r = records.get(e.evidenceIds[0]!);
      assert.ok(r, `the record of ${e.data.system} is in the ledger`);
      assert.match(r.summary, new RegExp(e.data.system));
      assert.deepEqual(r.obligations, ['csl.cii-dr-backup']);
    }
    // 5 March 2026, Beijing midnight: the newest test, though it was not the file's last row.
    const latest = await duty();
    assert.equal(latest?.lastEvidenceAt, '2026-03-04T16:00:00.000Z');
    assert.equal(latest?.status, 'met');
    // An older test imported later does not move it.
    clock.advance(60_000);
    assert.equal(
      (await importCsv('system,testedOn,testType,success\n旧库,2025-12-01,restore,yes\n')).statusCode,
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
