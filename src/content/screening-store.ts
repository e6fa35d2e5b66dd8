import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { ScreeningTables } from './screening-tables.js';

export type RuleSetRow = Selectable<ScreeningTables['content_rule_sets']>;
export type ReviewRow = Selectable<ScreeningTables['content_reviews']>;
export type NewReviewRow = Insertable<ScreeningTables['content_reviews']>;
export type DisposalRow = Selectable<ScreeningTables['content_disposals']>;
export type NewDisposalRow = Insertable<ScreeningTables['content_disposals']>;
export type DisposalPatch = Updateable<ScreeningTables['content_disposals']>;

export interface DisposalFilter {
  q?: string | undefined;
  category?: string | undefined;
  state?: 'unreported' | 'deletion_outstanding' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Rows a statement inserts at most (about 30 parameters a row, under PostgreSQL's 65,535). */
const CHUNK = 1000;

/** The screening area's rule sets, review queue and disposal records. */
export class ScreeningStore {
  constructor(private readonly db: Kysely<ScreeningTables>) {}

  in(tx: Tx | undefined): ScreeningStore {
    return tx ? new ScreeningStore(txDb<ScreeningTables>(tx)) : this;
  }

  // ---- rule sets

  async maxVersion(): Promise<number> {
    const r = await this.db
      .selectFrom('content_rule_sets')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirst();
    return Number(r?.v ?? 0);
  }

  /** The version in force: the pointer's, or the newest when none was set. */
  async activeVersion(): Promise<number> {
    const p = await this.db
      .selectFrom('content_rule_active')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirst();
    return p ? p.version : this.maxVersion();
  }

  ruleSet(version: number): Promise<RuleSetRow | undefined> {
    return this.db
      .selectFrom('content_rule_sets')
      .selectAll()
      .where('version', '=', version)
      .executeTakeFirst();
  }

  async insertRuleSet(row: Insertable<ScreeningTables['content_rule_sets']>): Promise<void> {
    await this.db.insertInto('content_rule_sets').values(row).execute();
  }

  async setActive(version: number, at: Date, by: string): Promise<void> {
    await this.db
      .insertInto('content_rule_active')
      .values({ id: 1, version, activated_at: at, activated_by: by })
      .onConflict((oc) => oc.column('id').doUpdateSet({ version, activated_at: at, activated_by: by }))
      .execute();
  }

  /** Versions newest first, without their rules; `after` is the last version of the page before. */
  versions(limit: number, after?: number): Promise<Omit<RuleSetRow, 'rules' | 'allow'>[]> {
    let q = this.db
      .selectFrom('content_rule_sets')
      .select(['version', 'created_at', 'created_by', 'note', 'rule_count', 'allow_count', 'categories']);
    if (after !== undefined) q = q.where('version', '<', after);
    return q.orderBy('version', 'desc').limit(limit).execute();
  }

  /** The versions in force during [from, to): those activated before `to` (for the audit pack). */
  versionsCreatedBefore(to: Date | undefined): Promise<Omit<RuleSetRow, 'rules' | 'allow'>[]> {
    let q = this.db
      .selectFrom('content_rule_sets')
      .select(['version', 'created_at', 'created_by', 'note', 'rule_count', 'allow_count', 'categories']);
    if (to) q = q.where('created_at', '<', to);
    return q.orderBy('version').execute();
  }

  // ---- reviews

  async insertReviews(rows: readonly NewReviewRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK)
      await this.db
        .insertInto('content_reviews')
        .values(rows.slice(i, i + CHUNK))
        .execute();
  }

  review(id: string): Promise<ReviewRow | undefined> {
    return this.db.selectFrom('content_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A status's reviews: pending oldest first (the queue), decided newest first; key [held_at ISO, id]. */
  reviews(
    filter: { status: 'pending' | 'allowed' | 'removed'; q?: string | undefined },
    limit: number,
    after?: [string, string],
  ): Promise<ReviewRow[]> {
    const desc = filter.status !== 'pending';
    let q = this.db.selectFrom('content_reviews').selectAll().where('status', '=', filter.status);
    if (filter.q) {
      const p = like(filter.q);
      q = q.where((eb) =>
        eb.or([
          eb('excerpt', 'ilike', p),
          eb('item_id', 'ilike', p),
          eb('publisher', 'ilike', p),
          eb('service', 'ilike', p),
          eb('id', '=', filter.q!),
        ]),
      );
    }
    if (after) {
      const at = new Date(after[0]);
      q = q.where((eb) =>
        eb.or([
          eb('held_at', desc ? '<' : '>', at),
          eb.and([eb('held_at', '=', at), eb('id', desc ? '<' : '>', after[1])]),
        ]),
      );
    }
    return q
      .orderBy('held_at', desc ? 'desc' : 'asc')
      .orderBy('id', desc ? 'desc' : 'asc')
      .limit(limit)
      .execute();
  }

  /** Decides a pending review; undefined when it was not pending (decided meanwhile). */
  decideReview(
    id: string,
    patch: {
      status: 'allowed' | 'removed';
      decided_at: Date;
      decided_by: string;
      note: string;
      disposal_id: string | null;
    },
  ): Promise<ReviewRow | undefined> {
    return this.db
      .updateTable('content_reviews')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
  }

  async pendingReviews(): Promise<number> {
    const r = await this.db
      .selectFrom('content_reviews')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  // ---- disposals

  async insertDisposals(rows: readonly NewDisposalRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK)
      await this.db
        .insertInto('content_disposals')
        .values(rows.slice(i, i + CHUNK))
        .execute();
  }

  disposal(id: string): Promise<DisposalRow | undefined> {
    return this.db.selectFrom('content_disposals').selectAll().where('id', '=', id).executeTakeFirst();
  }

  disposalsByIds(ids: readonly string[]): Promise<DisposalRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('content_disposals').selectAll().where('id', 'in', ids).execute();
  }

  /** Newest detected first; key [detected_at ISO, id]; `limit` null reads every row. */
  disposals(filter: DisposalFilter, limit: number | null, after?: [string, string]): Promise<DisposalRow[]> {
    let q = this.db.selectFrom('content_disposals').selectAll();
    if (filter.category) q = q.where('category', '=', filter.category);
    if (filter.state === 'unreported') q = q.where('reported_at', 'is', null);
    if (filter.state === 'deletion_outstanding') q = q.where('deletion_state', '<>', 'confirmed');
    if (filter.from) q = q.where('detected_at', '>=', filter.from);
    if (filter.to) q = q.where('detected_at', '<', filter.to);
    if (filter.q) {
      const p = like(filter.q);
      q = q.where((eb) =>
        eb.or([
          eb('excerpt', 'ilike', p),
          eb('item_id', 'ilike', p),
          eb('publisher', 'ilike', p),
          eb('service', 'ilike', p),
          eb('url', 'ilike', p),
          eb('id', '=', filter.q!),
          eb('content_hash', '=', filter.q!.toLowerCase()),
        ]),
      );
    }
    if (after) {
      const at = new Date(after[0]);
      q = q.where((eb) =>
        eb.or([eb('detected_at', '<', at), eb.and([eb('detected_at', '=', at), eb('id', '<', after[1])])]),
      );
    }
    q = q.orderBy('detected_at', 'desc').orderBy('id', 'desc');
    return (limit === null ? q : q.limit(limit)).execute();
  }

  /** The unreported disposals detected in [from, to), oldest first (the report draft: the most overdue first). */
  oldestUnreported(from: Date | undefined, to: Date | undefined, limit: number): Promise<DisposalRow[]> {
    let q = this.db.selectFrom('content_disposals').selectAll().where('reported_at', 'is', null);
    if (from) q = q.where('detected_at', '>=', from);
    if (to) q = q.where('detected_at', '<', to);
    return q.orderBy('detected_at').orderBy('id').limit(limit).execute();
  }

  updateDisposal(id: string, patch: DisposalPatch): Promise<DisposalRow | undefined> {
    return this.db
      .updateTable('content_disposals')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * The deletion job's outcome, only while the row is still as the job read it (not confirmed
   * meanwhile, by the platform answering the webhook or by a moderator): false when it was not.
   */
  async updateDeletionAttempt(id: string, attemptsBefore: number, patch: DisposalPatch): Promise<boolean> {
    const r = await this.db
      .updateTable('content_disposals')
      .set(patch)
      .where('id', '=', id)
      .where('deletion_state', 'in', ['not_requested', 'failed'])
      .where('deletion_attempts', '=', attemptsBefore)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Records a report of the listed disposals not yet reported; answers the ids it marked. */
  async markReported(
    ids: readonly string[],
    patch: { reported_at: Date; report_recipient: string; report_reference: string | null },
  ): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.db
        .updateTable('content_disposals')
        .set(patch)
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .where('reported_at', 'is', null)
        .returning('id')
        .execute();
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  /** The webhook's work: deletions wanted, not requested or failed, whose next attempt is due. */
  deletionWork(now: Date, limit: number): Promise<DisposalRow[]> {
    return this.db
      .selectFrom('content_disposals')
      .selectAll()
      .where('deletion_wanted', '=', true)
      .where('deletion_state', 'in', ['not_requested', 'failed'])
      .where((eb) => eb.or([eb('deletion_next_at', 'is', null), eb('deletion_next_at', '<=', now)]))
      .orderBy('detected_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Deletions not confirmed, the earliest due first (for the open items). */
  openDeletions(limit: number): Promise<DisposalRow[]> {
    return this.db
      .selectFrom('content_disposals')
      .selectAll()
      .where('deletion_state', '<>', 'confirmed')
      .orderBy('deletion_due_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async unreportedSummary(): Promise<{ count: number; oldestDue: Date | null; oldestDetected: Date | null }> {
    const r = await this.db
      .selectFrom('content_disposals')
      .select((eb) => [
        eb.fn.countAll<string>().as('n'),
        eb.fn.min('report_due_at').as('due'),
        eb.fn.min('detected_at').as('detected'),
      ])
      .where('reported_at', 'is', null)
      .executeTakeFirst();
    const n = Number(r?.n ?? 0);
    return {
      count: n,
      oldestDue: n && r?.due ? new Date(r.due as unknown as string) : null,
      oldestDetected: n && r?.detected ? new Date(r.detected as unknown as string) : null,
    };
  }

  async counts(): Promise<{ total: number; unreported: number; deletionOutstanding: number }> {
    const r = await this.db
      .selectFrom('content_disposals')
      .select((eb) => [
        eb.fn.countAll<string>().as('total'),
        sql<string>`count(*) filter (where reported_at is null)`.as('unreported'),
        sql<string>`count(*) filter (where deletion_state <> 'confirmed')`.as('outstanding'),
      ])
      .executeTakeFirst();
    return {
      total: Number(r?.total ?? 0),
      unreported: Number(r?.unreported ?? 0),
      deletionOutstanding: Number(r?.outstanding ?? 0),
    };
  }

  /** Deletes the disposals kept past their date, and the decided reviews held before `reviewsBefore`. */
  async purge(now: Date, reviewsBefore: Date): Promise<{ disposals: number; reviews: number }> {
    // A record still owed (not reported, or its deletion not confirmed) stays past its date: its open item with it.
    const d = await this.db
      .deleteFrom('content_disposals')
      .where('keep_until', '<=', now)
      .where('reported_at', 'is not', null)
      .where((eb) => eb.or([eb('deletion_state', '=', 'confirmed'), eb('deletion_wanted', '=', false)]))
      .executeTakeFirst();
    const r = await this.db
      .deleteFrom('content_reviews')
      .where('status', '<>', 'pending')
      .where('held_at', '<', reviewsBefore)
      .executeTakeFirst();
    return { disposals: Number(d.numDeletedRows), reviews: Number(r.numDeletedRows) };
  }
}
