import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { TakedownTables } from './takedowns-tables.js';

export type TakedownRow = Selectable<TakedownTables['content_takedowns']>;
export type NewTakedownRow = Insertable<TakedownTables['content_takedowns']>;
export type TakedownTargetRow = Selectable<TakedownTables['content_takedown_targets']>;
export type TakedownActionRow = Selectable<TakedownTables['content_takedown_actions']>;
export type NewTakedownActionRow = Insertable<TakedownTables['content_takedown_actions']>;
/** A page's position: the last demand's receipt instant (ISO) and its id. */
export type TakedownKey = [receivedAt: string, id: string];

/** A demand with its targets and actions (in order). */
export interface TakedownRecord {
  row: TakedownRow;
  targets: TakedownTargetRow[];
  actions: TakedownActionRow[];
}

export interface TakedownFilter {
  status?: TakedownRow['status'] | undefined;
  /** Overdue (true) or not (false) as of `now`: not done by its due instant. */
  overdue?: boolean | undefined;
  now: Date;
  /** Words in the document number, the issuer's name or a target. */
  q?: string | undefined;
}

export class TakedownStore {
  constructor(private readonly db: Kysely<TakedownTables>) {}

  in(tx: Tx | undefined): TakedownStore {
    return tx ? new TakedownStore(txDb<TakedownTables>(tx)) : this;
  }

  /** Newest received first, `limit` after `after`, filtered. */
  async page(limit: number, after: TakedownKey | undefined, f: TakedownFilter): Promise<TakedownRecord[]> {
    let query = this.db
      .selectFrom('content_takedowns')
      .selectAll()
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (after) query = query.where(sql<boolean>`(received_at, id) < (${new Date(after[0])}, ${after[1]})`);
    if (f.status) query = query.where('status', '=', f.status);
    if (f.overdue !== undefined) {
      // Overdue: its due instant has passed, and it was not done by then.
      const late = sql<boolean>`(due_at < ${f.now} and (done_at is null or done_at > due_at))`;
      query = query.where(f.overdue ? late : sql<boolean>`not ${late}`);
    }
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('document_number', 'ilike', like),
          eb('issuer_name', 'ilike', like),
          eb.exists(
            eb
              .selectFrom('content_takedown_targets as t')
              .select(sql`1`.as('one'))
              .whereRef('t.takedown_id', '=', 'content_takedowns.id')
              .where('t.value', 'ilike', like),
          ),
        ]),
      );
    }
    return this.withLists(await query.execute());
  }

  /** The demands received in [from, to), oldest first (the audit pack's part). */
  async received(range: { from?: Date | undefined; to?: Date | undefined }): Promise<TakedownRecord[]> {
    let q = this.db.selectFrom('content_takedowns').selectAll();
    if (range.from) q = q.where('received_at', '>=', range.from);
    if (range.to) q = q.where('received_at', '<', range.to);
    return this.withLists(await q.orderBy('received_at').orderBy('id').execute());
  }

  /** The demands not yet done (the open items). */
  async open(): Promise<TakedownRecord[]> {
    const rows = await this.db
      .selectFrom('content_takedowns')
      .selectAll()
      .where('status', '=', 'open')
      .orderBy('due_at')
      .orderBy('id')
      .execute();
    return this.withLists(rows);
  }

  async counts(now: Date): Promise<{ open: number; overdue: number }> {
    const r = await this.db
      .selectFrom('content_takedowns')
      .select([
        sql<string>`count(*) filter (where status = 'open')`.as('open'),
        sql<string>`count(*) filter (where status = 'open' and due_at < ${now})`.as('overdue'),
      ])
      .executeTakeFirstOrThrow();
    return { open: Number(r.open), overdue: Number(r.overdue) };
  }

  async find(id: string): Promise<TakedownRecord | undefined> {
    const row = await this.db
      .selectFrom('content_takedowns')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? (await this.withLists([row]))[0] : undefined;
  }

  async findByDocument(issuer: string, documentNumber: string): Promise<TakedownRow | undefined> {
    return this.db
      .selectFrom('content_takedowns')
      .selectAll()
      .where('issuer', '=', issuer)
      .where('document_number', '=', documentNumber)
      .executeTakeFirst();
  }

  /** Inserts the demand and its targets; false when the issuer's document number is already there. */
  async insert(row: NewTakedownRow, targets: { value: string; note: string | null }[]): Promise<boolean> {
    const r = await this.db
      .insertInto('content_takedowns')
      .values(row)
      .onConflict((oc) => oc.columns(['issuer', 'document_number']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
    await this.db
      .insertInto('content_takedown_targets')
      .values(targets.map((t, position) => ({ takedown_id: row.id, position, value: t.value, note: t.note })))
      .execute();
    return true;
  }

  async insertAction(row: NewTakedownActionRow): Promise<void> {
    await this.db.insertInto('content_takedown_actions').values(row).execute();
  }

  /** Moves a demand on, if it is still at the version the caller read (no lost update). */
  async update(
    id: string,
    version: number,
    set: Partial<
      Pick<
        TakedownRow,
        | 'status'
        | 'done_at'
        | 'confirmed_at'
        | 'confirmed_by'
        | 'confirmation_reference'
        | 'confirmation_note'
        | 'confirmation_evidence_id'
      >
    >,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('content_takedowns')
      .set({ ...set, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  private async withLists(rows: TakedownRow[]): Promise<TakedownRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [targets, actions] = await Promise.all([
      this.db
        .selectFrom('content_takedown_targets')
        .selectAll()
        .where('takedown_id', 'in', ids)
        .orderBy('takedown_id')
        .orderBy('position')
        .execute(),
      this.db
        .selectFrom('content_takedown_actions')
        .selectAll()
        .where('takedown_id', 'in', ids)
        .orderBy('seq')
        .execute(),
    ]);
    const group = <T extends { takedown_id: string }>(list: T[]) => {
      const by = new Map<string, T[]>();
      for (const x of list) by.set(x.takedown_id, [...(by.get(x.takedown_id) ?? []), x]);
      return by;
    };
    const t = group(targets);
    const a = group(actions);
    return rows.map((row) => ({ row, targets: t.get(row.id) ?? [], actions: a.get(row.id) ?? [] }));
  }
}
