import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { sendReminders } from '../../workspace/jobs/reminders.js';
import { describeEachDatabase, useTestApp } from '../../../test/helpers.js';

// Local stand-ins for a robot webhook and an SMTP server, on 127.0.0.1 only.
const hooks: { url: string; body: Record<string, unknown> }[] = [];
const mails: string[] = [];
const hookServer = http.createServer((req, res) => {
  let data = '';
  req.on('data', (c) => (data += c));
  req.on('end', () => {
    hooks.push({ url: req.url ?? '', body: JSON.parse(data) as Record<string, unknown> });
    // Misbehaving robots: their answers must not reach the admin.
    if (req.url?.startsWith('/broken')) {
      res.statusCode = 502;
      res.setHeader('content-type', 'text/html');
      res.end('<h1>REMOTE-PAGE internal host db01.corp:5432 stack trace</h1>');
      return;
    }
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/refusing')) {
      res.end(JSON.stringify({ errcode: 310000, errmsg: 'REMOTE-ERRMSG <script>alert(1)</script>' }));
      return;
    }
    res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
  });
});
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, _session, done) {
    let m = '';
    stream.on('data', (c: Buffer) => (m += c.toString()));
    stream.on('end', () => {
      mails.push(m);
      done();
    });
  },
});
let hookUrl = '';
let smtpPort = 0;
before(async () => {
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`;
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  process.env.WANGAN_TEST_SMTP = `smtp://127.0.0.1:${smtpPort}`;
});
after(async () => {
  await new Promise((r) => hookServer.close(r));
  await new Promise((r) => smtp.close(() => r(null)));
});

describeEachDatabase('reminders by robot webhook and e-mail', (ctx) => {
  const get = useTestApp(ctx, {
    config: {
      get smtpUrl() {
        return process.env.WANGAN_TEST_SMTP;
      },
    } as never,
  });

  it('sends the daily reminder to a signed DingTalk robot and an e-mail address; secrets stay sealed', async () => {
    const t = get();
    const admin = { authorization: `Bearer ${t.tokens.admin}` };
    const add = (payload: object) =>
      t.inject({ method: 'POST', url: '/api/notifications/channels', headers: admin, payload });
    const ding = await add({
      kind: 'dingtalk',
      name: 'ops group',
      target: `${hookUrl}/robot/send?access_token=tok123`,
      secret: 'SEC-very-secret',
    });
    assert.equal(ding.statusCode, 201, ding.body);
    assert.equal(ding.json().hasSecret, true);
    assert.doesNotMatch(ding.body, /tok123|SEC-very-secret/, 'tokens and secrets are not returned');
    assert.equal((await add({ kind: 'email', name: 'CISO', target: 'ciso@example.com' })).statusCode, 201);
    assert.equal((await add({ kind: 'wecom', name: 'bad', target: 'not a url' })).statusCode, 400);

    const stored = await t.app.database.executeSql(
      'select secret_sealed from notification_channels where secret_sealed is not null',
    );
    assert.doesNotMatch(JSON.stringify(stored.rows), /SEC-very-secret/);

    // The test organisation has duties with no evidence; make one overdue so there is something to remind of.
    const first = (await t.app.services.workspace.overview()).items.find(
      (i) => i.recurrence.kind === 'periodic',
    )!;
    await t.app.services.ledger.record(
      { userId: 'u', username: 'officer', role: 'admin', via: 'cli' },
      {
        obligations: [first.id],
        kind: 'assessment',
        summary: 'old',
        occurredAt: new Date(Date.now() - 800 * 86_400_000),
      },
    );
    const ok = await sendReminders({
      workspace: t.app.services.workspace,
      notifications: t.app.services.notifications,
      audit: t.app.services.audit,
      publicUrl: t.app.config.publicUrl,
    });
    assert.equal(ok, 2);
    const hook = hooks.at(-1)!;
    assert.match(hook.url, /access_token=tok123&timestamp=\d+&sign=/);
    assert.equal((hook.body as { msgtype: string }).msgtype, 'markdown');
    assert.match(JSON.stringify(hook.body), /已逾期 Overdue/);
    assert.match(mails.at(-1)!, /ciso@example\.com/);
    const audit = await t.inject({ method: 'GET', url: '/api/audit-events?limit=5', headers: admin });
    assert.ok(audit.json().events.some((e: { action: string }) => e.action === 'reminders.sent'));
  });
});

describeEachDatabase('the channel test answers with a status only', (ctx) => {
  const get = useTestApp(ctx);

  it('never shows the admin what a remote server answered: ok, or failed with the HTTP status', async () => {
    const t = get();
    const admin = { authorization: `Bearer ${t.tokens.admin}` };
    const add = async (name: string, target: string) =>
      assert.equal(
        (
          await t.inject({
            method: 'POST',
            url: '/api/notifications/channels',
            headers: admin,
            payload: { kind: 'wecom', name, target },
          })
        ).statusCode,
        201,
      );
    await add('good', `${hookUrl}/ok`);
    await add('broken', `${hookUrl}/broken`);
    await add('refusing', `${hookUrl}/refusing`);
    await add('nowhere', 'http://127.0.0.1:9/');
    const res = await t.inject({
      method: 'POST',
      url: '/api/notifications/test',
      headers: admin,
      payload: {},
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.doesNotMatch(res.body, /REMOTE|db01|script/);
    type D = { channel: string; ok: boolean; status: string; httpStatus?: number; error?: string };
    const byName: Record<string, D> = Object.fromEntries(
      (res.json().deliveries as D[]).map((d) => [d.channel, d]),
    );
    assert.deepEqual(byName.good, { channel: 'good', ok: true, status: 'ok' });
    assert.deepEqual(byName.broken, {
      channel: 'broken',
      ok: false,
      status: 'failed',
      httpStatus: 502,
      error: 'the webhook answered HTTP 502',
    });
    assert.equal(byName.refusing?.httpStatus, 200);
    assert.equal(byName.refusing?.status, 'failed');
    assert.deepEqual(
      [byName.nowhere?.status, byName.nowhere?.error],
      ['failed', 'the webhook could not be reached'],
    );
  });
});
