import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { ComplaintTables } from './complaints-tables.js';

export type ChannelRow = Selectable<ComplaintTables['content_complaint_channel']>;
export type ComplaintRow = Selectable<ComplaintTables['content_complaints']>;
export type NewComplaintRow = Insertable<ComplaintTables['content_complaints']>;
export type ComplaintChange = Updateable<ComplaintTables['content_complaints']>;
export type ReplyRow = Selectable<ComplaintTables['content_complaint_replies']>;
/** A page's position: the last complaint's receipt (ISO) and id. */
export type ComplaintKey = [receivedAt: string, id: string];

export interface ComplaintFilter {
  status?: string | undefined;
  q?: string | undefined;
  /** Not answered or closed and past its due instant at `now`. */
  overdueAt?: Date | undefined;
}

/** Statuses still waiting for an answer (the handling clock runs). */
export const waitingStatuses = ['received', 'in_progress'] as const;

/** Queries only: the channel's versions, complaints and their replies. */
export class ComplaintStore {
  constructor(private readonly db: Kysely<ComplaintTables>) {}

  in(tx: Tx | undefined): ComplaintStore {
    return tx ? new ComplaintStore(txDb<ComplaintTables>(tx)) : this;
  }

  channel(): Promise<ChannelRow | undefined> {
    return this.db
      .selectFrom('content_complaint_channel')
      .selectAll()
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Adds a version; false when another publication took the number meanwhile. */
  async insertChannel(row: ChannelRow): Promise<boolean> {
    const r = await this.db
      .insertInto('content_complaint_channel')
      .values(row)
      .onConflict((oc) => oc.column('version').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async nextNumber(): Promise<number> {
    const { rows } = await sql<{ n: string }>`select nextval('content_complaint_seq') as n`.execute(this.db);
    return Number(rows[0]!.n);
  }

  async insert(row: NewComplaintRow): Promise<void> {
    await this.db.insertInto('content_complaints').values(row).execute();
  }

  find(id: string): Promise<ComplaintRow | undefined> {
    return this.db.selectFrom('content_complaints').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byReference(reference: string): Promise<ComplaintRow | undefined> {
    return this.db
      .selectFrom('content_complaints')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirst();
  }

  /** Newest first, `limit` after `after`. */
  page(limit: number, after: ComplaintKey | undefined, f: ComplaintFilter): Promise<ComplaintRow[]> {
    let q = this.db
      .selectFrom('content_complaints')
      .selectAll()
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (after) q = q.where(sql<boolean>`(received_at, id) < (${new Date(after[0])}, ${after[1]})`);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.overdueAt) q = q.where('status', 'in', [...waitingStatuses]).where('due_at', '<=', f.overdueAt);
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([eb('reference', 'ilike', like), eb('subject', 'ilike', like), eb('body', 'ilike', like)]),
      );
    }
    return q.execute();
  }

  /** Those still waiting for an answer (the open items). */
  waiting(): Promise<ComplaintRow[]> {
    return this.db
      .selectFrom('content_complaints')
      .selectAll()
      .where('status', 'in', [...waitingStatuses])
      .orderBy('due_at')
      .execute();
  }

  async counts(now: Date): Promise<{ open: number; overdue: number }> {
    const r = await this.db
      .selectFrom('content_complaints')
      .select((eb) => [
        eb.fn.countAll<string>().as('open'),
        eb.fn.count<string>(sql`case when due_at <= ${now} then 1 end`).as('overdue'),
      ])
      .where('status', 'in', [...waitingStatuses])
      .executeTakeFirstOrThrow();
    return { open: Number(r.open), overdue: Number(r.overdue) };
  }

  /** Received in [from, to), oldest first (the audit pack's file). */
  received(range: { from?: Date | undefined; to?: Date | undefined }): Promise<ComplaintRow[]> {
    let q = this.db.selectFrom('content_complaints').selectAll();
    if (range.from) q = q.where('received_at', '>=', range.from);
    if (range.to) q = q.where('received_at', '<', range.to);
    return q.orderBy('received_at').orderBy('id').execute();
  }

  /** Changes a complaint only at the version the caller read; false when someone changed it first. */
  async update(id: string, version: number, change: ComplaintChange): Promise<boolean> {
    const r = await this.db
      .updateTable('content_complaints')
      .set({ ...change, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async addReply(row: ReplyRow): Promise<void> {
    await this.db.insertInto('content_complaint_replies').values(row).execute();
  }

  /** The replies of the given complaints, oldest first. */
  replies(ids: readonly string[]): Promise<ReplyRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('content_complaint_replies')
      .selectAll()
      .where('complaint_id', 'in', [...ids])
      .orderBy('at')
      .orderBy('id')
      .execute();
  }
}
