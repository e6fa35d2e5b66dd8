import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { fixedClock } from '../platform/clock.js';
import { describeEachDatabase, useTestApp, type TestApp } from '../../test/helpers.js';
import { SIGNATURE_HEADER, signDeletion, TIMESTAMP_HEADER } from './delete-webhook-io.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeEachDatabase('content deletion webhook and the screening backlog', (ctx) => {
  const clock = fixedClock(new Date('2026-05-04T02:00:00Z'));
  const secret = 'webhook-test-secret';
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let failNext = 1;
  let confirmInHandler = false;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      if (confirmInHandler) {
        // A platform that deletes and confirms before it answers the webhook.
        const { disposalId } = JSON.parse(body) as { disposalId: string };
        void get()
          .inject({
            method: 'POST',
            url: `/api/content/disposals/${disposalId}/deletion-confirmed`,
            headers: as('moderator'),
            payload: {},
          })
          .then(() => res.writeHead(202).end('{}'));
        return;
      }
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(500).end('busy');
      } else res.writeHead(202).end('{}');
    });
  });
  const env: NodeJS.ProcessEnv = {
    WANGAN_CONTENT_DELETE_SECRET: secret,
    WANGAN_CONTENT_SCREEN_BACKLOG: '3',
    WANGAN_CONTENT_MESSAGING_SERVICES: 'sms, chat',
    WANGAN_CONTENT_DISPOSAL_RETENTION_DAYS: '60',
  };
  // Registered before the app's own hook: the app is built with the server's address.
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    env.WANGAN_CONTENT_DELETE_WEBHOOK = `http://127.0.0.1:${(server.address() as AddressInfo).port}/delete`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const get = useTestApp(ctx, { clock, env });
  const as = (role: keyof TestApp['tokens']) => ({ authorization: `Bearer ${get().tokens[role]}` });
  const call = async (role: keyof TestApp['tokens'], method: 'GET' | 'POST', url: string, payload?: Json) => {
    const res = await get().inject({ method, url, headers: as(role), ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body, json: () => res.json() as Json };
  };
  const screening = () => get().app.services.content.screening;

  it('asks the platform to delete, signed, retrying after a failure with backoff', async () => {
    const pub = await call('admin', 'POST', '/api/content/rules/versions', {
      rules: [{ pattern: '刷单返利', category: 'fraud' }],
    });
    assert.equal(pub.status, 201, pub.body);
    const r = await call('moderator', 'POST', '/api/content/screen', {
      id: 'msg-1',
      text: '刷单返利',
      service: 'chat',
      url: 'https://chat.example.cn/m/1',
    });
    const id = r.json().disposalId as string;
    await screening().flush();
    await screening().requestDeletions();
    const failed = (await call('auditor', 'GET', `/api/content/disposals/${id}`)).json();
    assert.deepEqual(
      [failed.deletion.state, failed.deletion.attempts, failed.deletion.lastError],
      ['failed', 1, 'the platform answered HTTP 500'],
    );
    // E-messaging (WANGAN_CONTENT_MESSAGING_SERVICES): the Art 50 duty; 60 days kept.
    assert.equal(failed.keepUntil, '2026-07-03T02:00:00.000Z');
    const rec = (await get().app.services.ledger.records({})).find((x) => x.kind === 'content_disposal');
    assert.deepEqual(rec?.obligations, ['csl.messaging-provider-duties']);

    // Within the backoff nothing is sent; after it, the retry succeeds.
    assert.equal(await screening().requestDeletions(), 0);
    assert.equal(received.length, 1);
    clock.advance(61_000);
    assert.equal(await screening().requestDeletions(), 1);
    assert.equal(received.length, 2);
    const sent = received[1]!;
    assert.deepEqual(JSON.parse(sent.body), {
      disposalId: id,
      itemId: 'msg-1',
      service: 'chat',
      url: 'https://chat.example.cn/m/1',
      contentHash: failed.contentHash,
    });
    const ts = String(sent.headers[TIMESTAMP_HEADER]);
    assert.equal(sent.headers[SIGNATURE_HEADER], signDeletion(secret, ts, sent.body));
    assert.notEqual(sent.headers[SIGNATURE_HEADER], signDeletion('another key', ts, sent.body));
    const requested = (await call('auditor', 'GET', `/api/content/disposals/${id}`)).json();
    assert.deepEqual(
      [requested.deletion.state, requested.deletion.attempts, requested.deletion.lastError],
      ['requested', 2, null],
    );
    assert.equal(await screening().requestDeletions(), 0, 'a requested deletion is not sent again');

    const confirmed = await call('moderator', 'POST', `/api/content/disposals/${id}/deletion-confirmed`, {
      deletedAt: '2026-05-04T10:01:00+08:00',
    });
    assert.equal(confirmed.status, 200, confirmed.body);
    assert.equal(confirmed.json().deletion.confirmedAt, '2026-05-04T02:01:00.000Z');
    const status = (await call('auditor', 'GET', '/api/content/status')).json();
    assert.equal(status.deletionWebhook, true);
    assert.equal(status.disposals.deletionOutstanding, 0);
    assert.deepEqual(
      status.defaults.find((d: Json) => d.key === 'disposal_retention_days'),
      {
        key: 'disposal_retention_days',
        value: '60',
        uncertain: true,
        overridden: true,
        citations: ['csl2025:49', 'csl2016:47'],
      },
    );
  });

  it('a confirmation that arrives while the webhook request is on its way stands', async () => {
    const r = await call('moderator', 'POST', '/api/content/screen', { id: 'msg-2', text: '刷单返利' });
    const id = r.json().disposalId as string;
    await screening().flush();
    confirmInHandler = true;
    try {
      await screening().requestDeletions();
    } finally {
      confirmInHandler = false;
    }
    const d = (await call('auditor', 'GET', `/api/content/disposals/${id}`)).json();
    assert.equal(d.deletion.state, 'confirmed');
    assert.ok(!(await screening().openItems()).some((i) => i.entryId === id), 'no deletion left to confirm');
  });

  it('answers 503 screening_backlog while too many items wait to be written, and takes them again after', async () => {
    const s = screening();
    const flush = s.flush.bind(s);
    // The flush timer stands still for the test.
    s.flush = () => Promise.resolve(0);
    try {
      const batch = await call('moderator', 'POST', '/api/content/screen', {
        items: [{ text: '刷单返利 1' }, { text: '刷单返利 2' }, { text: '刷单返利 3' }],
      });
      assert.equal(batch.status, 200, batch.body);
      assert.equal(s.stats().pendingWrites, 3);
      const refused = await call('moderator', 'POST', '/api/content/screen', { text: '正常内容' });
      assert.equal(refused.status, 503, refused.body);
      assert.equal(refused.json().error.code, 'screening_backlog');
    } finally {
      s.flush = flush;
    }
    assert.equal(await s.flush(), 3);
    assert.equal((await call('moderator', 'POST', '/api/content/screen', { text: '正常内容' })).status, 200);
    // The refusal is in the audit trail; the accepted calls are not.
    const events = (await call('admin', 'GET', '/api/audit-events?limit=500')).json().events as Json[];
    assert.deepEqual(
      events.filter((e) => e.action === 'content.screen').map((e) => e.status),
      [503],
    );
  });
});
