import type { Clock } from '../clock.js';
import { requireRole, type Actor } from '../auth/roles.js';
import type { AuditEventOut } from './schema.js';
import type { AuditStore } from './store.js';

export interface AuditEntry {
  actor: Actor | undefined;
  action: string;
  method?: string;
  path?: string;
  status?: number;
  ip?: string;
  userAgent?: string;
  detail?: Record<string, unknown>;
}

/** Who did what, when and from where: every state-changing request and CLI change. */
export class AuditService {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
  ) {}

  record(entry: AuditEntry): Promise<void> {
    return this.store.insert({
      at: this.clock.now(),
      actor_user_id: entry.actor?.userId ?? null,
      actor_label: entry.actor?.username ?? 'anonymous',
      via: entry.actor?.via ?? 'anonymous',
      action: entry.action,
      method: entry.method ?? null,
      path: entry.path ?? null,
      status: entry.status ?? null,
      ip: entry.ip ?? null,
      user_agent: entry.userAgent?.slice(0, 300) ?? null,
      detail: entry.detail ?? {},
    });
  }

  async list(
    actor: Actor,
    filter: { limit: number; before?: number | undefined; actor?: string | undefined },
  ): Promise<AuditEventOut[]> {
    requireRole(actor, ['admin', 'auditor']);
    const rows = await this.store.list(filter);
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      actor: r.actor_label,
      via: r.via,
      action: r.action,
      method: r.method,
      path: r.path,
      status: r.status,
      ip: r.ip,
      detail: r.detail,
    }));
  }
}
