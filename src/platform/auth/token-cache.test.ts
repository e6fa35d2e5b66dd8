import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEachDatabase, TEST_PASSWORD, useTestApp } from '../../../test/helpers.js';
import { fixedClock } from '../clock.js';
import { isAppError } from '../errors.js';
import type { Actor } from './roles.js';
import { AuthService } from './service.js';
import { AuthStore } from './store.js';
import { TokenCache } from './token-cache.js';

const cliAdmin: Actor = { userId: 'test', username: 'test', role: 'admin', via: 'cli' };
const sessions = { idleSeconds: 3600, maxSeconds: 86_400 };

/** The auth store with every token-check query counted, and the background writes kept to wait on. */
class CountingStore extends AuthStore {
  queries: string[] = [];
  touches: Promise<void>[] = [];
  failTouch = false;
  override findTokenByHash(hash: string) {
    this.queries.push('token');
    return super.findTokenByHash(hash);
  }
  override findUserById(id: string) {
    this.queries.push('user');
    return super.findUserById(id);
  }
  override touchToken(id: string, now: Date) {
    this.queries.push('touch');
    const p = this.failTouch ? Promise.reject(new Error('database gone')) : super.touchToken(id, now);
    this.touches.push(p.catch(() => {}));
    return p;
  }
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return err.code;
    throw err;
  }
  return 'allowed';
}

describe('the token cache (in memory)', () => {
  it('keeps at most its number of entries, the least recently used out first', () => {
    const c = new TokenCache({ seconds: 10, maxEntries: 3 });
    const a = (n: string): Actor => ({ userId: n, username: n, role: 'auditor', via: 'token', tokenId: n });
    for (const n of ['a', 'b', 'c']) c.set(n, a(n), n, null, 0, c.epoch);
    assert.ok(c.get('a', 1)); // a is now the most recent
    c.set('d', a('d'), 'd', null, 2, c.epoch);
    assert.equal(c.size, 3);
    assert.equal(c.get('b', 3), undefined);
    assert.ok(c.get('a', 3) && c.get('c', 3) && c.get('d', 3));
  });

  it('keeps nothing read before a drop, and nothing at all when off', () => {
    const c = new TokenCache({ seconds: 10, maxEntries: 10 });
    const actor: Actor = { userId: 'u', username: 'u', role: 'admin', via: 'token', tokenId: 't' };
    const epoch = c.epoch;
    c.dropToken('t'); // a revocation while the rows were being read
    c.set('h', actor, 't', null, 0, epoch);
    assert.equal(c.get('h', 1), undefined);
    const off = new TokenCache({ seconds: 0, maxEntries: 10 });
    off.set('h', actor, 't', null, 0, off.epoch);
    assert.equal(off.get('h', 0), undefined);
  });
});

describeEachDatabase('the API-token check from memory', (ctx) => {
  const clock = fixedClock(new Date('2026-12-01T08:00:00Z'));
  const get = useTestApp(ctx, { clock });
  let n = 0;

  /** A person of `role` with a token, and a fresh auth service over a counting store. */
  async function setup(
    role: Actor['role'] = 'compliance_officer',
    expiresInDays?: number,
    cacheSeconds = 10,
  ) {
    const t = get();
    const username = `cache-${++n}`;
    const user = await t.app.services.auth.createUser(cliAdmin, { username, role, password: TEST_PASSWORD });
    const owner = await t.app.services.auth.findActor(username);
    const token = await t.app.services.auth.createToken(owner, {
      name: 'cached',
      scopes: ['read', 'write'],
      ...(expiresInDays ? { expiresInDays } : {}),
    });
    const store = new CountingStore(t.app.database.db);
    const reported: string[] = [];
    const auth = new AuthService(store, clock, sessions, undefined, {
      tokenCache: { seconds: cacheSeconds, maxEntries: 100 },
      report: (err, what) => reported.push(`${what}: ${(err as Error).message}`),
    });
    return { t, user, token, store, auth, reported };
  }

  it('answers a second check within the time from memory: no query at all', async () => {
    const { token, store, auth } = await setup();
    const first = await auth.authenticateToken(token.token);
    assert.deepEqual(store.queries, ['token', 'user', 'touch']);
    await Promise.all(store.touches);
    store.queries = [];
    clock.advance(9_000);
    const second = await auth.authenticateToken(token.token);
    assert.deepEqual(store.queries, []);
    assert.deepEqual(second, first);
    assert.equal(second.scopes?.includes('write'), true);
    // After the time, the database is asked again.
    clock.advance(1_500);
    await auth.authenticateToken(token.token);
    assert.deepEqual(store.queries, ['token', 'user']);
  });

  it('writes the last use at most once a minute, off the request path; a failure is reported, not thrown', async () => {
    const { t, token, store, auth, reported } = await setup();
    await auth.authenticateToken(token.token);
    await Promise.all(store.touches);
    const row = await new AuthStore(t.app.database.db).findToken(token.id);
    assert.equal(row?.last_used_at?.toISOString(), clock.now().toISOString());
    clock.advance(30_000);
    await auth.authenticateToken(token.token); // re-read, last use 30 s ago: not written
    assert.equal(store.queries.filter((q) => q === 'touch').length, 1);
    store.failTouch = true;
    clock.advance(31_000);
    const actor = await auth.authenticateToken(token.token);
    assert.equal(actor.tokenId, token.id);
    await Promise.all(store.touches);
    assert.equal(store.queries.filter((q) => q === 'touch').length, 2);
    assert.deepEqual(reported, ['could not record the last use of an API token: database gone']);
  });

  it('takes a revocation in this process at once', async () => {
    const { token, user, auth } = await setup();
    await auth.authenticateToken(token.token);
    await auth.revokeToken({ ...cliAdmin, userId: user.id, role: 'compliance_officer' }, token.id);
    assert.equal(await refusal(auth.authenticateToken(token.token)), 'token_revoked');
  });

  it('takes a disabled owner, a role change and a password reset in this process at once', async () => {
    const disabled = await setup();
    await disabled.auth.authenticateToken(disabled.token.token);
    await disabled.auth.updateUser(cliAdmin, disabled.user.id, { disabled: true });
    assert.equal(await refusal(disabled.auth.authenticateToken(disabled.token.token)), 'unauthenticated');

    const demoted = await setup();
    assert.equal((await demoted.auth.authenticateToken(demoted.token.token)).role, 'compliance_officer');
    await demoted.auth.updateUser(cliAdmin, demoted.user.id, { role: 'auditor' });
    const after = await demoted.auth.authenticateToken(demoted.token.token);
    assert.equal(after.role, 'auditor');
    assert.deepEqual(after.scopes, ['read']);

    const reset = await setup();
    await reset.auth.authenticateToken(reset.token.token);
    await reset.auth.resetPassword(cliAdmin, reset.user.id, 'a new password 123');
    assert.equal(await refusal(reset.auth.authenticateToken(reset.token.token)), 'token_revoked');
  });

  it("sees another process's revocation once the time has passed", async () => {
    const { t, token, auth } = await setup();
    await auth.authenticateToken(token.token);
    // Another process (the CLI, a second server) revokes it in the database.
    await new AuthStore(t.app.database.db).revokeToken(token.id, clock.now());
    clock.advance(5_000);
    assert.equal(await refusal(auth.authenticateToken(token.token)), 'allowed'); // within the time
    clock.advance(5_001);
    assert.equal(await refusal(auth.authenticateToken(token.token)), 'token_revoked');
  });

  it('never answers an expired token from memory', async () => {
    const { token, auth } = await setup('compliance_officer', 1);
    clock.set(new Date(new Date(token.expiresAt!).getTime() - 2_000));
    await auth.authenticateToken(token.token);
    clock.advance(1_999);
    assert.equal(await refusal(auth.authenticateToken(token.token)), 'allowed');
    clock.advance(1);
    assert.equal(await refusal(auth.authenticateToken(token.token)), 'token_expired');
  });

  it('asks the database every time when turned off (0 seconds)', async () => {
    const { token, store, auth } = await setup('compliance_officer', undefined, 0);
    await auth.authenticateToken(token.token);
    await auth.authenticateToken(token.token);
    assert.deepEqual(
      store.queries.filter((q) => q !== 'touch'),
      ['token', 'user', 'token', 'user'],
    );
  });

  it('the server answers revocations through its API at once', async () => {
    const t = get();
    const username = `cache-http-${++n}`;
    await t.app.services.auth.createUser(cliAdmin, {
      username,
      role: 'security_officer',
      password: TEST_PASSWORD,
    });
    const owner = await t.app.services.auth.findActor(username);
    const token = await t.app.services.auth.createToken(owner, { name: 'http', scopes: ['read', 'write'] });
    const me = () =>
      t.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token.token}` } });
    assert.equal((await me()).statusCode, 200);
    const revoke = await t.inject({
      method: 'DELETE',
      url: `/api/tokens/${token.id}`,
      headers: { authorization: `Bearer ${t.tokens.admin}` },
    });
    assert.ok(revoke.statusCode < 300, revoke.body);
    assert.equal((await me()).statusCode, 401);
  });
});
