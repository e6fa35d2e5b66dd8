import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { z } from 'zod';
import { fixedClock } from '../src/platform/clock.js';
import { describeEachDatabase, login, TEST_PASSWORD, useTestApp } from './helpers.js';

/** Every zod schema contract/ exports, by identity. */
async function contractSchemas(): Promise<Set<unknown>> {
  const dir = path.resolve(import.meta.dirname, '../contract');
  const out = new Set<unknown>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const v of Object.values(mod)) if (v instanceof z.ZodType) out.add(v);
  }
  return out;
}

/** Where in a schema an object lets unknown keys through (strip or passthrough), if anywhere. */
function looseObjectAt(schema: z.core.$ZodType, at = '', seen = new Set<unknown>()): string | undefined {
  if (seen.has(schema)) return undefined;
  seen.add(schema);
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const walk = (s: unknown, where: string) => looseObjectAt(s as z.core.$ZodType, where, seen);
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall as z.core.$ZodType | undefined;
      if (catchall?._zod.def.type !== 'never') return at || '/';
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
        const found = walk(v, `${at}/${k}`);
        if (found) return found;
      }
      return undefined;
    }
    case 'array':
      return walk(def.element, `${at}/*`);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
      return walk(def.innerType, at);
    case 'pipe':
      return walk(def.in, at) ?? walk(def.out, at);
    case 'lazy':
      return walk((def.getter as () => unknown)(), at);
    case 'union':
      for (const o of def.options as unknown[]) {
        const found = walk(o, at);
        if (found) return found;
      }
      return undefined;
    case 'tuple':
      for (const [i, item] of (def.items as unknown[]).entries()) {
        const found = walk(item, `${at}/${i}`);
        if (found) return found;
      }
      return undefined;
    case 'record':
      return walk(def.valueType, `${at}/*`);
    default:
      return undefined;
  }
}

/** Routes that answer a file or a stream, not JSON: no response schema by design. */
const binaryRoutes = new Set([
  'GET /api/files/:sha',
  'GET /api/pack/report.pdf',
  'GET /api/pack.tar',
  'GET /api/audit-events.csv',
  'GET /api/registers/:id/template.csv',
  'GET /api/registers/:id/template.xlsx',
  'GET /api/registers/:id/entries.csv',
  'GET /api/openapi.json',
  'GET /api/incidents/:id/reports/draft',
  'GET /api/incidents/:id/reports/:reportId/document',
  'GET /api/incidents/:id/attachments/:attachmentId',
  'GET /api/incidents/:id/breach/notice',
  'GET /api/logvault/events/export',
  'GET /api/content/disposals/report-draft',
]);

type Me = { user: { username: string }; can: string[]; tokenScopes: string[]; via: string };
type Page = Record<string, unknown> & { next: string | null };

describeEachDatabase('shapes the console can trust', (ctx) => {
  const clock = fixedClock(new Date('2026-05-04T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const as = (role: keyof ReturnType<typeof get>['tokens']) => bearer(get().tokens[role]);
  const me = async (headers: Record<string, string>) => {
    const res = await get().inject({ method: 'GET', url: '/api/auth/me', headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Me;
  };

  it('every JSON route answers 2xx through a strict schema exported by contract/', async () => {
    const exported = await contractSchemas();
    const problems: string[] = [];
    const api = get().app.routes.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD',
    );
    assert.ok(api.length >= 50, `the API has its routes (${api.length})`);
    for (const route of api) {
      const name = `${route.method} ${route.url}`;
      if (binaryRoutes.has(name)) continue;
      const response = (route.options.schema?.response ?? {}) as Record<string, z.core.$ZodType>;
      const ok = Object.entries(response).filter(([code]) => /^2\d\d$/.test(code));
      if (ok.length === 0) problems.push(`${name}: no 2xx response schema`);
      for (const [code, schema] of ok) {
        if (code === '204' && schema._zod.def.type === 'null') continue;
        if (!exported.has(schema)) problems.push(`${name} ${code}: not a schema exported by contract/`);
        const loose = looseObjectAt(schema);
        if (loose) problems.push(`${name} ${code}: the object at ${loose} is not strict`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('a field the schema does not name fails the response instead of leaking', async () => {
    const t = get();
    // The organisation route answers the organisation as its service returns it: slip in a field.
    const service = t.app.services.organisation;
    const original = service.get.bind(service);
    service.get = async () =>
      ({ ...(await original()), secret: 'leak' }) as Awaited<ReturnType<typeof original>>;
    try {
      const res = await t.inject({ method: 'GET', url: '/api/organisation', headers: as('admin') });
      assert.equal(res.statusCode, 500);
      assert.ok(!res.body.includes('leak'), res.body);
    } finally {
      service.get = original;
    }
    const res = await t.inject({ method: 'GET', url: '/api/organisation', headers: as('admin') });
    assert.equal(res.statusCode, 200);
  });

  it("/api/auth/me: `can` lists the routes' actions the role may take", async () => {
    const admin = await me(as('admin'));
    for (const a of [
      'users.create',
      'users.list',
      'registers.record',
      'registers.review',
      'workspace.review',
      'workspace.submit',
      'law.import',
      'calendar.add_year',
      'audit.read',
      'notifications.add',
      'organisation.update',
    ])
      assert.ok(admin.can.includes(a), `admin can ${a}`);
    assert.ok(!admin.can.includes('auth.login'), 'public routes are no one’s action');
    assert.deepEqual(admin.can, [...admin.can].sort(), 'sorted, each once');
    assert.equal(new Set(admin.can).size, admin.can.length);
    assert.deepEqual(admin.tokenScopes, ['read', 'write']);

    const auditor = await me(as('auditor'));
    for (const a of ['audit.read', 'obligations.assess', 'mlps.preview', 'pack.export'])
      assert.ok(auditor.can.includes(a), `auditor can ${a}`);
    // The auditor's test token only reads; signed in, they may make their own (read) tokens.
    assert.ok(!auditor.can.includes('tokens.create'));
    const auditorSession = await me({ cookie: (await login(get(), 'auditor')).cookie });
    assert.ok(auditorSession.can.includes('tokens.create'));
    assert.ok(!auditorSession.can.includes('registers.record'));
    for (const a of [
      'registers.record',
      'workspace.review',
      'workspace.submit',
      'users.create',
      'law.import',
    ])
      assert.ok(!auditor.can.includes(a), `auditor cannot ${a}`);
    assert.deepEqual(auditor.tokenScopes, ['read'], 'an auditor’s tokens only read');

    const moderator = await me(as('moderator'));
    assert.ok(moderator.can.includes('workspace.submit'));
    for (const a of ['registers.record', 'workspace.review', 'audit.read', 'users.list', 'mlps.grade'])
      assert.ok(!moderator.can.includes(a), `moderator cannot ${a}`);
    // What `can` leaves out, the route refuses.
    const refused = await get().inject({
      method: 'POST',
      url: '/api/registers/policies/entries',
      headers: as('moderator'),
      payload: { data: {} },
    });
    assert.equal(refused.statusCode, 403);
    const trail = await get().inject({ method: 'GET', url: '/api/audit-events', headers: as('moderator') });
    assert.equal(trail.statusCode, 403);
  });

  it("a read-only token's `can` keeps only what reading allows; a session's matches its role", async () => {
    const t = get();
    const created = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: as('admin'),
      payload: { name: 'read only', scopes: ['read'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const reader = bearer((created.json() as { token: string }).token);
    const r = await me(reader);
    assert.equal(r.via, 'token');
    for (const a of ['users.list', 'audit.read', 'obligations.assess', 'mlps.preview', 'pack.export'])
      assert.ok(r.can.includes(a), `a read token can ${a}`);
    for (const a of ['users.create', 'registers.record', 'workspace.review', 'tokens.create', 'law.import'])
      assert.ok(!r.can.includes(a), `a read token cannot ${a}`);
    const write = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: reader,
      payload: { username: 'nobody', role: 'auditor', password: 'long enough password' },
    });
    assert.equal(write.statusCode, 403, 'and the route agrees');

    const session = await login(t, 'admin');
    const signedIn = await t.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: TEST_PASSWORD },
    });
    assert.deepEqual((signedIn.json() as Me).can, (await me(as('admin'))).can, 'sign-in answers can too');
    const viaCookie = await me({ cookie: session.cookie });
    assert.equal(viaCookie.via, 'session');
    assert.deepEqual(viaCookie.can, (await me(as('admin'))).can);
  });

  it("a register's `can` narrows the route's actions by the register's own writers and approval", async () => {
    const t = get();
    const detail = async (id: string, role: Parameters<typeof as>[0]) => {
      const res = await t.inject({ method: 'GET', url: `/api/registers/${id}`, headers: as(role) });
      assert.equal(res.statusCode, 200, res.body);
      return (res.json() as { can: string[] }).can;
    };
    assert.deepEqual(await detail('policies', 'admin'), ['registers.record', 'registers.review']);
    assert.deepEqual(await detail('regulatory-events', 'security_officer'), [
      'registers.record',
      'registers.import',
    ]);
    assert.deepEqual(await detail('rectifications', 'security_officer'), [
      'registers.record',
      'registers.import',
      'registers.complete',
    ]);
    assert.deepEqual(await detail('regulatory-events', 'auditor'), []);
    assert.deepEqual(await detail('regulatory-events', 'data_protection_officer'), []);
    const profile = await t.inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: as('admin'),
      payload: { profile: { name: 'Test Co.', cii: { operator: true, sector: 'energy' } } },
    });
    assert.equal(profile.statusCode, 200, profile.body);
    // The data protection officer writes the localisation register, and only that one.
    assert.ok((await detail('cii-data-transfers', 'data_protection_officer')).includes('registers.record'));
    assert.deepEqual(await detail('cii-dr-tests', 'data_protection_officer'), []);
  });

  /** Follows `next` from the first page to the last; returns the pages' items in order. */
  async function allPages(url: string, key: string, limit: number, headers: Record<string, string>) {
    const items: { id: unknown }[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const sep = url.includes('?') ? '&' : '?';
      const res: Awaited<ReturnType<ReturnType<typeof get>['inject']>> = await get().inject({
        method: 'GET',
        url: `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json() as Page;
      const list = page[key] as { id: unknown }[];
      items.push(...list);
      sizes.push(list.length);
      if (page.next === null) return { items, sizes };
      assert.match(page.next, /^[A-Za-z0-9_-]+$/, 'an opaque base64url cursor');
      cursor = page.next;
    }
    throw new Error('paging never ended');
  }

  async function refusesBadCursors(url: string, headers: Record<string, string>) {
    const sep = url.includes('?') ? '&' : '?';
    const wrongShape = Buffer.from(JSON.stringify({ not: 'a key' })).toString('base64url');
    for (const cursor of ['not a cursor!', 'bm90IGpzb24', wrongShape]) {
      const res = await get().inject({
        method: 'GET',
        url: `${url}${sep}cursor=${encodeURIComponent(cursor)}`,
        headers,
      });
      assert.equal(res.statusCode, 400, `${url} cursor ${cursor}: ${res.body}`);
      const error = (res.json() as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'validation_failed');
      assert.match(error.message, /cursor/);
    }
    for (const limit of ['0', '501', 'x']) {
      const res = await get().inject({ method: 'GET', url: `${url}${sep}limit=${limit}`, headers });
      assert.equal(res.statusCode, 400, `${url} limit ${limit}`);
      assert.match((res.json() as { error: { message: string } }).error.message, /limit/);
    }
  }

  it('the audit trail pages newest first: limit, next, the cursor round trip, bad cursors refused', async () => {
    const t = get();
    for (let i = 0; i < 7; i++) {
      const res = await t.inject({
        method: 'POST',
        url: '/api/obligations/assess',
        headers: as('compliance_officer'),
        payload: { profile: { name: `Probe ${i}` } },
      });
      assert.equal(res.statusCode, 200);
    }
    const whole = await t.inject({
      method: 'GET',
      url: '/api/audit-events?limit=500',
      headers: as('auditor'),
    });
    const all = (whole.json() as { events: { id: number }[]; next: string | null }).events;
    assert.equal((whole.json() as Page).next, null, 'one page holds them all');
    assert.ok(all.length >= 8, `${all.length} events`);
    const first = (
      await t.inject({ method: 'GET', url: '/api/audit-events', headers: as('auditor') })
    ).json() as Page;
    assert.equal((first.events as unknown[]).length, Math.min(all.length, 50), 'default limit 50');
    const { items, sizes } = await allPages('/api/audit-events', 'events', 3, as('auditor'));
    assert.deepEqual(
      items.map((e) => e.id),
      all.map((e) => e.id),
      'the pages, in order, are the whole trail newest first, nothing twice or missed',
    );
    assert.ok(
      sizes.slice(0, -1).every((n) => n === 3),
      `full pages but the last: ${sizes.join()}`,
    );
    const ids = all.map((e) => e.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
      'newest first',
    );
    // A filter keeps to its rows across pages.
    const mine = await allPages('/api/audit-events?actor=compliance_officer', 'events', 2, as('admin'));
    assert.equal(mine.items.length, 7);
    await refusesBadCursors('/api/audit-events', as('auditor'));
  });

  it("a register's entries page newest first, with the cursor round trip and bad cursors refused", async () => {
    const t = get();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      const res = await t.inject({
        method: 'POST',
        url: '/api/registers/regulatory-events/entries',
        headers: as('security_officer'),
        payload: {
          data: {
            type: 'interview',
            authority: `检查组 ${i}`,
            occurredOn: i < 3 ? '2026-04-01' : '2026-04-20',
            subject: `第${i}次`,
          },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      ids.push((res.json() as { id: string }).id);
    }
    const whole = (
      await t.inject({
        method: 'GET',
        url: '/api/registers/regulatory-events?limit=500',
        headers: as('auditor'),
      })
    ).json() as { entries: { id: string; on: string }[]; next: string | null; deadlines: unknown[] };
    assert.equal(whole.next, null);
    assert.deepEqual(
      whole.entries.filter((e) => ids.includes(e.id)).map((e) => e.id),
      [ids[4], ids[3], ids[2], ids[1], ids[0]],
      'newest first: the later date, then the later record',
    );
    const { items, sizes } = await allPages('/api/registers/regulatory-events', 'entries', 2, as('auditor'));
    assert.deepEqual(
      items.map((e) => e.id),
      whole.entries.map((e) => e.id),
    );
    assert.deepEqual(sizes, [2, 2, 1]);
    await refusesBadCursors('/api/registers/regulatory-events', as('auditor'));
  });

  it('users, tokens and submissions page the same way', async () => {
    const users = await allPages('/api/users', 'users', 4, as('admin'));
    const names = users.items.map((u) => (u as unknown as { username: string }).username);
    assert.ok(names.length >= 6);
    assert.equal(new Set(names).size, names.length, 'no account twice');
    const tokens = await allPages('/api/tokens', 'tokens', 2, as('admin'));
    assert.ok(tokens.items.length >= 6);
    assert.equal(new Set(tokens.items.map((x) => x.id)).size, tokens.items.length);
    await refusesBadCursors('/api/users', as('admin'));
    await refusesBadCursors('/api/workspace/submissions', as('admin'));
  });
});
