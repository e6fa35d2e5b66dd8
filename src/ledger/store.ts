import { sql, type Kysely, type Selectable } from 'kysely';
import type { EvidenceTable, LedgerTables } from './tables.js';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';

export type EvidenceRow = Selectable<EvidenceTable>;

export class LedgerStore {
  constructor(private readonly db: Kysely<LedgerTables>) {}

  /** The same queries inside a caller's transaction. */
  in(tx: Tx | undefined): LedgerStore {
    return tx ? new LedgerStore(txDb<LedgerTables>(tx)) : this;
  }

  async insert(
    row: Omit<EvidenceRow, 'leaf_index' | 'obligations'> & { obligations: string[] },
  ): Promise<void> {
    await this.db
      .insertInto('evidence')
      .values({ ...row, obligations: JSON.stringify(row.obligations), leaf_index: null })
      .execute();
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

  /** Gives the records their tree positions start, start+1, ... in one statement. */
  async assignIndices(ids: string[], start: number): Promise<void> {
    if (ids.length === 0) return;
    await sql`
      update evidence set leaf_index = v.idx
      from (select * from unnest(${ids}::text[], ${ids.map((_, i) => start + i)}::bigint[]) as t(id, idx)) as v
      where evidence.id = v.id and evidence.leaf_index is null`.execute(this.db);
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

  /** What every record proves, for deriving statuses (a few columns, no bodies). */
  facts(): Promise<Pick<EvidenceRow, 'id' | 'kind' | 'obligations' | 'occurred_at'>[]> {
    return this.db.selectFrom('evidence').select(['id', 'kind', 'obligations', 'occurred_at']).execute();
  }

  /** Every record of a period (sequenced or not), newest first. */
  inPeriod(filter: { from?: Date | undefined; to?: Date | undefined }): Promise<EvidenceRow[]> {
    let q = this.db.selectFrom('evidence').selectAll().orderBy('occurred_at', 'desc');
    if (filter.from) q = q.where('occurred_at', '>=', filter.from);
    if (filter.to) q = q.where('occurred_at', '<', filter.to);
    return q.execute();
  }
}
