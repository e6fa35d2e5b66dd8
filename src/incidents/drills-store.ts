import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { DrillFollowUpColumn, DrillTables } from './drills-tables.js';

export type DrillRow = Selectable<DrillTables['incident_drills']>;
export type NewDrillRow = Insertable<DrillTables['incident_drills']>;
/** A page's position: the last drill's date, when it was recorded (ISO) and its id. */
export type DrillKey = [heldOn: string, recordedAt: string, id: string];

export class DrillStore {
  constructor(private readonly db: Kysely<DrillTables>) {}

  in(tx: Tx | undefined): DrillStore {
    return tx ? new DrillStore(txDb<DrillTables>(tx)) : this;
  }

  /** Newest first (date held, then recorded), `limit` after `after`, narrowed by words in the scenario or findings. */
  page(limit: number, after?: DrillKey, q?: string): Promise<DrillRow[]> {
    let query = this.db
      .selectFrom('incident_drills')
      .selectAll()
      .orderBy('held_on', 'desc')
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (after)
      query = query.where(
        sql<boolean>`(held_on, recorded_at, id) < (${after[0]}, ${new Date(after[1])}, ${after[2]})`,
      );
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('scenario', 'ilike', like), eb('findings', 'ilike', like)]));
    }
    return query.execute();
  }

  /** Every drill, oldest first; held within [from, to) when given (Beijing dates). */
  all(range: { from?: string | null; to?: string | null } = {}): Promise<DrillRow[]> {
    let q = this.db.selectFrom('incident_drills').selectAll();
    if (range.from) q = q.where('held_on', '>=', range.from);
    if (range.to) q = q.where('held_on', '<', range.to);
    return q.orderBy('held_on').orderBy('recorded_at').orderBy('id').execute();
  }

  find(id: string): Promise<DrillRow | undefined> {
    return this.db.selectFrom('incident_drills').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(row: NewDrillRow): Promise<void> {
    await this.db.insertInto('incident_drills').values(row).execute();
  }

  /** Replaces the follow-ups only if they are still as the caller read them (no lost update). */
  async setFollowUps(
    id: string,
    expect: DrillFollowUpColumn[],
    next: DrillFollowUpColumn[],
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('incident_drills')
      .set({ follow_ups: JSON.stringify(next) })
      .where('id', '=', id)
      .where(sql<boolean>`follow_ups = ${JSON.stringify(expect)}::jsonb`)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
