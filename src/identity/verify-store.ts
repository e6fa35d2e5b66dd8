import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { InstantKey } from '../platform/paging.js';
import type { VerifyTables } from './verify-tables.js';

export type ServiceRow = Selectable<VerifyTables['identity_services']>;
export type VerificationRow = Selectable<VerifyTables['identity_verifications']>;
export type NewVerificationRow = Insertable<VerifyTables['identity_verifications']>;
export type VerificationChange = Updateable<VerifyTables['identity_verifications']>;

export interface VerificationFilter {
  service?: string | undefined;
  user?: string | undefined;
  /** Stored statuses; `expired` is `verified` with expires_at at or before `now`. */
  status?: 'pending' | 'verified' | 'failed' | 'expired' | undefined;
  now: Date;
}

/** Queries only: services' requirements and the verification records. */
export class VerifyStore {
  constructor(private readonly db: Kysely<VerifyTables>) {}

  in(tx: Tx | undefined): VerifyStore {
    return tx ? new VerifyStore(txDb<VerifyTables>(tx)) : this;
  }

  async nextSeq(): Promise<number> {
    const { rows } = await sql<{ n: string }>`select nextval('identity_change_seq') as n`.execute(this.db);
    return Number(rows[0]!.n);
  }

  services(): Promise<ServiceRow[]> {
    return this.db.selectFrom('identity_services').selectAll().orderBy('key').execute();
  }

  service(key: string): Promise<ServiceRow | undefined> {
    return this.db.selectFrom('identity_services').selectAll().where('key', '=', key).executeTakeFirst();
  }

  async putService(row: ServiceRow): Promise<void> {
    await this.db
      .insertInto('identity_services')
      .values(row)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          name: row.name,
          requires: row.requires,
          validity: row.validity,
          callers: row.callers,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
          evidence_id: row.evidence_id,
          seq: row.seq,
        }),
      )
      .execute();
  }

  async insertVerifications(rows: readonly NewVerificationRow[]): Promise<void> {
    if (rows.length)
      await this.db
        .insertInto('identity_verifications')
        .values([...rows])
        .execute();
  }

  async updateVerification(id: string, change: VerificationChange): Promise<void> {
    await this.db.updateTable('identity_verifications').set(change).where('id', '=', id).execute();
  }

  verification(id: string): Promise<VerificationRow | undefined> {
    return this.db.selectFrom('identity_verifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** One account's records (every method), newest first. */
  account(service: string, user: string): Promise<VerificationRow[]> {
    return this.db
      .selectFrom('identity_verifications')
      .selectAll()
      .where('service', '=', service)
      .where('user_id', '=', user)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Every record, in seq order (the gate's start), `limit` at a time after `afterSeq`. */
  changedSince(afterSeq: number, limit: number): Promise<VerificationRow[]> {
    return this.db
      .selectFrom('identity_verifications')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  servicesChangedSince(afterSeq: number): Promise<ServiceRow[]> {
    return this.db.selectFrom('identity_services').selectAll().where('seq', '>', afterSeq).execute();
  }

  /** The newest records first, `limit + 1` after the key. */
  page(filter: VerificationFilter, limit: number, after?: InstantKey): Promise<VerificationRow[]> {
    let q = this.db.selectFrom('identity_verifications').selectAll();
    if (filter.service) q = q.where('service', '=', filter.service);
    if (filter.user) q = q.where('user_id', '=', filter.user);
    if (filter.status === 'expired')
      q = q.where('status', '=', 'verified').where('expires_at', '<=', filter.now);
    else if (filter.status === 'verified')
      q = q
        .where('status', '=', 'verified')
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', filter.now)]));
    else if (filter.status) q = q.where('status', '=', filter.status);
    if (after) {
      const at = new Date(after[0]);
      q = q.where((eb) =>
        eb.or([eb('started_at', '<', at), eb.and([eb('started_at', '=', at), eb('id', '<', after[1])])]),
      );
    }
    return q
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
  }

  /** A service's records started in [from, to), in id order (a day's seal). */
  startedBetween(service: string, from: Date, to: Date): Promise<VerificationRow[]> {
    return this.db
      .selectFrom('identity_verifications')
      .selectAll()
      .where('service', '=', service)
      .where('started_at', '>=', from)
      .where('started_at', '<', to)
      .orderBy('id')
      .execute();
  }
}
