import { sql, type Kysely, type Selectable } from 'kysely';
import type { EvidenceLatestTable, EvidenceTable, LedgerTables } from './tables.js';
import { latestOf } from './latest.js';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';

export type EvidenceRow = Selectable<EvidenceTable>;
export type NewEvidenceRow = Omit<EvidenceRow, 'leaf_index' | 'obligations'> & { obligations: string[] };
export type LatestEvidenceRow = Selectable<EvidenceLatestTable>;

/**
 * Records per insert statement. The rows travel as ten array parameters
 * (unnest), so PostgreSQL's 65,535-parameter limit never binds; the chunk
 * only bounds the size of one statement.
 */
const INSERT_CHUNK = 2000;

/** Tree positions between two tidy-ups of the evidence table (see assignIndices). */
const TIDY_EVERY = 50_000;

export class LedgerStore {
  constructor(
    private readonly db: Kysely<LedgerTables>,
    private readonly opts: { tidyEvery?: number } = {},
  ) {}

  /** The same queries inside a caller's transaction. */
  in(tx: Tx | undefined): LedgerStore {
    return tx ? new LedgerStore(txDb<LedgerTables>(tx), this.opts) : this;
  }

  /**
   * Appends records and updates the latest evidence per duty, atomically: in
   * the caller's transaction, or in one of its own. The summary rows are
   * written once per batch, in duty order, so concurrent batches lock them in
   * the same order.
   */
  async insert(rows: readonly NewEvidenceRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (!this.db.isTransaction)
      return this.db.transaction().execute((trx) => new LedgerStore(trx).insert(rows));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      await sql`
        insert into evidence
          (id, leaf_index, kind, obligations, summary, actor, occurred_at, recorded_at, file_sha256, canonical)
        select id, null, kind, obligations::jsonb, summary, actor, occurred_at, recorded_at, file_sha256, canonical
        from unnest(
          ${chunk.map((r) => r.id)}::text[],
          ${chunk.map((r) => r.kind)}::text[],
          ${chunk.map((r) => JSON.stringify(r.obligations))}::text[],
          ${chunk.map((r) => r.summary)}::text[],
          ${chunk.map((r) => r.actor)}::text[],
          ${chunk.map((r) => r.occurred_at.toISOString())}::timestamptz[],
          ${chunk.map((r) => r.recorded_at.toISOString())}::timestamptz[],
          ${chunk.map((r) => r.file_sha256)}::text[],
          ${chunk.map((r) => r.canonical)}::text[]
        ) as t(id, kind, obligations, summary, actor, occurred_at, recorded_at, file_sha256, canonical)`.execute(
        this.db,
      );
    }
    const latest = latestOf(
      rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        obligations: r.obligations,
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
      })),
    );
    for (let i = 0; i < latest.length; i += INSERT_CHUNK) {
      const chunk = latest.slice(i, i + INSERT_CHUNK);
      // Keeps the greater (occurred_at, recorded_at, id): older work recorded later changes nothing.
      await sql`
        insert into evidence_latest (obligation, slot, evidence_id, kind, occurred_at, recorded_at)
        select * from unnest(
          ${chunk.map((r) => r.obligation)}::text[],
          ${chunk.map((r) => r.slot)}::text[],
          ${chunk.map((r) => r.id)}::text[],
          ${chunk.map((r) => r.kind)}::text[],
          ${chunk.map((r) => r.occurredAt.toISOString())}::timestamptz[],
          ${chunk.map((r) => r.recordedAt.toISOString())}::timestamptz[]
        )
        on conflict (obligation, slot) do update set
          evidence_id = excluded.evidence_id,
          kind = excluded.kind,
          occurred_at = excluded.occurred_at,
          recorded_at = excluded.recorded_at
        where (excluded.occurred_at, excluded.recorded_at, excluded.evidence_id collate "C")
            > (evidence_latest.occurred_at, evidence_latest.recorded_at, evidence_latest.evidence_id collate "C")`.execute(
        this.db,
      );
    }
  }

  /** The latest evidence per duty and slot (a few rows per duty, however many records there are). */
  latest(): Promise<LatestEvidenceRow[]> {
    return this.db.selectFrom('evidence_latest').selectAll().execute();
  }

  /** Records not yet in the tree, oldest first. */
  pending(limit: number): Promise<Pick<EvidenceRow, 'id' | 'canonical'>[]> {
    return this.db
      .selectFrom('evidence')
      .select(['id', 'canonical'])
      .where('leaf_index', 'is', null)
      .orderBy('recorded_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * Gives the records their tree positions start, start+1, ... in one statement.
   * Each sequenced record leaves a dead row version behind in the pending
   * index; PGlite has no autovacuum, so without a VACUUM every look for pending
   * records (the sequencer each second, the dashboard's ledger status) walks
   * past all of them and grows with the ledger. Every `tidyEvery` tree
   * positions (counted by position, so restarts do not reset it) the table is
   * vacuumed and analysed: about a second at a million records.
   */
  async assignIndices(ids: string[], start: number): Promise<void> {
    if (ids.length === 0) return;
    await sql`
      update evidence set leaf_index = v.idx
      from (select * from unnest(${ids}::text[], ${ids.map((_, i) => start + i)}::bigint[]) as t(id, idx)) as v
      where evidence.id = v.id and evidence.leaf_index is null`.execute(this.db);
    const every = this.opts.tidyEvery ?? TIDY_EVERY;
    if (!this.db.isTransaction && Math.floor(start / every) !== Math.floor((start + ids.length) / every))
      await sql`vacuum (analyze, index_cleanup on) evidence, evidence_latest`.execute(this.db);
  }

  async sequencedCount(): Promise<number> {
    const r = await this.db
      .selectFrom('evidence')
      .select((eb) => eb.fn.max('leaf_index').as('max'))
      .executeTakeFirst();
    return r?.max === null || r?.max === undefined ? 0 : Number(r.max) + 1;
  }

  find(id: string): Promise<EvidenceRow | undefined> {
    return this.db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Sequenced records, by tree position, optionally within a period of recording. */
  sequenced(filter: { from?: Date | undefined; to?: Date | undefined }): Promise<EvidenceRow[]> {
    let q = this.db
      .selectFrom('evidence')
      .selectAll()
      .where('leaf_index', 'is not', null)
      .orderBy('leaf_index');
    if (filter.from) q = q.where('recorded_at', '>=', filter.from);
    if (filter.to) q = q.where('recorded_at', '<', filter.to);
    return q.execute();
  }

  /** The next batch of sequenced records after a tree position (id, position, canonical body only). */
  sequencedAfter(
    after: number,
    limit: number,
  ): Promise<Pick<EvidenceRow, 'id' | 'leaf_index' | 'canonical'>[]> {
    return this.db
      .selectFrom('evidence')
      .select(['id', 'leaf_index', 'canonical'])
      .where('leaf_index', '>', after)
      .orderBy('leaf_index')
      .limit(limit)
      .execute();
  }

  /**
   * Sequenced records, newest leaf first, keyset on the leaf index (its
   * unique index serves the order): `limit` records below `before`. `duty`
   * matches one duty id; `search` (a substring, any case) matches the
   * summary, kind, actor, a duty id, or one of `dutyIds` (duties whose title
   * matched); `from`/`to` bound when the work happened.
   */
  recordPage(
    filter: {
      duty?: string | undefined;
      kind?: string | undefined;
      search?: string | undefined;
      dutyIds?: readonly string[] | undefined;
      from?: Date | undefined;
      to?: Date | undefined;
    },
    limit: number,
    before?: number,
  ): Promise<EvidenceRow[]> {
    let q = this.db
      .selectFrom('evidence')
      .selectAll()
      .where('leaf_index', 'is not', null)
      .orderBy('leaf_index', 'desc')
      .limit(limit);
    if (before !== undefined) q = q.where('leaf_index', '<', before);
    if (filter.duty) q = q.where(sql<boolean>`obligations @> ${JSON.stringify([filter.duty])}::jsonb`);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.from) q = q.where('occurred_at', '>=', filter.from);
    if (filter.to) q = q.where('occurred_at', '<', filter.to);
    if (filter.search) {
      const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const ids = [...(filter.dutyIds ?? [])];
      q = q.where((eb) =>
        eb.or([
          eb('summary', 'ilike', like),
          eb('kind', 'ilike', like),
          eb('actor', 'ilike', like),
          eb('id', '=', filter.search!),
          eb(sql<string>`obligations::text`, 'ilike', like),
          ...(ids.length ? [eb(sql<boolean>`jsonb_exists_any(obligations, ${ids}::text[])`, '=', true)] : []),
        ]),
      );
    }
    return q.execute();
  }

  /** Every record of a period (sequenced or not), newest first. */
  inPeriod(filter: { from?: Date | undefined; to?: Date | undefined }): Promise<EvidenceRow[]> {
    // Ties in the order "latest" uses (latest.ts), so a report lists first what status counts.
    let q = this.db
      .selectFrom('evidence')
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .orderBy('recorded_at', 'desc')
      .orderBy(sql`id collate "C"`, 'desc');
    if (filter.from) q = q.where('occurred_at', '>=', filter.from);
    if (filter.to) q = q.where('occurred_at', '<', filter.to);
    return q.execute();
  }
}
