import assert from 'node:assert/strict';
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
