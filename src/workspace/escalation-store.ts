import type { Kysely, Selectable } from 'kysely';
import type { EscalationPoint } from '../../contract/status.js';
import type { EscalationTables } from './escalation-tables.js';

export type EscalationRow = Selectable<EscalationTables['deadline_escalations']>;

export class EscalationStore {
  constructor(private readonly db: Kysely<EscalationTables>) {}

  /** The points already sent, by item key (for the given keys only). */
  async sent(keys: readonly string[]): Promise<Map<string, EscalationPoint[]>> {
    const out = new Map<string, EscalationPoint[]>();
    if (keys.length === 0) return out;
    const rows = await this.db
      .selectFrom('deadline_escalations')
      .select(['item_key', 'point'])
      .where('item_key', 'in', [...keys])
      .execute();
    for (const r of rows) out.set(r.item_key, [...(out.get(r.item_key) ?? []), r.point as EscalationPoint]);
    return out;
  }

  /** Takes the right to send (item, point): false when it was taken before (here or by another server). */
  async claim(row: Omit<EscalationRow, 'delivered'>): Promise<boolean> {
    const r = await this.db
      .insertInto('deadline_escalations')
      .values({ ...row, delivered: null })
      .onConflict((c) => c.columns(['item_key', 'point']).doNothing())
      .returning('item_key')
      .executeTakeFirst();
    return r !== undefined;
  }

  async delivered(itemKey: string, point: EscalationPoint, count: number): Promise<void> {
    await this.db
      .updateTable('deadline_escalations')
      .set({ delivered: count })
      .where('item_key', '=', itemKey)
      .where('point', '=', point)
      .execute();
  }

  all(): Promise<EscalationRow[]> {
    return this.db.selectFrom('deadline_escalations').selectAll().orderBy('sent_at').execute();
  }
}
