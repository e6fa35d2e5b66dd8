import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, it } from 'node:test';
import { buildApp, type WanganApp } from '../app.js';
import type { Role } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import type { CapabilityModule } from '../platform/module.js';
import { modules } from '../modules.js';
import { describeEachDatabase, fakePdf, testConfig, useTestApp } from '../../test/helpers.js';
import { tmpDir } from '../../test/logvault-helpers.js';
import { logvaultModule } from './module.js';
import { verifyVault } from './verify-io.js';

/** 10:00 Beijing on 1 March 2026. */
const start = new Date('2026-03-01T02:00:00Z');
const withVault = modules.map((m) =>
  m.key === 'logvault' ? logvaultModule : m,
) as readonly CapabilityModule<object>[];
const actor = { userId: 'cli', username: 'cli', role: 'admin' as const, via: 'cli' as const };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const DAY = 86_400_000;

describeEachDatabase('log vault retention: expiry and verify runs', (ctx) => {
  const clock = fixedClock(start);
  const get = useTestApp(ctx, { clock, modules: withVault });
  const svc = () => get().app.services.logvault;
  const segs = () =>
    fs
      .readdirSync(path.join(svc().vault.dir, 'segments'))
      .filter((f) => f.endsWith('.seg'))
      .sort();
  const verify = (role: Role, body: object = {}) =>
    get().inject({
      method: 'POST',
      url: '/api/logvault/verify',
      headers: bearer(get().tokens[role]),
      payload: body,
    });
  const runs = async (query = '') => {
    const res = await get().inject({
      method: 'GET',
      url: `/api/logvault/verify-runs${query}`,
      headers: bearer(get().tokens.auditor),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as {
      runs: { id: string; state: string; code: string | null; segment: string | null; by: string }[];
      next: string | null;
    };
  };

  it('stores three days of events and seals the half year after them', async () => {
    await svc().ingest(actor, [{ host: 'fw-01', message: 'day one' }], null);
    clock.set(new Date(start.getTime() + DAY));
    await svc().ingest(actor, [{ host: 'web-01', message: 'day two' }], null);
    clock.set(new Date(start.getTime() + 2 * DAY));
    await svc().ingest(actor, [{ host: 'fw-01', message: 'day three' }], null);
    await svc().flushSources();
    // 3 September 2026, 00:30 Beijing: 1 March is past its 185-day policy (and six months), 2 March is not.
    clock.set(new Date('2026-09-02T16:30:00Z'));
    const sealed = await svc().sealDays();
    assert.equal(sealed[0]?.date, '2026-03-01');
    assert.equal(sealed.at(-1)?.date, '2026-09-02');
    assert.deepEqual(segs(), ['2026-03-01.0001.seg', '2026-03-02.0001.seg', '2026-03-03.0001.seg']);
  });

  it('a day older than the policy goes with a ledger record; a day one day inside it stays; the seal stays', async () => {
    const t = get();
    assert.deepEqual(await svc().expireSegments(), ['2026-03-01']);
    assert.deepEqual(segs(), ['2026-03-02.0001.seg', '2026-03-03.0001.seg']);
    assert.deepEqual(await svc().expireSegments(), [], 'nothing more is due today');
    const found = await svc().search(actor, {}, { path: '/test' });
    assert.deepEqual(
      found.events.map((e) => e.message),
      ['day two', 'day three'],
    );
    const rec = (await t.app.services.ledger.records({})).find((r) => r.kind === 'log_day_expired');
    assert.ok(rec, 'the removal is in the ledger');
    assert.deepEqual(rec.obligations, ['csl.network-monitoring-logs']);
    assert.match(rec.summary, /^2026-03-01: 1 segments, 1 events removed after the retention period/);
    assert.ok(
      (await svc().sealRows()).some((r) => r.date === '2026-03-01'),
      'the seal row stays',
    );
    assert.deepEqual(await svc().expiredSummary(), { segments: 1, lastDay: '2026-03-01' });
    // The next day 2 March is due, but web-01, whose events it holds, is under legal hold: it stays.
    clock.set(new Date('2026-09-03T16:30:00Z'));
    await svc().sealDays();
    const web = svc()
      .listSources()
      .find((x) => x.hostname === 'web-01')!;
    const hold = async (on: boolean) => {
      const res = await t.inject({
        method: on ? 'PUT' : 'DELETE',
        url: `/api/logvault/sources/${web.id}/hold`,
        headers: bearer(t.tokens.compliance_officer),
        payload: { reason: on ? 'litigation: case 2026-17' : 'case closed' },
      });
      assert.equal(res.statusCode, 200, res.body);
    };
    await hold(true);
    assert.deepEqual(svc().heldSources(), [web.id]);
    assert.deepEqual(await svc().expireSegments(), []);
    assert.deepEqual(segs(), ['2026-03-02.0001.seg', '2026-03-03.0001.seg']);
    // Lifted: it goes at the next run.
    await hold(false);
    assert.deepEqual(await svc().expireSegments(), ['2026-03-02']);
    assert.deepEqual(segs(), ['2026-03-03.0001.seg']);
    const r = await verifyVault(svc().vault.dir, { seals: await svc().recordedSeals() });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.expired, 2);
  });

  it('a removal a crash cut short is finished at the next run: files, then its row and record', async () => {
    const t = get();
    clock.set(new Date('2026-09-04T16:30:00Z'));
    await svc().sealDays();
    const dir = path.join(svc().vault.dir, 'segments');
    const keep = fs.readdirSync(dir).filter((f) => f.startsWith('2026-03-03.'));
    const saved = keep.map((f) => [f, fs.readFileSync(path.join(dir, f))] as const);
    // The vault removes the day, but the process stops before the database has the row.
    await svc().vault.expireDay('2026-03-03', { policyDays: 185, held: false });
    // And as if it had stopped before the unlink too: the files are back.
    for (const [f, b] of saved) fs.writeFileSync(path.join(dir, f), b);
    assert.deepEqual(await svc().expireSegments(), [], 'nothing new');
    assert.deepEqual(segs(), []);
    assert.equal(
      (await t.app.services.ledger.records({})).filter((r) => r.kind === 'log_day_expired').length,
      3,
    );
    assert.deepEqual(await svc().expiredSummary(), { segments: 3, lastDay: '2026-03-03' });
  });

  it('a verify run answers 202 running, saves its result, and one runs at a time', async () => {
    await svc().ingest(actor, [{ host: 'fw-01', message: 'today' }], null);
    // Hold the vault's retention turn so the run cannot finish before the second request.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    void (svc() as unknown as { inTurn(fn: () => Promise<void>): Promise<void> }).inTurn(() => gate);
    const first = await verify('security_officer');
    assert.equal(first.statusCode, 202, first.body);
    const run = first.json() as { id: string; state: string; by: string; finishedAt: string | null };
    assert.equal(run.state, 'running');
    assert.equal(run.finishedAt, null);
    assert.equal(run.by, 'security_officer');
    const second = await verify('admin');
    assert.equal(second.statusCode, 409, second.body);
    assert.equal(second.json().error.details.running, run.id);
    assert.match(second.json().error.messages.zh, /正在进行/);
    release();
    await svc().verifyDone();
    const [last] = (await runs()).runs;
    assert.equal(last?.id, run.id);
    assert.equal(last?.state, 'ok');
    assert.equal((await svc().lastVerify())?.state, 'ok');
    // Who may start one: the auditor (with a read-only token), not the compliance officer; a bad range names the field.
    const byAuditor = await verify('auditor');
    assert.equal(byAuditor.statusCode, 202, byAuditor.body);
    await svc().verifyDone();
    assert.equal((await svc().lastVerify())?.by, 'auditor');
    assert.equal((await verify('compliance_officer')).statusCode, 403);
    const bad = await verify('admin', { from: '2026-09-05', to: '2026-09-01' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'to');
  });

  it('a tampered segment fails the run naming it, an open item until a later run passes', async () => {
    const [name] = segs();
    assert.ok(name);
    const file = path.join(svc().vault.dir, 'segments', name);
    await svc().vault.flush();
    const good = fs.readFileSync(file);
    const bad = Buffer.from(good);
    bad[bad.length - 5] = bad[bad.length - 5]! ^ 0xff;
    fs.writeFileSync(file, bad);
    const res = await verify('admin', { from: '2026-09-05' });
    assert.equal(res.statusCode, 202, res.body);
    await svc().verifyDone();
    const [failed] = (await runs()).runs;
    assert.equal(failed?.state, 'failed');
    assert.equal(failed?.segment, name.slice(0, -4));
    assert.ok(failed?.code);
    clock.advance(1000);
    const items = await svc().openItems();
    const item = items.find((i) => i.entryId === `verify-${failed.id}`);
    assert.ok(item, JSON.stringify(items));
    assert.equal(item.status, 'overdue');
    assert.match(item.label.en, /Log vault verify failed at segment/);
    assert.match(item.label.zh, /校验未通过/);
    // A passing run of other days does not clear it: the damaged segment was not checked again.
    const later = await verify('auditor', { from: '2099-01-01' });
    assert.equal(later.statusCode, 202, later.body);
    await svc().verifyDone();
    assert.equal((await runs()).runs[0]?.state, 'ok');
    assert.ok(
      (await svc().openItems()).some((i) => i.entryId === `verify-${failed.id}`),
      'still open after a narrow pass',
    );
    // Nor does the nightly run skip it: with the segment still bad, it fails again.
    assert.equal((await svc().verifyNightly())?.state, 'failed');
    // Repaired (restored from a copy): the nightly run passes and the item goes.
    fs.writeFileSync(file, good);
    const nightly = await svc().verifyNightly();
    assert.equal(nightly?.state, 'ok');
    assert.equal(nightly?.by, 'system');
    assert.ok(!(await svc().openItems()).some((i) => i.entryId.startsWith('verify-')));
  });

  it('verify runs page newest first', async () => {
    const all = (await runs()).runs;
    assert.ok(all.length >= 3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof runs>> = await runs(
        `?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.runs.map((r) => r.id));
      cursor = page.next;
    } while (cursor);
    assert.deepEqual(
      seen,
      all.map((r) => r.id),
    );
    const denied = await get().inject({
      method: 'GET',
      url: '/api/logvault/verify-runs',
      headers: bearer(get().tokens.moderator),
    });
    assert.equal(denied.statusCode, 403);
  });
});

describeEachDatabase('log vault with its disk nearly full after storing events', (ctx) => {
  const data = tmpDir();
  const clock = fixedClock(start);
  const open = (database: Awaited<ReturnType<ReturnType<typeof ctx>['open']>>, env: NodeJS.ProcessEnv = {}) =>
    buildApp({
      config: testConfig({ dataDir: data }),
      database,
      jobs: false,
      clock,
      printPdf: fakePdf,
      modules: withVault,
      env,
    });
  after(async () => {
    await ctx().dispose();
    fs.rmSync(data, { recursive: true, force: true });
  });

  it('refuses new events (503), keeps what it stored intact, and shows an open item while it refuses', async () => {
    const database = await ctx().open();
    let app: WanganApp | undefined;
    try {
      app = await open(database);
      await app.services.logvault.ingest(actor, [{ host: 'fw-01', message: 'stored before' }], null);
      assert.equal(app.services.logvault.refusing(), null);
      assert.ok(!(await app.services.logvault.openItems()).some((i) => i.entryId === 'refusing'));
      // A verify the process was running when it stopped.
      await database.executeSql(
        "insert into logvault_verify_runs (id, started_at, state, by_name) values ('lvr_stale', now(), 'running', 'admin')",
      );
      await app.close();
      // More free space asked for than any disk has.
      app = await open(database, { WANGAN_LOGVAULT_MIN_FREE_BYTES: String(Number.MAX_SAFE_INTEGER) });
      const svc = app.services.logvault;
      const stale = await svc.lastVerify();
      assert.equal(stale?.id, 'lvr_stale');
      assert.equal(stale?.state, 'failed', 'closed at start: no run shows running forever');
      assert.equal(stale?.code, 'interrupted');
      await assert.rejects(
        svc.ingest(actor, [{ host: 'fw-01', message: 'refused' }], null),
        (err: { code?: string; status?: number }) => err.code === 'storage_unavailable',
      );
      assert.equal(svc.refusing(), 'disk_full');
      const item = (await svc.openItems()).find((i) => i.entryId === 'refusing');
      assert.ok(item);
      assert.deepEqual(item.obligations, ['csl.network-monitoring-logs']);
      assert.match(item.label.zh, /暂停接收新日志/);
      assert.match(item.label.en, /refuses new events/);
      const found = await svc.search(actor, {}, { path: '/test' });
      assert.deepEqual(
        found.events.map((e) => e.message),
        ['stored before'],
      );
      const r = await verifyVault(svc.vault.dir);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.events, 1);
    } finally {
      await app?.close();
      await database.close();
    }
  });
});
