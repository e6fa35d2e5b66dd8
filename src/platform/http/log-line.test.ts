import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type WanganApp } from '../../app.js';
import { testConfig, TEST_PASSWORD } from '../../../test/helpers.js';
import { lineDestination, lineResponse, logLine, parseLogFormat, readableLogs } from './log-line.js';

// 04:03:04 UTC is 12:03:04 in Beijing.
const time = Date.UTC(2026, 2, 1, 4, 3, 4);

describe('readable log lines', () => {
  it('a completed request is one line: time, method, path, status, duration, user', () => {
    const res = { statusCode: 200, method: 'GET', url: '/api/workspace', user: 'admin' };
    assert.equal(
      logLine({ level: 30, time, msg: 'request completed', res, responseTime: 11.6 }),
      '12:03:04 GET /api/workspace 200 12ms admin',
    );
    const anonymous = { statusCode: 401, method: 'GET', url: '/api/auth/me' };
    assert.equal(
      logLine({ level: 30, time, msg: 'request completed', res: anonymous, responseTime: 0.4 }),
      '12:03:04 GET /api/auth/me 401 0ms',
    );
    assert.equal(logLine({ level: 30, time, msg: 'incoming request', req: { method: 'GET' } }), null);
  });

  it('other entries keep their level and message; a failure its error and stack', () => {
    assert.equal(logLine({ level: 40, time, msg: 'slow checkpoint' }), '12:03:04 WARN slow checkpoint');
    const line = logLine({
      level: 50,
      time,
      msg: 'request failed',
      err: { message: 'disk full', stack: 'Error: disk full\n    at write (ledger.ts:1:1)' },
    });
    assert.equal(line, '12:03:04 ERROR request failed: disk full\n    at write (ledger.ts:1:1)');
  });

  it('LOG_FORMAT: lines on a terminal by default, JSON elsewhere or when asked', () => {
    assert.equal(readableLogs(parseLogFormat(undefined), true), true);
    assert.equal(readableLogs(parseLogFormat(undefined), false), false);
    assert.equal(readableLogs(parseLogFormat(''), undefined), false);
    assert.equal(readableLogs(parseLogFormat('json'), true), false);
    assert.equal(readableLogs(parseLogFormat('line'), false), true);
    assert.throws(() => parseLogFormat('pretty'), /LOG_FORMAT must be json, line or auto/);
  });
});

describe('readable log lines from the server itself', () => {
  let app: WanganApp;
  const out: string[] = [];
  before(async () => {
    app = await buildApp({
      config: testConfig(),
      jobs: false,
      // What createHttpServer sets up on a terminal, written here instead of to stdout.
      logger: {
        stream: lineDestination({ write: (s: string) => out.push(s) }),
        serializers: { res: lineResponse },
      },
    });
    await app.services.auth.createUser(
      { userId: 't', username: 't', role: 'admin', via: 'cli' },
      { username: 'liner', role: 'auditor', password: TEST_PASSWORD },
    );
  });
  after(() => app.close());

  it('writes one line per request naming the signed-in user, and no password', async () => {
    const signIn = await app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'liner', password: TEST_PASSWORD },
    });
    const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    assert.match(out.join(''), /POST \/api\/auth\/login 200 \d+ms liner\n/);
    assert.ok(!out.join('').includes(TEST_PASSWORD));
    out.length = 0;
    await app.http.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    await app.http.inject({ method: 'GET', url: '/api/auth/me' });
    assert.equal(out.length, 2, out.join(''));
    assert.match(out[0]!, /^\d\d:\d\d:\d\d GET \/api\/auth\/me 200 \d+ms liner\n$/);
    assert.match(out[1]!, /^\d\d:\d\d:\d\d GET \/api\/auth\/me 401 \d+ms\n$/);
  });

  it('never writes a public tracking code from the query string', async () => {
    out.length = 0;
    await app.http.inject({
      method: 'GET',
      url: '/api/public/content/complaints/TS-2026-000001?code=s3cret-tracking',
    });
    assert.equal(out.length, 1, out.join(''));
    assert.ok(!out.join('').includes('s3cret-tracking'), out.join(''));
    assert.match(out[0]!, /complaints\/TS-2026-000001\?code=\[redacted\] 404/);
  });
});
