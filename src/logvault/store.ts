import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { ExpiredSegmentColumn, LogvaultTables, SealSegmentColumn } from './tables.js';

export type SourceRow = Selectable<LogvaultTables['logvault_sources']>;
export type SealRow = Selectable<LogvaultTables['logvault_day_seals']>;

export interface SeenSource {
  id: string;
  hostname: string | null;
  address: string | null;
  firstSeen: Date;
  lastSeen: Date;
}

/** The log vault's sources and day seals. */
export class LogvaultStore {
  constructor(private readonly db: Kysely<LogvaultTables>) {}

  in(tx: Tx | undefined): LogvaultStore {
    return tx ? new LogvaultStore(txDb<LogvaultTables>(tx)) : this;
  }

  sources(): Promise<SourceRow[]> {
    return this.db.selectFrom('logvault_sources').selectAll().orderBy('first_seen').orderBy('id').execute();
  }

  /**
   * Writes the sources seen since the last call, 5,000 a statement (five
   * parameters each, under PostgreSQL's 65,535): new ones inserted, known
   * ones' last sighting moved on.
   */
  async upsertSources(seen: readonly SeenSource[]): Promise<void> {
    for (let i = 0; i < seen.length; i += 5000) await this.upsertChunk(seen.slice(i, i + 5000));
  }

  private async upsertChunk(seen: readonly SeenSource[]): Promise<void> {
    if (seen.length === 0) return;
    await this.db
      .insertInto('logvault_sources')
      .values(
        seen.map((s) => ({
          id: s.id,
          hostname: s.hostname,
          address: s.address,
          first_seen: s.firstSeen,
          last_seen: s.lastSeen,
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          first_seen: sql`least(logvault_sources.first_seen, excluded.first_seen)`,
          last_seen: sql`greatest(logvault_sources.last_seen, excluded.last_seen)`,
          address: sql`coalesce(excluded.address, logvault_sources.address)`,
        }),
      )
      .execute();
  }

  seals(): Promise<SealRow[]> {
    return this.db.selectFrom('logvault_day_seals').selectAll().orderBy('date').execute();
  }

  async insertSeal(row: {
    date: string;
    dayRoot: string;
    segments: SealSegmentColumn[];
    sealedAt: Date;
    evidenceId: string;
  }): Promise<void> {
    await this.db
      .insertInto('logvault_day_seals')
      .values({
        date: row.date,
        day_root: row.dayRoot,
        segments: JSON.stringify(row.segments),
        sealed_at: row.sealedAt,
        evidence_id: row.evidenceId,
      })
      .execute();
  }

  // --- sources (session 6)

  /** Adds hour counts (a count for an hour already written is added to it). */
  async addHours(counts: readonly { sourceId: string; hour: Date; events: number }[]): Promise<void> {
    // In chunks: a statement takes at most 65,535 parameters.
    for (let i = 0; i < counts.length; i += 10_000)
      await this.db
        .insertInto('logvault_source_hours')
        .values(
          counts.slice(i, i + 10_000).map((c) => ({ source_id: c.sourceId, hour: c.hour, events: c.events })),
        )
        .onConflict((oc) =>
          oc.columns(['source_id', 'hour']).doUpdateSet({
            events: sql`logvault_source_hours.events + excluded.events`,
          }),
        )
        .execute();
  }

  /** Hour counts of these sources with the hour's start in [from, to). */
  hours(
    ids: readonly string[],
    from: Date,
    to: Date,
  ): Promise<{ source_id: string; hour: Date; events: number }[]> {
    return this.db
      .selectFrom('logvault_source_hours')
      .select(['source_id', 'hour', 'events'])
      .where('source_id', 'in', [...ids])
      .where('hour', '>=', from)
      .where('hour', '<', to)
      .orderBy('hour')
      .execute();
  }

  /** Each source's first counted hour. */
  async firstHours(): Promise<{ sourceId: string; hour: Date }[]> {
    const rows = await this.db
      .selectFrom('logvault_source_hours')
      .select(['source_id', (eb) => eb.fn.min('hour').as('first')])
      .groupBy('source_id')
      .execute();
    return rows.map((r) => ({ sourceId: r.source_id, hour: new Date(r.first as unknown as string | Date) }));
  }

  sourceRow(id: string): Promise<SourceRow | undefined> {
    return this.db.selectFrom('logvault_sources').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Edits the registration if it is still at `version` (raising it); undefined when someone saved in between. */
  updateSource(id: string, version: number, edit: SourceEdit): Promise<SourceRow | undefined> {
    return this.db
      .updateTable('logvault_sources')
      .set({ ...edit, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
  }

  /** Places (or, with null, lifts) a source's legal hold. */
  setHold(
    id: string,
    hold: { since: Date; by: string; reason: string } | null,
  ): Promise<SourceRow | undefined> {
    return this.db
      .updateTable('logvault_sources')
      .set({ hold_since: hold?.since ?? null, hold_by: hold?.by ?? null, hold_reason: hold?.reason ?? null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  // --- retention (session 6)

  /** The expired days and verify runs, on this store's database (or transaction). */
  retention(): LogvaultRetentionStore {
    return new LogvaultRetentionStore(this.db);
  }
}

// --- retention (session 6)

export type ExpiredDayRow = Selectable<LogvaultTables['logvault_expired_days']>;
export type VerifyRunRow = Selectable<LogvaultTables['logvault_verify_runs']>;

/** The expired days and verify runs (a class of its own on the same tables' database). */
export class LogvaultRetentionStore {
  constructor(private readonly db: Kysely<LogvaultTables>) {}

  in(tx: Tx | undefined): LogvaultRetentionStore {
    return tx ? new LogvaultRetentionStore(txDb<LogvaultTables>(tx)) : this;
  }

  expiredDays(): Promise<ExpiredDayRow[]> {
    return this.db.selectFrom('logvault_expired_days').selectAll().orderBy('date').execute();
  }

  async insertExpiredDay(row: {
    date: string;
    segments: ExpiredSegmentColumn[];
    events: number;
    expiredAt: Date;
    evidenceId: string;
  }): Promise<void> {
    await this.db
      .insertInto('logvault_expired_days')
      .values({
        date: row.date,
        segments: JSON.stringify(row.segments),
        events: row.events,
        expired_at: row.expiredAt,
        evidence_id: row.evidenceId,
      })
      .execute();
  }

  /** Starts a run; false when one is running already (the unique index over running rows). */
  async insertRun(row: {
    id: string;
    startedAt: Date;
    from: string | null;
    to: string | null;
    fromSegment: string | null;
    by: string;
  }): Promise<boolean> {
    const r = await this.db
      .insertInto('logvault_verify_runs')
      .values({
        id: row.id,
        started_at: row.startedAt,
        state: 'running',
        from_date: row.from,
        to_date: row.to,
        from_segment: row.fromSegment,
        messages: null,
        by_name: row.by,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async finishRun(
    id: string,
    r: {
      finishedAt: Date;
      state: 'ok' | 'failed';
      segments: number;
      events: number;
      code: string | null;
      segment: string | null;
      messages: { zh: string; en: string } | null;
      lastSegment: string | null;
    },
  ): Promise<void> {
    await this.db
      .updateTable('logvault_verify_runs')
      .set({
        finished_at: r.finishedAt,
        state: r.state,
        segments: r.segments,
        events: r.events,
        code: r.code,
        segment: r.segment,
        messages: r.messages ? JSON.stringify(r.messages) : null,
        last_segment: r.lastSegment,
      })
      .where('id', '=', id)
      .execute();
  }

  run(id: string): Promise<VerifyRunRow | undefined> {
    return this.db.selectFrom('logvault_verify_runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  running(): Promise<VerifyRunRow | undefined> {
    return this.db
      .selectFrom('logvault_verify_runs')
      .selectAll()
      .where('state', '=', 'running')
      .executeTakeFirst();
  }

  /** Newest first, after the run (its seq) that ended the page before. */
  runs(limit: number, after?: number): Promise<VerifyRunRow[]> {
    let q = this.db.selectFrom('logvault_verify_runs').selectAll();
    if (after !== undefined) q = q.where('seq', '<', after);
    return q.orderBy('seq', 'desc').limit(limit).execute();
  }

  /** The last finished run, and the last that passed. */
  /** The latest finished runs, newest first (a run a night: 400 is more than a year). */
  recentFinished(limit = 400): Promise<VerifyRunRow[]> {
    return this.db
      .selectFrom('logvault_verify_runs')
      .selectAll()
      .where('state', '!=', 'running')
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
  }

  async lastFinished(state?: 'ok'): Promise<VerifyRunRow | undefined> {
    let q = this.db.selectFrom('logvault_verify_runs').selectAll().where('state', '!=', 'running');
    if (state) q = q.where('state', '=', state);
    return q.orderBy('seq', 'desc').limit(1).executeTakeFirst();
  }
}

export type SourceEdit = Partial<
  Pick<
    Updateable<LogvaultTables['logvault_sources']>,
    'name' | 'owner' | 'expected_per_hour' | 'system_id' | 'zone' | 'retired'
  >
>;
