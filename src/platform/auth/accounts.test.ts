import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, login, TEST_PASSWORD, useTestApp } from '../../../test/helpers.js';

describeEachDatabase('accounts: own password, admin reset, role change', (ctx) => {
  const get = useTestApp(ctx);

  const me = async (t: ReturnType<typeof get>, headers: Record<string, string>) =>
    (await t.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode;

  it('a person changes their own password: the current one is required, other sessions and their tokens end', async () => {
    const t = get();
    const here = await login(t, 'security_officer');
    const elsewhere = await login(t, 'security_officer');
    const token = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: here.cookie, 'x-csrf-token': here.csrf },
      payload: { name: 'my script', scopes: ['read'] },
    });
    assert.equal(token.statusCode, 201);
    const bearer = { authorization: `Bearer ${token.json().token as string}` };
    assert.equal(await me(t, bearer), 200);

    const wrong = await t.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here.cookie, 'x-csrf-token': here.csrf, 'x-wangan-lang': 'zh' },
      payload: { currentPassword: 'not my password', newPassword: 'a brand new password' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.field, 'currentPassword');
    assert.equal(wrong.json().error.messages.zh, '当前密码不正确。');
    assert.equal(wrong.json().error.message, '当前密码不正确。');

    const same = await t.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here.cookie, 'x-csrf-token': here.csrf },
      payload: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD },
    });
    assert.equal(same.json().error.field, 'newPassword');

    const ok = await t.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here.cookie, 'x-csrf-token': here.csrf },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' },
    });
    assert.equal(ok.statusCode, 204);
    assert.equal(await me(t, { cookie: here.cookie }), 200, 'the session it was done from goes on');
    assert.equal(await me(t, { cookie: elsewhere.cookie }), 401, 'the other session ended');
    assert.equal(await me(t, bearer), 401, 'their token was revoked');
    await login(t, 'security_officer', 'a brand new password');
  });

  it('an admin resets a password (generated, shown once): the user’s sessions end, their tokens are revoked, the trail says so', async () => {
    const t = get();
    const admin = await login(t, 'admin');
    const h = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const user = await login(t, 'data_protection_officer');
    const token = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: user.cookie, 'x-csrf-token': user.csrf },
      payload: { name: 'reports', scopes: ['read'] },
    });
    const bearer = { authorization: `Bearer ${token.json().token as string}` };
    const users = (await t.inject({ method: 'GET', url: '/api/users?limit=100', headers: h })).json()
      .users as Array<{ id: string; username: string }>;
    const id = users.find((u) => u.username === 'data_protection_officer')!.id;

    const held = await t.inject({ method: 'GET', url: `/api/users/${id}/credentials`, headers: h });
    assert.deepEqual(
      held.json(),
      { sessions: 1, activeTokens: 2, roleChange: null },
      'the session and two tokens (the suite’s and this one)',
    );

    const reset = await t.inject({
      method: 'POST',
      url: `/api/users/${id}/password`,
      headers: h,
      payload: {},
    });
    assert.equal(reset.statusCode, 200, reset.body);
    const out = reset.json() as { password: string; sessionsEnded: number; tokensRevoked: number };
    assert.equal(out.password.length, 16);
    assert.deepEqual([out.sessionsEnded, out.tokensRevoked], [1, 2]);
    assert.equal(await me(t, { cookie: user.cookie }), 401);
    assert.equal(await me(t, bearer), 401);
    await login(t, 'data_protection_officer', out.password);
    await assert.rejects(login(t, 'data_protection_officer'), 'the old password no longer works');

    const typed = await t.inject({
      method: 'POST',
      url: `/api/users/${id}/password`,
      headers: h,
      payload: { password: 'typed by the admin 1' },
    });
    assert.equal(typed.json().password, null, 'a typed password is not echoed back');
    await login(t, 'data_protection_officer', 'typed by the admin 1');

    const trail = await t.inject({
      method: 'GET',
      url: '/api/audit-events?action=users.reset_password',
      headers: h,
    });
    const [last, first] = trail.json().events as Array<{ actor: string; detail: Record<string, unknown> }>;
    assert.equal(first?.actor, 'admin');
    assert.deepEqual(
      [
        first?.detail.userId,
        first?.detail.generated,
        first?.detail.sessionsEnded,
        first?.detail.tokensRevoked,
      ],
      [id, true, 1, 2],
    );
    assert.equal(last?.detail.generated, false);
    assert.doesNotMatch(JSON.stringify(trail.json()), new RegExp(out.password));

    const forbidden = await t.inject({
      method: 'POST',
      url: `/api/users/${id}/password`,
      headers: { authorization: `Bearer ${t.tokens.compliance_officer}` },
      payload: {},
    });
    assert.equal(forbidden.statusCode, 403);
  });

  it('a role change is in the trail with the role before and after', async () => {
    const t = get();
    const admin = await login(t, 'admin');
    const h = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const users = (await t.inject({ method: 'GET', url: '/api/users?limit=100', headers: h })).json()
      .users as Array<{ id: string; username: string }>;
    const id = users.find((u) => u.username === 'moderator')!.id;
    const r = await t.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: h,
      payload: { role: 'auditor' },
    });
    assert.equal(r.statusCode, 200);
    const trail = await t.inject({
      method: 'GET',
      url: '/api/audit-events?action=users.update&limit=1',
      headers: h,
    });
    const [e] = trail.json().events as Array<{
      detail: { username: string; before: { role: string }; changes: { role: string } };
    }>;
    assert.deepEqual(
      [e?.detail.username, e?.detail.before.role, e?.detail.changes.role],
      ['moderator', 'moderator', 'auditor'],
    );
  });
});
