import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import {
  describeEachDatabase,
  login,
  TEST_PASSWORD,
  useTestApp,
  type TestApp,
} from '../../../test/helpers.js';
import { fixedClock } from '../clock.js';
import { parseTrustProxy } from '../config.js';
import { createHttpServer } from '../http/server.js';
import { allRoles, type Actor } from './roles.js';
import { DEVICE_COOKIE } from './routes.js';

const cliAdmin: Actor = { userId: 'test', username: 'test', role: 'admin', via: 'cli' };

function attempt(t: TestApp, username: string, password: string, from: string, headers = {}) {
  return t.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: from,
    headers,
  });
}

function deviceCookie(res: LightMyRequestResponse): string | undefined {
  const c = res.cookies.find((k) => k.name === DEVICE_COOKIE);
  return c ? `${DEVICE_COOKIE}=${c.value}` : undefined;
}

function code(res: LightMyRequestResponse): string {
  return (res.json() as { error: { code: string } }).error.code;
}

async function addPerson(t: TestApp, username: string, role: Actor['role']) {
  const user = await t.app.services.auth.createUser(cliAdmin, { username, role, password: TEST_PASSWORD });
  const actor = await t.app.services.auth.findActor(username);
  const scopes = role === 'auditor' ? (['read'] as const) : (['read', 'write'] as const);
  const token = (await t.app.services.auth.createToken(actor, { name: 'own', scopes: [...scopes] })).token;
  return { user, token };
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

describe('WANGAN_TRUST_PROXY', () => {
  it('takes addresses and CIDRs; refuses hop counts, "true" and junk', () => {
    assert.equal(parseTrustProxy(undefined), false);
    assert.equal(parseTrustProxy(''), false);
    assert.deepEqual(parseTrustProxy('10.0.0.1, 192.168.0.0/16,::1,loopback'), [
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'loopback',
    ]);
    for (const bad of ['1', 'true', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/2'])
      assert.throws(() => parseTrustProxy(bad), /WANGAN_TRUST_PROXY/, bad);
  });
});

describeEachDatabase('sign-in behind a trusted proxy', (ctx) => {
  const PROXY = '10.0.0.1';
  const get = useTestApp(ctx, {
    config: { trustProxy: [PROXY], anonymousRateLimit: 3, loginMaxFailures: 50 },
  });

  it('clients behind the proxy are told apart: one attacker does not lock out another client; the trail records the client', async () => {
    const t = get();
    const viaProxy = (client: string) => ({ 'x-forwarded-for': client });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await attempt(t, 'admin', 'wrong-wrong', PROXY, viaProxy('198.51.100.7'))).statusCode);
    assert.deepEqual(codes, [401, 401, 401, 429], 'the attacker is limited');

    const other = await attempt(t, 'admin', TEST_PASSWORD, PROXY, viaProxy('198.51.100.8'));
    assert.equal(other.statusCode, 200, 'another client behind the same proxy signs in');

    // X-Forwarded-For from an address that is not the proxy is ignored: no escaping the limit.
    const direct: number[] = [];
    for (let i = 0; i < 4; i++)
      direct.push(
        (await attempt(t, 'admin', 'wrong-wrong', '203.0.113.9', viaProxy(`192.0.2.${i}`))).statusCode,
      );
    assert.deepEqual(direct, [401, 401, 401, 429]);

    const res = await t.inject({
      method: 'GET',
      url: '/api/audit-events?limit=50',
      headers: bearer(t.tokens.auditor),
    });
    const events = res.json().events as Array<{ action: string; status: number; ip: string; actor: string }>;
    const logins = events.filter((e) => e.action === 'auth.login');
    assert.ok(
      logins.some((e) => e.status === 200 && e.actor === 'admin' && e.ip === '198.51.100.8'),
      'the sign-in is recorded with the client address',
    );
    assert.ok(logins.some((e) => e.status === 401 && e.ip === '198.51.100.7'));
    assert.ok(
      logins.some((e) => e.ip === '203.0.113.9'),
      'a direct client is recorded as itself',
    );
    assert.ok(!logins.some((e) => e.ip === PROXY), 'never the proxy');
  });
});

describeEachDatabase('per-account limit on failed sign-ins', (ctx) => {
  const clock = fixedClock(new Date('2025-06-02T08:00:00Z'));
  const get = useTestApp(ctx, {
    clock,
    config: { loginMaxFailures: 3, loginLockSeconds: 60, loginLockMaxSeconds: 900 },
  });

  it('failures from many addresses lock the account, briefly and then longer; the owner’s own browser still signs in', async () => {
    const t = get();
    const own = await attempt(t, 'compliance_officer', TEST_PASSWORD, '192.0.2.10');
    assert.equal(own.statusCode, 200);
    const device = deviceCookie(own);
    assert.ok(device, 'a successful sign-in marks the browser');
    assert.match(
      String(own.headers['set-cookie']),
      new RegExp(`${DEVICE_COOKIE}=[^;]+;.*Path=/api/auth/login.*HttpOnly`, 'i'),
    );

    for (let i = 1; i <= 3; i++)
      assert.equal(
        (await attempt(t, 'compliance_officer', `guess-${i}-wrong`, `198.51.100.${i}`)).statusCode,
        401,
      );
    const locked = await attempt(t, 'compliance_officer', TEST_PASSWORD, '198.51.100.4');
    assert.equal(locked.statusCode, 429, 'even the right password is refused from a new address');
    assert.equal(code(locked), 'rate_limited');
    assert.equal(locked.json().error.details.retryAfterSeconds, 60);
    assert.equal(locked.headers['retry-after'], '60');

    const again = await attempt(t, 'compliance_officer', TEST_PASSWORD, '192.0.2.10', { cookie: device });
    assert.equal(again.statusCode, 200, 'the browser that signed in before is not locked out');

    clock.advance(61_000);
    for (let i = 5; i <= 7; i++)
      assert.equal(
        (await attempt(t, 'compliance_officer', `guess-${i}-wrong`, `198.51.100.${i}`)).statusCode,
        401,
        'the lock has passed',
      );
    const longer = await attempt(t, 'compliance_officer', TEST_PASSWORD, '198.51.100.8');
    assert.equal(longer.json().error.details.retryAfterSeconds, 120, 'the second lock is twice as long');
    clock.advance(61_000);
    assert.equal((await attempt(t, 'compliance_officer', TEST_PASSWORD, '198.51.100.8')).statusCode, 429);
    clock.advance(60_000);
    assert.equal((await attempt(t, 'compliance_officer', TEST_PASSWORD, '198.51.100.8')).statusCode, 200);
  });

  it('a known browser has a limit of its own; an unknown name locks like a real one', async () => {
    const t = get();
    const own = await attempt(t, 'data_protection_officer', TEST_PASSWORD, '192.0.2.20');
    const device = deviceCookie(own)!;
    for (let i = 0; i < 3; i++)
      await attempt(t, 'data_protection_officer', `wrong-${i}-wrong`, '192.0.2.20', { cookie: device });
    const res = await attempt(t, 'data_protection_officer', TEST_PASSWORD, '192.0.2.20', { cookie: device });
    assert.equal(res.statusCode, 429, 'a stolen device cookie buys no extra guesses');

    for (let i = 0; i < 3; i++) await attempt(t, 'nobody-here', `wrong-${i}-wrong`, `198.51.100.${40 + i}`);
    const ghost = await attempt(t, 'nobody-here', 'wrong-3-wrong', '198.51.100.44');
    assert.equal(code(ghost), 'rate_limited', 'no way to tell which accounts exist');
  });

  it('wrong current passwords on password change are limited too', async () => {
    const t = get();
    await addPerson(t, 'carol', 'security_officer');
    const s = await login(t, 'carol');
    const change = (currentPassword: string) =>
      t.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload: { currentPassword, newPassword: 'carol-new-passphrase' },
      });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push(code(await change(`not-it-${i}-wrong`)));
    const fourth = await change(TEST_PASSWORD);
    codes.push(code(fourth));
    assert.deepEqual(codes, [
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'rate_limited',
    ]);
    assert.equal(fourth.statusCode, 429);
    clock.advance(61_000);
    assert.equal((await change(TEST_PASSWORD)).statusCode, 204, 'after the lock the right one works');
  });
});

describeEachDatabase('tokens follow their owner’s rights', (ctx) => {
  const get = useTestApp(ctx);

  it('changing your password revokes your tokens and ends your other sessions', async () => {
    const t = get();
    const { token } = await addPerson(t, 'alice', 'security_officer');
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode,
      200,
    );
    const s = await login(t, 'alice');
    const other = await login(t, 'alice');
    const res = await t.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'alice-new-passphrase' },
    });
    assert.equal(res.statusCode, 204);
    const after = await t.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    assert.equal(after.statusCode, 401);
    assert.equal(code(after), 'token_revoked');
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode,
      200,
    );
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: other.cookie } })).statusCode,
      401,
    );
  });

  it('an admin’s password reset revokes the user’s tokens and sessions', async () => {
    const t = get();
    const { user, token } = await addPerson(t, 'dave', 'moderator');
    const s = await login(t, 'dave');
    const res = await t.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: bearer(t.tokens.admin),
      payload: { password: 'dave-reset-passphrase' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(
      code(await t.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })),
      'token_revoked',
    );
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode,
      401,
    );
  });

  it('a user demoted to auditor keeps reading with their tokens but can no longer write', async () => {
    const t = get();
    const { user, token } = await addPerson(t, 'bob', 'compliance_officer');
    const res = await t.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: bearer(t.tokens.admin),
      payload: { role: 'auditor' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(
      (await t.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode,
      200,
    );
    const write = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: bearer(token),
      payload: { name: 'more', scopes: ['read'] },
    });
    assert.equal(write.statusCode, 403);
    assert.match(write.json().error.message, /read-only/);
    const list = await t.inject({ method: 'GET', url: '/api/tokens', headers: bearer(token) });
    assert.deepEqual(
      (list.json().tokens as Array<{ scopes: string[] }>).map((k) => k.scopes),
      [['read']],
      'the token list says so too',
    );
  });
});

describeEachDatabase('service accounts and narrow token scopes', (ctx) => {
  const get = useTestApp(ctx);

  /** The real guard and error mapping, with routes only this test has. */
  async function testRoutes(t: TestApp) {
    const { app } = await createHttpServer({
      config: t.app.config,
      auth: t.app.services.auth,
      audit: t.app.services.audit,
      logger: false,
      version: 'test',
    });
    app.post(
      '/api/test/incidents',
      { config: { access: ['admin', 'security_officer'], scopes: ['incidents.ingest'] } },
      async () => ({ accepted: true }),
    );
    app.get('/api/test/plain', { config: { access: allRoles } }, async () => ({ ok: true }));
    app.post('/api/test/plain', { config: { access: allRoles } }, async () => ({ ok: true }));
    await app.ready();
    return app;
  }

  async function createService(
    t: TestApp,
    username: string,
    role: Actor['role'],
    headers = bearer(t.tokens.admin),
  ) {
    const res = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers,
      payload: { username, role, kind: 'service' },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; kind: string };
  }

  async function serviceToken(t: TestApp, id: string, scopes: string[], headers = bearer(t.tokens.admin)) {
    const res = await t.inject({
      method: 'POST',
      url: `/api/users/${id}/tokens`,
      headers,
      payload: { name: 'machine', scopes },
    });
    assert.equal(res.statusCode, 201, res.body);
    return (res.json() as { token: string }).token;
  }

  it('a service account has no password and cannot sign in', async () => {
    const t = get();
    const svc = await createService(t, 'siem', 'security_officer');
    assert.equal(svc.kind, 'service');
    for (const password of ['anything-at-all', TEST_PASSWORD]) {
      const res = await attempt(t, 'siem', password, '192.0.2.50');
      assert.equal(res.statusCode, 401);
      assert.equal(code(res), 'invalid_credentials');
    }
    const withPassword = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(t.tokens.admin),
      payload: {
        username: 'siem2',
        role: 'security_officer',
        kind: 'service',
        password: 'some-long-password',
      },
    });
    assert.equal(withPassword.statusCode, 400);
    const personWithout = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(t.tokens.admin),
      payload: { username: 'nopass', role: 'moderator' },
    });
    assert.equal(personWithout.statusCode, 400);
    const reset = await t.inject({
      method: 'PATCH',
      url: `/api/users/${svc.id}`,
      headers: bearer(t.tokens.admin),
      payload: { password: 'some-long-password' },
    });
    assert.equal(reset.statusCode, 400);
    const notAdmin = await t.inject({
      method: 'POST',
      url: `/api/users/${svc.id}/tokens`,
      headers: bearer(t.tokens.security_officer),
      payload: { name: 'x', scopes: ['incidents.ingest'] },
    });
    assert.equal(notAdmin.statusCode, 403);
  });

  it('a narrow token calls only the routes declaring its scope; read and write keep their meaning', async () => {
    const t = get();
    const app = await testRoutes(t);
    try {
      const siem = await createService(t, 'siem-narrow', 'security_officer');
      const ingest = await serviceToken(t, siem.id, ['incidents.ingest']);
      const shipper = await createService(t, 'shipper', 'security_officer');
      const logs = await serviceToken(t, shipper.id, ['logvault.ingest']);
      const call = (method: 'GET' | 'POST', url: string, token: string) =>
        app.inject({ method, url, headers: bearer(token), ...(method === 'POST' ? { payload: {} } : {}) });

      assert.equal((await call('POST', '/api/test/incidents', ingest)).statusCode, 200);
      for (const [method, url] of [
        ['GET', '/api/test/plain'],
        ['POST', '/api/test/plain'],
      ] as const) {
        const res = await call(method, url, ingest);
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.match(res.json().error.message, /scopes \(incidents\.ingest\) do not cover/);
      }
      assert.equal((await call('POST', '/api/test/incidents', logs)).statusCode, 403, 'another narrow scope');
      // The real API: a narrow token reads nothing and changes nothing.
      const real = (method: 'GET' | 'POST', url: string) =>
        t.inject({ method, url, headers: bearer(ingest), ...(method === 'POST' ? { payload: {} } : {}) });
      assert.equal((await real('GET', '/api/organisation')).statusCode, 403);
      assert.equal((await real('POST', '/api/tokens')).statusCode, 403);

      // read and write as before: write covers the narrow route, read does not (it is a POST).
      assert.equal((await call('POST', '/api/test/incidents', t.tokens.security_officer)).statusCode, 200);
      assert.equal((await call('GET', '/api/test/plain', t.tokens.auditor)).statusCode, 200);
      const read = await call('POST', '/api/test/incidents', t.tokens.auditor);
      assert.equal(read.statusCode, 403);
      // The role still applies to a narrow token.
      const mod = await createService(t, 'mod-bot', 'moderator');
      assert.equal(
        (await call('POST', '/api/test/incidents', await serviceToken(t, mod.id, ['incidents.ingest'])))
          .statusCode,
        403,
      );
    } finally {
      await app.close();
    }
  });

  it('who may hold which token: admins make service tokens, never a person’s; persons hold read/write only', async () => {
    const t = get();
    const svc = await createService(t, 'gate', 'compliance_officer');
    const write = await serviceToken(t, svc.id, ['write']);
    const self = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: bearer(write),
      payload: { name: 'more', scopes: ['identity.gate'] },
    });
    assert.equal(self.statusCode, 403, 'a service account cannot mint its own tokens');
    const person = await t.app.services.auth.findActor('moderator');
    const forPerson = await t.inject({
      method: 'POST',
      url: `/api/users/${person.userId}/tokens`,
      headers: bearer(t.tokens.admin),
      payload: { name: 'impersonate', scopes: ['write'] },
    });
    assert.equal(forPerson.statusCode, 403);
    const narrowForPerson = await t.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: bearer(t.tokens.moderator),
      payload: { name: 'x', scopes: ['content.screen'] },
    });
    assert.equal(narrowForPerson.statusCode, 403);
    assert.match(narrowForPerson.json().error.message, /service accounts/);
    const auditorSvc = await createService(t, 'reader-bot', 'auditor');
    const res = await t.inject({
      method: 'POST',
      url: `/api/users/${auditorSvc.id}/tokens`,
      headers: bearer(t.tokens.admin),
      payload: { name: 'x', scopes: ['incidents.ingest'] },
    });
    assert.equal(res.statusCode, 403, 'an auditor only reads, machine or not');
  });

  it('a person’s password change never cuts off a service account’s tokens; demoting the machine to auditor revokes its narrow ones', async () => {
    const t = get();
    const app = await testRoutes(t);
    try {
      await addPerson(t, 'admin2', 'admin');
      const s = await login(t, 'admin2');
      const session = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      const svc = await createService(t, 'siem-kept', 'security_officer', session);
      const token = await serviceToken(t, svc.id, ['incidents.ingest'], session);
      const readToken = await serviceToken(t, svc.id, ['read'], session);
      const changed = await t.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: session,
        payload: { currentPassword: TEST_PASSWORD, newPassword: 'admin2-new-passphrase' },
      });
      assert.equal(changed.statusCode, 204);
      const ingest = () =>
        app.inject({ method: 'POST', url: '/api/test/incidents', headers: bearer(token), payload: {} });
      assert.equal((await ingest()).statusCode, 200, 'the machine keeps working');

      const demoted = await t.inject({
        method: 'PATCH',
        url: `/api/users/${svc.id}`,
        headers: bearer(t.tokens.admin),
        payload: { role: 'auditor' },
      });
      assert.equal(demoted.statusCode, 200);
      const after = await ingest();
      assert.equal(after.statusCode, 401);
      assert.equal(code(after), 'token_revoked', 'a narrow-only token has nothing left: revoked');
      assert.equal(
        (await app.inject({ method: 'GET', url: '/api/test/plain', headers: bearer(readToken) })).statusCode,
        200,
        'its read token still reads',
      );
    } finally {
      await app.close();
    }
  });

  it('a service account is not an admin that could stand in for the last one', async () => {
    const t = get();
    await createService(t, 'admin-bot', 'admin');
    const admins = (await t.app.services.auth.listUsers(cliAdmin)).filter(
      (u) => u.role === 'admin' && u.kind === 'person' && !u.disabled,
    );
    // Disable every person admin but one, then try the last.
    for (const a of admins.slice(1)) await t.app.services.auth.updateUser(cliAdmin, a.id, { disabled: true });
    const last = admins[0]!;
    await assert.rejects(
      t.app.services.auth.updateUser(cliAdmin, last.id, { role: 'moderator' }),
      /last active admin/,
    );
    for (const a of admins.slice(1))
      await t.app.services.auth.updateUser(cliAdmin, a.id, { disabled: false });
  });
});
