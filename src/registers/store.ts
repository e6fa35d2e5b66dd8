import { sql, type Kysely, type Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { RegisterEntryTable, RegisterTables } from './tables.js';

export type EntryRow = Selectable<RegisterEntryTable>;

/** What a register's entry list can be narrowed to; every part optional. */
export interface EntryFilter {
  /** Words in the entry's fields (as stored) or the recorder's name. */
  q?: string | undefined;
  status?: string | undefined;
  recordedBy?: string | undefined;
  /** Its date field, both ends included. */
  from?: string | undefined;
  to?: string | undefined;
}

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
   * A register's entries in one of the whitelisted orders, narrowed by the
   * filter, keyset on the order's columns with the id last: `limit` entries
   * after `after` (the order's values of the last entry of the page before).
   */
  entryPage(
    registerId: string,
    limit: number,
    order: { by: 'occurred' | 'recorded'; desc: boolean },
    after?: readonly (string | number)[],
    filter: EntryFilter = {},
  ): Promise<EntryRow[]> {
    const dir = order.desc ? 'desc' : 'asc';
    const cmp = order.desc ? sql`<` : sql`>`;
    let q = this.db
      .selectFrom('register_entries')
      .selectAll()
      .where('register_id', '=', registerId)
      .limit(limit);
    if (order.by === 'occurred') {
      q = q
        .orderBy('occurred_on', dir)
        .orderBy('recorded_at', dir)
        .orderBy(sql<number>`coalesce(version, 0)`, dir)
        .orderBy('id', dir);
      if (after)
        q = q.where(
          sql<boolean>`(occurred_on, recorded_at, coalesce(version, 0), id) ${cmp} (${after[0]}, ${new Date(String(after[1]))}, ${after[2]}, ${after[3]})`,
        );
    } else {
      q = q.orderBy('recorded_at', dir).orderBy('id', dir);
      if (after)
        q = q.where(sql<boolean>`(recorded_at, id) ${cmp} (${new Date(String(after[0]))}, ${after[1]})`);
    }
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.recordedBy) q = q.where('recorded_by', '=', filter.recordedBy);
    if (filter.from) q = q.where('occurred_on', '>=', filter.from);
    if (filter.to) q = q.where('occurred_on', '<=', filter.to);
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb('data', 'ilike', like), eb('recorded_by', 'ilike', like)]));
    }
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
