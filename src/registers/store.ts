import { sql, type Kysely, type Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { RegisterEntryTable, RegisterTables } from './tables.js';

export type EntryRow = Selectable<RegisterEntryTable>;

export class RegisterStore {
  constructor(private readonly db: Kysely<RegisterTables>) {}

  in(tx: Tx | undefined): RegisterStore {
    return tx ? new RegisterStore(txDb<RegisterTables>(tx)) : this;
  }

  /** Every entry, oldest first (the order versions and "newer entry" follow). */
  entries(registerId?: string): Promise<EntryRow[]> {
    let q = this.db.selectFrom('register_entries').selectAll();
    if (registerId) q = q.where('register_id', '=', registerId);
    return q.orderBy('occurred_on').orderBy('recorded_at').orderBy('version').orderBy('id').execute();
  }

  /**
   * A register's entries newest first, keyset on (occurred on, recorded at,
   * version, id): `limit` entries after `after`.
   */
  entryPage(
    registerId: string,
    limit: number,
    after?: readonly [string, string, number, string],
  ): Promise<EntryRow[]> {
    const version = sql<number>`coalesce(version, 0)`;
    let q = this.db
      .selectFrom('register_entries')
      .selectAll()
      .where('register_id', '=', registerId)
      .orderBy('occurred_on', 'desc')
      .orderBy('recorded_at', 'desc')
      .orderBy(version, 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (after)
      q = q.where(
        sql<boolean>`(occurred_on, recorded_at, coalesce(version, 0), id) < (${after[0]}, ${new Date(after[1])}, ${after[2]}, ${after[3]})`,
      );
    return q.execute();
  }

  find(id: string): Promise<EntryRow | undefined> {
    return this.db.selectFrom('register_entries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async lastVersion(registerId: string, key: string): Promise<number> {
    const r = await this.db
      .selectFrom('register_entries')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('register_id', '=', registerId)
      .where('entry_key', '=', key)
      .executeTakeFirst();
    return Number(r?.v ?? 0);
  }

  async insert(row: EntryRow): Promise<void> {
    await this.db.insertInto('register_entries').values(row).execute();
  }

  /** Changes an entry only if it is still in the state the caller read (no lost updates). */
  async update(
    id: string,
    expect: { status: string; data: string },
    set: Partial<
      Pick<EntryRow, 'status' | 'data' | 'reviewed_by' | 'reviewed_at' | 'review_note' | 'evidence_ids'>
    >,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('register_entries')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', expect.status)
      .where('data', '=', expect.data)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async setting(key: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('register_settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return r?.value;
  }

  async putSetting(key: string, value: string, by: string, at: Date): Promise<void> {
    await this.db
      .insertInto('register_settings')
      .values({ key, value, updated_by: by, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: by, updated_at: at }))
      .execute();
  }
}
