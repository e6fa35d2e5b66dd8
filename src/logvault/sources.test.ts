import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, it } from 'node:test';
import { buildApp } from '../app.js';
import type { Role } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { describeEachDatabase, fakePdf, testConfig, useTestApp } from '../../test/helpers.js';
import { tmpDir } from '../../test/logvault-helpers.js';

/** 10:00 Beijing time on 1 March 2026. */
const start = new Date('2026-03-01T02:00:00Z');
const HOUR = 3_600_000;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const until = async (cond: () => Promise<boolean> | boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const portOf = (address: string | null) => Number(/:(\d+)$/.exec(address ?? '')?.[1]);

interface Source {
  id: string;
  hostname: string | null;
  address: string | null;
  name: string | null;
  zone: string | null;
  retired: boolean;
  version: number;
  quiet: boolean;
  last24h: number;
  hold: { since: string; by: string; reason: string } | null;
  coverage: { oldestKept: string | null; required: string; shortDays: number; sinceStart: boolean };
}

describeEachDatabase('log vault: syslog listeners, sources, activity, legal holds', (ctx) => {
  const clock = fixedClock(start);
  const get = useTestApp(ctx, {
    clock,
    env: { WANGAN_LOGVAULT_UDP: '127.0.0.1:0', WANGAN_LOGVAULT_TCP: '127.0.0.1:0' },
  });
  const as = (role: Role) => bearer(get().tokens[role]);
  const call = (role: Role, method: 'GET' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    get().inject({ method, url, headers: as(role), ...(payload !== undefined ? { payload } : {}) });
  const sources = async (q = '', role: Role = 'security_officer') => {
    const res = await call(role, 'GET', `/api/logvault/sources${q}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { sources: Source[]; next: string | null };
  };
  const byHost = async (hostname: string) => {
    const s = (await sources()).sources.find((x) => x.hostname === hostname);
    assert.ok(s, `source ${hostname} is listed`);
    return s;
  };
  const events = async (query = '') => {
    const res = await call('security_officer', 'GET', `/api/logvault/events${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return (
      res.json() as {
        events: {
          source: string;
          hostname: string | null;
          app: string | null;
          severity: number | null;
          time: string | null;
          format: string;
          skewSeconds: number | null;
          skewed: boolean;
          message: string;
        }[];
      }
    ).events;
  };

  it('a UDP and a TCP line sent to the listeners come back from the search parsed, with device time and skew', async () => {
    const svc = get().app.services.logvault;
    const status = svc.listenerStatus();
    assert.deepEqual(
      status.map((s) => [s.transport, s.address === null]),
      [
        ['udp', false],
        ['tcp', false],
        ['tls', true],
      ],
      'UDP and TCP listen, TLS is off (not configured)',
    );
    const udpPort = portOf(status[0]!.address);
    const tcpPort = portOf(status[1]!.address);
    assert.match(status[0]!.address!, /^127\.0\.0\.1:\d+$/);

    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) =>
      udp.send(
        '<165>1 2026-03-01T10:00:05+08:00 fw-01 filterlog 42 - - Blocked 10.0.0.7 -> 8.8.8.8:53',
        udpPort,
        '127.0.0.1',
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    udp.close();
    const tcp = net.connect(tcpPort, '127.0.0.1');
    await new Promise<void>((resolve) => tcp.once('connect', resolve));
    // RFC 3164: no year, no offset; the source's zone (Asia/Shanghai by default) reads it.
    tcp.end('<35>Mar  1 10:00:07 web-01 sshd[812]: Failed password for root from 203.0.113.9\n');

    await until(async () => (await events()).length === 2);
    const [fw, web] = await events();
    assert.deepEqual(
      [fw!.hostname, fw!.app, fw!.severity, fw!.format, fw!.time, fw!.skewSeconds, fw!.skewed],
      ['fw-01', 'filterlog', 5, 'rfc5424', '2026-03-01T02:00:05.000Z', 5, false],
    );
    assert.equal(fw!.message, 'Blocked 10.0.0.7 -> 8.8.8.8:53');
    assert.deepEqual(
      [web!.hostname, web!.app, web!.severity, web!.format, web!.time, web!.skewed],
      ['web-01', 'sshd', 3, 'rfc3164', '2026-03-01T02:00:07.000Z', false],
    );
    assert.deepEqual(
      svc.listenerStatus().map((s) => [s.transport, s.received, s.dropped]),
      [
        ['udp', 1, 0],
        ['tcp', 1, 0],
        ['tls', 0, 0],
      ],
    );
  });

  it('sources are listed with their sender address and today’s counts; a zone set later reads old lines in it', async () => {
    await get().app.services.logvault.flushSources();
    const web = await byHost('web-01');
    assert.equal(web.address, '127.0.0.1', 'the syslog sender’s address');
    assert.equal(web.last24h, 1);
    assert.equal(web.quiet, false);
    assert.equal(web.hold, null);
    assert.deepEqual(web.coverage, {
      oldestKept: '2026-03-01',
      required: '2026-03-01',
      shortDays: 0,
      sinceStart: true,
    });
    // The device's clock was in UTC all along: 10:00:07 UTC, eight hours ahead of the receive time.
    const res = await call('security_officer', 'PATCH', `/api/logvault/sources/${web.id}`, {
      version: web.version,
      zone: 'UTC',
      name: 'Web front end',
    });
    assert.equal(res.statusCode, 200, res.body);
    const saved = res.json() as Source;
    assert.deepEqual([saved.zone, saved.name, saved.version], ['UTC', 'Web front end', web.version + 1]);
    const [line] = await events(`?source=${web.id}`);
    assert.deepEqual(
      [line!.time, line!.skewSeconds, line!.skewed],
      ['2026-03-01T10:00:07.000Z', 28807, true],
    );
    // q finds it by its name, case-insensitively; nothing else matches.
    assert.deepEqual(
      (await sources('?q=web%20FRONT')).sources.map((s) => s.id),
      [web.id],
    );
    assert.deepEqual((await sources('?q=nothing-like-it')).sources, []);
  });

  it('an edit on a stale version is a 409 carrying the current one; a bad zone or an unknown MLPS system is a 400 naming the field', async () => {
    const web = await byHost('web-01');
    const stale = await call('security_officer', 'PATCH', `/api/logvault/sources/${web.id}`, {
      version: web.version - 1,
      owner: 'someone',
    });
    assert.equal(stale.statusCode, 409, stale.body);
    const err = stale.json().error as {
      code: string;
      details: { version: number };
      messages: { zh: string };
    };
    assert.equal(err.code, 'conflict');
    assert.equal(err.details.version, web.version);
    assert.match(err.messages.zh, /已被他人修改/);

    const zone = await call('security_officer', 'PATCH', `/api/logvault/sources/${web.id}`, {
      version: web.version,
      zone: 'Mars/Olympus',
    });
    assert.equal(zone.statusCode, 400, zone.body);
    assert.equal(zone.json().error.field, 'zone');
    const system = await call('security_officer', 'PATCH', `/api/logvault/sources/${web.id}`, {
      version: web.version,
      systemId: 'sys_nope',
    });
    assert.equal(system.statusCode, 400, system.body);
    assert.equal(system.json().error.field, 'systemId');
    assert.match(system.json().error.messages.zh, /等级保护系统台账中没有/);

    // A system the governance register knows is taken.
    const sys = await get().inject({
      method: 'POST',
      url: '/api/governance/mlps/systems',
      headers: as('security_officer'),
      payload: {
        name: '门户网站',
        stage: 'running',
        gradedOn: '2026-03-01',
        businessInformation: { object: 'citizens', harm: 'serious' },
        systemService: { object: 'citizens', harm: 'serious' },
      },
    });
    assert.equal(sys.statusCode, 201, sys.body);
    const ok = await call('security_officer', 'PATCH', `/api/logvault/sources/${web.id}`, {
      version: web.version,
      systemId: (sys.json() as { id: string }).id,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((ok.json() as { systemId: string }).systemId, (sys.json() as { id: string }).id);

    // The auditor reads the sources but does not edit them; an unknown source is a 404.
    assert.equal((await sources('', 'auditor')).sources.length, 2);
    const auditor = await call('auditor', 'PATCH', `/api/logvault/sources/${web.id}`, { version: 1 });
    assert.equal(auditor.statusCode, 403, auditor.body);
    const missing = await call('security_officer', 'GET', '/api/logvault/sources/src_nope/activity');
    assert.equal(missing.statusCode, 404, missing.body);
  });

  it('sources page with limit and cursor', async () => {
    const first = await sources('?limit=1');
    assert.equal(first.sources.length, 1);
    assert.ok(first.next);
    const second = await sources(`?limit=1&cursor=${first.next}`);
    assert.equal(second.sources.length, 1);
    assert.equal(second.next, null);
    assert.notEqual(second.sources[0]!.id, first.sources[0]!.id);
    const bad = await call('security_officer', 'GET', '/api/logvault/sources?cursor=nonsense');
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.field, 'cursor');
  });

  it('activity: hourly counts over the last 7 days, the gaps of a source that usually sends, at most 31 days', async () => {
    const t = get();
    const svc = t.app.services.logvault;
    const actor = { userId: 'cli', username: 'cli', role: 'admin' as const, via: 'cli' as const };
    // A regular sender: an event every hour for 10 hours, then silence for 3, then one more.
    for (let h = 1; h <= 14; h++) {
      clock.set(new Date(start.getTime() + h * HOUR));
      if (h <= 10 || h === 14)
        await svc.ingest(actor, [{ host: 'core-sw', message: `tick ${h}` }], '10.0.0.2');
      // Flushed half-way: counts written to the database and counts still in memory add up.
      if (h === 5) await svc.flushSources();
    }
    const sw = await byHost('core-sw');
    const from = new Date(start.getTime() + HOUR).toISOString();
    const to = new Date(start.getTime() + 15 * HOUR).toISOString();
    const res = await call(
      'auditor',
      'GET',
      `/api/logvault/sources/${sw.id}/activity?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    const a = res.json() as {
      hours: { at: string; events: number }[];
      gaps: { from: string; to: string; hours: number }[];
    };
    assert.equal(a.hours.length, 14);
    assert.deepEqual(
      a.hours.map((h) => h.events),
      [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1],
    );
    assert.deepEqual(a.gaps, [
      {
        from: new Date(start.getTime() + 11 * HOUR).toISOString(),
        to: new Date(start.getTime() + 14 * HOUR).toISOString(),
        hours: 3,
      },
    ]);
    // By default the last 7 days (168 hours, this one the last).
    const week = await call('security_officer', 'GET', `/api/logvault/sources/${sw.id}/activity`);
    assert.equal(week.statusCode, 200, week.body);
    const w = week.json() as { from: string; to: string; hours: { events: number }[] };
    assert.equal(Date.parse(w.to) - Date.parse(w.from), 7 * 24 * HOUR);
    assert.equal(
      w.hours.reduce((n, h) => n + h.events, 0),
      11,
    );
    const long = await call(
      'security_officer',
      'GET',
      `/api/logvault/sources/${sw.id}/activity?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z`,
    );
    assert.equal(long.statusCode, 400, long.body);
    assert.equal(long.json().error.field, 'from');
    assert.match(long.json().error.messages.zh, /最多查看31天/);
  });

  it('legal hold: placed once by the compliance officer, lifted only by admin or compliance officer, each in the ledger', async () => {
    const fw = await byHost('fw-01');
    const place = await call('compliance_officer', 'PUT', `/api/logvault/sources/${fw.id}/hold`, {
      reason: '公安机关调查取证',
    });
    assert.equal(place.statusCode, 200, place.body);
    const held = place.json() as Source;
    assert.deepEqual([held.hold?.by, held.hold?.reason], ['compliance_officer', '公安机关调查取证']);
    assert.deepEqual(get().app.services.logvault.heldSources(), [fw.id]);
    const twice = await call('security_officer', 'PUT', `/api/logvault/sources/${fw.id}/hold`, {
      reason: 'again',
    });
    assert.equal(twice.statusCode, 409, twice.body);
    assert.match(twice.json().error.messages.zh, /已于.*设置法律保全/);
    const auditor = await call('auditor', 'PUT', `/api/logvault/sources/${fw.id}/hold`, { reason: 'x' });
    assert.equal(auditor.statusCode, 403);
    const officer = await call('security_officer', 'DELETE', `/api/logvault/sources/${fw.id}/hold`, {
      reason: 'done',
    });
    assert.equal(officer.statusCode, 403, 'the security officer places holds but does not lift them');
    const empty = await call('compliance_officer', 'DELETE', `/api/logvault/sources/${fw.id}/hold`, {
      reason: ' ',
    });
    assert.equal(empty.statusCode, 400, 'a lift says why');
    const lift = await call('compliance_officer', 'DELETE', `/api/logvault/sources/${fw.id}/hold`, {
      reason: '案件已结案',
    });
    assert.equal(lift.statusCode, 200, lift.body);
    assert.equal((lift.json() as Source).hold, null);
    const again = await call('admin', 'DELETE', `/api/logvault/sources/${fw.id}/hold`, { reason: 'x' });
    assert.equal(again.statusCode, 409, again.body);
    assert.match(again.json().error.messages.zh, /未设置法律保全/);
    for (const kind of ['log_hold_placed', 'log_hold_lifted']) {
      // A record is in the tree (and listed) within a second.
      let records: { summary: string; obligations: string[] }[] = [];
      await until(async () => {
        const r = await call('auditor', 'GET', `/api/ledger/records?kind=${kind}`);
        assert.equal(r.statusCode, 200, r.body);
        records = (r.json() as { records: typeof records }).records;
        return records.length > 0;
      });
      assert.equal(records.length, 1, kind);
      assert.deepEqual(records[0]!.obligations, ['csl.network-monitoring-logs']);
      assert.match(records[0]!.summary, kind === 'log_hold_placed' ? /公安机关调查取证/ : /案件已结案/);
    }
    // The hold survives a reload from the database (a restart reads the row).
    const row = await get().app.services.logvault.source(
      { userId: 'cli', username: 'cli', role: 'admin', via: 'cli' },
      fw.id,
    );
    assert.equal(row.hold, null);
  });

  it('a source silent for three expected intervals (or a day) is quiet, with an open item; a retired one is not', async () => {
    const svc = get().app.services.logvault;
    const sw = await byHost('core-sw');
    // core-sw sent last at +14 h; expecting 2 an hour, it is quiet after 1.5 h (at least an hour).
    const set = await call('security_officer', 'PATCH', `/api/logvault/sources/${sw.id}`, {
      version: sw.version,
      expectedPerHour: 2,
    });
    assert.equal(set.statusCode, 200, set.body);
    clock.set(new Date(start.getTime() + 15 * HOUR + 20 * 60_000));
    assert.equal((await byHost('core-sw')).quiet, false, '80 minutes: not yet');
    clock.set(new Date(start.getTime() + 15 * HOUR + 40 * 60_000));
    assert.equal((await byHost('core-sw')).quiet, true, '100 minutes: quiet');
    assert.equal((await byHost('web-01')).quiet, false, 'no expected volume: quiet only after 24 hours');
    const items = await svc.openItems();
    const item = items.find((i) => i.entryId === `quiet-${sw.id}`);
    assert.ok(item, 'an open item for the quiet source');
    assert.equal(item.dueAt, new Date(start.getTime() + 15 * HOUR + 30 * 60_000).toISOString());
    assert.equal(item.status, 'overdue');
    assert.match(item.label.zh, /日志来源 core-sw 自 2026-03-02 00:00（北京时间）起未再发送日志/);
    const web = await byHost('web-01');
    clock.set(new Date(start.getTime() + 25 * HOUR));
    assert.equal((await byHost('web-01')).quiet, true);
    const retire = await call('admin', 'PATCH', `/api/logvault/sources/${web.id}`, {
      version: web.version,
      retired: true,
    });
    assert.equal(retire.statusCode, 200, retire.body);
    assert.deepEqual([(retire.json() as Source).retired, (retire.json() as Source).quiet], [true, false]);
    // Retiring changes which days are due: evidence in the ledger.
    await until(async () => {
      const r = await call('auditor', 'GET', '/api/ledger/records?kind=log_source_retired');
      const records = (r.json() as { records: { summary: string }[] }).records;
      return (
        records.length === 1 && /Web front end .*retired.*due up to 2026-03-01/.test(records[0]!.summary)
      );
    });
    assert.ok(!(await svc.openItems()).some((i) => i.entryId === `quiet-${web.id}`));
    // The dashboard shows the quiet source's item.
    const ws = await call('auditor', 'GET', '/api/workspace');
    assert.equal(ws.statusCode, 200, ws.body);
    assert.match(ws.body, new RegExp(`quiet-${sw.id}`));
  });
});

describeEachDatabase('log vault: a syslog port in use', (ctx) => {
  it('the server does not start, saying which port and variable', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const database = await ctx().open();
    try {
      await assert.rejects(
        buildApp({
          config: testConfig(),
          database,
          jobs: false,
          printPdf: fakePdf,
          env: { WANGAN_LOGVAULT_TCP: `127.0.0.1:${port}` },
        }),
        (err: Error & { messages?: { zh: string; en: string } }) =>
          new RegExp(`127\\.0\\.0\\.1:${port}.*WANGAN_LOGVAULT_TCP.*in use`).test(err.message) &&
          /已被占用/.test(err.messages?.zh ?? ''),
      );
    } finally {
      blocker.close();
      await database.close();
      await ctx().dispose();
    }
  });
});

/** A self-signed certificate and key as PEM files (null without openssl). */
function selfSignedFiles(dir: string): { cert: string; key: string } | null {
  const files = { cert: path.join(dir, 'syslog.crt'), key: path.join(dir, 'syslog.key') };
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
        '-keyout',
        files.key,
        '-out',
        files.cert,
      ]),
      { stdio: 'ignore' },
    );
    return files;
  } catch {
    return null;
  }
}

const pemDir = tmpDir();
const pem = selfSignedFiles(pemDir);
after(() => fs.rmSync(pemDir, { recursive: true, force: true }));

describeEachDatabase('log vault: syslog over TLS', (ctx) => {
  const get = useTestApp(ctx, {
    env: pem
      ? {
          WANGAN_LOGVAULT_TLS: '127.0.0.1:0',
          WANGAN_LOGVAULT_TLS_CERT: pem.cert,
          WANGAN_LOGVAULT_TLS_KEY: pem.key,
        }
      : {},
  });

  it('a line sent over TLS is stored and found', { skip: pem ? false : 'no openssl' }, async () => {
    const svc = get().app.services.logvault;
    const status = svc.listenerStatus();
    assert.deepEqual(
      status.map((s) => s.address === null),
      [true, true, false],
      'only TLS listens',
    );
    const socket = tls.connect({
      port: portOf(status[2]!.address),
      host: '127.0.0.1',
      rejectUnauthorized: false,
    });
    await new Promise<void>((resolve) => socket.once('secureConnect', resolve));
    socket.end('<134>1 2026-03-01T10:00:00+08:00 vpn-gw openvpn - - - client 198.51.100.4 connected\n');
    const found = async () => {
      const res = await get().inject({
        method: 'GET',
        url: '/api/logvault/events?q=connected',
        headers: bearer(get().tokens.auditor),
      });
      return (res.json() as { events: { hostname: string; app: string }[] }).events;
    };
    await until(async () => (await found()).length === 1);
    assert.deepEqual(
      (await found()).map((e) => [e.hostname, e.app]),
      [['vpn-gw', 'openvpn']],
    );
    assert.equal(svc.listenerStatus()[2]!.received, 1);
  });
});

describeEachDatabase('log vault: a TLS key that cannot be read', (ctx) => {
  it('the server does not start, naming the variable and the file', async () => {
    const database = await ctx().open();
    const missing = path.join(os.tmpdir(), 'wangan-no-such-dir', 'syslog.key');
    try {
      await assert.rejects(
        buildApp({
          config: testConfig(),
          database,
          jobs: false,
          printPdf: fakePdf,
          env: {
            WANGAN_LOGVAULT_TLS: '127.0.0.1:0',
            WANGAN_LOGVAULT_TLS_CERT: pem?.cert ?? missing,
            WANGAN_LOGVAULT_TLS_KEY: missing,
          },
        }),
        (err: Error & { field?: string }) =>
          err.field === (pem ? 'WANGAN_LOGVAULT_TLS_KEY' : 'WANGAN_LOGVAULT_TLS_CERT') &&
          err.message.includes(missing),
      );
    } finally {
      await database.close();
      await ctx().dispose();
    }
  });
});

describeEachDatabase('log vault sources across a restart', (ctx) => {
  const data = tmpDir();
  const clock = fixedClock(start);
  const actor = { userId: 'cli', username: 'cli', role: 'admin' as const, via: 'cli' as const };
  const open = (database: Awaited<ReturnType<ReturnType<typeof ctx>['open']>>) =>
    buildApp({ config: testConfig({ dataDir: data }), database, jobs: false, clock, printPdf: fakePdf });
  after(async () => {
    await ctx().dispose();
    fs.rmSync(data, { recursive: true, force: true });
  });

  it('keeps a source’s registration, hold and hour counts; a retired source leaves the seal duty after its last day', async () => {
    const database = await ctx().open();
    try {
      const first = await open(database);
      let id = '';
      try {
        const svc = first.services.logvault;
        await svc.ingest(actor, [{ host: 'old-fw', message: 'one' }], '10.0.0.5');
        clock.set(new Date(start.getTime() + HOUR));
        await svc.ingest(actor, [{ host: 'old-fw', message: 'two' }], null);
        // Written, then one more in the same hour: the second flush adds to the hour's row.
        await svc.flushSources();
        await svc.ingest(actor, [{ host: 'old-fw', message: 'three' }], null);
        id = svc.listSources()[0]!.id;
        await svc.updateSource(actor, id, {
          version: 1,
          name: '旧防火墙',
          zone: 'Asia/Urumqi',
          retired: true,
        });
        await svc.placeHold(actor, id, '诉讼保全');
      } finally {
        await first.close();
      }
      // Three days on: 1 March (the day it last sent) must be sealed; 2 and 3 March are not asked of it.
      clock.set(new Date('2026-03-04T02:00:00Z'));
      const second = await open(database);
      try {
        const svc = second.services.logvault;
        const view = await svc.source(actor, id);
        assert.deepEqual(
          [view.name, view.zone, view.retired, view.version, view.hold?.reason, view.hold?.by],
          ['旧防火墙', 'Asia/Urumqi', true, 2, '诉讼保全', 'cli'],
        );
        assert.equal(view.quiet, false, 'a retired source is never quiet');
        assert.equal(view.coverage.oldestKept, '2026-03-01');
        const activity = await svc.activity(actor, id, {
          from: start,
          to: new Date(start.getTime() + 2 * HOUR),
        });
        assert.deepEqual(
          activity.hours.map((h) => h.events),
          [1, 2],
        );
        const items = await svc.openItems();
        assert.deepEqual(
          items.map((i) => i.entryId),
          ['seal-2026-03-01'],
        );
        assert.doesNotMatch(items[0]!.label.en, /days unsealed/, 'only the day it last sent is asked of it');
      } finally {
        await second.close();
      }
    } finally {
      await database.close();
    }
  });
});
