import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, it } from 'node:test';
import { buildApp } from '../app.js';
import { roles, type Role } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import type { CapabilityModule } from '../platform/module.js';
import { modules } from '../modules.js';
import { describeEachDatabase, fakePdf, testConfig, useTestApp, type TestApp } from '../../test/helpers.js';
import { tmpDir } from '../../test/logvault-helpers.js';
import { logvaultModule } from './module.js';

/** 10:00 Beijing time on 1 March 2026. */
const start = new Date('2026-03-01T02:00:00Z');
const withVault = modules.map((m) =>
  m.key === 'logvault' ? logvaultModule : m,
) as readonly CapabilityModule<object>[];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ndjson = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n');

describeEachDatabase('log vault module', (ctx) => {
  const clock = fixedClock(start);
  const get = useTestApp(ctx, { clock, modules: withVault });
  let shipper = '';

  async function serviceToken(t: TestApp, username: string, role: Role, scopes: string[]): Promise<string> {
    const user = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(t.tokens.admin),
      payload: { username, role, kind: 'service' },
    });
    assert.equal(user.statusCode, 201, user.body);
    const res = await t.inject({
      method: 'POST',
      url: `/api/users/${(user.json() as { id: string }).id}/tokens`,
      headers: bearer(t.tokens.admin),
      payload: { name: 'shipper', scopes },
    });
    assert.equal(res.statusCode, 201, res.body);
    return (res.json() as { token: string }).token;
  }

  const post = (token: string, body: string, type = 'application/x-ndjson') =>
    get().inject({
      method: 'POST',
      url: '/api/logvault/events',
      headers: { ...bearer(token), 'content-type': type },
      payload: body,
    });
  const search = async (query: Record<string, string | number>, role: Role = 'security_officer') => {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    const res = await get().inject({
      method: 'GET',
      url: `/api/logvault/events${qs ? `?${qs}` : ''}`,
      headers: bearer(get().tokens[role]),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as {
      events: {
        seq: number;
        source: string;
        hostname: string | null;
        severity: number | null;
        message: string;
      }[];
      next: string | null;
    };
  };

  it('a shipper with a logvault.ingest token stores events, answered after the vault wrote them', async () => {
    const t = get();
    shipper = await serviceToken(t, 'log-shipper', 'security_officer', ['logvault.ingest']);
    const res = await post(
      shipper,
      ndjson([
        { host: 'fw-01', app: 'filterlog', severity: 4, message: 'Blocked 10.0.0.7 -> 8.8.8.8:53' },
        { host: 'fw-01', severity: 6, message: 'rule reload done', fields: { rules: 120 } },
        { host: 'web-01', app: 'sshd', severity: 3, message: 'Failed password for root from 203.0.113.9' },
      ]),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { accepted: 3 });
    // A JSON array works too.
    const arr = await post(
      shipper,
      JSON.stringify([
        { host: 'web-01', time: '2026-03-01T09:59:58+08:00', message: 'ERROR upstream timed out' },
      ]),
      'application/json',
    );
    assert.deepEqual(arr.json(), { accepted: 1 });
    // The events are in the vault's files, not in the database.
    const dir = t.app.services.logvault.vault.dir;
    assert.ok(
      fs
        .readdirSync(path.join(dir, 'segments'))
        .some((f) => f.startsWith('2026-03-01.') && f.endsWith('.seg')),
    );
    assert.equal(t.app.services.logvault.vault.status().events, 4);
    // Accepted batches leave no audit row (a shipper posts many times a second).
    const trail = await t.inject({
      method: 'GET',
      url: '/api/audit-events?action=logvault.ingest',
      headers: bearer(t.tokens.admin),
    });
    assert.equal(trail.statusCode, 200, trail.body);
    assert.equal((trail.json() as { events: unknown[] }).events.length, 0);
  });

  it('an incident is opened from a search result through the incident capability, once per event', async () => {
    const t = get();
    const [hit] = (await search({ q: 'Failed password' })).events as unknown as {
      seq: number;
      receivedAt: string;
    }[];
    assert.ok(hit, 'the search finds the sshd event');
    const open = (role: Role, seq = hit.seq) =>
      t.inject({
        method: 'POST',
        url: '/api/logvault/events/incident',
        headers: bearer(t.tokens[role]),
        payload: {
          receivedAt: hit.receivedAt,
          seq,
          title: 'root password guessed on web-01',
          category: 'network_attack',
        },
      });
    const first = await open('security_officer');
    assert.equal(first.statusCode, 201, first.body);
    const opened = first.json() as { id: string; ref: string; created: boolean };
    const incident = await t.app.services.incidents.get(opened.id);
    assert.equal(incident.source, 'logvault');
    assert.match(incident.description, /Failed password for root from 203\.0\.113\.9/);
    assert.deepEqual(
      incident.observables.map((o) => o.value),
      ['web-01'],
    );
    const again = await open('security_officer');
    assert.equal(again.statusCode, 200);
    assert.equal(
      (again.json() as { id: string }).id,
      opened.id,
      'the same event answers the incident it opened',
    );
    assert.equal((await open('auditor')).statusCode, 403, 'the auditor searches but opens no incident');
    const missing = await open('security_officer', hit.seq + 10_000);
    assert.equal(missing.statusCode, 404);
    assert.equal((missing.json() as { error: { field: string } }).error.field, 'seq');
  });

  it('the narrow token is refused everywhere else, and the role still applies', async () => {
    const t = get();
    const read = await t.inject({ method: 'GET', url: '/api/logvault/events', headers: bearer(shipper) });
    assert.equal(read.statusCode, 403, 'the ingest token cannot search');
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/organisation', headers: bearer(shipper) })).statusCode,
      403,
    );
    const moderator = await serviceToken(t, 'mod-shipper', 'moderator', ['logvault.ingest']);
    assert.equal((await post(moderator, ndjson([{ message: 'x' }]))).statusCode, 403);
    const incidents = await serviceToken(t, 'siem', 'security_officer', ['incidents.ingest']);
    assert.equal((await post(incidents, ndjson([{ message: 'x' }]))).statusCode, 403, 'another narrow scope');
    assert.equal((await post(t.tokens.auditor, ndjson([{ message: 'x' }]))).statusCode, 403, 'a read token');
    const anon = await t.inject({ method: 'POST', url: '/api/logvault/events', payload: [] });
    assert.equal(anon.statusCode, 401);
    // The refusal is in the audit trail.
    const trail = await t.inject({
      method: 'GET',
      url: '/api/audit-events?action=logvault.ingest',
      headers: bearer(t.tokens.admin),
    });
    assert.ok((trail.json() as { events: unknown[] }).events.length >= 1);
    assert.equal(t.app.services.logvault.vault.status().events, 4, 'nothing stored by a refused call');
  });

  it('a bad event answers 400 naming it, in both languages, and nothing of the batch is stored', async () => {
    const t = get();
    const before = t.app.services.logvault.vault.status().events;
    const res = await post(
      shipper,
      JSON.stringify([
        { host: 'fw-01', message: 'poison-batch one' },
        { host: 'fw-01', message: 'poison-batch two' },
        { host: 'fw-01', severity: 9, message: 'poison-batch three' },
      ]),
      'application/json',
    );
    assert.equal(res.statusCode, 400, res.body);
    const err = (
      res.json() as { error: { code: string; field: string; messages: { zh: string; en: string } } }
    ).error;
    assert.equal(err.code, 'validation_failed');
    assert.equal(err.field, 'events.2.severity');
    assert.match(err.messages.zh, /第3条事件的严重级别（severity）须为0至7的整数，整批未保存/);
    assert.match(err.messages.en, /Event 3: severity must be a whole number from 0 to 7/);

    const line = await post(shipper, `${JSON.stringify({ message: 'poison-batch four' })}\n{not json\n`);
    assert.equal(line.statusCode, 400);
    assert.equal(line.json().error.field, 'events.1');
    const noMessage = await post(shipper, ndjson([{ message: 'poison-batch five' }, { host: 'x' }]));
    assert.equal(noMessage.json().error.field, 'events.1.message');
    const unknown = await post(shipper, ndjson([{ message: 'poison-batch six', level: 'warn' }]));
    assert.equal(unknown.json().error.field, 'events.0.level');
    const tooMany = await post(
      shipper,
      JSON.stringify(Array.from({ length: 10_001 }, () => ({ message: 'm' }))),
      'application/json',
    );
    assert.equal(tooMany.statusCode, 400);
    assert.equal(tooMany.json().error.field, 'events');
    const tooManyLines = await post(
      shipper,
      ndjson(Array.from({ length: 10_001 }, () => ({ message: 'm' }))),
    );
    assert.equal(tooManyLines.json().error.field, 'events');
    // Past 8 MiB: 413, whatever the events.
    const big = await post(
      shipper,
      ndjson([{ message: 'x'.repeat(60_000) }])
        .concat('\n')
        .repeat(150),
    );
    assert.equal(big.statusCode, 413, big.body.slice(0, 200));
    assert.equal(big.json().error.code, 'payload_too_large');

    assert.equal(t.app.services.logvault.vault.status().events, before);
    assert.equal((await search({ q: 'poison-batch' })).events.length, 0);
  });

  it('search filters by source, severity, text and time, and pages with next', async () => {
    const t = get();
    clock.advance(60_000);
    const later = new Date(clock.now().getTime());
    await post(shipper, ndjson([{ host: 'FW-01', severity: 2, message: 'Firewall CPU critical' }]));
    const all = await search({});
    assert.equal(all.events.length, 5);
    assert.deepEqual(
      all.events.map((e) => e.seq),
      [...all.events.map((e) => e.seq)].sort((a, b) => a - b),
      'oldest first',
    );
    // By hostname (any case) or by id.
    const fw = await search({ source: 'fw-01' });
    assert.equal(fw.events.length, 3);
    assert.ok(fw.events.every((e) => e.source === fw.events[0]!.source));
    assert.equal((await search({ source: fw.events[0]!.source })).events.length, 3);
    assert.equal((await search({ source: 'no-such-host' })).events.length, 0);
    // This level or more severe.
    assert.deepEqual(
      (await search({ severity: 3 })).events.map((e) => e.severity),
      [3, 2],
    );
    // Substring, case-insensitive for Latin letters.
    assert.deepEqual(
      (await search({ q: 'error UPSTREAM' })).events.map((e) => e.message),
      ['ERROR upstream timed out'],
    );
    assert.equal(
      (await search({ q: 'failed PASSWORD' }, 'auditor')).events.length,
      1,
      'the auditor may search',
    );
    // Receive time.
    assert.deepEqual(
      (await search({ from: later.toISOString() })).events.map((e) => e.message),
      ['Firewall CPU critical'],
    );
    assert.equal((await search({ to: later.toISOString() })).events.length, 4);
    // Paging: two at a time through all five, none twice.
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof search>> = await search({
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.events.map((e) => e.seq));
      cursor = page.next;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(
      seen,
      all.events.map((e) => e.seq),
    );
    const limit = await t.inject({
      method: 'GET',
      url: '/api/logvault/events?limit=1001',
      headers: bearer(t.tokens.admin),
    });
    assert.equal(limit.statusCode, 400);
    // Logs hold personal data: the compliance officer, the DPO and the moderator may not search.
    for (const role of ['compliance_officer', 'data_protection_officer', 'moderator'] as const) {
      const res = await t.inject({
        method: 'GET',
        url: '/api/logvault/events',
        headers: bearer(t.tokens[role]),
      });
      assert.equal(res.statusCode, 403, role);
    }
    // Each search is in the audit trail, with what was asked.
    const trail = await t.inject({
      method: 'GET',
      url: '/api/audit-events?action=logvault.search&limit=200',
      headers: bearer(t.tokens.admin),
    });
    const rows = (trail.json() as { events: { detail: Record<string, unknown> | null }[] }).events;
    assert.ok(rows.length >= 10);
    assert.ok(rows.some((r) => r.detail?.q === 'error UPSTREAM' && r.detail.events === 1));
  });

  it('sources are registered from the host, written to the database off the request path', async () => {
    const t = get();
    const svc = t.app.services.logvault;
    const table = async () =>
      (await t.app.database.executeSql('select hostname from logvault_sources order by hostname')).rows.map(
        (r) => (r as { hostname: string }).hostname,
      );
    await svc.flushSources();
    assert.deepEqual(await table(), ['fw-01', 'web-01'], 'FW-01 is the same source as fw-01');
    assert.deepEqual(
      svc
        .listSources()
        .map((s) => s.hostname)
        .sort(),
      ['fw-01', 'web-01'],
    );
    // A new host is answered from memory and reaches the table at the next flush (every second).
    await post(shipper, ndjson([{ host: 'db-01', message: 'checkpoint complete' }]));
    await svc.flushSources();
    assert.deepEqual(await table(), ['db-01', 'fw-01', 'web-01']);
  });

  it('an unsealed finished day is an overdue open item; the seal job seals it and records it in the ledger', async () => {
    const t = get();
    const svc = t.app.services.logvault;
    assert.deepEqual(await svc.openItems(), [], 'today is still being written');
    // 10:00 Beijing on 2 March: 1 March is over and due sealed since 01:00.
    clock.set(new Date('2026-03-02T02:00:00Z'));
    const [item] = await svc.openItems();
    assert.ok(item);
    assert.equal(item.status, 'overdue');
    assert.deepEqual(item.obligations, ['csl.network-monitoring-logs']);
    assert.match(item.label.zh, /2026-03-01/);
    assert.equal(item.dueAt, '2026-03-01T17:00:00.000Z');
    const ws = await t.inject({ method: 'GET', url: '/api/workspace', headers: bearer(t.tokens.auditor) });
    assert.equal(ws.statusCode, 200);
    assert.match(ws.body, /seal-2026-03-01/);

    const sealed = await svc.sealDays();
    assert.deepEqual(
      sealed.map((s) => s.date),
      ['2026-03-01'],
    );
    assert.deepEqual(await svc.sealDays(), [], 'a day is sealed once');
    assert.deepEqual(await svc.openItems(), []);
    const [row] = await svc.sealRows();
    assert.ok(row);
    assert.equal(row.date, '2026-03-01');
    assert.equal(row.day_root, sealed[0]!.root);
    const records = await t.app.services.ledger.records({});
    const rec = records.find((r) => r.id === row.evidence_id);
    assert.ok(rec, 'the seal row names its ledger record');
    assert.equal(rec.kind, 'log_day_sealed');
    assert.deepEqual(rec.obligations, ['csl.network-monitoring-logs']);
    assert.equal(
      rec.summary,
      `2026-03-01: 6 events, root ${Buffer.from(row.day_root, 'base64').toString('hex')}`,
    );
    // Events after the seal go to the new day; the sealed day's search is unchanged.
    await post(shipper, ndjson([{ host: 'fw-01', message: 'next day' }]));
    assert.equal((await search({ to: '2026-03-01T16:00:00Z' })).events.length, 6);
  });

  it('retention lock: no route deletes or changes stored logs, for any role', async () => {
    const t = get();
    const logRoutes = t.app.routes
      .filter((r) => r.url.startsWith('/api/logvault'))
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => !r.startsWith('HEAD '))
      .sort();
    // Besides reading: adding events, opening an incident from one (which reads it), a source's
    // registration and legal hold, a verification run. None deletes or changes a stored event.
    const writes = new Set([
      'POST /api/logvault/events',
      'POST /api/logvault/events/incident',
      'PATCH /api/logvault/sources/:id',
      'PUT /api/logvault/sources/:id/hold',
      'DELETE /api/logvault/sources/:id/hold',
      'POST /api/logvault/verify',
    ]);
    for (const r of logRoutes)
      assert.ok(r.startsWith('GET ') || writes.has(r), `${r} is not a reading route`);
    assert.ok(logRoutes.includes('GET /api/logvault/events'));
    const before = t.app.services.logvault.vault.status().events;
    for (const role of roles)
      for (const method of ['DELETE', 'PUT', 'PATCH'] as const) {
        const res = await t.inject({
          method,
          url: '/api/logvault/events',
          headers: bearer(t.tokens[role]),
          payload: {},
        });
        assert.ok([403, 404, 405].includes(res.statusCode), `${role} ${method}: ${res.statusCode}`);
      }
    assert.equal(t.app.services.logvault.vault.status().events, before);
    assert.equal((await search({})).events.length, 7);
  });
});

describeEachDatabase('log vault with its disk nearly full', (ctx) => {
  const get = useTestApp(ctx, {
    modules: withVault,
    // More free space than any disk has: the vault refuses every event.
    env: { WANGAN_LOGVAULT_MIN_FREE_BYTES: String(Number.MAX_SAFE_INTEGER) },
  });

  it('refuses new events with 503 in both languages, storing nothing', async () => {
    const t = get();
    const res = await t.inject({
      method: 'POST',
      url: '/api/logvault/events',
      headers: { ...bearer(t.tokens.security_officer), 'content-type': 'application/x-ndjson' },
      payload: JSON.stringify({ message: 'hello' }),
    });
    assert.equal(res.statusCode, 503, res.body);
    const err = res.json().error as { code: string; messages: { zh: string; en: string } };
    assert.equal(err.code, 'storage_unavailable');
    assert.match(err.messages.zh, /磁盘空间将满/);
    assert.match(err.messages.en, /nearly full/);
    assert.equal(t.app.services.logvault.vault.status().events, 0);
    // The refusal is in the audit trail.
    const trail = await t.inject({
      method: 'GET',
      url: '/api/audit-events?action=logvault.ingest',
      headers: bearer(t.tokens.admin),
    });
    assert.equal((trail.json() as { events: unknown[] }).events.length, 1);
  });
});

describeEachDatabase('log vault across a restart', (ctx) => {
  const data = tmpDir();
  const clock = fixedClock(start);
  const actor = { userId: 'cli', username: 'cli', role: 'admin' as const, via: 'cli' as const };
  const open = async (database: Awaited<ReturnType<ReturnType<typeof ctx>['open']>>) =>
    buildApp({
      config: testConfig({ dataDir: data }),
      database,
      jobs: false,
      clock,
      printPdf: fakePdf,
      modules: withVault,
    });
  after(async () => {
    await ctx().dispose();
    fs.rmSync(data, { recursive: true, force: true });
  });

  it('keeps what it acknowledged, its sources and its seals, and seals a crash left unrecorded', async () => {
    const database = await ctx().open();
    try {
      const first = await open(database);
      assert.equal(first.services.logvault.vault.dir, path.join(data, 'logvault'), 'under the data folder');
      // Back to back, as a shipper's batches come: the second once waited forever in the vault's queue (a lost wake-up).
      await first.services.logvault.ingest(
        actor,
        [{ host: 'fw-01', message: 'before the restart' }],
        '10.0.0.1',
      );
      await first.services.logvault.ingest(actor, [{ message: 'no hostname' }], '10.0.0.9');
      // 2 March: the vault seals 1 March in its files, but the process stops before the database has the row.
      clock.set(new Date('2026-03-02T02:00:00Z'));
      await first.services.logvault.vault.sealDay('2026-03-01');
      await first.close();

      const second = await open(database);
      try {
        const svc = second.services.logvault;
        assert.deepEqual(
          svc
            .listSources()
            .map((s) => [s.hostname, s.address])
            .sort((a, b) => String(a[0] ?? a[1]).localeCompare(String(b[0] ?? b[1]))),
          [
            [null, '10.0.0.9'],
            ['fw-01', null],
          ],
          'sources written at shutdown are loaded at start',
        );
        const found = await svc.search(actor, {}, { path: '/test' });
        assert.deepEqual(
          found.events.map((e) => e.message),
          ['before the restart', 'no hostname'],
        );
        assert.equal(found.events[1]!.hostname, null);
        assert.equal((await svc.openItems())[0]?.status, 'overdue');
        const sealed = await svc.sealDays();
        assert.deepEqual(
          sealed.map((s) => s.date),
          ['2026-03-01'],
        );
        assert.deepEqual(await svc.openItems(), []);
        const [row] = await svc.sealRows();
        assert.equal(row?.day_root, svc.vault.seals()[0]!.root, 'the seal the vault wrote before the stop');
      } finally {
        await second.close();
      }
    } finally {
      await database.close();
    }
  });
});
