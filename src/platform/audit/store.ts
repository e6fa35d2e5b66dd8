import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEventTable, DB } from '../db/tables.js';

export type AuditRow = Selectable<AuditEventTable>;

export interface NewAuditEvent {
  at: Date;
  actor_user_id: string | null;
  actor_label: string;
  via: string;
  action: string;
  method: string | null;
  path: string | null;
  status: number | null;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}

export class AuditStore {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(event: NewAuditEvent): Promise<void> {
    await this.db
      .insertInto('audit_events')
      .values({ ...event, detail: JSON.stringify(event.detail) })
      .execute();
  }

  /** One row per `repeatKey`: the first request inserts it, later ones only count. */
  /** Adds `count` requests (seen last at `lastAt`) to the row with this key, creating it with the first's details. */
  async insertOrCount(
    event: NewAuditEvent,
    repeatKey: string,
    count = 1,
    lastAt: Date = event.at,
  ): Promise<void> {
    await this.db
      .insertInto('audit_events')
      .values({
        ...event,
        detail: JSON.stringify(event.detail),
        repeat_key: repeatKey,
        count,
        last_at: lastAt,
      })
      .onConflict((oc) =>
        oc.column('repeat_key').doUpdateSet({
          count: sql<number>`audit_events.count + excluded.count`,
          last_at: sql<Date>`greatest(audit_events.last_at, excluded.last_at)`,
        }),
      )
      .execute();
  }

  /** Newest first, keyset on the id: `limit` rows after (older than) `after`. */
  list(filter: {
    limit: number;
    after?: number | undefined;
    actor?: string | undefined;
  }): Promise<AuditRow[]> {
    let q = this.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.after !== undefined) q = q.where('id', '<', filter.after);
    if (filter.actor) q = q.where('actor_label', '=', filter.actor);
    return q.execute();
  }
}
