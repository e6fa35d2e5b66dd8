import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { buildApp, type WanganApp } from '../../app.js';
import { testConfig, TEST_PASSWORD } from '../../../test/helpers.js';

describe('structured logs', () => {
  let app: WanganApp;
  const lines: string[] = [];
  before(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    app = await buildApp({
      config: testConfig({ logLevel: 'trace' }),
      jobs: false,
      logger: { level: 'trace', stream },
    });
    await app.services.auth.createUser(
      { userId: 't', username: 't', role: 'admin', via: 'cli' },
      { username: 'logger', role: 'admin', password: TEST_PASSWORD },
    );
  });
  after(() => app.close());

  it('are JSON and never carry passwords, session cookies, CSRF tokens or API tokens', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'logger', password: TEST_PASSWORD },
    });
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = res.json().csrfToken as string;
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'log test', scopes: ['read'] },
    });
    const token = created.json().token as string;
    await app.http.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.ok(lines.length >= 6, 'requests were logged');
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line));
    const all = lines.join('\n');
    const session = res.cookies.find((c) => c.name === 'wangan_session')!.value;
    for (const secret of [TEST_PASSWORD, session, csrf, token])
      assert.ok(!all.includes(secret), 'a secret reached the log');
  });
});
