import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import { SyslogListener, type ReceivedLine } from './syslog-io.js';

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

function selfSigned(): { key: string; cert: string } | null {
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        path.join(dir, 'k.pem'),
        '-out',
        path.join(dir, 'c.pem'),
      ],
      { stdio: 'ignore' },
    );
    const r = {
      key: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'),
      cert: fs.readFileSync(path.join(dir, 'c.pem'), 'utf8'),
    };
    fs.rmSync(dir, { recursive: true, force: true });
    return r;
  } catch {
    return null;
  }
}

describe('syslog listeners on 127.0.0.1', () => {
  it('TCP: LF and octet-counted frames cut anywhere arrive whole and in order, with the peer and the receive time', async () => {
    const got: ReceivedLine[] = [];
    const at = new Date('2026-12-01T02:00:00Z');
    const l = new SyslogListener(async (b) => void got.push(...b), { tcpPort: 0, now: () => at });
    const { tcp } = await l.start();
    const msg = '<165>1 2026-12-01T10:00:00+08:00 fw app - - - counted';
    const stream = Buffer.from(
      `<34>Oct 11 22:14:15 host su: one\n${Buffer.byteLength(msg)} ${msg}<13>登录失败\n`,
    );
    const s = net.connect(tcp!, '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    for (let i = 0; i < stream.length; i += 7) {
      s.write(stream.subarray(i, i + 7));
      await new Promise((r) => setImmediate(r));
    }
    s.end();
    await until(() => got.length === 3);
    await l.stop();
    assert.deepEqual(
      got.map((g) => [g.line, g.peer, g.transport, g.receivedAt.toISOString()]),
      [
        ['<34>Oct 11 22:14:15 host su: one', '127.0.0.1', 'tcp', at.toISOString()],
        [msg, '127.0.0.1', 'tcp', at.toISOString()],
        ['<13>登录失败', '127.0.0.1', 'tcp', at.toISOString()],
      ],
    );
  });

  it('UDP: one message a datagram, trailing newline dropped', async () => {
    const got: string[] = [];
    const l = new SyslogListener(async (b) => void got.push(...b.map((x) => x.line)), { udpPort: 0 });
    const { udp } = await l.start();
    const c = dgram.createSocket('udp4');
    for (const m of ['<13>one\n', '<13>two', '<13>three\r\n'])
      await new Promise<void>((r) => c.send(m, udp!, '127.0.0.1', () => r()));
    await until(() => got.length === 3);
    c.close();
    await l.stop();
    assert.deepEqual(got.sort(), ['<13>one', '<13>three', '<13>two']);
  });

  it('a slow store pauses TCP senders instead of dropping: every line stored, in order', async () => {
    const got: string[] = [];
    const l = new SyslogListener(
      async (b) => {
        await new Promise((r) => setTimeout(r, 20));
        got.push(...b.map((x) => x.line));
      },
      { tcpPort: 0, batchSize: 100, maxPending: 300 },
    );
    const { tcp } = await l.start();
    const s = net.connect(tcp!, '127.0.0.1');
    const n = 5000;
    s.end(Array.from({ length: n }, (_, i) => `<13>line ${i}\n`).join(''));
    await until(() => got.length === n, 20_000);
    await l.stop();
    assert.equal(l.stats.dropped, 0);
    assert.deepEqual(got.slice(0, 3), ['<13>line 0', '<13>line 1', '<13>line 2']);
    assert.equal(got.at(-1), `<13>line ${n - 1}`);
  });

  it('a batch the store refuses is counted and reported; the next batch is stored', async () => {
    const got: string[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const l = new SyslogListener(
      async (b) => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        got.push(...b.map((x) => x.line));
      },
      { tcpPort: 0, flushMs: 10 },
      (e) => errors.push(e),
    );
    const { tcp } = await l.start();
    const s = net.connect(tcp!, '127.0.0.1');
    s.write('<13>lost\n');
    await until(() => l.stats.failedBatches === 1);
    s.end('<13>kept\n');
    await until(() => got.length === 1);
    await l.stop();
    assert.deepEqual(got, ['<13>kept']);
    assert.equal(l.stats.dropped, 1);
    assert.equal((errors[0] as Error).message, 'disk full');
  });

  const creds = selfSigned();
  it(
    'TLS (RFC 5425): octet-counted frames over TLS',
    { skip: creds ? false : 'skipped: no openssl to make a test certificate' },
    async () => {
      const got: ReceivedLine[] = [];
      const l = new SyslogListener(async (b) => void got.push(...b), { tlsPort: 0, tls: creds! });
      const { tls: port } = await l.start();
      const s = tls.connect({ port: port!, host: '127.0.0.1', rejectUnauthorized: false });
      await new Promise((r) => s.once('secureConnect', r));
      const msg = '<165>1 2026-12-01T10:00:00+08:00 fw app - - - over tls';
      s.end(`${Buffer.byteLength(msg)} ${msg}`);
      await until(() => got.length === 1);
      await l.stop();
      assert.deepEqual([got[0]!.line, got[0]!.transport], [msg, 'tls']);
    },
  );
});
