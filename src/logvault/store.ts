import { sql, type Kysely, type Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { LogvaultTables, SealSegmentColumn } from './tables.js';

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

  /** Writes the sources seen since the last call in one statement: new ones inserted, known ones' last sighting moved on. */
  async upsertSources(seen: readonly SeenSource[]): Promise<void> {
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
}
