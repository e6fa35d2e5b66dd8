/**
 * Real-name gate benchmark (npm run bench:gate): `POST /api/identity/gate/check`
 * over HTTP on 127.0.0.1 against the real server (buildApp on embedded
 * PGlite in a temporary folder), a service account's token holding only
 * identity.gate, BENCH_USERS verified users (default 5,000) of one service.
 * The load is bounded: BENCH_SECONDS (default 5) with BENCH_CONNECTIONS
 * (default 16) keep-alive connections, each sending its next request when the
 * last is answered, from a worker thread (the other core). The anchor runs
 * in the same process and the same way, just before: a bare Fastify route
 * answering a constant to the same body.
 * - bare_ratio: checks/s over bare/s; goal >= 0.5.
 * - p99_ms: the 99th percentile of a check's round trip; goal < 5.
 * Progress goes to stderr, figures to stdout.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import type { Actor } from '../src/platform/auth/roles.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { addDuration } from '../src/platform/time.js';
import { line } from './figure.js';

const USERS = Number(process.env.BENCH_USERS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const info = (m: string) => process.stderr.write(`# ${m}\n`);

/** The load generator, in a worker: fixed connections, each one request at a time; latencies in ms. */
const loadCode = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, bodies, seconds, connections } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const u = new URL(url);
function once(body) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error('HTTP ' + res.statusCode)));
    });
    req.on('error', reject);
    req.end(body);
  });
}
async function run(ms, keep) {
  const end = Date.now() + ms;
  const lat = [];
  let n = 0;
  await Promise.all(Array.from({ length: connections }, async (_, c) => {
    let i = c;
    while (Date.now() < end) {
      const l = await once(bodies[i++ % bodies.length]);
      n++;
      if (keep) lat.push(l);
    }
  }));
  return { n, lat };
}
(async () => {
  await run(1000, false);
  const t0 = Date.now();
  const r = await run(seconds * 1000, true);
  const elapsed = (Date.now() - t0) / 1000;
  r.lat.sort((a, b) => a - b);
  const q = (p) => r.lat[Math.min(r.lat.length - 1, Math.floor(p * r.lat.length))];
  parentPort.postMessage({ rate: r.n / elapsed, p50: q(0.5), p99: q(0.99), n: r.n });
  agent.destroy();
})().catch((err) => parentPort.postMessage({ error: String(err) }));
`;

interface LoadResult {
  rate: number;
  p50: number;
  p99: number;
  n: number;
}

function load(url: string, headers: Record<string, string>, bodies: string[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(loadCode, {
      eval: true,
      workerData: { url, headers, bodies, seconds: SECONDS, connections: CONNECTIONS },
      execArgv: [],
    });
    w.once('message', (m: LoadResult & { error?: string }) => {
      void w.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    w.once('error', reject);
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-bench-gate-'));
const dataDir = path.join(tmp, 'data');
const database = await openDatabase({ dataDir, purpose: 'bench:gate' });
const app = await buildApp({
  config: {
    ...loadConfig({ dataDir, port: 0, demo: false }, {}),
    host: '127.0.0.1',
    webDist: '/nonexistent',
  },
  database,
  jobs: false,
  printPdf: async () => Buffer.from('%PDF-1.4\n'),
});
const bare = Fastify({ logger: false });
try {
  const { services } = app;
  await services.organisation.create({ name: 'Bench Co.' }, false);
  const admin: Actor = { userId: 'bench', username: 'bench', role: 'admin', via: 'cli' };
  await services.auth.createUser(admin, {
    username: 'bench-admin',
    role: 'admin',
    password: 'correct horse battery',
  });
  const owner = await services.auth.findActor('bench-admin');
  const bot = await services.auth.createUser(owner, {
    username: 'signup',
    role: 'compliance_officer',
    kind: 'service',
  });
  const token = (
    await services.auth.createServiceToken(owner, bot.id, { name: 'bench', scopes: ['identity.gate'] })
  ).token;
  const { verify, gate } = services.identity;
  await verify.putService(owner, 'bench', {
    name: 'Bench service',
    requires: ['sms_otp'],
    callers: ['signup'],
  });
  // Verified users written as records (the gate reads records; enrolling each through the vault is not what is measured).
  const now = new Date();
  const records = Array.from({ length: USERS }, (_, i) => ({
    id: randomUUID(),
    service: 'bench',
    user: `user-${i}`,
    subjectId: `bench-subject-${i}`,
    handle: `h${String(i).padStart(8, '0')}`,
    method: 'sms_otp' as const,
    status: 'verified' as const,
    provider: 'log',
    reference: null,
    failure: null,
    startedAt: now,
    codeExpiresAt: null,
    codeTries: 0,
    verifiedAt: now,
    expiresAt: addDuration(now, 'P365D'),
  }));
  for (let i = 0; i < records.length; i += 1000) await verify.seedRecords(records.slice(i, i + 1000));
  info(`${USERS} verified users of service "bench"`);
  const url = await app.listen();
  // A tenth of the checks ask for users not enrolled: the answer is as cheap, and counted as denied.
  const bodies = Array.from({ length: 1000 }, (_, i) =>
    JSON.stringify({ service: 'bench', user: `user-${i % 10 === 9 ? USERS + i : (i * 7919) % USERS}` }),
  );
  const headers = { authorization: `Bearer ${token}` };
  const probe = await fetch(`${url}/api/identity/gate/check`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: bodies[0],
  });
  if (!probe.ok) throw new Error(`gate check answered ${probe.status}: ${await probe.text()}`);

  bare.post('/bare', async () => ({ allowed: true, reason: null }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const b = await load(`${bareUrl}/bare`, headers, bodies);
  info(
    `bare: ${b.rate.toFixed(0)}/s, p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms (${b.n} requests)`,
  );
  // BENCH_PROFILE=<file>: a CPU profile of the server during the gate's run (where its time goes).
  const profile = process.env.BENCH_PROFILE;
  const session = profile ? new inspector.Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const g = await load(`${url}/api/identity/gate/check`, headers, bodies);
  if (session) {
    const { profile: taken } = await session.post('Profiler.stop');
    fs.writeFileSync(profile!, JSON.stringify(taken));
    session.disconnect();
  }
  info(
    `gate: ${g.rate.toFixed(0)}/s, p50 ${g.p50.toFixed(2)} ms, p99 ${g.p99.toFixed(2)} ms (${g.n} requests)`,
  );
  const stats = await gate.stats(owner);
  info(`counted: ${stats.calls} checks`);

  line(
    'gate',
    'bare_ratio',
    g.rate,
    'checks/s',
    'bare Fastify route returning a constant',
    b.rate,
    g.rate / b.rate,
  );
  line('gate', 'p99_ms', g.p99, 'ms', 'bare route p99', b.p99, g.p99 / b.p99);
} finally {
  await bare.close();
  await app.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
