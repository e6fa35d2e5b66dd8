import assert from 'node:assert/strict';
import net from 'node:net';
import { it } from 'node:test';
import { describeEachDatabase, login, TEST_PASSWORD, useTestApp } from '../../../test/helpers.js';
import { fixedClock } from '../clock.js';

describeEachDatabase('HTTP errors a user can cause', (ctx) => {
  const clock = fixedClock(new Date('2026-03-02T09:00:00Z'));
  const get = useTestApp(ctx, { clock, config: { bodyLimit: 4096, anonymousRateLimit: 1000 } });

  it('wrong password: 401 invalid_credentials, same answer for an unknown user', async () => {
    const t = get();
    const wrong = await t.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'nope-nope-nope' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'invalid_credentials');
    const unknown = await t.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ghost', password: 'nope-nope-nope' },
    });
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().error.message, wrong.json().error.message);
    assert.equal(wrong.cookies.length, 0, 'no session cookie on failure');
  });

  it('a session works, then expires after the idle time: 401 session_expired', async () => {
    const t = get();
    const { cookie } = await login(t, 'compliance_officer');
    const ok = await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().user.role, 'compliance_officer');
    clock.advance((t.app.config.sessionIdleSeconds + 1) * 1000);
    const expired = await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().error.code, 'session_expired');
    const again = await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(again.json().error.code, 'unauthenticated', 'an expired session is gone for good');
  });

  it('no credentials: 401 unauthenticated', async () => {
    const res = await get().inject({ method: 'GET', url: '/api/organisation' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'unauthenticated');
  });

  it('missing role: 403 forbidden naming the role', async () => {
    const t = get();
    const res = await t.inject({
      method: 'GET',
      url: '/api/users',
      headers: { authorization: `Bearer ${t.tokens.moderator}` },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'forbidden');
    assert.match(res.json().error.message, /moderator/);
  });

  it('read-only token cannot change data', async () => {
    const t = get();
    const res = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
      payload: { name: 'x', scopes: ['read'] },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'forbidden');
  });

  it('oversized body: 413 payload_too_large', async () => {
    const t = get();
    const res = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(10_000) }),
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'payload_too_large');
  });

  it('malformed JSON: 400 invalid_json', async () => {
    const t = get();
    const res = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'invalid_json');
  });

  it('a body of the wrong shape: 400 validation_failed naming the field', async () => {
    const t = get();
    const res = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: `Bearer ${t.tokens.admin}` },
      payload: { username: 'x y', role: 'king', password: 'short' },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'validation_failed');
    assert.match(res.json().error.message, /role/);
  });

  it('a session without its CSRF header cannot change data: 403 csrf_failed', async () => {
    const t = get();
    const { cookie, csrf } = await login(t, 'admin');
    const payload = { name: 'browser token', scopes: ['read'] };
    const bad = await t.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload });
    assert.equal(bad.statusCode, 403);
    assert.equal(bad.json().error.code, 'csrf_failed');
    const good = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload,
    });
    assert.equal(good.statusCode, 201);
  });

  it('a revoked token stops working: 401 token_revoked', async () => {
    const t = get();
    const admin = { authorization: `Bearer ${t.tokens.admin}` };
    const created = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: admin,
      payload: { name: 'temp', scopes: ['read'] },
    });
    const { id, token } = created.json();
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
      200,
    );
    assert.equal(
      (await t.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: admin })).statusCode,
      204,
    );
    const after = await t.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error.code, 'token_revoked');
  });

  it('U+0000 in any string of the body, query or path: 400 validation_failed naming where', async () => {
    const t = get();
    const admin = { authorization: `Bearer ${t.tokens.admin}` };
    const cases = [
      {
        where: /body: \/name/,
        res: await t.inject({
          method: 'POST',
          url: '/api/tokens',
          headers: admin,
          payload: { name: 'x\u0000y', scopes: ['read'] },
        }),
      },
      {
        where: /body: \/username/,
        res: await t.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'admin\u0000', password: 'whatever-it-is' },
        }),
      },
      {
        where: /querystring: \/actor/,
        res: await t.inject({ method: 'GET', url: '/api/audit-events?actor=a%00b', headers: admin }),
      },
      {
        where: /params: \/id/,
        res: await t.inject({ method: 'DELETE', url: '/api/tokens/a%00b', headers: admin }),
      },
    ];
    for (const { where, res } of cases) {
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.match(res.json().error.message, where);
    }
  });

  it('a URL with broken percent-encoding: 400 in our error shape', async () => {
    const res = await get().inject({ method: 'GET', url: '/api/%E0%A4%A' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(Object.keys(res.json()), ['error']);
    assert.equal(res.json().error.code, 'bad_request');
    assert.match(res.json().error.message, /percent-encoding/);
  });

  it('headers larger than Node accepts: 431 headers_too_large in our error shape', async () => {
    const t = get();
    const url = new URL(await t.app.listen());
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (c: Buffer) => (data += c.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 431 /);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };
    assert.equal(body.error.code, 'headers_too_large');
  });

  it('an unknown API path: 404 not_found as JSON', async () => {
    const res = await get().inject({ method: 'GET', url: '/api/no-such-thing' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'not_found');
  });

  it('changing a password ends other sessions and the old password fails', async () => {
    const t = get();
    const a = await login(t, 'security_officer');
    const b = await login(t, 'security_officer');
    const res = await t.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a much better passphrase' },
    });
    assert.equal(res.statusCode, 204);
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie } })).statusCode,
      200,
    );
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: b.cookie } })).statusCode,
      401,
    );
    const old = await t.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'security_officer', password: TEST_PASSWORD },
    });
    assert.equal(old.statusCode, 401);
  });
});

describeEachDatabase('rate limit on unauthenticated routes', (ctx) => {
  const get = useTestApp(ctx, { config: { anonymousRateLimit: 3 } });

  it('the fourth login attempt in a minute from one address: 429 rate_limited', async () => {
    const t = get();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'wrong-wrong' },
      });
      codes.push(res.statusCode);
      if (res.statusCode === 429) assert.equal(res.json().error.code, 'rate_limited');
    }
    assert.deepEqual(codes, [401, 401, 401, 429]);
  });
});
