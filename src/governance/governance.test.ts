import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { fixedClock } from '../platform/clock.js';
import { beijingDate } from '../platform/time.js';

describeEachDatabase('MLPS registers: grading, filing, assessment as evidence with deadlines', (ctx) => {
  const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const h = (role: 'admin' | 'security_officer' | 'auditor' | 'moderator') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const duty = async (id: string) =>
    (
      (await get().inject({ method: 'GET', url: '/api/workspace', headers: h('auditor') })).json().items as {
        id: string;
        status: string;
      }[]
    ).find((i) => i.id === id)?.status;

  it('the calculator grades without recording, and flags the configurable cell', async () => {
    const t = get();
    const r = await t.inject({
      method: 'POST',
      url: '/api/governance/mlps/grade',
      headers: h('auditor'),
      payload: {
        businessInformation: { object: 'citizens', harm: 'especially_serious' },
        systemService: { object: 'citizens', harm: 'serious' },
      },
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().level, 2);
    assert.deepEqual(r.json().uncertain[0].alternatives, [2, 3]);
  });

  it('grade -> file -> assess, each proved in the ledger; deadlines follow the level and go overdue with the clock', async () => {
    const t = get();
    assert.equal(await duty('csl.mlps-grading'), 'missing');
    const graded = await t.inject({
      method: 'POST',
      url: '/api/governance/mlps/systems',
      headers: h('security_officer'),
      payload: {
        name: '即时通讯平台',
        stage: 'running',
        gradedOn: '2026-03-01',
        businessInformation: { object: 'social_order', harm: 'serious' },
        systemService: { object: 'citizens', harm: 'serious' },
      },
    });
    assert.equal(graded.statusCode, 201, graded.body);
    const sys = graded.json();
    assert.equal(sys.level, 3);
    // 29 days of 30 left: not yet due soon (a 30-day clock is due soon in its last 7.5 days).
    assert.deepEqual([sys.filing.due, sys.filing.status], ['2026-03-31', 'missing']);
    assert.equal(sys.assessment.period, 'P1Y');
    assert.equal(await duty('csl.mlps-grading'), 'met');

    const filed = await t.inject({
      method: 'POST',
      url: `/api/governance/mlps/systems/${sys.id}/filings`,
      headers: h('security_officer'),
      payload: { filedOn: '2026-03-02', authority: '上海市公安局网安总队', reference: '31010099999-26001' },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    assert.equal(filed.json().filing.status, 'met');

    const assessed = await t.inject({
      method: 'POST',
      url: `/api/governance/mlps/systems/${sys.id}/assessments`,
      headers: h('security_officer'),
      payload: { assessedOn: '2026-03-02', score: 85, highRisk: false, assessor: '某测评机构' },
    });
    assert.equal(assessed.statusCode, 201, assessed.body);
    assert.deepEqual(
      [
        assessed.json().assessment.conclusion,
        assessed.json().assessment.nextDue,
        assessed.json().assessment.status,
      ],
      ['good', '2027-03-02', 'met'],
    );
    assert.equal(await duty('csl.mlps-assessment'), 'met');

    clock.advance(366 * 86_400_000);
    const later = (
      await t.inject({ method: 'GET', url: '/api/governance/mlps', headers: h('auditor') })
    ).json().systems[0];
    assert.equal(later.assessment.status, 'overdue');
    assert.equal(await duty('csl.mlps-assessment'), 'overdue');

    // Now 2027-03-03 10:00 in Beijing. Filing within 30 days: due soon at 7.5 days left, not 30.
    const filingOf = async (name: string, gradedOn: string) =>
      (
        await t.inject({
          method: 'POST',
          url: '/api/governance/mlps/systems',
          headers: h('security_officer'),
          payload: {
            name,
            stage: 'running',
            gradedOn,
            businessInformation: { object: 'citizens', harm: 'serious' },
            systemService: { object: 'citizens', harm: 'general' },
          },
        })
      ).json().filing;
    const nine = await filingOf('nine days left', '2027-02-11');
    assert.deepEqual([nine.due, nine.status], ['2027-03-13', 'missing'], '9.6 days left');
    const four = await filingOf('four days left', '2027-02-06');
    assert.deepEqual([four.due, four.status], ['2027-03-08', 'due_soon'], '4.6 days left');
    const items = (await t.inject({ method: 'GET', url: '/api/workspace', headers: h('auditor') })).json()
      .deadlines as { subject: string; dueAt: string; startAt: string; basis: string; rule: unknown }[];
    const open = items.find((d) => d.subject.startsWith('four days left'))!;
    assert.deepEqual(
      [open.startAt, open.dueAt, open.basis, open.rule],
      [
        '2027-02-05T16:00:00.000Z',
        '2027-03-07T16:00:00.000Z',
        'calendar',
        { id: 'mlps.filing', citations: ['csl2016:21', 'csl2025:23'] },
      ],
      'the clock runs from the grading date (Beijing midnight); the rule takes the articles of the duty it serves',
    );
  });

  it('a level 4 system is assessed every six months; an unfiled new system goes overdue 30 days after go-live', async () => {
    const t = get();
    const today = beijingDate(clock.now());
    const r = await t.inject({
      method: 'POST',
      url: '/api/governance/mlps/systems',
      headers: h('admin'),
      payload: {
        name: 'dispatch',
        stage: 'new',
        wentLiveOn: '2026-01-05',
        gradedOn: today,
        businessInformation: { object: 'social_order', harm: 'especially_serious' },
        systemService: { object: 'social_order', harm: 'general' },
      },
    });
    assert.equal(r.json().level, 4);
    assert.equal(r.json().assessment.period, 'P6M');
    assert.deepEqual([r.json().filing.due, r.json().filing.status], ['2026-02-04', 'overdue']);
    assert.equal(
      await duty('csl.mlps-filing'),
      'overdue',
      'one unfiled system past its deadline makes the duty overdue, though another system was filed',
    );
  });

  it('refuses bad input with clear errors', async () => {
    const t = get();
    const systems = (
      await t.inject({ method: 'GET', url: '/api/governance/mlps', headers: h('auditor') })
    ).json().systems;
    const id = systems[0].id;
    const future = await t.inject({
      method: 'POST',
      url: `/api/governance/mlps/systems/${id}/assessments`,
      headers: h('admin'),
      payload: { assessedOn: '2099-01-01', score: 90, highRisk: false, assessor: 'x' },
    });
    assert.equal(future.statusCode, 400);
    assert.match(future.json().error.message, /in the future/);
    const noGoLive = await t.inject({
      method: 'POST',
      url: '/api/governance/mlps/systems',
      headers: h('admin'),
      payload: {
        name: 'n',
        stage: 'new',
        gradedOn: '2026-03-01',
        businessInformation: { object: 'citizens', harm: 'general' },
        systemService: { object: 'citizens', harm: 'general' },
      },
    });
    assert.equal(noGoLive.statusCode, 400);
    assert.match(noGoLive.json().error.message, /go-live/);
    const badCell = await t.inject({
      method: 'POST',
      url: '/api/governance/mlps/grade',
      headers: h('admin'),
      payload: {
        businessInformation: { object: 'aliens', harm: 'general' },
        systemService: { object: 'citizens', harm: 'general' },
      },
    });
    assert.equal(badCell.json().error.code, 'validation_failed');
    const level6 = await t.inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: h('admin'),
      payload: { profile: { name: 'X', mlps: { systems: [{ name: 's', level: 6 }] } } },
    });
    assert.equal(level6.statusCode, 400, 'a level outside 1-5 is refused');
    assert.match(level6.json().error.message, /level/);
    assert.equal(
      (
        await t.inject({
          method: 'POST',
          url: '/api/governance/mlps/systems',
          headers: h('moderator'),
          payload: {},
        })
      ).statusCode,
      403,
    );
  });
});

// The filing rule as configured: 10 working days (later guidance, on the PRC holiday calendar) or
// 10 calendar days, from grading on Monday 2026-09-28.
for (const rule of [
  {
    name: '10 working days skip the National Day holiday and count the working Saturday',
    env: { WANGAN_MLPS_FILING_DAYS: '10', WANGAN_MLPS_FILING_WORKING_DAYS: '1' },
    due: '2026-10-16',
  },
  { name: '10 calendar days', env: { WANGAN_MLPS_FILING_DAYS: '10' }, due: '2026-10-08' },
]) {
  describeEachDatabase(`MLPS filing rule as configured: ${rule.name}`, (ctx) => {
    const clock = fixedClock(new Date('2026-09-28T02:00:00Z'));
    const get = useTestApp(ctx, { clock, env: rule.env });

    it(`a system graded on 2026-09-28 is due on ${rule.due}`, async () => {
      const r = await get().inject({
        method: 'POST',
        url: '/api/governance/mlps/systems',
        headers: { authorization: `Bearer ${get().tokens.admin}` },
        payload: {
          name: '调度系统',
          stage: 'running',
          gradedOn: '2026-09-28',
          businessInformation: { object: 'social_order', harm: 'serious' },
          systemService: { object: 'citizens', harm: 'general' },
        },
      });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().filing.due, rule.due);
    });
  });
}
