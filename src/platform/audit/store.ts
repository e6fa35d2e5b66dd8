import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEventTable, DB } from '../db/tables.js';
import { txDb, type Tx } from '../db/unit-of-work.js';

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
  actor_role: string | null;
  actor_service: boolean;
}

/** The trail narrowed (see AuditService.list): every part optional, all of them must hold. */
export interface AuditListFilter {
  limit: number;
  /** The id of the last row of the page before. */
  after?: number | undefined;
  oldestFirst?: boolean | undefined;
  /** Words matched in the username, action, path, address and details, or actions whose label matches. */
  q?: { text: string; actions: readonly string[] } | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  kind?: 'person' | 'service' | 'cli' | 'system' | 'anonymous' | undefined;
  outcome?: 'ok' | 'refused' | 'failed' | undefined;
  fromAt?: Date | undefined;
  beforeAt?: Date | undefined;
}

/** A LIKE pattern matching `text` literally anywhere. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class AuditStore {
  constructor(private readonly db: Kysely<DB>) {}

  in(tx: Tx | undefined): AuditStore {
    return tx ? new AuditStore(txDb<DB>(tx)) : this;
  }

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

  /** Newest (or oldest) first, keyset on the id: `limit` rows after `after`, narrowed by the filter. */
  list(filter: AuditListFilter): Promise<AuditRow[]> {
    const desc = !filter.oldestFirst;
    let q = this.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('id', desc ? 'desc' : 'asc')
      .limit(filter.limit);
    if (filter.after !== undefined) q = q.where('id', desc ? '<' : '>', filter.after);
    if (filter.actor) q = q.where('actor_label', '=', filter.actor);
    if (filter.action) q = q.where('action', '=', filter.action);
    if (filter.fromAt) q = q.where('at', '>=', filter.fromAt);
    if (filter.beforeAt) q = q.where('at', '<', filter.beforeAt);
    if (filter.kind === 'anonymous' || filter.kind === 'system' || filter.kind === 'cli')
      q = q.where('via', '=', filter.kind);
    if (filter.kind === 'person' || filter.kind === 'service')
      q = q.where('via', 'in', ['session', 'token']).where('actor_service', '=', filter.kind === 'service');
    if (filter.outcome === 'ok')
      q = q.where((eb) => eb.or([eb('status', 'is', null), eb('status', '<', 400)]));
    if (filter.outcome === 'refused') q = q.where('status', '>=', 400).where('status', '<', 500);
    if (filter.outcome === 'failed') q = q.where('status', '>=', 500);
    const words = filter.q;
    if (words?.text) {
      const like = containing(words.text);
      q = q.where((eb) =>
        eb.or([
          eb('actor_label', 'ilike', like),
          eb('action', 'ilike', like),
          eb('path', 'ilike', like),
          eb('ip', 'ilike', like),
          eb(sql<string>`detail::text`, 'ilike', like),
          ...(words.actions.length ? [eb('action', 'in', [...words.actions])] : []),
        ]),
      );
    }
    return q.execute();
  }
}
