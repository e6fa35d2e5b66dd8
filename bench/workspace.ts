/**
 * Workspace benchmark (npm run bench:workspace), on embedded PGlite in a
 * temporary folder, through the product's own composition root.
 * - dashboard_ms: `WorkspaceService.overview()` (median of several runs) over
 *   BENCH_N evidence records (default 1,000,000); anchor: the same dashboard
 *   over 1,000 records, measured in the same run; goal: ratio <= 2.
 * - record_rate: evidence records per second written by `LedgerService.recordMany`
 *   in batches inside a unit-of-work transaction (what a capability's import
 *   does); anchor: a plain multi-row INSERT of the same rows into a scratch
 *   table without indexes, same batches, same run; goal: >= 5,000 records/s.
 * Every record is written through recordMany, so the latest-evidence summary
 * is the one the product keeps; the sequencer puts each batch in the tree as
 * the running server would. Progress goes to stderr, figures to stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import type { EvidenceInput } from '../src/ledger/service.js';
import { backfillEvidenceLatest } from '../src/ledger/migrations/0002-evidence-latest.js';
import { APPLICABLE_AGAIN, FOLLOW_UP_SUFFIX, NOT_APPLICABLE } from '../src/obligations/status.js';
import type { Actor } from '../src/platform/auth/roles.js';
import { fixedClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { kyselyUnitOfWork } from '../src/platform/db/unit-of-work.js';
import { line } from './figure.js';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const SMALL = Math.min(1000, N);
/** Records per recordMany call while seeding (one transaction each, then the sequencer). */
const SEED_BATCH = 10_000;
/** Records measured for record_rate, and per batch. */
const RATE_N = Math.min(50_000, N);
const RATE_BATCH = 1000;
const RUNS = 7;
const DAY = 86_400_000;

const info = (m: string) => process.stderr.write(`# ${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-bench-ws-'));
const start = new Date('2026-11-01T02:00:00Z');
const clock = fixedClock(start);
const database = await openDatabase({ dataDir: path.join(tmp, 'data'), purpose: 'bench:workspace' });
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
  // A CII operator: nearly every duty of the catalogue applies.
  await services.organisation.create({ name: 'Bench Co.', cii: { sector: 'energy', operator: true } }, false);
  const duties = (await services.obligations.assessOrganisation()).obligations.filter((o) => !o.draft_only);
  const officer: Actor = { userId: 'bench', username: 'bench', role: 'admin', via: 'cli' };
  const uow = kyselyUnitOfWork(database.db);
  info(`${duties.length} duties; seeding ${N} records`);

  // Mostly the duties' own kinds; one in a hundred an applicability decision, one in twenty a follow-up.
  let seq = 0;
  const inputs = (n: number): EvidenceInput[] =>
    Array.from({ length: n }, () => {
      const i = seq++;
      const o = duties[i % duties.length]!;
      const kind =
        i % 100 === 7
          ? i % 200 === 7
            ? NOT_APPLICABLE
            : APPLICABLE_AGAIN
          : i % 20 === 3
            ? `rectification${FOLLOW_UP_SUFFIX}`
            : (o.evidence[0]?.kind ?? 'record');
      return {
        obligations: i % 50 === 0 ? [o.id, duties[(i + 1) % duties.length]!.id] : [o.id],
        kind,
        summary: `bench record ${i}: ${o.title.en}`.slice(0, 200),
        // Spread over two years, not in order.
        occurredAt: new Date(clock.now().getTime() - ((i * 7919) % 730) * DAY - (i % 86_400) * 1000),
      };
    });

  const seed = async (upTo: number) => {
    const t0 = performance.now();
    let written = 0;
    while (seq < upTo) {
      const batch = inputs(Math.min(SEED_BATCH, upTo - seq));
      await uow.run((tx) => services.ledger.recordMany(officer, batch, tx));
      await services.ledger.sequence();
      written += batch.length;
      clock.advance(1000);
      if (written % 100_000 < SEED_BATCH) info(`  ${seq} records`);
    }
    return { written, seconds: (performance.now() - t0) / 1000 };
  };

  const dashboard = async () => {
    await services.workspace.overview(); // warm
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const o = await services.workspace.overview();
      times.push(performance.now() - t0);
      if (o.items.length !== duties.length) throw new Error('the dashboard lost duties');
    }
    // BENCH_PROFILE=1: the parts that read the ledger, each on its own.
    if (process.env.BENCH_PROFILE) {
      for (const [name, f] of [
        ['ledger.status', () => services.ledger.status()],
        ['factsByObligation', () => services.ledger.factsByObligation()],
        ['assess', () => services.obligations.assessOrganisation()],
        // What status read before the summary: every record's facts.
        [
          'every record (before)',
          () => sql`select id, kind, obligations, occurred_at from evidence`.execute(database.db),
        ],
      ] as const) {
        const ts: number[] = [];
        for (let r = 0; r < 3; r++) {
          const t0 = performance.now();
          await f();
          ts.push(performance.now() - t0);
        }
        info(`  ${name}: ${median(ts).toFixed(2)} ms`);
      }
    }
    return median(times);
  };

  await seed(SMALL);
  const smallMs = await dashboard();
  const smallStatus = (await services.workspace.overview()).items.map((i) => i.status);
  info(`dashboard over ${SMALL} records: ${smallMs.toFixed(1)} ms`);

  const seeded = await seed(N);
  info(
    `seeded ${seeded.written} more records in ${seeded.seconds.toFixed(1)} s (recordMany + sequencer, ${Math.round(seeded.written / seeded.seconds)} records/s)`,
  );
  const bigMs = await dashboard();
  const bigStatus = (await services.workspace.overview()).items.map((i) => i.status);
  info(
    `statuses over ${N}: ${JSON.stringify(Object.fromEntries([...new Set(bigStatus)].map((s) => [s, bigStatus.filter((x) => x === s).length])))} (over ${SMALL}: ${smallStatus.filter((s) => s === 'missing').length} missing)`,
  );
  line('workspace', 'dashboard_ms', bigMs, 'ms', `dashboard_ms_${SMALL}_records`, smallMs, bigMs / smallMs);

  // The summary the write path kept is the one the migration's backfill derives from every record.
  const snapshot = async () =>
    (
      await sql<{
        s: string;
      }>`select string_agg(obligation || '/' || slot || '/' || evidence_id, ',' order by obligation, slot) as s from evidence_latest`.execute(
        database.db,
      )
    ).rows[0]!.s;
  const kept = await snapshot();
  let t0 = performance.now();
  await database.db.transaction().execute((trx) => backfillEvidenceLatest(trx as never));
  info(`the migration's backfill over ${seq} records: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if ((await snapshot()) !== kept) throw new Error('the summary differs from the backfill of every record');

  // ---- record_rate ----
  const rateInputs = inputs(RATE_N);
  t0 = performance.now();
  for (let i = 0; i < RATE_N; i += RATE_BATCH)
    await uow.run((tx) => services.ledger.recordMany(officer, rateInputs.slice(i, i + RATE_BATCH), tx));
  const rate = RATE_N / ((performance.now() - t0) / 1000);
  await services.ledger.sequence();

  // Anchor: the same rows (as stored) in a plain multi-row INSERT, same batches, into a table with no index.
  await sql`create table bench_plain (like evidence)`.execute(database.db);
  const ids = rateInputs.map((_, i) => `anchor-${i}`);
  const rows = (
    await sql<{
      kind: string;
      obligations: unknown;
      summary: string;
      actor: string;
      occurred_at: Date;
      recorded_at: Date;
      canonical: string;
    }>`select kind, obligations, summary, actor, occurred_at, recorded_at, canonical from evidence order by recorded_at desc, id limit ${RATE_N}`.execute(
      database.db,
    )
  ).rows;
  t0 = performance.now();
  for (let i = 0; i < rows.length; i += RATE_BATCH) {
    const chunk = rows.slice(i, i + RATE_BATCH);
    await database.db
      .transaction()
      .execute((trx) =>
        sql`insert into bench_plain (id, leaf_index, kind, obligations, summary, actor, occurred_at, recorded_at, file_sha256, canonical) values ${sql.join(
          chunk.map(
            (r, j) =>
              sql`(${ids[i + j]}, null, ${r.kind}, ${JSON.stringify(r.obligations)}::jsonb, ${r.summary}, ${r.actor}, ${r.occurred_at}, ${r.recorded_at}, null, ${r.canonical})`,
          ),
        )}`.execute(trx),
      );
  }
  const plainRate = rows.length / ((performance.now() - t0) / 1000);
  line('workspace', 'record_rate', rate, 'records/s', 'plain_multirow_insert', plainRate, rate / plainRate);
} finally {
  await app.close();
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
