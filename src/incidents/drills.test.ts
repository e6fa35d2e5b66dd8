import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, testConfig, useTestApp, type TestApp } from '../../test/helpers.js';
import type { Kysely } from 'kysely';
import { buildApp } from '../app.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { migrationsOf } from '../services.js';
import type { ModuleContext } from '../platform/module.js';
import { drillsPack } from './drills-module.js';
import { modules } from '../modules.js';
import type { Role } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { drillView } from './drills-rules.js';
import { DrillStore } from './drills-store.js';
import type { DrillTables } from './drills-tables.js';

// 10:00 on 2 March 2026, Beijing time.
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));

const headers = (t: TestApp, role: Role) => ({ authorization: `Bearer ${t.tokens[role]}` });

describeEachDatabase('Emergency drills: one list for every operator', (ctx) => {
  const get = useTestApp(ctx, { clock });
  const post = (url: string, payload: object, role: Role = 'security_officer') =>
    get().inject({ method: 'POST', url, headers: headers(get(), role), payload });
  const drill = (over: object = {}, role: Role = 'security_officer') =>
    post(
      '/api/incidents/drills',
      {
        scenario: '桌面推演：勒索软件',
        heldOn: '2026-02-20',
        participants: 8,
        findings: '备份恢复偏慢',
        ...over,
      },
      role,
    );
  const duty = async (id: string) =>
    (await get().app.services.workspace.overview()).items.find((i) => i.id === id);
  const drillItems = async () =>
    (await get().app.services.workspace.overview()).deadlines.filter((d) => d.source === 'incidents.drills');

  it('a drill with no emergency plan on record is recorded with none; every role reads it, only writers record', async () => {
    const r = await drill();
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual(
      [r.json().plan, r.json().migratedFrom, r.json().recordedBy],
      [null, null, 'security_officer'],
    );
    for (const role of ['auditor', 'data_protection_officer', 'moderator'] as const) {
      const list = await get().inject({
        method: 'GET',
        url: '/api/incidents/drills',
        headers: headers(get(), role),
      });
      assert.equal(list.statusCode, 200, role);
      assert.equal(list.json().drills[0].scenario, '桌面推演：勒索软件');
    }
    for (const role of ['auditor', 'data_protection_officer'] as const)
      assert.equal((await drill({}, role)).statusCode, 403, role);
  });

  it('refuses a drill in the future, naming the field in both languages', async () => {
    const r = await drill({ heldOn: '2026-03-03' });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error.field, 'heldOn');
    assert.match(r.json().error.messages.zh, /演练日期（2026-03-03）晚于今天/);
    assert.match(r.json().error.messages.en, /in the future/);
    assert.equal((await drill({ heldOn: '2026-03-02' })).statusCode, 201, 'today is fine');
  });

  it('rehearses the plan in force by default; a chosen plan must be an approved emergency plan', async () => {
    const t = get();
    const admin = await t.app.services.auth.findActor('admin');
    const officer = await t.app.services.auth.findActor('compliance_officer');
    const policy = (code: string, category: string, effectiveOn: string) =>
      t.app.services.registers.record(admin, 'policies', {
        code,
        title: `${code} 文本`,
        category,
        effectiveOn,
      });
    const plan = await policy('ER-01', 'emergency_plan', '2026-01-01');
    await t.app.services.registers.review(officer, 'policies', plan.id, { approve: true });
    const rules = await policy('SEC-01', 'security_rules', '2026-01-01');
    await t.app.services.registers.review(officer, 'policies', rules.id, { approve: true });
    const pending = await policy('ER-02', 'emergency_plan', '2026-01-15');

    const byDefault = await drill();
    assert.equal(byDefault.statusCode, 201, byDefault.body);
    assert.deepEqual(byDefault.json().plan, {
      entryId: plan.id,
      code: 'ER-01',
      title: 'ER-01 文本',
      version: 1,
      effectiveOn: '2026-01-01',
    });
    const before = await drill({ heldOn: '2025-12-20' });
    assert.equal(before.json().plan, null, 'held before the plan took effect: no plan in force then');

    for (const id of [rules.id, pending.id, '00000000-0000-4000-8000-000000000000']) {
      const r = await drill({ planEntryId: id });
      assert.equal(r.statusCode, 400, id);
      assert.equal(r.json().error.field, 'planEntryId');
      assert.match(r.json().error.messages.zh, /已批准的应急预案/);
    }
    const chosen = await drill({ planEntryId: plan.id });
    assert.equal(chosen.json().plan.code, 'ER-01');
  });

  it('makes the regular-drill duty met for a CII operator, and the emergency-plan duty', async () => {
    const t = get();
    assert.equal(await duty('csl.cii-emergency-drills'), undefined, 'not a CII operator: not its duty');
    const put = await t.inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: headers(t, 'admin'),
      payload: { profile: { name: 'Test Co.', cii: { operator: true, sector: 'finance' } } },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal((await duty('csl.cii-emergency-drills'))?.status, 'met');
    assert.equal((await duty('csl.incident-emergency-plan'))?.status, 'met');
  });

  it('a follow-up past its date is an overdue open item until marked done; done is evidence, undone reopens it', async () => {
    const r = await drill({
      followUps: [
        { title: '季度恢复测试', owner: 'security_officer', dueOn: '2026-02-27' },
        { title: '更新通讯录', dueOn: null },
      ],
    });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().id as string;
    const items = (await drillItems()).filter((d) => d.entryId.startsWith(id));
    assert.equal(items.length, 1, 'only the follow-up with a date');
    assert.deepEqual(
      [items[0]!.status, items[0]!.basis, items[0]!.due, items[0]!.obligations],
      ['overdue', 'calendar', '2026-02-27', ['csl.cii-emergency-drills', 'csl.incident-emergency-plan']],
    );
    assert.match(items[0]!.label.zh, /季度恢复测试/);
    assert.equal(
      (await duty('csl.cii-emergency-drills'))?.status,
      'overdue',
      'the open item folds into the duty',
    );

    const patch = (doneOn: string | null, role: Role = 'security_officer') =>
      get().inject({
        method: 'PATCH',
        url: `/api/incidents/drills/${id}/follow-ups/0`,
        headers: headers(get(), role),
        payload: { doneOn },
      });
    assert.equal((await patch('2026-03-01', 'auditor')).statusCode, 403);
    const future = await patch('2026-03-05');
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().error.field, 'doneOn');
    const followUpRecords = async () =>
      ((await get().app.services.ledger.factsByObligation()).get('csl.cii-emergency-drills') ?? []).filter(
        (f) => f.kind === 'drill_follow_up_completed',
      ).length;
    assert.equal(await followUpRecords(), 0);
    const done = await patch('2026-03-01');
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().followUps[0].doneOn, '2026-03-01');
    assert.equal((await drillItems()).filter((d) => d.entryId.startsWith(id)).length, 0);
    assert.equal(await followUpRecords(), 1, 'done is a ledger record');
    assert.equal((await duty('csl.cii-emergency-drills'))?.status, 'met');

    const undone = await patch(null);
    assert.equal(undone.json().followUps[0].doneOn, null);
    assert.equal((await drillItems()).filter((d) => d.entryId.startsWith(id)).length, 1);
    const missing = await get().inject({
      method: 'PATCH',
      url: `/api/incidents/drills/${id}/follow-ups/5`,
      headers: headers(get(), 'security_officer'),
      payload: { doneOn: null },
    });
    assert.equal(missing.statusCode, 404);
  });

  it('lists newest first, pages with a cursor and finds words in scenario or findings', async () => {
    await drill({ scenario: '断电切换演练', findings: '柴油发电机启动正常', heldOn: '2026-01-05' });
    const t = get();
    const list = (q: string) =>
      t.inject({ method: 'GET', url: `/api/incidents/drills${q}`, headers: headers(t, 'auditor') });
    const all = (await list('?limit=500')).json().drills as { heldOn: string; scenario: string }[];
    const dates = all.map((d) => d.heldOn);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    const first = (await list('?limit=2')).json();
    assert.equal(first.drills.length, 2);
    assert.ok(first.next);
    const second = (await list(`?limit=2&cursor=${first.next}`)).json();
    assert.deepEqual(
      second.drills.map((d: { id: string }) => d.id),
      all.slice(2, 4).map((d) => (d as unknown as { id: string }).id),
    );
    const found = (await list(`?q=${encodeURIComponent('柴油')}`)).json().drills;
    assert.deepEqual(
      found.map((d: { scenario: string }) => d.scenario),
      ['断电切换演练'],
    );
    assert.equal((await list('?cursor=nonsense')).statusCode, 400);
  });
});

describeEachDatabase('Drills in the demo and in the audit pack', (ctx) => {
  it('the demo has two drills rehearsing its emergency plan, one follow-up overdue; the pack holds the drills of its period', async () => {
    const database = await ctx().open();
    const app = await buildApp({ config: testConfig({ demo: true }), database, jobs: false, clock });
    try {
      const drills = app.services.drills;
      const list = (await drills.list({ limit: 50 })).drills;
      assert.equal(list.length, 2);
      assert.ok(
        list.every((d) => d.plan?.code),
        'each rehearses the plan in force',
      );
      const overdue = (await drills.openItems()).filter((d) => d.status === 'overdue');
      assert.equal(overdue.length, 1);
      const section = drillsPack(drills, { clock } as unknown as ModuleContext);
      assert.equal(section.file, 'incidents-drills.json');
      const recent = JSON.parse(
        String(await section.contents({ from: new Date(clock.now().getTime() - 90 * 86_400_000) })),
      ) as { drills: { scenario: string }[]; period: { from: string | null; to: string | null } };
      assert.equal(recent.drills.length, 1, 'only the drill held in the period');
      assert.match(recent.drills[0]!.scenario, /勒索软件/);
      assert.equal(recent.period.to, null);
    } finally {
      await app.close();
      await database.close();
      await ctx().dispose();
    }
  });
});

describeEachDatabase('Upgrading: the CII drill register becomes the drills list', (ctx) => {
  it('moves every cii-drills entry to the drills, removes it from the register, and keeps the duty met from the old records', async () => {
    const database = await ctx().open();
    const without = modules.map((m) =>
      m.migrations && 'incidents/0002-drills' in m.migrations
        ? {
            ...m,
            migrations: Object.fromEntries(
              Object.entries(m.migrations).filter(([name]) => name !== 'incidents/0002-drills'),
            ),
          }
        : m,
    );
    try {
      // The database as it was: a CII operator with two drills in the register, each with its ledger record.
      const old = await buildApp({ config: testConfig(), database, jobs: false, clock, modules: without });
      await old.services.organisation.create(
        { name: 'Old Co.', cii: { operator: true, sector: 'energy' } },
        false,
      );
      const actor = {
        userId: 'old',
        username: 'old.officer',
        role: 'security_officer' as const,
        via: 'cli' as const,
      };
      const entries = [
        {
          id: '00000000-0000-4000-8000-0000000000a1',
          on: '2025-11-10',
          data: {
            scenario: '网站篡改处置',
            drilledOn: '2025-11-10',
            planVersion: 'V2.1',
            participants: 6,
            lessons: '通报流程需简化',
          },
        },
        {
          id: '00000000-0000-4000-8000-0000000000a2',
          on: '2026-01-20',
          data: {
            scenario: "数据泄露'推演",
            drilledOn: '2026-01-20',
            participants: 11,
            lessons: '需补充媒体应对',
          },
        },
      ];
      for (const e of entries) {
        const receipt = await old.services.ledger.record(actor, {
          obligations: ['csl.cii-emergency-drills'],
          kind: 'drill',
          summary: `Drill "${e.data.scenario}" with ${e.data.participants} participants`,
          occurredAt: new Date(`${e.on}T00:00:00+08:00`),
        });
        const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
        await database.executeSql(
          `insert into register_entries (id, register_id, data, occurred_on, entry_key, version, status, obligations, recorded_by, recorded_at, evidence_ids)
           values (${q(e.id)}, 'cii-drills', ${q(JSON.stringify(e.data))}, ${q(e.on)}, null, null, 'recorded',
                   '["csl.cii-emergency-drills"]', 'old.officer', now(), ${q(JSON.stringify([receipt.id]))})`,
        );
      }
      const records = async () => ((await old.services.ledger.records({})) as unknown[]).length;
      const before = await records();

      // The upgrade, under the running server's feet as `wangan migrate` would do it.
      await migrateToLatest(database, migrationsOf(modules));
      const drills = (await new DrillStore(database.db as unknown as Kysely<DrillTables>).all()).map(
        drillView,
      );
      assert.deepEqual(
        drills.map((d) => [
          d.scenario,
          d.heldOn,
          d.planVersionText,
          d.participants,
          d.findings,
          d.migratedFrom,
          d.plan,
        ]),
        [
          ['网站篡改处置', '2025-11-10', 'V2.1', 6, '通报流程需简化', entries[0]!.id, null],
          ["数据泄露'推演", '2026-01-20', null, 11, '需补充媒体应对', entries[1]!.id, null],
        ],
      );
      const left = await database.db
        .selectFrom('register_entries' as never)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('register_id' as never, '=', 'cii-drills' as never)
        .executeTakeFirst();
      assert.equal(Number(left?.n), 0, 'no drill kept twice');
      assert.equal(await records(), before, 'the migration writes no ledger record');
      const duty = (await old.services.workspace.overview()).items.find(
        (i) => i.id === 'csl.cii-emergency-drills',
      );
      assert.equal(duty?.status, 'met', 'met from the records the register entries made');
      assert.equal(
        duty?.lastEvidenceAt?.slice(0, 10),
        '2026-01-19',
        'the newer drill (00:00 Beijing is 16:00 UTC the day before)',
      );
      await old.close();
    } finally {
      await database.close();
      await ctx().dispose();
    }
  });
});
