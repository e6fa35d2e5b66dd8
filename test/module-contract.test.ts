import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { verifyPack } from '../src/ledger/pack-io.js';
import { modules } from '../src/modules.js';
import { fixedClock } from '../src/platform/clock.js';
import { checkModules, type CapabilityModule } from '../src/platform/module.js';
import { preContractMigrations } from '../src/platform/db/migrations/index.js';
import { toyModule } from './fixtures/toy/module.js';
import { describeEachDatabase, useTestApp } from './helpers.js';

const HOUR = 3_600_000;
const withToy = [...modules, toyModule] as readonly CapabilityModule<object>[];

describeEachDatabase('a capability added by one line to the module list', (ctx) => {
  const clock = fixedClock(new Date('2026-12-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock, modules: withToy });
  const as = (role: string) => ({ authorization: `Bearer ${get().tokens[role as 'admin']}` });

  it('is in the API: listed as a capability, its route answers, with its roles', async () => {
    const t = get();
    const caps = (await t.inject({ method: 'GET', url: '/api/capabilities', headers: as('auditor') })).json();
    assert.deepEqual(
      caps.capabilities.find((c: { key: string }) => c.key === 'toy'),
      { key: 'toy', articles: 'Art 99 (toy)', available: true, nav: true },
    );
    const refused = await t.inject({
      method: 'POST',
      url: '/api/toy/readings',
      headers: as('moderator'),
      payload: { meter: 'M-1' },
    });
    assert.equal(refused.statusCode, 403);
    const ok = await t.inject({
      method: 'POST',
      url: '/api/toy/readings',
      headers: as('security_officer'),
      payload: { meter: 'M-1' },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.ok(
      t.app.routes.some((r) => r.url === '/api/toy/readings'),
      'in the route x role list',
    );
  });

  it('has its migration run and recorded under its own name, and its job registered', async () => {
    const t = get();
    const r = await t.app.database.executeSql('SELECT name FROM wangan_migrations ORDER BY name');
    const names = r.rows.map((x) => x.name as string);
    assert.ok(names.includes('toy/0001-readings'), names.join(', '));
    assert.ok(names.includes('0001-platform'), 'the platform migrations before it');
    assert.ok(t.app.tasks.includes('toy.sweep'), t.app.tasks.join(', '));
  });

  it('leaves an open item with a 4-hour clock: on the dashboard to the minute, due soon at 1 hour left, then overdue', async () => {
    const t = get();
    const item = async () =>
      (await t.app.services.workspace.overview()).deadlines.find(
        (d) => d.source === 'toy' && d.subject === 'M-1',
      );
    const first = await item();
    assert.equal(first?.dueAt, '2026-12-01T06:00:00.000Z');
    assert.equal(first?.basis, 'hours');
    assert.equal(first?.status, 'on_track');
    clock.advance(3 * HOUR + 60_000); // 59 minutes left: a quarter of the clock
    assert.equal((await item())?.status, 'due_soon');
    clock.advance(HOUR);
    assert.equal((await item())?.status, 'overdue');
    const duty = (await t.app.services.workspace.overview()).items.find(
      (i) => i.id === 'csl.incident-report',
    );
    if (duty && duty.status !== 'not_applicable') assert.equal(duty.status, 'overdue', duty.reason.en);
  });

  it('has its file in the audit pack under the signed manifest, and its section in the report', async () => {
    const t = get();
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-toy-')), 'pack');
    await t.app.services.pack.export(out, {});
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    assert.ok(manifest.files['toy.json'], 'toy.json is covered by the manifest');
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'toy.json'), 'utf8'))[0].meter, 'M-1');
    const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    assert.match(report, /玩具读数 Toy readings \(1\)/);
    assert.equal(verifyPack(out).ok, true);
  });
});

describe('the module list', () => {
  const legacy = preContractMigrations;
  it('is consistent: unique keys, migrations named after their module, every token scope declared once', () => {
    assert.deepEqual(checkModules(withToy, legacy), []);
  });

  it('refuses a migration named after another module, a duplicate key, a planned module with parts', () => {
    const bad: CapabilityModule<object>[] = [
      { ...toyModule, migrations: { 'ledger/0009-sneaky': toyModule.migrations!['toy/0001-readings']! } },
      { key: 'toy', articles: '', available: true },
      { key: 'later', articles: '', available: false, build: () => ({}) },
    ];
    const problems = checkModules([...modules, ...bad], legacy);
    assert.ok(
      problems.some((p) => /ledger\/0009-sneaky.*must be named "toy\//.test(p)),
      problems.join('\n'),
    );
    assert.ok(problems.some((p) => /two modules are called "toy"/.test(p)));
    assert.ok(problems.some((p) => /"later" is planned/.test(p)));
  });
});
