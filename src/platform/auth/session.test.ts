import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, login, TEST_PASSWORD, useTestApp } from '../../../test/helpers.js';

describeEachDatabase('GET /api/auth/session (what the console asks at every load)', (ctx) => {
  const get = useTestApp(ctx);

  it('answers 200 { user: null } when nobody is signed in, also with a stale cookie; /api/auth/me stays 401', async () => {
    const t = get();
    for (const headers of [{}, { cookie: 'wangan_session=no-such-session' }]) {
      const res = await t.inject({ method: 'GET', url: '/api/auth/session', headers });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { user: null });
      const me = await t.inject({ method: 'GET', url: '/api/auth/me', headers });
      assert.equal(me.statusCode, 401);
    }
  });

  it('answers what /api/auth/me answers when signed in, and refuses a bad token', async () => {
    const t = get();
    await t.app.services.auth.createUser(
      { userId: 't', username: 't', role: 'admin', via: 'cli' },
      { username: 'sessioner', role: 'auditor', password: TEST_PASSWORD },
    );
    const { cookie } = await login(t, 'sessioner');
    const session = await t.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    const me = await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(session.statusCode, 200);
    assert.equal(session.json().user.username, 'sessioner');
    assert.deepEqual(session.json(), me.json());
    const bad = await t.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { authorization: 'Bearer not-a-token' },
    });
    assert.equal(
      bad.statusCode,
      401,
      'an API client with a wrong token is told so, not answered "signed out"',
    );
  });
});
