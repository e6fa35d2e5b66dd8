/**
 * Log vault storage benchmark (npm run bench:logvault-store). Appends
 * batches of 1,000 events of 200-byte lines, one batch at a time, each
 * acknowledged after fsync, with a signed checkpoint each second; anchor:
 * the same raw lines written to a plain file with the same fsync per batch,
 * in the same run.
 * - append_events_per_second (ratio: over the plain file's lines per second);
 * - append_concurrent_events_per_second: four appenders at once (group commit);
 * - compression_ratio: raw line bytes over segment bytes on disk;
 * - verify_events_per_second: verifyVault over what was written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifierKey } from '../src/ledger/note.js';
import type { VaultEvent } from '../src/logvault/segment-format.js';
import { LogVault } from '../src/logvault/vault-io.js';
import { verifyVault } from '../src/logvault/verify-io.js';
import { line } from './figure.js';

const N = Number(process.env.BENCH_LOGVAULT_N ?? 300_000);
const BATCH = 1000;
const hosts = ['fw-01', 'web-02', 'db-03', 'sw-core', 'vpn-gw'];

function makeBatches(n: number, start: number): VaultEvent[][] {
  const out: VaultEvent[][] = [];
  for (let b = 0; b < n / BATCH; b++) {
    const batch: VaultEvent[] = [];
    for (let i = 0; i < BATCH; i++) {
      const k = b * BATCH + i;
      const host = hosts[k % hosts.length]!;
      const raw =
        `<86>Mar  1 12:${String(k % 60).padStart(2, '0')}:07 ${host} sshd[${1000 + (k % 5000)}]: Accepted publickey for ` +
        `user${k % 97} from 10.${k % 250}.${(k * 7) % 250}.${(k * 13) % 250} port ${40000 + (k % 20000)} ssh2: RSA SHA256:` +
        crypto.randomBytes(12).toString('base64');
      batch.push({
        receivedAt: start + k,
        source: `src-${k % 20}`,
        severity: 6,
        hostname: host,
        app: 'sshd',
        raw: raw.padEnd(200, ' ').slice(0, 200),
      });
    }
    out.push(batch);
  }
  return out;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-bench-logvault-'));
try {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const identity = {
    origin: 'bench.local/logvault',
    key: { name: 'bench.local/ledger', privateKey, vkey: verifierKey('bench.local/ledger', publicKey) },
  };
  const start = Date.parse('2026-03-01T01:00:00Z');
  const batches = makeBatches(N, start);

  // Anchor: the raw lines, one write and one fsync per batch.
  const plain = fs.openSync(path.join(tmp, 'plain.log'), 'a');
  let t0 = performance.now();
  let rawBytes = 0;
  for (const b of batches) {
    const text = Buffer.from(`${b.map((e) => e.raw).join('\n')}\n`);
    rawBytes += text.length;
    fs.writeSync(plain, text);
    fs.fsyncSync(plain);
  }
  const plainRate = N / ((performance.now() - t0) / 1000);
  fs.closeSync(plain);

  // The vault, one batch at a time.
  const dir = path.join(tmp, 'vault');
  const vault = await LogVault.open(dir, { identity });
  t0 = performance.now();
  for (const b of batches) await vault.append(b);
  const rate = N / ((performance.now() - t0) / 1000);
  await vault.close();
  line(
    'logvault-store',
    'append_events_per_second',
    rate,
    'events/s',
    'plain_file_fsync_per_batch',
    plainRate,
    rate / plainRate,
  );

  // Four appenders at once: batches that queue while one is written share a block and an fsync.
  const dir4 = path.join(tmp, 'vault4');
  const vault4 = await LogVault.open(dir4, { identity });
  const more = makeBatches(N, start);
  let next = 0;
  t0 = performance.now();
  await Promise.all(
    [0, 1, 2, 3].map(async () => {
      while (next < more.length) await vault4.append(more[next++]!);
    }),
  );
  const rate4 = N / ((performance.now() - t0) / 1000);
  await vault4.close();
  line(
    'logvault-store',
    'append_concurrent_events_per_second',
    rate4,
    'events/s',
    'plain_file_fsync_per_batch',
    plainRate,
    rate4 / plainRate,
  );

  const segBytes = fs
    .readdirSync(path.join(dir, 'segments'))
    .filter((f) => f.endsWith('.seg'))
    .reduce((s, f) => s + fs.statSync(path.join(dir, 'segments', f)).size, 0);
  line(
    'logvault-store',
    'compression_ratio',
    rawBytes / segBytes,
    'ratio',
    'raw_bytes',
    rawBytes,
    rawBytes / segBytes,
  );

  t0 = performance.now();
  const v = await verifyVault(dir);
  const verifyRate = N / ((performance.now() - t0) / 1000);
  if (!v.ok || v.events !== N) throw new Error(`verify failed: ${JSON.stringify(v)}`);
  line(
    'logvault-store',
    'verify_events_per_second',
    verifyRate,
    'events/s',
    'append_events_per_second',
    rate,
    verifyRate / rate,
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
