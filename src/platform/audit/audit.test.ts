import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { it } from 'node:test';
import { describeEachDatabase, login, useTestApp } from '../../../test/helpers.js';

describeEachDatabase('audit trail', (ctx) => {
  const get = useTestApp(ctx);

  it('records who changed what, when and from where, including refused attempts; never the password', async () => {
    const t = get();
    await t.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'wrong-password' },
    });
    const { cookie, csrf } = await login(t, 'admin');
    const created = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie, 'x-csrf-token': csrf, 'user-agent': 'audit-test' },
      payload: { username: 'newbie', role: 'moderator', password: 'newbie-password-1' },
    });
    assert.equal(created.statusCode, 201);
    await t.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    const denied = await t.inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: { authorization: `Bearer ${t.tokens.moderator}` },
      payload: { profile: { name: 'Hijacked' } },
    });
    assert.equal(denied.statusCode, 403);

    const res = await t.inject({
      method: 'GET',
      url: '/api/audit-events?limit=10',
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    assert.equal(res.statusCode, 200);
    const events = res.json().events as Array<{
      actor: string;
      action: string;
      status: number;
      ip: string;
      detail: Record<string, unknown>;
      method: string;
    }>;
    const [last, create, ok, fail] = events;
    assert.deepEqual([last?.actor, last?.action, last?.status], ['moderator', 'organisation.update', 403]);
    assert.deepEqual([create?.actor, create?.action, create?.status], ['admin', 'users.create', 201]);
    assert.equal(create?.detail.username, 'newbie');
    assert.ok(create?.ip, 'the address is recorded');
    assert.deepEqual([ok?.action, ok?.status, ok?.actor], ['auth.login', 200, 'admin']);
    assert.deepEqual(
      [fail?.action, fail?.status, fail?.actor, fail?.detail.username],
      ['auth.login', 401, 'anonymous', 'admin'],
    );
    assert.ok(!events.some((e) => e.method === 'GET'), 'reads are not state changes');
    assert.doesNotMatch(JSON.stringify(events), /wrong-password|newbie-password-1/);
  });
});

describeEachDatabase('audit trail under anonymous noise', (ctx) => {
  const get = useTestApp(ctx);
  const tableBytes = async (t: ReturnType<typeof get>) => {
    const r = await t.app.database.executeSql(
      "select pg_total_relation_size('audit_events')::bigint as n, (select count(*) from audit_events)::int as rows",
    );
    const row = r.rows[0] as { n: number | string; rows: number };
    return { bytes: Number(row.n), rows: Number(row.rows) };
  };

  it('800 anonymous POSTs to random 5 KB paths add under 100 KB, and the trail still counts them', async () => {
    const t = get();
    const before = await tableBytes(t);
    const codes = new Map<number, number>();
    for (let i = 0; i < 800; i++) {
      const junk = crypto.randomBytes(2560).toString('hex');
      const res = await t.inject({
        method: 'POST',
        url: `/${i % 2 ? 'api/' : ''}${junk}`,
        headers: { 'user-agent': `bot-${junk.slice(0, 1000)}` },
        payload: { x: junk },
      });
      codes.set(res.statusCode, (codes.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 429) assert.equal(res.json().error.code, 'rate_limited');
    }
    assert.ok((codes.get(429) ?? 0) > 0, `anonymous writes are rate limited: ${[...codes].join(' ')}`);
    // The counts are kept in memory and written in batches; what reaches the database is what counts.
    await t.app.services.audit.flushNoise();
    const after = await tableBytes(t);
    assert.ok(
      after.bytes - before.bytes < 100 * 1024,
      `audit_events grew by ${after.bytes - before.bytes} bytes (${after.rows - before.rows} rows)`,
    );
    const res = await t.inject({
      method: 'GET',
      url: '/api/audit-events?limit=10',
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    const folded = (res.json().events as Array<{ action: string; count: number; status: number }>).filter(
      (e) => e.action === 'http.anonymous_refused',
    );
    assert.deepEqual(folded.map((e) => e.status).sort(), [404, 429]);
    assert.equal(
      folded.reduce((n, e) => n + e.count, 0),
      800,
      'every refused request is counted',
    );
  });

  it('anonymous writes to a closed route are counted with the others, not stored one by one', async () => {
    const t = get();
    const before = await tableBytes(t);
    for (let i = 0; i < 50; i++) {
      const closed = await t.inject({
        method: 'DELETE',
        url: `/api/tokens/${crypto.randomUUID()}?${crypto.randomBytes(2000).toString('hex')}`,
      });
      assert.equal(closed.statusCode, 401);
      // A path segment longer than the router takes: refused in our shape, counted too.
      const long = await t.inject({
        method: 'DELETE',
        url: `/api/tokens/${crypto.randomBytes(2000).toString('hex')}`,
      });
      assert.equal(long.statusCode, 400);
      assert.equal(long.json().error.code, 'bad_request');
    }
    await t.app.services.audit.flushNoise();
    const after = await tableBytes(t);
    assert.ok(after.rows - before.rows <= 2, 'one row per address, status and hour');
    const counted = await t.app.database.executeSql(
      "select status, sum(count)::int as n from audit_events where action = 'http.anonymous_refused' and status in (400, 401) group by status order by status",
    );
    assert.deepEqual(
      counted.rows,
      [
        { status: 400, n: 50 },
        { status: 401, n: 50 },
      ],
      'every refusal is counted',
    );
  });

  it('a signed-in caller’s row is stored with its lengths capped', async () => {
    const t = get();
    const actor = await t.app.services.auth.findActor('admin');
    await t.app.services.audit.record({
      actor,
      action: `a${'x'.repeat(10_000)}`,
      path: `/${'p'.repeat(10_000)}`,
      userAgent: 'u'.repeat(10_000),
      detail: { note: 'n'.repeat(10_000), list: Array.from({ length: 1000 }, (_, i) => `item ${i}`) },
    });
    const r = await t.app.database.executeSql(
      'select length(action) a, length(path) p, length(user_agent) u, length(detail::text) d from audit_events order by id desc limit 1',
    );
    const row = r.rows[0] as { a: number; p: number; u: number; d: number };
    assert.ok(row.a <= 200 && row.p <= 500 && row.u <= 300 && row.d <= 4100, JSON.stringify(row));
  });
});
