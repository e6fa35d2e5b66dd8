import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { verifyPack } from '../ledger/pack-io.js';
import { fixedClock } from '../platform/clock.js';

/** A 2027 notice as an admin types it in (dates made up for the test: 1-3 January off, Saturday 16th worked). */
const notice2027 = `
year: 2027
reference: 国办发明电〔2026〕99号
notice:
  zh: 国务院办公厅关于2027年部分节假日安排的通知
  en: State Council General Office notice on the 2027 holiday arrangements
days_off:
  - ["2027-01-01", "2027-01-03"]
working_weekends: ["2027-01-16"]
`;

describeEachDatabase('the working-day calendar: years added by an admin', (ctx) => {
  // Wednesday 30 December 2026, 10:00 in Beijing. MLPS filing counted as 10 PRC working days.
  const clock = fixedClock(new Date('2026-12-30T02:00:00Z'));
  const get = useTestApp(ctx, {
    clock,
    env: { WANGAN_MLPS_FILING_WORKING_DAYS: '1', WANGAN_MLPS_FILING_DAYS: '10' },
  });
  const as = (role: 'admin' | 'compliance_officer' | 'auditor') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const addYear = (payload: object, role: 'admin' | 'compliance_officer' = 'admin') =>
    get().inject({ method: 'POST', url: '/api/calendar/years', headers: as(role), payload });
  const piDeadline = async () =>
    (
      await get().inject({
        method: 'GET',
        url: `/api/workspace/csl.pi-deletion-correction/deadline?from=${encodeURIComponent('2026-12-20T03:00:00Z')}`,
        headers: as('auditor'),
      })
    ).json() as { due: string; estimate: { zh: string; en: string } | null };
  const filingItem = async () =>
    (
      (await get().inject({ method: 'GET', url: '/api/workspace', headers: as('auditor') })).json()
        .deadlines as {
        source: string;
        obligations: string[];
        due: string;
        basis: string;
        estimate: { en: string } | null;
      }[]
    ).find((d) => d.source === 'mlps' && d.obligations.includes('csl.mlps-filing'));

  it('lists the shipped years with their notice', async () => {
    const r = await get().inject({ method: 'GET', url: '/api/calendar', headers: as('auditor') });
    assert.equal(r.statusCode, 200, r.body);
    const view = r.json() as {
      years: { year: number; source: string; reference: string }[];
      lastShippedYear: number;
    };
    assert.deepEqual(
      view.years.map((y) => [y.year, y.source]),
      [
        [2025, 'shipped'],
        [2026, 'shipped'],
      ],
    );
    assert.equal(view.lastShippedYear, 2026);
    assert.match(view.years[1]!.reference, /国务院办公厅关于2026年部分节假日安排的通知/);
  });

  it('until 2027 is known, working-day deadlines in it are estimates (Monday to Friday); adding it makes them exact', async () => {
    const t = get();
    const graded = await t.inject({
      method: 'POST',
      url: '/api/governance/mlps/systems',
      headers: as('admin'),
      payload: {
        name: '结算系统',
        stage: 'running',
        gradedOn: '2026-12-28',
        businessInformation: { object: 'social_order', harm: 'serious' },
        systemService: { object: 'citizens', harm: 'general' },
      },
    });
    assert.equal(graded.statusCode, 201, graded.body);
    // 29, 30, 31 Dec, then Monday to Friday: Fri 1 Jan counts, the 10th working day is Mon 11 Jan.
    const before = await filingItem();
    assert.deepEqual([before?.basis, before?.due], ['working_days', '2027-01-11']);
    assert.match(before?.estimate?.en ?? '', /No holiday calendar for 2027 yet .*counted Monday to Friday/);
    const pi = await piDeadline();
    assert.equal(pi.due, '2027-01-08');
    assert.match(pi.estimate?.zh ?? '', /2027年.*估算/);

    const added = await addYear({ yaml: notice2027 });
    assert.equal(added.statusCode, 201, added.body);
    assert.deepEqual(
      [added.json().year, added.json().source, added.json().reference, added.json().addedBy],
      [2027, 'added', '国办发明电〔2026〕99号', 'admin'],
    );

    // 1 January is a holiday now: one working day later, and no longer an estimate.
    const after = await filingItem();
    assert.deepEqual([after?.due, after?.estimate], ['2027-01-12', null]);
    const exact = await piDeadline();
    assert.deepEqual([exact.due, exact.estimate], ['2027-01-11', null]);

    const listed = (await t.inject({ method: 'GET', url: '/api/calendar', headers: as('auditor') })).json();
    assert.deepEqual(
      listed.years.map((y: { year: number; source: string }) => [y.year, y.source]),
      [
        [2025, 'shipped'],
        [2026, 'shipped'],
        [2027, 'added'],
      ],
    );
    const trail = (
      await t.inject({ method: 'GET', url: '/api/audit-events?limit=20', headers: as('admin') })
    ).json().events as { action: string; status: number; detail: { year?: number; reference?: string } }[];
    const entry = trail.find((e) => e.action === 'calendar.add_year' && e.status === 201);
    assert.deepEqual(entry?.detail, { year: 2027, reference: '国办发明电〔2026〕99号' });
  });

  it('a year already known is refused with 409, whether shipped or added', async () => {
    const again = await addYear({ yaml: notice2027 });
    assert.equal(again.statusCode, 409, again.body);
    assert.match(again.json().error.message, /already holds 2027 \(added by admin/);
    const shipped = await addYear({
      year: 2026,
      reference: '国办发明电〔2025〕7号',
      days_off: [['2026-01-01', '2026-01-03']],
    });
    assert.equal(shipped.statusCode, 409);
    assert.match(shipped.json().error.message, /shipped with wangan/);
  });

  it('is checked strictly, and only an admin may add a year', async () => {
    const noReference = await addYear({ year: 2028, days_off: ['2028-01-01'] });
    assert.equal(noReference.statusCode, 400);
    assert.match(noReference.json().error.message, /\/reference/);
    const bad = await addYear({
      year: 2028,
      reference: '国办发明电〔2027〕1号',
      days_off: [
        ['2028-01-01', '2028-01-02'],
        ['2027-12-30', '2028-01-01'],
      ],
      working_weekends: ['2028-01-03', '2028-01-01'],
    });
    assert.equal(bad.statusCode, 400, bad.body);
    const paths = (bad.json().error.details as { path: string; message: string }[]).map(
      (i) => `${i.path} ${i.message}`,
    );
    assert.ok(
      paths.some((p) => /\/days_off\/1 2027-12-30 is not in 2028/.test(p)),
      paths.join('; '),
    );
    assert.ok(paths.some((p) => /\/working_weekends\/0 2028-01-03 is not a Saturday or Sunday/.test(p)));
    assert.ok(paths.some((p) => /\/working_weekends\/1 2028-01-01 is also listed as a day off/.test(p)));
    const notYaml = await addYear({ yaml: 'year: [2028' });
    assert.equal(notYaml.statusCode, 400);
    const officer = await addYear(
      { year: 2028, reference: '国办发明电〔2027〕1号', days_off: ['2028-01-01'] },
      'compliance_officer',
    );
    assert.equal(officer.statusCode, 403);
    const years = (await get().inject({ method: 'GET', url: '/api/calendar', headers: as('auditor') })).json()
      .years as { year: number }[];
    assert.ok(!years.some((y) => y.year === 2028), 'nothing was added');
  });

  it('travels in the audit pack (calendar.json, under the signed manifest), each year with its notice', async () => {
    const t = get();
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-calendar-')), 'pack');
    await t.app.services.pack.export(out, {});
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    assert.ok(manifest.files['calendar.json'], 'covered by the manifest');
    const calendar = JSON.parse(fs.readFileSync(path.join(out, 'calendar.json'), 'utf8'));
    const y2027 = calendar.years.find((y: { year: number }) => y.year === 2027);
    assert.deepEqual(
      [y2027.source, y2027.reference, y2027.daysOff, y2027.workingWeekends],
      ['added', '国办发明电〔2026〕99号', [['2027-01-01', '2027-01-03']], ['2027-01-16']],
    );
    assert.equal(calendar.generatedAt, clock.now().toISOString(), 'the injected clock');
    assert.equal(manifest.createdAt, clock.now().toISOString(), 'the manifest too');
    assert.equal(verifyPack(out).ok, true);
  });
});
