import {
  actorKinds,
  auditActionLabels,
  auditActionText,
  auditActorText,
  auditOutcome,
  auditOutcomeLabels,
  type ActorKind,
} from '../../../contract/audit-actions.js';
import type { Clock } from '../clock.js';
import type { Tx } from '../db/unit-of-work.js';
import { isRole, requireRole, type Actor } from '../auth/roles.js';
import { addDays, beijingMidnight, HOUR } from '../time.js';
import type { AuditEventOut, AuditFilter } from './schema.js';
import { afterFor, takePage, type SortedKey } from '../paging.js';
import type { AuditListFilter, AuditRow, AuditStore, NewAuditEvent } from './store.js';

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

/**
 * What one audit row may hold, whatever a caller sends: the trail must not be
 * a way to fill the disk. Longer values are cut and end in "…".
 */
export const auditLimits = {
  action: 200,
  method: 16,
  path: 500,
  ip: 64,
  userAgent: 300,
  /** Each string inside the details. */
  detailString: 500,
  /** The details as JSON; past this only their keys are kept. */
  detailJson: 4000,
  /** Anonymous refusals from one address with one status are counted in one row per window. */
  foldWindowMs: 60 * 60 * 1000,
  /** Counted noise is written at least this often, or when this many rows are pending. */
  noiseFlushMs: 5000,
  noiseBatchKeys: 500,
} as const;

/** Cuts a string to `max` characters; U+0000 (which PostgreSQL text refuses) becomes U+FFFD. */
export function capText(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/\u0000/g, '\ufffd');
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

function capValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return capText(v, auditLimits.detailString);
  if (v === null || typeof v !== 'object') return v;
  if (depth >= 4) return '…';
  if (Array.isArray(v)) {
    const items = v.slice(0, 50).map((x) => capValue(x, depth + 1));
    return v.length > 50 ? [...items, `… ${v.length - 50} more`] : items;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v).slice(0, 50)) out[capText(k, 64)] = capValue(x, depth + 1);
  return out;
}

/** Details as stored: strings cut, nesting and lists bounded, the whole at most a few KB. */
export function capDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const capped = capValue(detail, 0) as Record<string, unknown>;
  if (JSON.stringify(capped).length <= auditLimits.detailJson) return capped;
  return { truncated: true, keys: Object.keys(capped).slice(0, 20) };
}

/** Who did what, when and from where: every state-changing request and CLI change. */
export class AuditService {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
  ) {}

  private row(entry: AuditEntry, at: Date): NewAuditEvent {
    return {
      at,
      actor_user_id: entry.actor?.userId ?? null,
      actor_label: capText(entry.actor?.username ?? 'anonymous', 64),
      via: entry.actor?.via ?? 'anonymous',
      action: capText(entry.action, auditLimits.action),
      method: entry.method ? capText(entry.method, auditLimits.method) : null,
      path: entry.path !== undefined ? capText(entry.path, auditLimits.path) : null,
      status: entry.status ?? null,
      ip: entry.ip !== undefined ? capText(entry.ip, auditLimits.ip) : null,
      user_agent: entry.userAgent !== undefined ? capText(entry.userAgent, auditLimits.userAgent) : null,
      detail: capDetail(entry.detail ?? {}),
      actor_role: entry.actor && entry.actor.via !== 'system' ? entry.actor.role : null,
      actor_service: entry.actor?.service === true,
    };
  }

  /** Writes a row; pass `tx` to commit it together with the work it records (a reveal opened). */
  record(entry: AuditEntry, tx?: Tx): Promise<void> {
    return this.store.in(tx).insert(this.row(entry, this.clock.now()));
  }

  /**
   * A request refused before anyone was identified (no such route, rate
   * limited, not signed in): one row per address, status and hour counts them
   * all, keeping the first path as a sample. Anonymous noise cannot grow the
   * trail by more than a row per address and status an hour.
   */
  recordAnonymousRefusal(entry: Omit<AuditEntry, 'actor' | 'action' | 'detail'>): Promise<void> {
    // Counted in memory and written in batches: noise costs no database round trip per request
    // (and, on PostgreSQL, no row version per request either).
    const at = this.clock.now();
    const from = new Date(Math.floor(at.getTime() / auditLimits.foldWindowMs) * auditLimits.foldWindowMs);
    const to = new Date(from.getTime() + auditLimits.foldWindowMs);
    const row = this.row(
      {
        ...entry,
        actor: undefined,
        action: 'http.anonymous_refused',
        ...(entry.path !== undefined ? { path: capText(entry.path, 200) } : {}),
        detail: { window: { from: from.toISOString(), to: to.toISOString() } },
      },
      at,
    );
    const key = `${row.ip ?? '-'}|${row.status ?? '-'}|${from.toISOString()}`;
    const pending = this.noise.get(key);
    if (pending) {
      pending.count++;
      pending.lastAt = at;
    } else {
      this.noise.set(key, { row, count: 1, lastAt: at });
    }
    if (this.noise.size >= auditLimits.noiseBatchKeys) return this.flushNoise();
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flushNoise().catch(() => {});
    }, auditLimits.noiseFlushMs);
    this.flushTimer.unref?.();
    return Promise.resolve();
  }

  private readonly noise = new Map<string, { row: NewAuditEvent; count: number; lastAt: Date }>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  /** Writes the counted noise (one upsert per address, status and hour); the trail reads after it. */
  async flushNoise(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = [...this.noise.entries()];
    this.noise.clear();
    for (const [key, n] of batch) await this.store.insertOrCount(n.row, key, n.count, n.lastAt);
  }

  /** The trail newest (or oldest) first, narrowed by the filter, one page at a time. */
  async list(
    actor: Actor,
    filter: AuditFilter & { limit: number; cursor?: SortedKey | undefined },
  ): Promise<{ events: AuditEventOut[]; next: string | null }> {
    requireRole(actor, ['admin', 'auditor']);
    await this.flushNoise();
    const after = afterFor(filter.cursor, filter.sort)?.[0];
    const rows = await this.store.list({
      ...storeFilter(filter),
      limit: filter.limit + 1,
      after: typeof after === 'number' ? after : undefined,
    });
    const page = takePage(rows, filter.limit, (r): SortedKey => [filter.sort, Number(r.id)]);
    return { events: page.rows.map(toEventOut), next: page.next };
  }

  /**
   * The trail as CSV, in words, with the list's filters applied: UTF-8 with a
   * byte order mark, so Excel opens the Chinese correctly. At most
   * `exportLimit` rows (the newest, or oldest, under the filter); `truncated` says when more matched.
   */
  async exportCsv(
    actor: Actor,
    filter: AuditFilter,
    lang: 'zh' | 'en',
  ): Promise<{ csv: string; rows: number; truncated: boolean }> {
    requireRole(actor, ['admin', 'auditor']);
    await this.flushNoise();
    const base = storeFilter(filter);
    const out: AuditRow[] = [];
    let after: number | undefined;
    for (;;) {
      const want = Math.min(1000, exportLimit + 1 - out.length);
      if (want <= 0) break;
      const chunk = await this.store.list({ ...base, limit: want, after });
      out.push(...chunk);
      if (chunk.length < want) break;
      after = Number(chunk[chunk.length - 1]!.id);
    }
    const truncated = out.length > exportLimit;
    const rows = out.slice(0, exportLimit).map(toEventOut);
    const head =
      lang === 'zh'
        ? [
            '编号',
            '时间（北京时间）',
            '操作人',
            '操作',
            '结果',
            '状态码',
            '方式',
            '路径',
            '来源地址',
            '次数',
            '详情',
          ]
        : [
            'ID',
            'Time (Beijing)',
            'Who',
            'Action',
            'Result',
            'Status',
            'Method',
            'Path',
            'Address',
            'Count',
            'Details',
          ];
    const lines = [
      head,
      ...rows.map((e) => [
        String(e.id),
        beijingSeconds(new Date(e.at)),
        auditActorText(e, lang),
        auditActionText(e.action, lang),
        auditOutcomeLabels[auditOutcome(e.status)][lang],
        e.status === null ? '' : String(e.status),
        e.method ?? '',
        e.path ?? '',
        e.ip ?? '',
        String(e.count),
        Object.keys(e.detail).length ? JSON.stringify(e.detail) : '',
      ]),
    ];
    return {
      csv: `\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`,
      rows: rows.length,
      truncated,
    };
  }
}

/** "2025-03-01 09:30:15", Beijing time. */
function beijingSeconds(instant: Date): string {
  return new Date(instant.getTime() + 8 * HOUR).toISOString().slice(0, 19).replace('T', ' ');
}

/** The most rows one export holds: narrow the filter (dates) for more. */
export const exportLimit = 50_000;

/** A CSV field: quoted when needed; a leading = + - @ is neutralised so a spreadsheet does not run it. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The request's filter as the store reads it; words also match the actions whose label holds them. */
function storeFilter(f: AuditFilter): Omit<AuditListFilter, 'limit'> {
  const text = f.q?.trim();
  const lower = text?.toLowerCase();
  return {
    oldestFirst: f.sort === 'oldest',
    q: text
      ? {
          text,
          actions: Object.entries(auditActionLabels)
            .filter(([, w]) => w.zh.includes(text) || w.en.toLowerCase().includes(lower!))
            .map(([a]) => a),
        }
      : undefined,
    action: f.action,
    actor: f.actor,
    kind: f.kind,
    outcome: f.outcome,
    fromAt: f.from ? beijingMidnight(f.from) : undefined,
    beforeAt: f.to ? beijingMidnight(addDays(f.to, 1)) : undefined,
  };
}

function kindOf(r: AuditRow): ActorKind {
  if (r.via === 'session' || r.via === 'token') return r.actor_service ? 'service' : 'person';
  return (actorKinds as readonly string[]).includes(r.via) ? (r.via as ActorKind) : 'cli';
}

function toEventOut(r: AuditRow): AuditEventOut {
  return {
    id: Number(r.id),
    at: r.at.toISOString(),
    actor: r.actor_label,
    actorKind: kindOf(r),
    actorRole: r.actor_role && isRole(r.actor_role) ? r.actor_role : null,
    via: r.via,
    action: r.action,
    method: r.method,
    path: r.path,
    status: r.status,
    ip: r.ip,
    detail: r.detail,
    count: Number(r.count),
    lastAt: r.last_at?.toISOString() ?? null,
  };
}
