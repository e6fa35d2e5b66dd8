import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../test/helpers.js';
import { migrations } from '../migrations.js';
import type { ContractRecurrence } from '../obligations/applicability.js';
import {
  APPLICABLE_AGAIN,
  deriveStatus,
  FOLLOW_UP_SUFFIX,
  NOT_APPLICABLE,
  type EvidenceFact,
} from '../obligations/status.js';
import type { Actor } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { kyselyUnitOfWork } from '../platform/db/unit-of-work.js';
import { FileStore } from './files-io.js';
import { DECISION_KINDS, FOLLOW_UP_SUFFIX as LEDGER_FOLLOW_UP, latestOf, slotOf } from './latest.js';
import { LedgerService, type EvidenceInput } from './service.js';
import { LedgerStore } from './store.js';
import { loadOrCreateIdentity, TreeLog } from './tree-log-io.js';

const officer: Actor = { userId: 'u', username: 'officer', role: 'compliance_officer', via: 'cli' };
const NOW = new Date('2026-06-01T04:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const yearly: ContractRecurrence = { kind: 'periodic', period: 'P1Y' };
const once: ContractRecurrence = { kind: 'once' };
const settings = { dueSoonDays: 30, continuousReview: 'P1Y' };

describe('latest evidence slots', () => {
  it('sort records as status reads them: decisions, follow-ups, everything else', () => {
    assert.deepEqual(DECISION_KINDS, [NOT_APPLICABLE, APPLICABLE_AGAIN]);
    assert.equal(LEDGER_FOLLOW_UP, FOLLOW_UP_SUFFIX);
    assert.deepEqual(
      ['not_applicable', 'applicable_again', 'rectification_completed', 'drill', 'reviewed_upload'].map(
        slotOf,
      ),
      ['decision', 'decision', 'follow_up', 'work', 'work'],
    );
  });

  it('keep per duty and slot the greatest (occurredAt, recordedAt, id) of a batch', () => {
    const t = ago(1);
    const rows = latestOf([
      { id: 'b', kind: 'drill', obligations: ['x', 'y'], occurredAt: t, recordedAt: t },
      { id: 'a', kind: 'drill', obligations: ['x'], occurredAt: t, recordedAt: t },
      { id: 'c', kind: 'drill', obligations: ['y'], occurredAt: ago(2), recordedAt: NOW },
      { id: 'd', kind: 'drill', obligations: ['y', 'y'], occurredAt: t, recordedAt: ago(0.5) },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.obligation, r.slot, r.id]),
      [
        ['x', 'work', 'b'],
        ['y', 'work', 'd'],
      ],
    );
  });
});

function openLedger(database: Database, clock: ReturnType<typeof fixedClock>): LedgerService {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-latest-'));
  return new LedgerService(
    new LedgerStore(database.db as never),
    TreeLog.open(dir),
    loadOrCreateIdentity(dir),
    clock,
    new FileStore(path.join(dir, 'files')),
  );
}

/** Status from every record of the ledger, newest first as the store lists them. */
async function statusFromRecords(ledger: LedgerService, id: string, recurrence: ContractRecurrence) {
  const all: EvidenceFact[] = (await ledger.records({}))
    .filter((r) => r.obligations.includes(id))
    .map((r) => ({ id: r.id, kind: r.kind, occurredAt: new Date(r.occurredAt) }));
  return deriveStatus(recurrence, all, NOW, settings);
}

async function statusFromSummary(ledger: LedgerService, id: string, recurrence: ContractRecurrence) {
  const facts = (await ledger.factsByObligation()).get(id) ?? [];
  assert.ok(facts.length <= 3, `at most one fact per slot, got ${facts.length}`);
  return deriveStatus(recurrence, facts, NOW, settings);
}

const view = (d: ReturnType<typeof deriveStatus>) => ({
  status: d.status,
  evidence: d.lastEvidence?.id ?? null,
  nextDue: d.nextDue?.toISOString() ?? null,
});

type Expected = { status: string; step: number | null };
type Step = { kind: string; occurred: number; duties?: string[]; tickMs?: number; batch?: boolean };
type Case = {
  name: string;
  recurrence: ContractRecurrence;
  steps: Step[];
  /** What a user sees: the status and which step's record it rests on (index into steps). */
  expect: Expected | ((ids: string[]) => Expected);
};

const cases: Case[] = [
  {
    name: 'decision then work: not applicable wins over later work',
    recurrence: yearly,
    steps: [
      { kind: 'assessment', occurred: 100 },
      { kind: NOT_APPLICABLE, occurred: 50 },
      { kind: 'assessment', occurred: 10 },
    ],
    expect: { status: 'not_applicable', step: 1 },
  },
  {
    name: 'applicable again: status from the work',
    recurrence: yearly,
    steps: [
      { kind: NOT_APPLICABLE, occurred: 200 },
      { kind: 'assessment', occurred: 350 },
      { kind: APPLICABLE_AGAIN, occurred: 20 },
    ],
    expect: { status: 'due_soon', step: 1 },
  },
  {
    name: 'follow-up only: evidence, so met',
    recurrence: once,
    steps: [{ kind: `rectification${FOLLOW_UP_SUFFIX}`, occurred: 5 }],
    expect: { status: 'met', step: 0 },
  },
  {
    name: 'a recent follow-up does not restart the clock of old work',
    recurrence: yearly,
    steps: [
      { kind: 'assessment', occurred: 400 },
      { kind: `report${FOLLOW_UP_SUFFIX}`, occurred: 3 },
    ],
    expect: { status: 'overdue', step: 0 },
  },
  {
    name: 'out-of-order occurredAt: older work recorded later changes nothing',
    recurrence: yearly,
    steps: [
      { kind: 'assessment', occurred: 10, tickMs: 1000 },
      { kind: 'assessment', occurred: 400, tickMs: 1000 },
      { kind: NOT_APPLICABLE, occurred: 5, tickMs: 1000 },
      { kind: APPLICABLE_AGAIN, occurred: 1, tickMs: 1000 },
      { kind: NOT_APPLICABLE, occurred: 30, tickMs: 1000 },
    ],
    expect: { status: 'met', step: 0 },
  },
  {
    name: 'tie in occurredAt: the later recorded decision wins',
    recurrence: yearly,
    steps: [
      { kind: 'assessment', occurred: 10, tickMs: 1000 },
      { kind: NOT_APPLICABLE, occurred: 5, tickMs: 1000 },
      { kind: APPLICABLE_AGAIN, occurred: 5, tickMs: 1000 },
    ],
    expect: { status: 'met', step: 0 },
  },
  {
    name: 'tie in occurredAt and recordedAt (one batch): the same record both ways',
    recurrence: yearly,
    steps: [
      { kind: 'assessment', occurred: 340, batch: true },
      { kind: 'assessment', occurred: 340, batch: true },
      { kind: 'assessment', occurred: 340, batch: true },
      { kind: NOT_APPLICABLE, occurred: 2, batch: true },
      { kind: APPLICABLE_AGAIN, occurred: 2, batch: true },
    ],
    // Same moment, same batch: the greater id decides, the same way in both readings.
    expect: (ids) =>
      ids[4]! > ids[3]!
        ? { status: 'due_soon', step: [0, 1, 2].reduce((a, b) => (ids[b]! > ids[a]! ? b : a)) }
        : { status: 'not_applicable', step: 3 },
  },
  {
    name: 'a record serving two duties counts for both',
    recurrence: yearly,
    steps: [
      { kind: 'assessment', occurred: 20, duties: ['self', 'other'] },
      { kind: 'assessment', occurred: 200, duties: ['other', 'self'] },
    ],
    expect: { status: 'met', step: 0 },
  },
  { name: 'no evidence: missing', recurrence: yearly, steps: [], expect: { status: 'missing', step: null } },
];

function useLedger(ctx: () => TestDatabase, clock: ReturnType<typeof fixedClock>) {
  let database: Database | undefined;
  let ledger: LedgerService | undefined;
  before(async () => {
    database = await ctx().open();
    await migrateToLatest(database, migrations);
    ledger = openLedger(database, clock);
  });
  after(async () => {
    ledger?.close();
    await database?.close();
    await ctx().dispose();
  });
  return () => ({ database: database!, ledger: ledger! });
}

describeEachDatabase('status from the latest evidence per duty', (ctx) => {
  const clock = fixedClock(NOW);
  const get = useLedger(ctx, clock);

  for (const [n, c] of cases.entries()) {
    it(`${c.name}: the summary gives the status all records give`, async () => {
      const { ledger } = get();
      clock.set(NOW);
      const duty = `test.case-${n}`;
      const other = `test.case-${n}-other`;
      const input = (s: Step): EvidenceInput => ({
        obligations: (s.duties ?? ['self']).map((d) => (d === 'self' ? duty : other)),
        kind: s.kind,
        summary: `${c.name} (${s.kind})`,
        occurredAt: ago(s.occurred),
      });
      const ids: string[] = [];
      const batch = c.steps.filter((s) => s.batch);
      if (batch.length > 0)
        ids.push(...(await ledger.recordMany(officer, batch.map(input))).map((r) => r.id));
      for (const s of c.steps.filter((x) => !x.batch)) {
        ids.push((await ledger.record(officer, input(s))).id);
        clock.advance(s.tickMs ?? 0);
      }
      const expected = typeof c.expect === 'function' ? c.expect(ids) : c.expect;
      for (const d of c.steps.some((s) => s.duties) ? [duty, other] : [duty]) {
        const fromSummary = view(await statusFromSummary(ledger, d, c.recurrence));
        assert.deepEqual(fromSummary, view(await statusFromRecords(ledger, d, c.recurrence)), d);
        assert.equal(fromSummary.status, expected.status);
        if (expected.step !== null) assert.equal(fromSummary.evidence, ids[expected.step]);
      }
    });
  }

  it('a failing batch leaves neither records nor summary; a good one is sequenced', async () => {
    const { database, ledger } = get();
    clock.set(NOW);
    const count = async () =>
      (
        await database.executeSql(
          `select (select count(*) from evidence) as records, (select count(*) from evidence_latest) as latest,
             (select max(occurred_at) from evidence_latest where obligation = 'test.batch') as at`,
        )
      ).rows[0] as { records: number; latest: number; at: Date | null };
    const before = await count();
    // More than one insert statement's worth, the bad row (U+0000, which PostgreSQL text refuses) in the second.
    const inputs: EvidenceInput[] = Array.from({ length: 4500 }, (_, i) => ({
      obligations: ['test.batch', `test.batch-${i % 7}`],
      kind: i % 10 === 0 ? `fix${FOLLOW_UP_SUFFIX}` : 'log_day_sealed',
      summary: i === 3000 ? 'bad \u0000 byte' : `day ${i}`,
      occurredAt: ago(i / 100),
    }));
    // The first statement (rows 0-1,999) succeeds, the second fails: the transaction takes both back.
    await assert.rejects(ledger.recordMany(officer, inputs), /invalid byte sequence|0x00/);
    assert.deepEqual(await count(), before);
    // Inside a capability's transaction: the work fails after the records, so nothing stays.
    await assert.rejects(
      kyselyUnitOfWork(database.db).run(async (tx) => {
        await ledger.recordMany(officer, inputs.slice(0, 2500), tx);
        throw new Error('the work they prove failed');
      }),
      /work they prove failed/,
    );
    assert.deepEqual(await count(), before);

    const good = inputs.map((x, i) => (i === 3000 ? { ...x, summary: 'day 3000' } : x));
    const receipts = await kyselyUnitOfWork(database.db).run((tx) => ledger.recordMany(officer, good, tx));
    assert.equal(receipts.length, 4500);
    assert.equal(new Set(receipts.map((r) => r.id)).size, 4500);
    const afterGood = await count();
    assert.equal(afterGood.records, before.records + 4500);
    // test.batch and test.batch-0..6, each with a work and a follow-up slot.
    assert.equal(afterGood.latest, before.latest + 16);
    assert.equal(new Date(afterGood.at!).toISOString(), NOW.toISOString());
    const facts = (await ledger.factsByObligation()).get('test.batch')!;
    assert.deepEqual(
      facts.map((f) => f.id).sort(),
      [receipts[0]!.id, receipts[1]!.id].sort(),
      'the newest work and the newest follow-up',
    );
    // In receipt order: the canonical bodies name the inputs' summaries.
    const recs = new Map((await ledger.records({})).map((r) => [r.id, r.summary]));
    assert.equal(recs.get(receipts[4321]!.id), 'day 4321');

    const sizeBefore = (await ledger.status()).size;
    const added = await ledger.sequence();
    const status = await ledger.status();
    assert.ok(added >= 4500);
    assert.equal(status.pending, 0);
    assert.equal(status.size, sizeBefore + added);
    assert.equal(status.lastCheckpoint?.size, status.size);
    assert.ok((await ledger.selfVerify()).ok);
    const p = await ledger.proof(receipts[4499]!.id);
    assert.equal(JSON.parse(p.canonical).summary, 'day 4499');
  });

  it('refuses the whole batch when one input is invalid, naming the problem', async () => {
    const { database, ledger } = get();
    const before = (await database.executeSql('select count(*) as n from evidence')).rows[0];
    await assert.rejects(
      ledger.recordMany(officer, [
        { obligations: ['test.refused'], kind: 'drill', summary: 'fine' },
        { obligations: [], kind: 'drill', summary: 'names no duty' },
      ]),
      (err: { code?: string; message: string }) =>
        err.code === 'validation_failed' && /obligation/.test(err.message),
    );
    assert.deepEqual((await database.executeSql('select count(*) as n from evidence')).rows[0], before);
    assert.equal((await ledger.factsByObligation()).has('test.refused'), false);
  });
});

describeEachDatabase('the evidence-latest migration', (ctx) => {
  it('fills the summary from the records of an existing database', async () => {
    const database = await ctx().open();
    const clock = fixedClock(NOW);
    let ledger: LedgerService | undefined;
    try {
      const beforeNames = Object.keys(migrations).filter((n) => n !== 'ledger/0002-evidence-latest');
      await migrateToLatest(database, Object.fromEntries(beforeNames.map((n) => [n, migrations[n]!])));
      // Rows as the ledger wrote them before the summary existed, in no particular order.
      const rows: [string, string, string[], number, number][] = [
        // id, kind, duties, occurred (days ago), recorded (days ago)
        ['e1', 'assessment', ['d.a'], 400, 400],
        ['e2', 'assessment', ['d.a', 'd.b'], 100, 100],
        ['e3', 'assessment', ['d.a'], 300, 1], // older work recorded late
        ['e4', `report${FOLLOW_UP_SUFFIX}`, ['d.a'], 2, 2],
        ['e5', NOT_APPLICABLE, ['d.b'], 50, 50],
        ['e6', APPLICABLE_AGAIN, ['d.b'], 50, 40], // same moment, recorded later: wins
        ['e7', 'drill', ['d.c'], 10, 10],
        ['e9', 'drill', ['d.c'], 10, 10], // full tie: the greater id wins
        ['e8', 'drill', ['d.c'], 10, 10],
        ['f1', `fix${FOLLOW_UP_SUFFIX}`, ['d.d'], 5, 5],
        ['g1', NOT_APPLICABLE, ['d.e'], 30, 30],
        ['g2', 'drill', ['d.e'], 1, 1],
      ];
      for (const [id, kind, duties, occurred, recorded] of rows)
        await database.executeSql(
          `insert into evidence (id, kind, obligations, summary, actor, occurred_at, recorded_at, canonical)
           values ($1, $2, $3::jsonb, 'old', 'officer', $4, $5, '{}')`,
          [id, kind, JSON.stringify(duties), ago(occurred).toISOString(), ago(recorded).toISOString()],
        );
      await migrateToLatest(database, migrations);
      ledger = openLedger(database, clock);
      const facts = await ledger.factsByObligation();
      const ids = (d: string) => (facts.get(d) ?? []).map((f) => f.id).sort();
      assert.deepEqual(ids('d.a'), ['e2', 'e4']);
      assert.deepEqual(ids('d.b'), ['e2', 'e6']);
      assert.deepEqual(ids('d.c'), ['e9']);
      assert.deepEqual(ids('d.d'), ['f1']);
      assert.deepEqual(ids('d.e'), ['g1', 'g2']);
      for (const d of ['d.a', 'd.b', 'd.c', 'd.d', 'd.e'])
        for (const r of [yearly, once])
          assert.deepEqual(
            view(await statusFromSummary(ledger, d, r)),
            view(await statusFromRecords(ledger, d, r)),
            `${d} ${r.kind}`,
          );
      assert.equal((await statusFromSummary(ledger, 'd.e', yearly)).status, 'not_applicable');
      assert.equal((await statusFromSummary(ledger, 'd.b', yearly)).status, 'met');
      // And new records go on from there.
      await ledger.record(officer, {
        obligations: ['d.c'],
        kind: 'drill',
        summary: 'new',
        occurredAt: ago(0),
      });
      assert.notDeepEqual(
        ids('d.c'),
        (await ledger.factsByObligation()).get('d.c')!.map((f) => f.id),
      );
    } finally {
      ledger?.close();
      await database.close();
      await ctx().dispose();
    }
  });
});

describeEachDatabase('the sequencer tidies the evidence table', (ctx) => {
  it('vacuums every so many tree positions, so looking for pending records does not grow with the ledger', async () => {
    const database = await ctx().open();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-latest-'));
    const ledger = new LedgerService(
      new LedgerStore(database.db as never, { tidyEvery: 100 }),
      TreeLog.open(dir),
      loadOrCreateIdentity(dir),
      fixedClock(NOW),
      new FileStore(path.join(dir, 'files')),
    );
    const vacuums = async () =>
      Number(
        (
          (
            await database.executeSql(
              "select vacuum_count from pg_stat_user_tables where relname = 'evidence'",
            )
          ).rows[0] as { vacuum_count: number }
        ).vacuum_count,
      );
    try {
      await migrateToLatest(database, migrations);
      const before = await vacuums();
      for (let i = 0; i < 5; i++) {
        await ledger.recordMany(
          officer,
          Array.from({ length: 60 }, (_, j) => ({
            obligations: ['csl.log-retention'],
            kind: 'log_day_sealed',
            summary: `day ${i * 60 + j}`,
          })),
        );
        await ledger.sequence();
      }
      // 300 positions: past 100, 200 and 300.
      assert.equal(await vacuums(), before + 3);
      const status = await ledger.status();
      assert.deepEqual([status.size, status.pending], [300, 0]);
      assert.ok((await ledger.selfVerify()).ok);
    } finally {
      ledger.close();
      await database.close();
      await ctx().dispose();
    }
  });
});
