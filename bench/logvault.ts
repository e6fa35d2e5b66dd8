/**
 * Log vault ingest benchmark (npm run bench:logvault), bounded, on 127.0.0.1:
 * BENCH_N 200-byte syslog lines (default 500,000) sent over one TCP
 * connection by a child process as fast as the receiver takes them.
 * - events_per_second: our pipeline as the server will run it (the TCP
 *   listener, RFC 6587 framing, the parser, the vault's append: Brotli
 *   blocks, fsync per batch, checkpoints every second), from the first line
 *   sent to the last one fsynced;
 * - rsyslog_ratio: ours over Debian's rsyslog receiving the same stream in
 *   the same run (imptcp into omfile, as shipped: buffered, no fsync), from
 *   the first line to the last one in its file. Skipped (said so) without
 *   /usr/sbin/rsyslogd.
 * Goals (issue 13): events_per_second >= 100,000; rsyslog_ratio >= 0.3.
 * Then the search half (bench/logvault-search.ts): one source and a text
 * over BENCH_SEARCH_N stored events (default 5 million; 0 skips it), warm,
 * against `grep -c -F`: search_seconds (goal < 1), grep_ratio (>= 3).
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { verifierKey } from '../src/ledger/note.js';
import { parseLine } from '../src/logvault/parse/index.js';
import type { VaultEvent } from '../src/logvault/segment-format.js';
import { SyslogListener } from '../src/logvault/syslog-io.js';
import { LogVault } from '../src/logvault/vault-io.js';
import { line } from './figure.js';
import { searchBench } from './logvault-search.js';

const N = Number(process.env.BENCH_N ?? 500_000);
const info = (m: string) => process.stderr.write(`# ${m}\n`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-bench-lv-'));

/** The sender: a child process writing N lines of 200 bytes (and LF) to host:port, pausing on backpressure. */
const sender = `
const net = require('node:net');
const [port, n] = process.argv.slice(1).map(Number);
const s = net.connect(port, '127.0.0.1', () => {
  let i = 0;
  const hosts = ['fw-01', 'web-02', 'db-03', 'vpn-04'];
  const write = () => {
    while (i < n) {
      const chunk = [];
      for (let j = 0; j < 1000 && i < n; j++, i++) {
        const l = '<86>Mar  1 12:00:07 ' + hosts[i % 4] + ' sshd[' + (1000 + (i % 5000)) + ']: Accepted publickey for deploy from 10.0.' + (i % 250) + '.' + (i % 199) + ' port ' + (40000 + (i % 20000)) + ' ssh2 seq=' + i + ' ';
        chunk.push(l.padEnd(200, 'x').slice(0, 200));
      }
      if (!s.write(chunk.join('\\n') + '\\n')) return s.once('drain', write);
    }
    s.end();
  };
  write();
});
`;

function send(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', sender, String(port), String(N)], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sender exited ${code}`))));
  });
}

async function ours(): Promise<number> {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const vault = await LogVault.open(path.join(tmp, 'vault'), {
    identity: {
      origin: 'bench.local/logvault',
      key: { name: 'bench.local/ledger', privateKey, vkey: verifierKey('bench.local/ledger', publicKey) },
    },
  });
  let stored = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((r) => (done = r));
  const listener = new SyslogListener(
    async (lines) => {
      const events: VaultEvent[] = lines.map((l) => {
        const p = parseLine(l.line, { receivedAt: l.receivedAt });
        return {
          receivedAt: l.receivedAt.getTime(),
          source: l.peer,
          severity: p.severity,
          hostname: p.hostname,
          app: p.app,
          raw: l.line,
        };
      });
      await vault.append(events);
      stored += events.length;
      if (stored >= N) done();
    },
    {
      tcpPort: 0,
      batchSize: Number(process.env.BENCH_BATCH ?? 2000),
      maxInFlight: Number(process.env.BENCH_INFLIGHT ?? 4),
    },
  );
  const { tcp } = await listener.start();
  const t0 = performance.now();
  await Promise.all([send(tcp!), all]);
  const seconds = (performance.now() - t0) / 1000;
  await listener.stop();
  await vault.close();
  if (listener.stats.dropped) throw new Error(`${listener.stats.dropped} lines dropped`);
  return N / seconds;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function rsyslog(): Promise<number | null> {
  const bin = '/usr/sbin/rsyslogd';
  if (!fs.existsSync(bin)) return null;
  const dir = path.join(tmp, 'rsyslog');
  fs.mkdirSync(path.join(dir, 'work'), { recursive: true });
  const out = path.join(dir, 'out.log');
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'rsyslog.conf'),
    `global(workDirectory="${dir}/work")
module(load="imptcp")
template(name="raw" type="string" string="%rawmsg%\\n")
ruleset(name="bench") { action(type="omfile" file="${out}" template="raw") }
input(type="imptcp" port="${port}" address="127.0.0.1" ruleset="bench")
`,
  );
  const check = spawnSync(bin, ['-N1', '-f', path.join(dir, 'rsyslog.conf')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`rsyslog refused the config: ${check.stderr}`);
  const child = spawn(bin, ['-n', '-f', path.join(dir, 'rsyslog.conf'), '-i', path.join(dir, 'pid')], {
    stdio: 'ignore',
  });
  try {
    // Up once it listens.
    for (let i = 0; ; i++) {
      const ok = await new Promise<boolean>((r) => {
        const s = net.connect(port, '127.0.0.1', () => (s.destroy(), r(true)));
        s.on('error', () => r(false));
      });
      if (ok) break;
      if (i > 100) throw new Error('rsyslog did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    const want = N * 201;
    const t0 = performance.now();
    await send(port);
    for (;;) {
      const size = fs.existsSync(out) ? fs.statSync(out).size : 0;
      if (size >= want) break;
      if (performance.now() - t0 > 300_000) throw new Error(`rsyslog wrote ${size} of ${want} bytes`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return N / ((performance.now() - t0) / 1000);
  } finally {
    child.kill('SIGTERM');
  }
}

try {
  info(`${N} lines of 200 bytes over TCP`);
  const rate = await ours();
  info(`ours: ${rate.toFixed(0)} events/s`);
  const theirs = await rsyslog();
  if (theirs === null) info('rsyslog_ratio: skipped, no /usr/sbin/rsyslogd (apt-get install rsyslog)');
  else info(`rsyslog: ${theirs.toFixed(0)} lines/s`);
  const anchor = 'rsyslog imptcp->omfile, same stream, same run (lines/s)';
  if (theirs === null) {
    // No anchor on this machine: the figure alone, said so, against the goal.
    line(
      'logvault',
      'events_per_second',
      rate,
      'events/s',
      'none (no rsyslog): goal 100,000',
      100_000,
      rate / 100_000,
    );
  } else {
    line('logvault', 'events_per_second', rate, 'events/s', anchor, theirs, rate / theirs);
    line('logvault', 'rsyslog_ratio', rate / theirs, 'ratio', anchor, theirs, rate / theirs);
  }
  if (process.env.BENCH_SEARCH_N !== '0') await searchBench(tmp, info);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
