import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  codeSenderFor,
  OTP_SIGNATURE_HEADER,
  OTP_TIMESTAMP_HEADER,
  signCodeRequest,
  WebhookCodeSender,
} from './sender-io.js';

const secret = 'the-gateway-secret-of-some-length';

describe('the SMS-gateway code sender (WANGAN_OTP_SENDER=webhook)', () => {
  let server: http.Server;
  let url = '';
  let status = 200;
  const got: { signed: boolean; path: string; body: Record<string, string> }[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const ts = String(req.headers[OTP_TIMESTAMP_HEADER]);
        got.push({
          signed: req.headers[OTP_SIGNATURE_HEADER] === signCodeRequest(secret, ts, raw),
          path: req.url ?? '',
          body: JSON.parse(raw) as Record<string, string>,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('posts the address, code and purpose signed, in the body only', async () => {
    const s = codeSenderFor('webhook', { url, secret });
    assert.equal(s.name, 'webhook');
    await s.send('13800138000', '123456', 'identity.verification:v1');
    assert.deepEqual(got.at(-1), {
      signed: true,
      path: '/sms',
      body: { to: '13800138000', code: '123456', purpose: 'identity.verification:v1' },
    });
  });

  it('a refusal or no gateway throws (the code was not delivered)', async () => {
    status = 503;
    await assert.rejects(new WebhookCodeSender(url, secret).send('13800138000', '1', 'p'), /HTTP 503/);
    status = 200;
    await assert.rejects(
      new WebhookCodeSender('http://127.0.0.1:9/sms', secret, () => new Date(), 500).send(
        '13800138000',
        '1',
        'p',
      ),
      /no answer from the code gateway/,
    );
  });

  it('is a startup error without its address or secret', () => {
    assert.throws(() => codeSenderFor('webhook', {}), /WANGAN_OTP_WEBHOOK_URL/);
    assert.throws(() => codeSenderFor('webhook', { url, secret: 'short' }), /WANGAN_OTP_WEBHOOK_SECRET/);
    assert.throws(() => codeSenderFor('smtp'), /WANGAN_OTP_SENDER="smtp" is not available/);
  });
});
