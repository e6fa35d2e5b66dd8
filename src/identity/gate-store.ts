import { sql, type Kysely, type Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { GateTables } from './gate-tables.js';

export type SealRow = Selectable<GateTables['identity_gate_seals']>;
/** A page's position: the seal's day and service (newest day first). */
export type SealKey = [day: string, service: string];

/** Queries only: the gate's counts and the daily seals. */
export class GateStore {
  constructor(private readonly db: Kysely<GateTables>) {}

  in(tx: Tx | undefined): GateStore {
    return tx ? new GateStore(txDb<GateTables>(tx)) : this;
  }

  /** Adds counts (what this process counted since its last write) to the day's totals. */
  async addCounts(
    rows: readonly { day: string; service: string; allowed: number; denied: number }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('identity_gate_counts')
      .values([...rows])
      .onConflict((oc) =>
        oc.columns(['day', 'service']).doUpdateSet({
          allowed: sql`identity_gate_counts.allowed + excluded.allowed`,
          denied: sql`identity_gate_counts.denied + excluded.denied`,
        }),
      )
      .execute();
  }

  async counts(
    fromDay: string,
  ): Promise<{ day: string; service: string; allowed: number; denied: number }[]> {
    const rows = await this.db
      .selectFrom('identity_gate_counts')
      .selectAll()
      .where('day', '>=', fromDay)
      .orderBy('day', 'desc')
      .orderBy('service')
      .execute();
    return rows.map((r) => ({
      day: r.day,
      service: r.service,
      allowed: Number(r.allowed),
      denied: Number(r.denied),
    }));
  }

  async count(day: string, service: string): Promise<{ allowed: number; denied: number }> {
    const r = await this.db
      .selectFrom('identity_gate_counts')
      .selectAll()
      .where('day', '=', day)
      .where('service', '=', service)
      .executeTakeFirst();
    return { allowed: Number(r?.allowed ?? 0), denied: Number(r?.denied ?? 0) };
  }

  async sealedDays(service: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('identity_gate_seals')
      .select('day')
      .where('service', '=', service)
      .execute();
    return new Set(rows.map((r) => r.day));
  }

  /** False when the day was sealed meanwhile (another process, a second run). */
  async insertSeal(row: SealRow): Promise<boolean> {
    const r = await this.db
      .insertInto('identity_gate_seals')
      .values(row)
      .onConflict((oc) => oc.columns(['day', 'service']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  seals(limit: number, after?: SealKey): Promise<SealRow[]> {
    let q = this.db.selectFrom('identity_gate_seals').selectAll();
    if (after)
      q = q.where((eb) =>
        eb.or([eb('day', '<', after[0]), eb.and([eb('day', '=', after[0]), eb('service', '>', after[1])])]),
      );
    return q
      .orderBy('day', 'desc')
      .orderBy('service')
      .limit(limit + 1)
      .execute();
  }

  /** Seals of days in [fromDay, toDay], oldest first (the audit pack). */
  sealsBetween(fromDay: string | undefined, toDay: string | undefined): Promise<SealRow[]> {
    let q = this.db.selectFrom('identity_gate_seals').selectAll();
    if (fromDay) q = q.where('day', '>=', fromDay);
    if (toDay) q = q.where('day', '<=', toDay);
    return q.orderBy('day').orderBy('service').execute();
  }
}
