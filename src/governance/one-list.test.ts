import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildApp } from '../app.js';
import { migrations } from '../migrations.js';
import { fixedClock } from '../platform/clock.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { describeEachDatabase, testConfig, useTestApp } from '../../test/helpers.js';

type Sys = { name: string; level: number };
type View = { id: string; name: string; graded: boolean; level: number; gradedOn: string | null };

const byName = (a: Sys, b: Sys) => a.name.localeCompare(b.name);

describeEachDatabase('One list of MLPS systems: the profile lists the Governance register', (ctx) => {
  const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const h = (role: 'admin' | 'security_officer' | 'compliance_officer') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const profile = async () =>
    (await get().inject({ method: 'GET', url: '/api/organisation', headers: h('admin') })).json().profile;
  const register = async () =>
    (await get().inject({ method: 'GET', url: '/api/governance/mlps', headers: h('admin') })).json()
      .systems as View[];
  const put = (systems: Sys[], role: 'admin' | 'compliance_officer' = 'admin') =>
    get().inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: h(role),
      payload: { profile: { name: 'Test Co.', mlps: { systems } } },
    });
  const gradeLevel3 = (name: string) =>
    get().inject({
      method: 'POST',
      url: '/api/governance/mlps/systems',
      headers: h('security_officer'),
      payload: {
        name,
        stage: 'running',
        gradedOn: '2026-03-01',
        businessInformation: { object: 'social_order', harm: 'serious' },
        systemService: { object: 'citizens', harm: 'serious' },
      },
    });

  it('a system graded in Governance shows in the organisation profile, with its graded level', async () => {
    assert.deepEqual((await profile()).mlps.systems, []);
    assert.equal((await gradeLevel3('即时通讯平台')).statusCode, 201);
    assert.deepEqual((await profile()).mlps.systems, [{ name: '即时通讯平台', level: 3 }]);
  });

  it('a system added through the profile shows in Governance as declared, without deadlines, until it is graded', async () => {
    const saved = await put(
      [
        { name: '即时通讯平台', level: 3 },
        { name: '企业官网', level: 2 },
      ],
      'compliance_officer',
    );
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(
      saved.json().profile.mlps.systems.sort(byName),
      [
        { name: '企业官网', level: 2 },
        { name: '即时通讯平台', level: 3 },
      ].sort(byName),
    );
    const site = (await register()).find((s) => s.name === '企业官网');
    assert.ok(site, 'the profile system is in the register');
    assert.deepEqual([site.graded, site.level, site.gradedOn], [false, 2, null]);
    const items = await get().app.services.governance.deadlines();
    assert.ok(
      items.every((d) => d.entryId !== site.id),
      'a declared system has no filing or assessment clock yet',
    );
    // Not graded: no filing yet, said in both languages.
    const filing = await get().inject({
      method: 'POST',
      url: `/api/governance/mlps/systems/${site.id}/filings`,
      headers: h('security_officer'),
      payload: { filedOn: '2026-03-02', authority: '上海市公安局网安总队', reference: '31010099999-26001' },
    });
    assert.equal(filing.statusCode, 400, filing.body);
    assert.match(filing.json().error.messages.en, /not graded yet/);
    assert.match(filing.json().error.messages.zh, /尚未定级/);
    // Graded by its name: the same row, now graded (one list, no second entry).
    const graded = await gradeLevel3('企业官网');
    assert.equal(graded.statusCode, 201, graded.body);
    assert.equal(graded.json().id, site.id);
    const after = await register();
    assert.equal(after.length, 2);
    assert.deepEqual(
      after.map((s) => [s.name, s.graded, s.level]).sort(),
      [
        ['企业官网', true, 3],
        ['即时通讯平台', true, 3],
      ].sort(),
    );
    assert.deepEqual(
      (await profile()).mlps.systems.find((s: Sys) => s.name === '企业官网'),
      {
        name: '企业官网',
        level: 3,
      },
    );
  });

  it('a declared system changes level or goes with the profile; a graded one is neither removed nor re-levelled there', async () => {
    const both = [
      { name: '即时通讯平台', level: 3 },
      { name: '企业官网', level: 3 },
    ];
    assert.equal((await put([...both, { name: '测试环境', level: 1 }])).statusCode, 200);
    assert.equal((await put([...both, { name: '测试环境', level: 2 }])).statusCode, 200);
    assert.equal((await register()).find((s) => s.name === '测试环境')?.level, 2);
    assert.equal((await put(both)).statusCode, 200);
    assert.equal(
      (await register()).find((s) => s.name === '测试环境'),
      undefined,
      'the declared one is gone',
    );

    const dropped = await put([{ name: '即时通讯平台', level: 3 }]);
    assert.equal(dropped.statusCode, 409, dropped.body);
    assert.match(
      dropped.json().error.messages.en,
      /"企业官网" is graded in Governance and cannot be removed/,
    );
    assert.match(
      dropped.json().error.messages.zh,
      /“企业官网”已在治理与等级保护中定级，不能从单位画像中删除/,
    );
    const relevelled = await put([both[0]!, { name: '企业官网', level: 2 }]);
    assert.equal(relevelled.statusCode, 409, relevelled.body);
    assert.equal(relevelled.json().error.field, 'profile.mlps.systems.1.level');
    assert.match(relevelled.json().error.messages.zh, /第3级/);
    const twice = await put([...both, { name: '企业官网', level: 3 }]);
    assert.equal(twice.statusCode, 400, twice.body);
    assert.equal(twice.json().error.field, 'profile.mlps.systems.2.name');
    // Refused means nothing changed, the rest of the profile included.
    assert.equal((await register()).length, 2);
    assert.deepEqual((await profile()).mlps.systems.length, 2);
  });
});

describeEachDatabase('Upgrading a database whose profile and register list different systems', (ctx) => {
  it('ends with one list: the register keeps its graded systems and gains the profile-only ones as declared', async () => {
    const database = await ctx().open();
    try {
      const before = Object.fromEntries(
        Object.entries(migrations).filter(([name]) => name !== 'governance/0002-declared-systems'),
      );
      await migrateToLatest(database, before);
      const profile = {
        services: [],
        mlps: {
          systems: [
            { name: 'IM platform', level: 3 },
            { name: 'Website', level: 2 },
            { name: 'Website', level: 2 },
            { name: '', level: 2 },
          ],
        },
      };
      await database.executeSql(
        `insert into organisation (name, profile, is_demo) values ('Old Co.', '${JSON.stringify(profile)}'::jsonb, false)`,
      );
      // Graded before the upgrade: the IM platform at level 2 (the profile said 3), and a console
      // the profile never listed.
      for (const [id, name] of [
        ['00000000-0000-4000-8000-000000000001', 'IM platform'],
        ['00000000-0000-4000-8000-000000000002', 'Cloud console'],
      ])
        await database.executeSql(
          `insert into mlps_systems (id, name, stage, bi_object, bi_harm, ss_object, ss_harm, level, graded_on, graded_by)
           values ('${id}', '${name}', 'running', 'citizens', 'serious', 'citizens', 'serious', 2, '2026-01-05', 'old')`,
        );
      const app = await buildApp({
        config: testConfig(),
        database,
        jobs: false,
        clock: fixedClock(new Date('2026-03-02T02:00:00Z')),
      });
      try {
        const systems = await app.services.governance.overview();
        assert.deepEqual(
          systems.map((s) => [s.name, s.level, s.graded]),
          [
            ['Cloud console', 2, true],
            ['IM platform', 2, true],
            ['Website', 2, false],
          ],
        );
        const org = await app.services.organisation.get();
        assert.equal(org.name, 'Old Co.');
        assert.deepEqual(org.profile.mlps.systems, [
          { name: 'Cloud console', level: 2 },
          { name: 'IM platform', level: 2 },
          { name: 'Website', level: 2 },
        ]);
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
      await ctx().dispose();
    }
  });
});

describeEachDatabase('The demo data: one list of systems', (ctx) => {
  it('the demo profile lists exactly the systems the demo grades in Governance', async () => {
    const database = await ctx().open();
    try {
      const app = await buildApp({ config: testConfig({ demo: true }), database, jobs: false });
      try {
        const profile = (await app.services.organisation.get()).profile.mlps.systems;
        const register = await app.services.governance.overview();
        assert.equal(register.length, 3);
        assert.ok(
          register.every((s) => s.graded),
          'every demo system is graded',
        );
        assert.deepEqual(
          profile,
          register.map((s) => ({ name: s.name, level: s.level })),
        );
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
      await ctx().dispose();
    }
  });
});
