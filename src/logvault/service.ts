import crypto from 'node:crypto';
import type { IngestEvent, StoredEventView } from '../../contract/logvault.js';
import { SEARCH_LIMIT_DEFAULT } from '../../contract/logvault.js';
import type { LedgerService } from '../ledger/service.js';
import { openItem, type Deadline } from '../obligations/deadlines.js';
import { requireRole, systemActor, type Actor, type Role } from '../platform/auth/roles.js';
import type { AuditService } from '../platform/audit/service.js';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import { addDays, beijingDate, beijingMidnight, HOUR } from '../platform/time.js';
import type { RetentionRules } from './catalog-schema.js';
import { missingSeals } from './coverage.js';
import { foldLatin } from './ingest.js';
import { parseLine } from './parse/index.js';
import { daysToSeal } from './retention.js';
import type { DaySeal, VaultEvent } from './segment-format.js';
import type { LogvaultStore, SeenSource } from './store.js';
import { VaultError } from './vault-errors.js';
import type { LogVault, StoredEvent } from './vault-io.js';

/** Who may post events: the shipper's service account acts for one of these. */
export const ingestRoles: readonly Role[] = ['admin', 'security_officer'];
/**
 * Who may search: logs hold personal data (addresses, user names, what people
 * did), so only those who answer for network security and the auditor who
 * checks them; every search is recorded in the audit trail.
 */
export const searchRoles: readonly Role[] = ['admin', 'security_officer', 'auditor'];

/** Who may open an incident from a log event: those who search the logs and handle incidents. */
export const incidentFromEventRoles: readonly Role[] = ['admin', 'security_officer'];

/** How the vault opens an incident: the incident capability's SIEM entry, with the vault as its source. */
export type OpenIncident = (
  actor: Actor,
  input: {
    externalRef: string;
    title: string;
    category: string;
    description: string;
    discoveredAt: string;
    observables: { type: 'other'; value: string; note?: string }[];
    facts: Record<string, number>;
    involvesCii: boolean;
  },
) => Promise<{ id: string; ref: string; created: boolean }>;

export const LOG_DUTY = 'csl.network-monitoring-logs';

export interface LogvaultSettings {
  /** Days a Beijing day's logs are kept (never below six calendar months). */
  policyDays: number;
  /** New events are refused while the vault's disk has less free space than this. */
  minFreeBytes: number;
}

export interface SearchQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  source?: string | undefined;
  severity?: number | undefined;
  q?: string | undefined;
  limit?: number | undefined;
  /** [receivedAt ms, seq] of the last event of the page before. */
  after?: [number, number] | undefined;
}

export interface SourceView {
  id: string;
  hostname: string | null;
  address: string | null;
  firstSeen: Date;
  lastSeen: Date;
}

/** A source's id: the same hostname (or, without one, the same address) always gives the same id. */
export function sourceIdFor(hostname: string | null, address: string | null): string {
  const key = hostname ? `host\0${foldLatin(hostname)}` : `addr\0${address ?? ''}`;
  return `src_${crypto.createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** What an event posted over HTTP is stored as: its JSON text, the line as received. */
function rawOf(e: IngestEvent): string {
  return JSON.stringify(e);
}

/** Beyond this many seconds either way, a device's clock is flagged as off. */
export const SKEW_FLAG_SECONDS = 300;

/**
 * An event as the search shows it: an HTTP event's JSON read back; a syslog
 * line parsed again (parsing is pure and fast, so the vault stores only the
 * line), its device time beside the receive time and a skewed clock flagged.
 */
function present(e: StoredEvent, zoneOf: (source: string) => string | undefined): StoredEventView {
  let message = e.raw;
  let time: string | null = null;
  let fields: Record<string, unknown> | null = null;
  let format = 'unknown';
  let json = false;
  if (e.raw.startsWith('{')) {
    try {
      const v = JSON.parse(e.raw) as Partial<IngestEvent>;
      if (typeof v.message === 'string') {
        json = true;
        format = 'json';
        message = v.message;
        time = typeof v.time === 'string' ? new Date(v.time).toISOString() : null;
        fields = v.fields && typeof v.fields === 'object' ? v.fields : null;
      }
    } catch {
      // a syslog line that only looks like JSON: parsed as a line below
    }
  }
  if (!json) {
    const zone = zoneOf(e.source);
    const p = parseLine(e.raw, { receivedAt: new Date(e.receivedAt), ...(zone ? { sourceZone: zone } : {}) });
    format = p.format;
    message = p.message;
    time = p.timestamp ? p.timestamp.toISOString() : null;
    fields = Object.keys(p.fields).length ? p.fields : null;
  }
  const skewSeconds = time === null ? null : Math.round((Date.parse(time) - e.receivedAt) / 1000);
  return {
    seq: e.seq,
    receivedAt: new Date(e.receivedAt).toISOString(),
    source: e.source,
    hostname: e.hostname,
    app: e.app,
    severity: e.severity,
    time,
    format,
    skewSeconds,
    skewed: skewSeconds !== null && Math.abs(skewSeconds) > SKEW_FLAG_SECONDS,
    message,
    fields,
    raw: e.raw,
    segment: e.segment,
  };
}

/**
 * The network-log vault (CSL 2025 Art 23(3), 2016 Art 21(3)): events stored
 * in the vault's files, sources registered as they first send, each finished
 * Beijing day sealed and its root recorded in the evidence ledger. The hot
 * path (ingest) answers from memory and the vault's fsync: sources are
 * written to the database in the background, in batches.
 */
export class LogvaultService {
  private vaultRef: LogVault | undefined;
  private createdAt: string | undefined;
  private readonly sources = new Map<string, SourceView>();
  private readonly byHostname = new Map<string, string>();
  /** Sources seen since the last write to the database. */
  private dirty = new Map<string, SeenSource>();
  private flushing: Promise<void> = Promise.resolve();
  private lastAlert = -Infinity;

  constructor(
    private readonly store: LogvaultStore,
    private readonly openVault: () => Promise<{ vault: LogVault; createdAt: string }>,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly rules: RetentionRules,
    readonly settings: LogvaultSettings,
    private readonly dueSoonDays: number,
    private readonly report: (err: unknown, what: string) => void = () => {},
    private readonly openIncidentFn?: OpenIncident,
  ) {}

  /**
   * Opens an incident from one stored event (a search result): the event's
   * line is its description, its host an observable; the same event again
   * answers the incident it opened. The incident capability does the rest
   * (grading, clocks); discovery is now, when a person looked at the event.
   */
  async openIncident(
    actor: Actor,
    input: { receivedAt: number; seq: number; title: string; category: string },
  ): Promise<{ id: string; ref: string; created: boolean }> {
    requireRole(actor, incidentFromEventRoles);
    if (!this.openIncidentFn)
      throw new AppError('not_found', {
        zh: '安全事件响应功能不可用，无法据此登记事件。',
        en: 'Incident response is not available: no incident can be opened from this event.',
      });
    let event: StoredEvent | undefined;
    for await (const e of this.vault.scan({ from: input.receivedAt, to: input.receivedAt + 1 }))
      if (e.seq === input.seq) {
        event = e;
        break;
      }
    if (!event)
      throw new AppError(
        'not_found',
        {
          zh: `日志库中没有接收时间为 ${new Date(input.receivedAt).toISOString()}、序号为 ${input.seq} 的日志。`,
          en: `The vault holds no event #${input.seq} received at ${new Date(input.receivedAt).toISOString()}.`,
        },
        { field: 'seq' },
        'seq',
      );
    const source = this.sources.get(event.source);
    return this.openIncidentFn(actor, {
      externalRef: `event-${event.seq}`,
      title: input.title,
      category: input.category,
      description:
        `日志事件 / log event #${event.seq}（${source?.hostname ?? event.hostname ?? event.source}，接收于 received ${new Date(event.receivedAt).toISOString()}）:\n${event.raw}`.slice(
          0,
          20_000,
        ),
      discoveredAt: this.clock.now().toISOString(),
      observables: event.hostname
        ? [{ type: 'other', value: event.hostname, note: 'log source host / 日志来源主机' }]
        : [],
      facts: {},
      involvesCii: false,
    });
  }

  /** Opens the vault (recovering it after a crash) and loads the known sources. */
  async open(): Promise<void> {
    if (!this.vaultRef) {
      const { vault, createdAt } = await this.openVault();
      this.vaultRef = vault;
      this.createdAt = createdAt;
    }
    for (const r of await this.store.sources()) {
      const s = {
        id: r.id,
        hostname: r.hostname,
        address: r.address,
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
      };
      this.sources.set(s.id, s);
      if (s.hostname) this.byHostname.set(foldLatin(s.hostname), s.id);
    }
  }

  get vault(): LogVault {
    if (!this.vaultRef)
      throw new AppError('not_applicable', { zh: '日志库尚未打开。', en: 'The log vault is not open yet.' });
    return this.vaultRef;
  }

  /** The source an event is filed under, registered in memory on first sight. */
  private sourceFor(hostname: string | null, address: string | null, at: Date): string {
    const id = hostname ? this.byHostname.get(foldLatin(hostname)) : undefined;
    const sid = id ?? sourceIdFor(hostname, address);
    let s = this.sources.get(sid);
    if (!s) {
      s = { id: sid, hostname, address, firstSeen: at, lastSeen: at };
      this.sources.set(sid, s);
      if (hostname) this.byHostname.set(foldLatin(hostname), sid);
    } else if (at > s.lastSeen) s.lastSeen = at;
    const d = this.dirty.get(sid);
    if (d) d.lastSeen = s.lastSeen;
    else this.dirty.set(sid, { ...s });
    return sid;
  }

  /**
   * Stores a checked batch; resolves once the vault has fsynced it (the
   * acknowledgement). No database round trip: new sources are written by
   * `flushSources`, which the module runs every second.
   */
  async ingest(actor: Actor, events: readonly IngestEvent[], address: string | null): Promise<number> {
    requireRole(actor, ingestRoles);
    const now = this.clock.now();
    const receivedAt = now.getTime();
    const batch: VaultEvent[] = events.map((e) => ({
      receivedAt,
      source: this.sourceFor(e.host ?? null, e.host ? null : address, now),
      severity: e.severity ?? null,
      hostname: e.host ?? null,
      app: e.app ?? null,
      raw: rawOf(e),
    }));
    try {
      return (await this.vault.append(batch)).count;
    } catch (err) {
      // Disk nearly full, a failed write, a vault closing: the shipper retries later (its events were not acknowledged).
      if (err instanceof VaultError && err.code !== 'bad_event') {
        // In the server's log at most once a minute while it lasts.
        if (receivedAt - this.lastAlert >= 60_000) {
          this.lastAlert = receivedAt;
          this.report(err, `log vault refuses events (${err.code})`);
        }
        throw new AppError('storage_unavailable', err.messages, { reason: err.code });
      }
      if (err instanceof VaultError)
        throw new AppError('validation_failed', err.messages, { field: 'events' }, 'events');
      throw err;
    }
  }

  /** Writes the sources seen since the last call (one statement); concurrent calls queue. */
  flushSources(): Promise<void> {
    const run = this.flushing.then(async () => {
      if (this.dirty.size === 0) return;
      const batch = [...this.dirty.values()];
      this.dirty = new Map();
      try {
        await this.store.upsertSources(batch);
      } catch (err) {
        // Kept for the next try; sightings after the failure are merged in.
        for (const s of batch) {
          const later = this.dirty.get(s.id);
          this.dirty.set(s.id, later ? { ...s, lastSeen: later.lastSeen } : s);
        }
        throw err;
      }
    });
    this.flushing = run.catch(() => undefined);
    return run;
  }

  listSources(): SourceView[] {
    return [...this.sources.values()].sort((a, b) => +a.firstSeen - +b.firstSeen || a.id.localeCompare(b.id));
  }

  /**
   * Events received in [from, to) through the vault's scan, oldest first,
   * narrowed by source (id or hostname), severity (this level or more severe)
   * and a text (substring, case-insensitive for Latin letters); a page of
   * `limit` and the position of the next. Recorded in the audit trail.
   */
  async search(
    actor: Actor,
    query: SearchQuery,
    audit: { ip?: string; userAgent?: string; path: string },
  ): Promise<{ events: StoredEventView[]; next: [number, number] | null }> {
    requireRole(actor, searchRoles);
    const limit = query.limit ?? SEARCH_LIMIT_DEFAULT;
    const to = query.to ?? new Date(this.clock.now().getTime() + 1);
    const fromMs = Math.max(query.from?.getTime() ?? 0, query.after?.[0] ?? 0);
    let source: string | undefined;
    let unknownSource = false;
    if (query.source) {
      source = this.sources.has(query.source) ? query.source : this.byHostname.get(foldLatin(query.source));
      unknownSource = source === undefined;
    }
    const found: StoredEvent[] = [];
    if (!unknownSource) {
      const scan = this.vault.scan({
        from: fromMs,
        to,
        source,
        text: query.q ? foldLatin(query.q) : undefined,
        maxSeverity: query.severity,
      });
      for await (const e of scan) {
        // Events come by [receivedAt, seq]: those of the cursor's instant up to its number were on the page before.
        if (query.after && e.receivedAt === query.after[0] && e.seq <= query.after[1]) continue;
        found.push(e);
        if (found.length > limit) break;
      }
    }
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    const next: [number, number] | null = found.length > limit && last ? [last.receivedAt, last.seq] : null;
    await this.audit.record({
      actor,
      action: 'logvault.search',
      method: 'GET',
      path: audit.path,
      status: 200,
      ...(audit.ip ? { ip: audit.ip } : {}),
      ...(audit.userAgent ? { userAgent: audit.userAgent } : {}),
      detail: {
        ...(query.from ? { from: query.from.toISOString() } : {}),
        ...(query.to ? { to: query.to.toISOString() } : {}),
        ...(query.source ? { source: query.source } : {}),
        ...(query.severity !== undefined ? { severity: query.severity } : {}),
        ...(query.q ? { q: query.q } : {}),
        events: page.length,
      },
    });
    return { events: page.map((e) => present(e, () => undefined)), next };
  }

  /** The Beijing date the vault started (its vault.json). */
  startedOn(): string {
    return beijingDate(new Date(this.createdAt ?? this.clock.now()));
  }

  sealRows() {
    return this.store.seals();
  }

  /** Day seals as the ledger recorded them (for verify). */
  async recordedSeals(): Promise<DaySeal[]> {
    return (await this.store.seals()).map((r) => ({ date: r.date, segments: r.segments, root: r.day_root }));
  }

  /**
   * Seals every finished Beijing day since the vault started that has no seal
   * row yet, and records each in the ledger in the same transaction as its
   * row. A day the vault sealed before a crash (seals.jsonl) gives the same
   * seal again, so its row and record are written now.
   */
  async sealDays(): Promise<DaySeal[]> {
    const yesterday = addDays(beijingDate(this.clock.now()), -1);
    const done = new Set((await this.store.seals()).map((r) => r.date));
    const out: DaySeal[] = [];
    for (let d = this.startedOn(); d <= yesterday; d = addDays(d, 1)) {
      if (done.has(d)) continue;
      const seal = await this.vault.sealDay(d);
      const events = seal.segments.reduce((n, s) => n + s.size, 0);
      const hex = Buffer.from(seal.root, 'base64').toString('hex');
      await this.uow.run(async (tx) => {
        const receipt = await this.ledger.record(
          systemActor,
          {
            obligations: [LOG_DUTY],
            kind: 'log_day_sealed',
            summary: `${d}: ${events} events, root ${hex}`,
            occurredAt: beijingMidnight(addDays(d, 1)),
          },
          tx,
        );
        await this.store.in(tx).insertSeal({
          date: d,
          dayRoot: seal.root,
          segments: seal.segments,
          sealedAt: this.clock.now(),
          evidenceId: receipt.id,
        });
      });
      out.push(seal);
    }
    return out;
  }

  /**
   * The duty's open item: the first day of the retention window (since the
   * vault started) not sealed for an active source. A day is due sealed one
   * hour after it ends (the seal job runs every ten minutes).
   */
  async openItems(): Promise<Deadline[]> {
    if (!this.vaultRef) return [];
    const now = this.clock.now();
    const today = beijingDate(now);
    const window = daysToSeal(this.startedOn(), today, this.rules);
    const rows = await this.store.seals();
    const all = new Set(this.sources.keys());
    const sealed = new Map(rows.map((r) => [r.date, all] as const));
    const spans = this.listSources().map((s) => ({ id: s.id, from: beijingDate(s.firstSeen), to: null }));
    const missing = missingSeals(window, sealed, spans);
    const first = missing[0];
    if (!first) return [];
    const days = new Set(missing.map((m) => m.day)).size;
    const source = this.sources.get(first.source);
    return [
      openItem(
        {
          source: 'logvault',
          entryId: `seal-${first.day}`,
          obligations: [LOG_DUTY],
          label: {
            zh: `网络日志 ${first.day}（北京时间）未封存${days > 1 ? `，共${days}天未封存` : ''}`,
            en: `Network logs of ${first.day} (Beijing) not sealed${days > 1 ? `; ${days} days unsealed` : ''}`,
          },
          subject: source?.hostname ?? source?.address ?? first.source,
          party: 'operator',
          dueAt: new Date(beijingMidnight(addDays(first.day, 1)).getTime() + HOUR),
          basis: 'hours',
          rule: { id: 'logvault.day-seal' },
        },
        now,
        this.dueSoonDays,
      ),
    ];
  }

  /** Writes the sources and closes the vault (signing its open segment). */
  async close(): Promise<void> {
    await this.flushSources().catch(() => undefined);
    await this.vaultRef?.close();
  }
}
