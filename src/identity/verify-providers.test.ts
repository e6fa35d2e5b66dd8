import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadIdentityCatalog } from './catalog-io.js';
import {
  CHECK_SIGNATURE_HEADER,
  CHECK_TIMESTAMP_HEADER,
  HttpIdentityCheck,
  SimulatedIdentityCheck,
  signCheck,
} from './verify-providers-io.js';
import { readGateSettings } from './gate-settings.js';
import { readVerifySettings } from './verify-settings.js';

const person = { name: '张三', idNumber: '110101199003074514', phone: '13800138000' };
const secret = 'a-bridge-secret-of-some-length';

describe('the identity-check providers', () => {
  let server: http.Server;
  let url = '';
  const seen: { signed: boolean; body: Record<string, string> }[] = [];
  let mode: 'answer' | 'error' | 'slow' | 'junk' = 'answer';
  before(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const ts = String(req.headers[CHECK_TIMESTAMP_HEADER]);
        const signed = req.headers[CHECK_SIGNATURE_HEADER] === signCheck(secret, ts, raw);
        const body = JSON.parse(raw) as Record<string, string>;
        seen.push({ signed, body });
        if (mode === 'slow') return void setTimeout(() => res.end('{}'), 500);
        if (mode === 'error') return void res.writeHead(502).end();
        if (mode === 'junk') return void res.end('{"result":"maybe"}');
        const match = signed && body.name === person.name && body.idNumber === person.idNumber;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ result: match ? 'match' : 'mismatch', reference: `bridge-${seen.length}` }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/check`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('the http provider posts signed JSON and reads match and mismatch with the bridge reference', async () => {
    const p = new HttpIdentityCheck(url, secret, 2000, () => new Date());
    mode = 'answer';
    assert.deepEqual(await p.check(person), { result: 'match', reference: `bridge-${seen.length}` });
    assert.equal(seen.at(-1)!.signed, true);
    assert.equal(seen.at(-1)!.body.phone, person.phone);
    assert.equal((await p.check({ ...person, name: '张四' })).result, 'mismatch');
    const forged = new HttpIdentityCheck(url, 'another-secret-entirely', 2000, () => new Date());
    assert.equal((await forged.check(person)).result, 'mismatch');
    assert.equal(seen.at(-1)!.signed, false);
    assert.equal(p.simulated, false);
  });

  it('an error status, an answer it cannot read, a timeout or no bridge at all is unavailable', async () => {
    const p = new HttpIdentityCheck(url, secret, 150, () => new Date());
    mode = 'error';
    assert.equal((await p.check(person)).result, 'unavailable');
    mode = 'junk';
    assert.equal((await p.check(person)).result, 'unavailable');
    mode = 'slow';
    const t0 = Date.now();
    assert.equal((await p.check(person)).result, 'unavailable');
    assert.ok(Date.now() - t0 < 450, 'the timeout cut the call short');
    const gone = new HttpIdentityCheck('http://127.0.0.1:9/check', secret, 500, () => new Date());
    assert.equal((await gone.check(person)).result, 'unavailable');
  });

  it('the simulator matches only the people it was given, deterministically', async () => {
    const s = new SimulatedIdentityCheck();
    s.know([person]);
    assert.deepEqual(await s.check(person), { result: 'match', reference: 'sim-1' });
    assert.deepEqual(await s.check({ ...person, name: '张叁' }), { result: 'mismatch', reference: 'sim-2' });
    assert.equal((await s.check({ ...person, phone: '13800138001' })).result, 'mismatch');
    s.outage(true);
    assert.equal((await s.check(person)).result, 'unavailable');
    assert.equal(s.simulated, true);
  });

  it('the settings pick the provider and refuse an http one without its address or secret', () => {
    const catalog = loadIdentityCatalog();
    assert.equal(readVerifySettings({}, catalog).checkProvider, 'simulator');
    assert.throws(
      () => readVerifySettings({ WANGAN_IDENTITY_CHECK_PROVIDER: 'http' }, catalog),
      (e: { field?: string }) => e.field === 'WANGAN_IDENTITY_CHECK_URL',
    );
    assert.throws(
      () =>
        readVerifySettings(
          {
            WANGAN_IDENTITY_CHECK_PROVIDER: 'http',
            WANGAN_IDENTITY_CHECK_URL: url,
            WANGAN_IDENTITY_CHECK_SECRET: 'short',
          },
          catalog,
        ),
      (e: { field?: string }) => e.field === 'WANGAN_IDENTITY_CHECK_SECRET',
    );
    assert.throws(
      () => readVerifySettings({ WANGAN_IDENTITY_CHECK_PROVIDER: 'carrier' }, catalog),
      /simulator/,
    );
    const s = readVerifySettings(
      {
        WANGAN_IDENTITY_CHECK_PROVIDER: 'http',
        WANGAN_IDENTITY_CHECK_URL: url,
        WANGAN_IDENTITY_CHECK_SECRET: secret,
      },
      catalog,
    );
    assert.equal(s.checkProvider, 'http');
    assert.equal(s.checkTimeoutMs, 5000);
  });

  it("the gate's counts are written often enough to be in the day's seal", () => {
    const catalog = loadIdentityCatalog();
    assert.deepEqual(readGateSettings({}, catalog), { pollSeconds: 3, flushSeconds: 5 });
    assert.equal(readGateSettings({ WANGAN_IDENTITY_GATE_FLUSH_SECONDS: '30' }, catalog).flushSeconds, 30);
    assert.throws(
      () => readGateSettings({ WANGAN_IDENTITY_GATE_FLUSH_SECONDS: '300' }, catalog),
      (e: { field?: string; messages?: { zh: string } }) =>
        e.field === 'WANGAN_IDENTITY_GATE_FLUSH_SECONDS' && /不得超过 30 秒/.test(e.messages?.zh ?? ''),
    );
  });
});
