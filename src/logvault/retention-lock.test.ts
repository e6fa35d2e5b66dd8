import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { cli, cliProcess } from '../../test/cli-helpers.js';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { tmpDir } from '../../test/logvault-helpers.js';
import { roles } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { verifyVault } from './verify-io.js';

/**
 * The retention lock (issue 13 item 3, acceptance): no API route, whatever the
 * role and the body, and no CLI command removes or shortens stored logs; a
 * policy below six calendar months is refused at start.
 */

/** 10:00 Beijing on 1 March 2026. */
const start = new Date('2026-03-01T02:00:00Z');
const actor = { userId: 'cli', username: 'cli', role: 'admin' as const, via: 'cli' as const };
const DAY = 86_400_000;

/** Bodies a caller could send to shorten retention or remove logs (strict schemas refuse the unknown keys). */
const hostile = [
  {},
  {
    policyDays: 1,
    days: 0,
    before: '2099-01-01',
    from: '2020-01-01',
    to: '2099-01-01',
    date: '2026-03-01',
    segment: '2026-03-01.0001',
    delete: true,
    purge: true,
    expire: true,
  },
  { reason: 'shorten the retention', version: 1, retired: true },
  { from: '2026-03-01', to: '2026-03-02' },
];

describeEachDatabase('retention lock: no route or role removes stored logs', (ctx) => {
  const clock = fixedClock(start);
  // Writes to unrouted paths are rate limited per address; this test sends hundreds on purpose.
  const get = useTestApp(ctx, { clock, config: { anonymousRateLimit: 100_000 } });

  /** Every file of the vault's segments folder with its SHA-256, and what the vault holds. */
  function snapshot() {
    const svc = get().app.services.logvault;
    const dir = path.join(svc.vault.dir, 'segments');
    const files = fs
      .readdirSync(dir)
      .sort()
      .map(
        (f) =>
          `${f} ${crypto
            .createHash('sha256')
            .update(fs.readFileSync(path.join(dir, f)))
            .digest('hex')}`,
      );
    return {
      files,
      events: svc.vault.status().events,
      expired: fs.existsSync(path.join(svc.vault.dir, 'expired.jsonl')),
    };
  }

  it('walks every API route with every role and hostile bodies: the vault is unchanged', async () => {
    const t = get();
    const svc = t.app.services.logvault;
    await svc.ingest(
      actor,
      [
        { host: 'fw-01', message: 'kept one' },
        { host: 'web-01', message: 'kept two' },
      ],
      null,
    );
    clock.set(new Date(start.getTime() + DAY));
    await svc.ingest(actor, [{ host: 'fw-01', message: 'kept three' }], null);
    await svc.flushSources();
    await svc.sealDays();
    await svc.vault.flush();
    const before = snapshot();
    assert.ok(before.files.some((f) => f.startsWith('2026-03-01.0001.seg')));
    const source = svc.listSources()[0]!.id;

    const api = t.app.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    // No route removes segments or days: the only DELETE under the vault lifts a legal hold.
    const vaultRoutes = api.filter((r) => r.url.startsWith('/api/logvault'));
    assert.deepEqual(
      vaultRoutes.filter((r) => r.method === 'DELETE').map((r) => r.url),
      ['/api/logvault/sources/:id/hold'],
    );
    assert.deepEqual(
      api
        .filter((r) => r.method !== 'GET' && /segment|expir|retention|purge|prune/i.test(r.url))
        .map((r) => `${r.method} ${r.url}`),
      [],
    );

    const statuses = new Map<string, Set<number>>();
    for (const route of api) {
      if (route.url === '/api/auth/logout') continue;
      const isVault = route.url.startsWith('/api/logvault');
      const url = route.url
        .replace(':id', isVault ? source : 'no-such-id')
        .replace(/:[A-Za-z]+/g, 'no-such-id')
        .replace('*', 'x');
      const bodies = route.method === 'GET' ? [undefined] : isVault ? hostile : [{}];
      for (const role of roles)
        for (const body of bodies) {
          const res = await t.inject({
            method: route.method as 'POST',
            url,
            headers: { authorization: `Bearer ${t.tokens[role]}` },
            ...(body === undefined ? {} : { payload: body }),
          });
          assert.ok(
            res.statusCode < 500 || res.statusCode === 503,
            `${route.method} ${url} ${role}: ${res.body}`,
          );
          if (isVault) {
            const key = `${route.method} ${route.url}`;
            if (!statuses.has(key)) statuses.set(key, new Set());
            statuses.get(key)!.add(res.statusCode);
          }
        }
    }
    assert.ok(statuses.size >= 8, [...statuses.keys()].join(', '));
    // Methods and paths the vault does not have: nothing answers them.
    for (const role of roles)
      for (const [method, url] of [
        ['DELETE', '/api/logvault/events'],
        ['PUT', '/api/logvault/events'],
        ['PATCH', '/api/logvault/events'],
        ['DELETE', '/api/logvault/segments/2026-03-01.0001'],
        ['DELETE', '/api/logvault/days/2026-03-01'],
        ['POST', '/api/logvault/expire'],
        ['PUT', '/api/logvault/retention'],
        ['DELETE', `/api/logvault/sources/${source}`],
      ] as const) {
        const res = await t.inject({
          method,
          url,
          headers: { authorization: `Bearer ${t.tokens[role]}` },
          payload: { policyDays: 1 },
        });
        assert.ok([403, 404, 405].includes(res.statusCode), `${role} ${method} ${url}: ${res.statusCode}`);
      }
    await svc.verifyDone();
    // The expiry job, run now, removes nothing: every day is inside its six months.
    assert.deepEqual(await svc.expireSegments(), []);
    assert.deepEqual(snapshot(), before);
    const found = await svc.search(actor, {}, { path: '/test' });
    assert.deepEqual(
      found.events.map((e) => e.message),
      ['kept one', 'kept two', 'kept three'],
    );
    const r = await verifyVault(svc.vault.dir, { seals: await svc.recordedSeals() });
    assert.ok(r.ok, JSON.stringify(r));
  });
});

it('no CLI command removes logs: every command of `wangan --help`, walked', async () => {
  const help = new Map<string, string>();
  const walk = async (words: string[]): Promise<void> => {
    const r = await cli([...words, '--help']);
    assert.equal(r.code, 0, `${words.join(' ')}: ${r.stderr}`);
    help.set(words.join(' '), r.stdout);
    const at = r.stdout.indexOf('\nCommands:\n');
    if (at < 0) return;
    for (const line of r.stdout.slice(at + 11).split('\n')) {
      const m = /^ {2}([a-z][\w-]*)/.exec(line);
      if (m && m[1] !== 'help') await walk([...words, m[1]!]);
    }
  };
  await walk([]);
  assert.ok(help.has('logvault verify') && help.has('logvault parse'), [...help.keys()].join(', '));
  const destructive = /\b(delete|remove|rm|purge|prune|expire|truncate|drop|wipe|clear|shorten)\b/i;
  // No command is named for removing anything, and none of the vault's commands or options speaks of it.
  for (const name of help.keys()) assert.doesNotMatch(name, destructive, name);
  for (const [name, text] of help)
    if (name.startsWith('logvault')) assert.doesNotMatch(text, destructive, `${name}:\n${text}`);
});

it('a policy below the longest six calendar months is refused at start, naming the variable', () => {
  const data = tmpDir();
  try {
    const r = cliProcess(['serve', '--port', '0', '--data', data], { WANGAN_LOGVAULT_POLICY_DAYS: '180' });
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /WANGAN_LOGVAULT_POLICY_DAYS: The retention policy must be a whole number of days, at least 184/,
    );
    assert.doesNotMatch(r.stdout + r.stderr, /listening|http:\/\//i, 'the server did not start');
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
  }
});
