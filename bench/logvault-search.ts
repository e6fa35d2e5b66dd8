/**
 * The search half of `npm run bench:logvault` (issue 13): BENCH_SEARCH_N
 * (default 5,000,000) syslog lines of 200 bytes from 100 sources (1% each)
 * stored through LogVault.append in batches of 20,000 (not through TCP: the
 * ingest half measures that), the same lines in a plain file; then, warm
 * cache, each the best of 3:
 * - a query for one source (1% of events), against `grep -c -F` of its
 *   hostname over the file;
 * - a query for a text (a user name in 0.1% of events, in the lines of five
 *   sources, as real logs carry a user), against `grep -c -F` of it.
 * Each query counts every match, as grep -c does.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { verifierKey } from '../src/ledger/note.js';
import type { VaultEvent } from '../src/logvault/segment-format.js';
import { LogVault, type ScanQuery } from '../src/logvault/vault-io.js';
import { line } from './figure.js';

const SOURCES = 100;
const USER = 'alice.wang';
const users = ['deploy', 'root', 'backup', 'ops'];

/** Event i: source i % 100; the user name in the lines of sources 0-4, one line in 50 of theirs (0.1% of all). */
function lineOf(i: number): { source: number; raw: string } {
  const source = i % SOURCES;
  const host = `h-${String(source).padStart(3, '0')}`;
  const user = source < 5 && Math.floor(i / SOURCES) % 50 === 0 ? USER : users[i % 4]!;
  const ip = `10.${source}.${i % 250}.${i % 199}`;
  let l: string;
  switch (i % 3) {
    case 0:
      l = `<86>Mar  1 12:00:07 ${host} sshd[${1000 + (i % 5000)}]: Accepted publickey for ${user} from ${ip} port ${40000 + (i % 20000)} ssh2: ED25519 SHA256:${(Math.imul(i, 2654435761) >>> 0).toString(16)}`;
      break;
    case 1:
      l = `<134>Mar  1 12:00:07 ${host} fw: action=allow user=${user} src=${ip} dst=172.16.${i % 97}.${i % 31} sport=${i % 65535} dport=443 proto=tcp bytes=${i % 99991} rule=${i % 40}`;
      break;
    default:
      l = `<30>Mar  1 12:00:07 ${host} nginx: ${ip} - ${user} "GET /api/v1/items/${i % 100000}?page=${i % 50} HTTP/1.1" 200 ${i % 9000} "-" "curl/8.5"`;
  }
  return { source, raw: l.padEnd(200, ' ').slice(0, 200) };
}

function bestOf3(fn: () => number): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

async function bestOf3Async(fn: () => Promise<number>): Promise<{ seconds: number; count: number }> {
  let best = Infinity;
  let count = 0;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    count = await fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { seconds: best, count };
}

function grepCount(needle: string, file: string): number {
  const r = spawnSync('grep', ['-c', '-F', needle, file], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`grep failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

export async function searchBench(tmp: string, info: (m: string) => void): Promise<void> {
  const n = Number(process.env.BENCH_SEARCH_N ?? 5_000_000);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const dir = path.join(tmp, 'search-vault');
  const vault = await LogVault.open(dir, {
    identity: {
      origin: 'bench.local/logvault',
      key: { name: 'bench.local/ledger', privateKey, vkey: verifierKey('bench.local/ledger', publicKey) },
    },
  });
  const rawFile = path.join(tmp, 'search-raw.log');
  const fd = fs.openSync(rawFile, 'w');
  // 2026-03-01 08:00 Beijing, one event a millisecond (about 83 minutes for 5 million).
  const start = Date.parse('2026-03-01T00:00:00Z');
  const batch = 20_000;
  const t0 = performance.now();
  let inFlight: Promise<unknown> = Promise.resolve();
  for (let at = 0; at < n; at += batch) {
    const events: VaultEvent[] = [];
    const lines: string[] = [];
    for (let i = at; i < Math.min(n, at + batch); i++) {
      const { source, raw } = lineOf(i);
      events.push({
        receivedAt: start + i,
        source: `src-${source}`,
        severity: 6,
        hostname: `h-${String(source).padStart(3, '0')}`,
        app: null,
        raw,
      });
      lines.push(raw);
    }
    fs.writeSync(fd, `${lines.join('\n')}\n`);
    await inFlight;
    inFlight = vault.append(events);
  }
  await inFlight;
  fs.closeSync(fd);
  await vault.close();
  info(`search: ${n} events stored in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const again = await LogVault.open(dir, {
    identity: {
      origin: 'bench.local/logvault',
      key: { name: 'bench.local/ledger', privateKey, vkey: verifierKey('bench.local/ledger', publicKey) },
    },
  });
  const range = { from: start, to: start + n };
  const count = async (q: ScanQuery) => {
    let c = 0;
    for await (const batch of again.scanBatches(q)) c += batch.length;
    return c;
  };
  const queries: { name: string; q: ScanQuery; grep: string; want: number }[] = [
    { name: 'one source (1%)', q: { ...range, source: 'src-42' }, grep: ' h-042 ', want: Math.ceil(n / 100) },
    { name: `text "${USER}" (0.1%)`, q: { ...range, text: USER }, grep: USER, want: -1 },
  ];
  try {
    for (const { name, q, grep, want } of queries) {
      // Warm: the indexes read, the page cache holding the files, the code compiled.
      for (let k = 0; k < 3; k++) await count(q);
      const before = again.blocksRead;
      const ours = await bestOf3Async(() => count(q));
      const blocks = (again.blocksRead - before) / 3;
      grepCount(grep, rawFile);
      let grepped = 0;
      const theirs = bestOf3(() => (grepped = grepCount(grep, rawFile)));
      if (ours.count !== grepped || (want >= 0 && ours.count !== want))
        throw new Error(`${name}: we found ${ours.count}, grep ${grepped}`);
      info(
        `search ${name}: ${ours.count} events in ${ours.seconds.toFixed(3)} s (${blocks} blocks read); grep -c -F: ${theirs.toFixed(3)} s`,
      );
      const anchor = `grep -c -F over the same ${n} raw lines, same query, warm, best of 3 (s)`;
      line('logvault', `search_seconds (${name})`, ours.seconds, 's', anchor, theirs, theirs / ours.seconds);
      line(
        'logvault',
        `grep_ratio (${name})`,
        theirs / ours.seconds,
        'ratio',
        anchor,
        theirs,
        theirs / ours.seconds,
      );
    }
    const segs = fs.readdirSync(path.join(dir, 'segments'));
    const size = (ext: string) =>
      segs
        .filter((f) => f.endsWith(ext))
        .reduce((a, f) => a + fs.statSync(path.join(dir, 'segments', f)).size, 0);
    info(
      `search: raw ${(fs.statSync(rawFile).size / 1e6).toFixed(0)} MB, segments ${(size('.seg') / 1e6).toFixed(0)} MB, indexes ${(size('.idx') / 1e6).toFixed(1)} MB`,
    );
  } finally {
    await again.close();
  }
}
