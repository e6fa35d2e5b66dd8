import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { VaultTables } from './vault-tables.js';

export type SubjectRow = Selectable<VaultTables['identity_subjects']>;
export type NewSubjectRow = Insertable<VaultTables['identity_subjects']>;
export type AccountRow = Selectable<VaultTables['identity_accounts']>;
export type RevealRow = Selectable<VaultTables['identity_reveals']>;
export type VaultKeyRow = Selectable<VaultTables['identity_vault_keys']>;
/** A page's position: the last row's instant (ISO) and its id. */
export type InstantKey = [at: string, id: string];

export class VaultStore {
  constructor(private readonly db: Kysely<VaultTables>) {}

  in(tx: Tx | undefined): VaultStore {
    return tx ? new VaultStore(txDb<VaultTables>(tx)) : this;
  }

  // ---- people

  async subject(id: string): Promise<SubjectRow | undefined> {
    return this.db.selectFrom('identity_subjects').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async subjectsByIdHash(hashes: readonly string[]): Promise<SubjectRow[]> {
    if (hashes.length === 0) return [];
    return this.db.selectFrom('identity_subjects').selectAll().where('id_hash', 'in', hashes).execute();
  }

  async subjectsByPhoneHash(hashes: readonly string[]): Promise<SubjectRow[]> {
    if (hashes.length === 0) return [];
    return this.db
      .selectFrom('identity_subjects')
      .selectAll()
      .where('phone_hash', 'in', hashes)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Inserts a person; false when the identity number's hash is taken (the same person enrolled at once). */
  async insertSubject(row: NewSubjectRow): Promise<boolean> {
    const r = await this.db
      .insertInto('identity_subjects')
      .values(row)
      .onConflict((oc) => oc.column('id_hash').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Replaces a person's sealed record, hashes and masks (a later enrolment with a new phone). */
  async updateSubject(id: string, set: Omit<NewSubjectRow, 'id' | 'created_at'>): Promise<void> {
    await this.db.updateTable('identity_subjects').set(set).where('id', '=', id).execute();
  }

  /** Newest first; only people with an account of `service` when given. */
  async subjectPage(limit: number, after: InstantKey | undefined, service?: string): Promise<SubjectRow[]> {
    let q = this.db
      .selectFrom('identity_subjects')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (after) q = q.where(sql<boolean>`(created_at, id) < (${new Date(after[0])}, ${after[1]})`);
    if (service)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('identity_accounts as a')
            .select(sql`1`.as('one'))
            .whereRef('a.subject_id', '=', 'identity_subjects.id')
            .where('a.service', '=', service),
        ),
      );
    return q.execute();
  }

  // ---- re-wrap and re-index

  /** People whose data key another key than `keyId` wraps, a batch at a time. */
  async notWrappedBy(keyId: string, limit: number): Promise<SubjectRow[]> {
    return this.db
      .selectFrom('identity_subjects')
      .selectAll()
      .where('key_id', '<>', keyId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async notIndexedBy(keyId: string, limit: number): Promise<SubjectRow[]> {
    return this.db
      .selectFrom('identity_subjects')
      .selectAll()
      .where('index_key_id', '<>', keyId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Moves a data key to a new wrapping key, unless someone changed the row meanwhile. */
  async rewrap(
    id: string,
    fromKeyId: string,
    set: { wrapped_key: string; key_id: string },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('identity_subjects')
      .set(set)
      .where('id', '=', id)
      .where('key_id', '=', fromKeyId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async reindex(
    id: string,
    fromKeyId: string,
    set: { id_hash: string; phone_hash: string; index_key_id: string },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('identity_subjects')
      .set(set)
      .where('id', '=', id)
      .where('index_key_id', '=', fromKeyId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** How many people each vault key wraps / each index key indexed. */
  async countsByKey(): Promise<{ vault: Map<string, number>; index: Map<string, number>; total: number }> {
    const [v, i] = await Promise.all([
      this.db
        .selectFrom('identity_subjects')
        .select(['key_id as id', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('key_id')
        .execute(),
      this.db
        .selectFrom('identity_subjects')
        .select(['index_key_id as id', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('index_key_id')
        .execute(),
    ]);
    const vault = new Map(v.map((r) => [r.id, Number(r.n)]));
    const index = new Map(i.map((r) => [r.id, Number(r.n)]));
    return { vault, index, total: [...vault.values()].reduce((a, b) => a + b, 0) };
  }

  // ---- accounts

  async account(service: string, user: string): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('identity_accounts')
      .selectAll()
      .where('service', '=', service)
      .where('user_id', '=', user)
      .executeTakeFirst();
  }

  async accountByHandle(handle: string): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('identity_accounts')
      .selectAll()
      .where('handle', '=', handle)
      .executeTakeFirst();
  }

  async accountsOf(subjectIds: readonly string[]): Promise<AccountRow[]> {
    if (subjectIds.length === 0) return [];
    return this.db
      .selectFrom('identity_accounts')
      .selectAll()
      .where('subject_id', 'in', subjectIds)
      .orderBy('enrolled_at')
      .orderBy('service')
      .orderBy('user_id')
      .execute();
  }

  /** Inserts an account; false when the (service, user) or the handle is taken (a race). */
  async insertAccount(row: AccountRow): Promise<boolean> {
    const r = await this.db
      .insertInto('identity_accounts')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  // ---- reveals

  async reveal(id: string): Promise<RevealRow | undefined> {
    return this.db.selectFrom('identity_reveals').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertReveal(row: RevealRow): Promise<void> {
    await this.db.insertInto('identity_reveals').values(row).execute();
  }

  /** Moves a reveal on from `from`, unless someone else did first. */
  async updateReveal(id: string, from: RevealRow['status'], set: Partial<RevealRow>): Promise<boolean> {
    const r = await this.db
      .updateTable('identity_reveals')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Newest first. `status` as the API reads it: `expired` is an approved reveal past its
   * window, `approved` one still within it.
   */
  async revealPage(
    limit: number,
    after: InstantKey | undefined,
    filter: { status?: string | undefined; now: Date; from?: Date | undefined; to?: Date | undefined },
  ): Promise<RevealRow[]> {
    let q = this.db
      .selectFrom('identity_reveals')
      .selectAll()
      .orderBy('requested_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (after) q = q.where(sql<boolean>`(requested_at, id) < (${new Date(after[0])}, ${after[1]})`);
    if (filter.status === 'expired')
      q = q.where('status', '=', 'approved').where('open_until', '<', filter.now);
    else if (filter.status === 'approved')
      q = q.where('status', '=', 'approved').where('open_until', '>=', filter.now);
    else if (filter.status) q = q.where('status', '=', filter.status as RevealRow['status']);
    if (filter.from) q = q.where('requested_at', '>=', filter.from);
    if (filter.to) q = q.where('requested_at', '<', filter.to);
    return q.execute();
  }

  async subjectsByIds(ids: readonly string[]): Promise<SubjectRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('identity_subjects').selectAll().where('id', 'in', ids).execute();
  }

  // ---- key ids

  async noteKeys(keys: readonly VaultKeyRow[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .insertInto('identity_vault_keys')
      .values([...keys])
      .onConflict((oc) => oc.columns(['which', 'id']).doNothing())
      .execute();
  }

  /** The key ids the people's records are sealed and indexed under now. */
  async keyIdsInUse(): Promise<{ vault: string[]; index: string[] }> {
    const [vault, index] = await Promise.all([
      this.db.selectFrom('identity_subjects').select('key_id as id').distinct().execute(),
      this.db.selectFrom('identity_subjects').select('index_key_id as id').distinct().execute(),
    ]);
    return { vault: vault.map((r) => r.id), index: index.map((r) => r.id) };
  }

  async keyRows(): Promise<VaultKeyRow[]> {
    return this.db
      .selectFrom('identity_vault_keys')
      .selectAll()
      .orderBy('which')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }
}
