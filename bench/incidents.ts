/**
 * Incidents benchmark (npm run bench:incidents), on embedded PGlite in a
 * temporary folder, through the product's own composition root.
 * - ingest_rate: SIEM alerts per second opened as incidents through
 *   `IncidentsService.ingest` (each: the incident, its timeline row and its
 *   ledger record in one transaction); anchor: `LedgerService.record` of one
 *   evidence record per transaction, same run (the least an alert that is
 *   evidence can cost); goal: ratio >= 0.25.
 * - retry_rate: the same alerts posted again (a SIEM retrying): answered from
 *   the external-id index, nothing written; anchor: ingest_rate; goal >= 2.
 * - open_items_ms: the incidents' open items (what the workspace reads on
 *   every dashboard) with BENCH_N handled incidents behind the open ones;
 *   anchor: the same open incidents alone, same run; goal: ratio <= 2.
 * Progress goes to stderr, figures to stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import type { Actor } from '../src/platform/auth/roles.js';
import { fixedClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { kyselyUnitOfWork } from '../src/platform/db/unit-of-work.js';
import { line } from './figure.js';

const N = Number(process.env.BENCH_N ?? 2000);
const OPEN = 20;
const RATE_N = Math.min(500, N);
const RUNS = 7;
const HOUR = 3_600_000;

const info = (m: string) => process.stderr.write(`# ${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-bench-inc-'));
const start = new Date('2026-11-01T02:00:00Z');
const clock = fixedClock(start);
const database = await openDatabase({ dataDir: path.join(tmp, 'data'), purpose: 'bench:incidents' });
const app = await buildApp({
  config: {
    ...loadConfig({ dataDir: path.join(tmp, 'data'), port: 0, demo: false }, {}),
    webDist: '/nonexistent',
  },
  database,
  clock,
  jobs: false,
  printPdf: async () => Buffer.from('%PDF-1.4\n'),
});
try {
  const { services } = app;
  const { incidents, ledger } = services;
  await services.organisation.create({ name: 'Bench Co.' }, false);
  const siem: Actor = { userId: 'bench', username: 'siem', role: 'security_officer', via: 'cli' };
  const uow = kyselyUnitOfWork(database.db);
  const at = (i: number) => new Date(start.getTime() - HOUR - i * 1000).toISOString();
  const alert = (i: number) => ({
    externalRef: `alert-${i}`,
    title: `SIEM alert ${i}: outbound beaconing`,
    category: 'network_attack',
    description: '',
    discoveredAt: at(i),
    observables: [{ type: 'ip' as const, value: `198.51.100.${i % 250}` }],
    facts: {},
    involvesCii: false,
  });

  const openItems = async () => {
    await incidents.openItems(); // warm
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await incidents.openItems();
      times.push(performance.now() - t0);
    }
    return median(times);
  };

  // The open incidents: grade III, their 4-hour report running.
  for (let i = 0; i < OPEN; i++)
    await incidents.open(siem, {
      title: `open incident ${i}`,
      category: 'data_security',
      description: '',
      discoveredAt: new Date(start.getTime() - 10 * 60_000).toISOString(),
      occurredAt: null,
      location: '',
      involvesCii: false,
      personalInformation: true,
      systemIds: [],
      observables: [],
      facts: { pi_individuals: 1_000_000 + i },
    });
  const alone = await openItems();
  const itemsAlone = (await incidents.openItems()).length;
  info(`open items of ${OPEN} open incidents alone: ${alone.toFixed(2)} ms (${itemsAlone} items)`);

  // Anchor of the rate: one evidence record per transaction.
  let t0 = performance.now();
  for (let i = 0; i < RATE_N; i++)
    await uow.run((tx) =>
      ledger.record(
        siem,
        { obligations: ['csl.incident-response'], kind: 'bench', summary: `anchor ${i}` },
        tx,
      ),
    );
  const anchorRate = RATE_N / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  for (let i = 0; i < RATE_N; i++) await incidents.ingest(siem, alert(i));
  const ingestRate = RATE_N / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  for (let i = 0; i < RATE_N; i++) {
    const r = await incidents.ingest(siem, alert(i));
    if (r.created) throw new Error('a retried alert opened a second incident');
  }
  const retryRate = RATE_N / ((performance.now() - t0) / 1000);
  info(
    `ingest ${ingestRate.toFixed(0)}/s, retry ${retryRate.toFixed(0)}/s, anchor ${anchorRate.toFixed(0)}/s`,
  );

  // The handled incidents: grade IV alerts (the RATE_N ingested above and more), each closed.
  const ids: string[] = [];
  for (let i = 0; i < N; i++) ids.push((await incidents.ingest(siem, alert(i))).id);
  info(`${N} alerts ingested; closing them`);
  for (const id of ids) {
    const v = await incidents.get(id);
    await incidents.close(siem, id, { version: v.version, handlingEndedAt: start.toISOString() });
  }
  info(`${ids.length} closed`);
  const behind = await openItems();
  if ((await incidents.openItems()).length !== itemsAlone)
    throw new Error('handled incidents left open items');

  line(
    'incidents',
    'ingest_rate',
    ingestRate,
    'alerts/s',
    'ledger.record, one per transaction',
    anchorRate,
    ingestRate / anchorRate,
  );
  line('incidents', 'retry_rate', retryRate, 'alerts/s', 'ingest_rate', ingestRate, retryRate / ingestRate);
  line('incidents', 'open_items_ms', behind, 'ms', `the ${OPEN} open incidents alone`, alone, behind / alone);
} finally {
  await app.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
