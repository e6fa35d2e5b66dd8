import crypto from 'node:crypto';
import type { z } from 'zod';
import type {
  IngestEvent,
  SourceViewDto,
  StoredEventView,
  VaultStatusDto,
  sourcePatchSchema,
  verifyRunSchema,
} from '../../contract/logvault.js';
import { EXPORT_MAX_EVENTS, SEARCH_LIMIT_DEFAULT, type exportFormats } from '../../contract/logvault.js';
import type { LedgerService } from '../ledger/service.js';
import { citationList, openItem, type Deadline } from '../obligations/deadlines.js';
import { requireRole, systemActor, type Actor, type Role } from '../platform/auth/roles.js';
import { csvCell, type AuditService } from '../platform/audit/service.js';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import { encodeCursor } from '../platform/paging.js';
import { addDays, beijingDate, beijingDateTime, beijingMidnight, HOUR } from '../platform/time.js';
import type { RetentionRules } from './catalog-schema.js';
import { hourlyGaps, isQuiet, missingSeals, quietAfterMs, retainedSpan } from './coverage.js';
import type { ListenerStatus } from './listeners-io.js';
import type { ListenSettings } from './settings.js';
import { foldLatin } from './ingest.js';
import { isTimeZone, parseLine } from './parse/index.js';
import { daysToSeal, deletable } from './retention.js';
import { FormatError, parseSegmentName, type DaySeal, type VaultEvent } from './segment-format.js';
import { listSegments } from './segment-io.js';
import type { ReceivedLine } from './syslog-io.js';
import type { LogvaultStore, SeenSource, SourceRow, VerifyRunRow } from './store.js';
import { VaultError } from './vault-errors.js';
import type { ExpiredDay, LogVault, StoredEvent } from './vault-io.js';
import { verifyVault } from './verify-io.js';

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
  /** The syslog listeners started with the server (each off unless set). */
  listen?: ListenSettings;
}

export interface SearchQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  source?: string | undefined;
  severity?: number | undefined;
  q?: string | undefined;
  /** A field of the parsed event equal to a value: `key` (a dotted path: `sd-id.param`) and value. */
  field?: { path: string; value: string } | undefined;
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
  /** The registration a security officer edits (PATCH /api/logvault/sources/:id). */
  name: string | null;
  owner: string | null;
  expectedPerHour: number | null;
  systemId: string | null;
  /** IANA zone of device times without an offset; Asia/Shanghai when null. */
  zone: string | null;
  retired: boolean;
  version: number;
  hold: LegalHold | null;
}

/** A legal hold on a source's logs: none leaves the vault while it holds. */
export interface LegalHold {
  since: Date;
  by: string;
  reason: string;
}

/** A source as first seen: nothing registered yet. */
const unregistered = {
  name: null,
  owner: null,
  expectedPerHour: null,
  systemId: null,
  zone: null,
  retired: false,
  version: 1,
  hold: null,
} satisfies Partial<SourceView>;

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
/**
 * An event posted over HTTP, read back from its stored JSON text (a syslog
 * line that is a JSON object with a string `message` reads the same way).
 * Only what the contract's shape allows comes out: a time that is a valid
 * instant, fields that are a plain object.
 */
export function readHttpEvent(raw: string):
  | {
      message: string;
      host: string | null;
      app: string | null;
      time: string | null;
      fields: Record<string, unknown> | null;
    }
  | undefined {
  if (!raw.startsWith('{')) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined; // a syslog line that only looks like JSON
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.message !== 'string') return undefined;
  const at = typeof o.time === 'string' ? Date.parse(o.time) : NaN;
  const fields = o.fields;
  return {
    message: o.message,
    host: typeof o.host === 'string' ? o.host : null,
    app: typeof o.app === 'string' ? o.app : null,
    time: Number.isFinite(at) ? new Date(at).toISOString() : null,
    fields:
      fields && typeof fields === 'object' && !Array.isArray(fields)
        ? (fields as Record<string, unknown>)
        : null,
  };
}

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
  const http = readHttpEvent(e.raw);
  const json = http !== undefined;
  if (http) {
    format = 'json';
    message = http.message;
    time = http.time;
    fields = http.fields;
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
      const s = sourceOfRow(r);
      this.sources.set(s.id, s);
      if (s.hostname) this.byHostname.set(foldLatin(s.hostname), s.id);
    }
    for (const r of await this.store.firstHours()) this.firstHour.set(r.sourceId, r.hour.getTime());
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
      s = { ...unregistered, id: sid, hostname, address, firstSeen: at, lastSeen: at };
      this.sources.set(sid, s);
      if (hostname) this.byHostname.set(foldLatin(hostname), sid);
    } else {
      if (at > s.lastSeen) s.lastSeen = at;
      // A syslog source named by its hostname: the address it sends from, once known.
      if (s.address === null && address !== null) s.address = address;
    }
    const d = this.dirty.get(sid);
    if (d) {
      d.lastSeen = s.lastSeen;
      d.address = s.address;
    } else
      this.dirty.set(sid, {
        id: s.id,
        hostname: s.hostname,
        address: s.address,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
      });
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
    return this.appendBatch(batch, receivedAt);
  }

  /** Appends a batch (resolving after fsync) and counts it per source and hour; a refusal as an AppError. */
  private async appendBatch(batch: VaultEvent[], receivedAt: number): Promise<number> {
    try {
      const count = (await this.vault.append(batch)).count;
      this.countHours(batch);
      return count;
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

  /** Writes the sources seen and the hour counts since the last call (one transaction); concurrent calls queue. */
  flushSources(): Promise<void> {
    const run = this.flushing.then(async () => {
      if (this.dirty.size === 0 && this.hourly.size === 0) return;
      const batch = [...this.dirty.values()];
      const hours = this.hourly;
      this.dirty = new Map();
      this.hourly = new Map();
      try {
        // The sources and their hour counts together: a count never names a source the database lacks.
        await this.uow.run(async (tx) => {
          const store = this.store.in(tx);
          await store.upsertSources(batch);
          await store.addHours(
            [...hours].flatMap(([sourceId, byHour]) =>
              [...byHour].map(([hour, events]) => ({ sourceId, hour: new Date(hour), events })),
            ),
          );
        });
      } catch (err) {
        // Kept for the next try; sightings after the failure are merged in.
        for (const s of batch) {
          const later = this.dirty.get(s.id);
          this.dirty.set(s.id, later ? { ...s, lastSeen: later.lastSeen, address: later.address } : s);
        }
        for (const [sourceId, byHour] of hours)
          for (const [hour, n] of byHour) this.addCount(sourceId, hour, n);
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
    const { to, fromMs, source, unknownSource } = this.resolveQuery(query);
    const found: StoredEvent[] = [];
    if (!unknownSource) {
      const scan = readable(this.vault.scanBatches(scanQueryOf(query, fromMs, to, source)));
      pages: for await (const batch of scan)
        for (const e of batch) {
          // Events come by [receivedAt, seq]: those of the cursor's instant up to its number were on the page before.
          if (query.after && e.receivedAt === query.after[0] && e.seq <= query.after[1]) continue;
          if (!textMatches(e, query.q)) continue;
          if (query.field && !fieldMatches(present(e, this.zoneOf), query.field)) continue;
          found.push(e);
          if (found.length > limit) break pages;
        }
    }
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    const next: [number, number] | null = found.length > limit && last ? [last.receivedAt, last.seq] : null;
    await this.recordRead(actor, 'logvault.search', audit, query, { events: page.length });
    return { events: page.map((e) => present(e, this.zoneOf)), next };
  }

  /** A query's range and source: `to` defaults to now, a cursor moves `from` on, a source is an id or a hostname. */
  private resolveQuery(query: Omit<SearchQuery, 'limit'>) {
    const to = query.to ?? new Date(this.clock.now().getTime() + 1);
    const fromMs = Math.max(query.from?.getTime() ?? 0, query.after?.[0] ?? 0);
    const source = query.source
      ? this.sources.has(query.source)
        ? query.source
        : this.byHostname.get(foldLatin(query.source))
      : undefined;
    return { to, fromMs, source, unknownSource: query.source !== undefined && source === undefined };
  }

  /** A search or an export in the audit trail, with its filters (logs hold personal data). */
  private recordRead(
    actor: Actor,
    action: 'logvault.search' | 'logvault.export',
    audit: { ip?: string; userAgent?: string; path: string },
    query: Omit<SearchQuery, 'limit'>,
    extra: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({
      actor,
      action,
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
        ...(query.field ? { field: `${query.field.path}:${query.field.value}` } : {}),
        ...extra,
      },
    });
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
      let seal: DaySeal;
      try {
        seal = await this.vault.sealDay(d);
      } catch (err) {
        // A damaged segment keeps its day unsealed (overdue, and verify names it); the days after it are still sealed.
        if (err instanceof VaultError && err.code === 'segment_damaged') {
          this.report(err, `log day ${d} not sealed`);
          continue;
        }
        throw err;
      }
      const events = seal.segments.reduce((n, s) => n + s.size, 0);
      const hex = Buffer.from(seal.root, 'base64').toString('hex');
      await this.uow.run(async (tx) => {
        const receipt = await this.ledger.record(
          systemActor,
          {
            obligations: [LOG_DUTY],
            kind: 'log_day_sealed',
            summary: `${d}: ${events} events, root ${hex}`,
            // The day's last instant: the seal of 31 March belongs to March's audit pack.
            occurredAt: new Date(beijingMidnight(addDays(d, 1)).getTime() - 1),
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
  private async sealItems(): Promise<Deadline[]> {
    if (!this.vaultRef) return [];
    const now = this.clock.now();
    const today = beijingDate(now);
    const window = daysToSeal(this.startedOn(), today, this.rules);
    const missing = this.missingSeals(window, await this.store.seals());
    const quiet = this.quietItems(now);
    const first = missing[0];
    if (!first) return quiet;
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
          // A clock of an hour from the day's end: escalated to the reminder channels when it runs out.
          startAt: beijingMidnight(addDays(first.day, 1)),
          dueAt: new Date(beijingMidnight(addDays(first.day, 1)).getTime() + HOUR),
          basis: 'hours',
          rule: { id: 'logvault.day-seal' },
        },
        now,
        this.dueSoonDays,
      ),
      ...quiet,
    ];
  }

  /** The (day, source) pairs of the window no seal covers; a retired source counts up to the day it last sent. */
  private missingSeals(window: readonly string[], rows: readonly { date: string }[]) {
    const all = new Set(this.sources.keys());
    const sealed = new Map(rows.map((r) => [r.date, all] as const));
    const spans = this.listSources().map((s) => ({
      id: s.id,
      from: beijingDate(s.firstSeen),
      to: s.retired ? beijingDate(s.lastSeen) : null,
    }));
    return missingSeals(window, sealed, spans);
  }

  /** Writes the sources and closes the vault (signing its open segment). */
  async close(): Promise<void> {
    await this.flushSources().catch(() => undefined);
    await this.vaultRef?.close();
  }

  // --- sources, listeners, activity, legal holds (session 6)

  /** Events stored per source and hour (ms of the hour's start) since the last flush. */
  private hourly = new Map<string, Map<number, number>>();
  /** The first hour each source has a count for (the oldest day the vault may hold of it). */
  private readonly firstHour = new Map<string, number>();
  private links: {
    listeners?: () => ListenerStatus[];
    systemExists?: (id: string) => Promise<boolean>;
  } = {};

  /** What the module wires in: the listeners' counters and the governance register's systems. */
  connect(links: {
    listeners?: () => ListenerStatus[];
    systemExists?: (id: string) => Promise<boolean>;
  }): void {
    this.links = { ...this.links, ...links };
  }

  private addCount(sourceId: string, hour: number, n: number): void {
    let byHour = this.hourly.get(sourceId);
    if (!byHour) this.hourly.set(sourceId, (byHour = new Map()));
    byHour.set(hour, (byHour.get(hour) ?? 0) + n);
  }

  private countHours(batch: readonly VaultEvent[]): void {
    for (const e of batch) {
      const hour = Math.floor(e.receivedAt / HOUR) * HOUR;
      this.addCount(e.source, hour, 1);
      const first = this.firstHour.get(e.source);
      if (first === undefined || hour < first) this.firstHour.set(e.source, hour);
    }
  }

  /**
   * Stores lines a syslog listener received (resolves after fsync). Each is
   * parsed for its hostname, app and severity; the source is the hostname it
   * names or, without one, the sender's address. The device time is read
   * again when the event is shown, in the source's zone (nothing stored
   * depends on the zone, so a zone set later applies to the old lines too).
   */
  async ingestLines(lines: readonly ReceivedLine[]): Promise<void> {
    if (lines.length === 0) return;
    const batch = new Array<VaultEvent>(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const p = parseLine(l.line, { receivedAt: l.receivedAt });
      // A "hostname" longer than DNS allows is not one: filed under the sender's address.
      const hostname = p.hostname !== null && p.hostname.length <= 255 ? p.hostname : null;
      batch[i] = {
        receivedAt: l.receivedAt.getTime(),
        source: this.sourceFor(hostname, l.peer === '' ? null : l.peer, l.receivedAt),
        severity: p.severity,
        hostname,
        app: p.app !== null && p.app.length <= 255 ? p.app : null,
        raw: l.line,
      };
    }
    await this.appendBatch(batch, batch[0]!.receivedAt);
  }

  /** The syslog listeners: address (null when off), lines received and dropped. */
  listenerStatus(): ListenerStatus[] {
    return (
      this.links.listeners?.() ??
      (['udp', 'tcp', 'tls'] as const).map((transport) => ({
        transport,
        address: null,
        received: 0,
        dropped: 0,
      }))
    );
  }

  /** Ids of the sources under a legal hold (none of their logs may leave the vault). */
  heldSources(): string[] {
    return [...this.sources.values()].filter((s) => s.hold !== null).map((s) => s.id);
  }

  private knownSource(id: string): SourceView {
    const s = this.sources.get(id);
    if (!s)
      throw new AppError('not_found', {
        zh: `日志库中没有编号为 ${id} 的日志来源。`,
        en: `The vault has no log source ${id}.`,
      });
    return s;
  }

  /** Counts per hour (ms) of a source over [from, to): the database's and those not yet flushed. */
  private async hourCounts(
    ids: readonly string[],
    from: Date,
    to: Date,
  ): Promise<Map<string, Map<number, number>>> {
    const out = new Map<string, Map<number, number>>();
    const add = (id: string, hour: number, n: number) => {
      let m = out.get(id);
      if (!m) out.set(id, (m = new Map()));
      m.set(hour, (m.get(hour) ?? 0) + n);
    };
    if (ids.length > 0)
      for (const r of await this.store.hours(ids, from, to)) add(r.source_id, r.hour.getTime(), r.events);
    for (const id of ids)
      for (const [hour, n] of this.hourly.get(id) ?? [])
        if (hour >= from.getTime() && hour < to.getTime()) add(id, hour, n);
    return out;
  }

  /** The oldest day the law asks for today, and the vault's oldest segment day (null without segments). */
  private coverageBasis(now: Date): { windowStart: string; oldestSegmentDay: string | null } {
    const today = beijingDate(now);
    const windowStart = daysToSeal('2000-01-01', today, this.rules)[0] ?? addDays(today, -1);
    const first = listSegments(this.vault.segDir)[0];
    return { windowStart, oldestSegmentDay: first ? (parseSegmentName(first)?.date ?? null) : null };
  }

  private view(
    s: SourceView,
    now: Date,
    last24h: number,
    basis: { windowStart: string; oldestSegmentDay: string | null },
  ): SourceViewDto {
    const firstHour = this.firstHour.get(s.id);
    let oldestKept: string | null = null;
    if (firstHour !== undefined && basis.oldestSegmentDay !== null) {
      const d = beijingDate(new Date(firstHour));
      oldestKept = d < basis.oldestSegmentDay ? basis.oldestSegmentDay : d;
    }
    // The duty counts from the vault's start, or the source's first day when it came later.
    const firstDay = beijingDate(s.firstSeen);
    const started = firstDay > this.startedOn() ? firstDay : this.startedOn();
    return {
      id: s.id,
      hostname: s.hostname,
      address: s.address,
      name: s.name,
      owner: s.owner,
      expectedPerHour: s.expectedPerHour,
      systemId: s.systemId,
      zone: s.zone,
      retired: s.retired,
      version: s.version,
      firstSeen: s.firstSeen.toISOString(),
      lastSeen: s.lastSeen.toISOString(),
      quiet: !s.retired && isQuiet(s.lastSeen, now, quietAfterMs(s.expectedPerHour) / 60_000),
      last24h,
      hold: s.hold ? { since: s.hold.since.toISOString(), by: s.hold.by, reason: s.hold.reason } : null,
      coverage: retainedSpan(oldestKept, started, basis.windowStart),
    };
  }

  private async views(list: readonly SourceView[]): Promise<SourceViewDto[]> {
    const now = this.clock.now();
    // The last 24 hours: this hour and the 23 before it.
    const from = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR);
    const counts = await this.hourCounts(
      list.map((s) => s.id),
      from,
      new Date(now.getTime() + HOUR),
    );
    const basis = this.coverageBasis(now);
    return list.map((s) => {
      let n = 0;
      for (const v of counts.get(s.id)?.values() ?? []) n += v;
      return this.view(s, now, n, basis);
    });
  }

  /**
   * The sources, oldest first, narrowed by `q` (in the hostname, address,
   * name or owner; case-insensitive for Latin letters); a page of `limit`
   * after the source keyed [firstSeen, id].
   */
  async sourcePage(
    actor: Actor,
    query: { q?: string | undefined; limit: number; after?: [string, string] | undefined },
  ): Promise<{ sources: SourceViewDto[]; next: [string, string] | null }> {
    requireRole(actor, sourceReaderRoles);
    const needle = query.q ? foldLatin(query.q) : undefined;
    const after = query.after;
    const matching = this.listSources().filter((s) => {
      if (after) {
        const t = s.firstSeen.toISOString();
        if (t < after[0] || (t === after[0] && s.id <= after[1])) return false;
      }
      if (!needle) return true;
      return [s.hostname, s.address, s.name, s.owner].some(
        (v) => v !== null && foldLatin(v).includes(needle),
      );
    });
    const page = matching.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      sources: await this.views(page),
      next: matching.length > query.limit && last ? [last.firstSeen.toISOString(), last.id] : null,
    };
  }

  async source(actor: Actor, id: string): Promise<SourceViewDto> {
    requireRole(actor, sourceReaderRoles);
    return (await this.views([this.knownSource(id)]))[0]!;
  }

  /**
   * Edits a source's registration. `version` is the one the editor read: a
   * save in between is a 409 `conflict` carrying the current version. The
   * MLPS system must be one the governance register knows; the zone an IANA
   * zone.
   */
  async updateSource(actor: Actor, id: string, patch: SourcePatch): Promise<SourceViewDto> {
    requireRole(actor, sourceEditorRoles);
    const s = this.knownSource(id);
    if (patch.version !== s.version) throw staleVersion(s.version);
    if (patch.zone !== undefined && patch.zone !== null && !isTimeZone(patch.zone))
      throw new AppError(
        'validation_failed',
        {
          zh: `“${patch.zone}”不是有效的时区名称，应为 IANA 时区，如 Asia/Shanghai。`,
          en: `"${patch.zone}" is not a time zone: give an IANA zone such as Asia/Shanghai.`,
        },
        { field: 'zone' },
        'zone',
      );
    if (patch.systemId !== undefined && patch.systemId !== null) {
      const known = (await this.links.systemExists?.(patch.systemId)) ?? false;
      if (!known)
        throw new AppError(
          'validation_failed',
          {
            zh: `等级保护系统台账中没有编号为 ${patch.systemId} 的系统。`,
            en: `The MLPS register has no system ${patch.systemId}.`,
          },
          { field: 'systemId' },
          'systemId',
        );
    }
    // A source first seen a moment ago may not have its row yet.
    await this.flushSources();
    // Retiring a source (or bringing it back) changes which days the duty asks of it: ledger evidence.
    const retiring = patch.retired !== undefined && patch.retired !== s.retired;
    const row = await this.uow.run(async (tx) => {
      const r = await this.store.in(tx).updateSource(id, patch.version, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.owner !== undefined ? { owner: patch.owner } : {}),
        ...(patch.expectedPerHour !== undefined ? { expected_per_hour: patch.expectedPerHour } : {}),
        ...(patch.systemId !== undefined ? { system_id: patch.systemId } : {}),
        ...(patch.zone !== undefined ? { zone: patch.zone } : {}),
        ...(patch.retired !== undefined ? { retired: patch.retired } : {}),
      });
      if (r && retiring)
        await this.ledger.record(
          actor,
          {
            obligations: [LOG_DUTY],
            kind: r.retired ? 'log_source_retired' : 'log_source_reinstated',
            summary: r.retired
              ? `Log source ${sourceName(s)} (${s.id}) retired: it last sent at ${s.lastSeen.toISOString()}; its logs are due up to ${beijingDate(s.lastSeen)} (Beijing)`
              : `Log source ${sourceName(s)} (${s.id}) back in service: its logs are due again`,
            occurredAt: this.clock.now(),
          },
          tx,
        );
      return r;
    });
    if (!row) throw staleVersion((await this.store.sourceRow(id))?.version ?? s.version);
    this.applyRow(s, row);
    return this.source(actor, id);
  }

  /** The registration and hold as the database has them, into the in-memory source (sightings stay). */
  private applyRow(s: SourceView, r: SourceRow): void {
    const fresh = sourceOfRow(r);
    s.name = fresh.name;
    s.owner = fresh.owner;
    s.expectedPerHour = fresh.expectedPerHour;
    s.systemId = fresh.systemId;
    s.zone = fresh.zone;
    s.retired = fresh.retired;
    s.version = fresh.version;
    s.hold = fresh.hold;
  }

  /**
   * Hourly counts of one source over [from, to) (default the last 7 days, at
   * most 31), every hour listed, and the runs of empty hours of a source that
   * usually sends (`hourlyGaps`).
   */
  async activity(
    actor: Actor,
    id: string,
    range: { from?: Date | undefined; to?: Date | undefined },
  ): Promise<{
    source: string;
    from: string;
    to: string;
    hours: { at: string; events: number }[];
    gaps: { from: string; to: string; hours: number }[];
  }> {
    requireRole(actor, sourceReaderRoles);
    this.knownSource(id);
    // By default the 7 days up to the end of this hour (this hour's events included).
    const to = range.to ?? new Date(Math.floor(this.clock.now().getTime() / HOUR) * HOUR + HOUR);
    const from = range.from ?? new Date(to.getTime() - ACTIVITY_DEFAULT_DAYS * 24 * HOUR);
    if (from >= to)
      throw new AppError(
        'validation_failed',
        { zh: '起始时间须早于结束时间。', en: '`from` must be before `to`.' },
        { field: 'from' },
        'from',
      );
    if (to.getTime() - from.getTime() > ACTIVITY_MAX_DAYS * 24 * HOUR)
      throw new AppError(
        'validation_failed',
        {
          zh: `一次最多查看${ACTIVITY_MAX_DAYS}天的活动，请缩短时间范围。`,
          en: `At most ${ACTIVITY_MAX_DAYS} days of activity at once: narrow the range.`,
        },
        { field: 'from' },
        'from',
      );
    const start = Math.floor(from.getTime() / HOUR) * HOUR;
    const counts = (await this.hourCounts([id], new Date(start), to)).get(id) ?? new Map<number, number>();
    const hours: { at: string; events: number }[] = [];
    for (let t = start; t < to.getTime(); t += HOUR)
      hours.push({ at: new Date(t).toISOString(), events: counts.get(t) ?? 0 });
    return {
      source: id,
      from: from.toISOString(),
      to: to.toISOString(),
      hours,
      gaps: hourlyGaps(counts, from, to).map((g) => ({
        from: g.from.toISOString(),
        to: g.to.toISOString(),
        hours: g.hours,
      })),
    };
  }

  /**
   * Places a legal hold on a source: none of its logs leave the vault while
   * it holds, whatever their age. Recorded in the ledger in the same
   * transaction as the row; a source already held is a 409.
   */
  async placeHold(actor: Actor, id: string, reason: string): Promise<SourceViewDto> {
    requireRole(actor, holdPlaceRoles);
    const s = this.knownSource(id);
    if (s.hold)
      throw new AppError(
        'conflict',
        {
          zh: `日志来源 ${sourceName(s)} 已于 ${beijingDateTime(s.hold.since)}（北京时间）由 ${s.hold.by} 设置法律保全，无需重复设置。`,
          en: `Log source ${sourceName(s)} is already under a legal hold, placed by ${s.hold.by} at ${beijingDateTime(s.hold.since)} (Beijing).`,
        },
        { since: s.hold.since.toISOString(), by: s.hold.by },
      );
    await this.flushSources();
    const since = this.clock.now();
    const hold = { since, by: actor.username, reason };
    const row = await this.uow.run(async (tx) => {
      await this.ledger.record(
        actor,
        {
          obligations: [LOG_DUTY],
          kind: 'log_hold_placed',
          summary: `Legal hold placed on log source ${sourceName(s)} (${s.id}): ${reason}`,
          occurredAt: since,
        },
        tx,
      );
      return this.store.in(tx).setHold(id, hold);
    });
    if (row) this.applyRow(s, row);
    return this.source(actor, id);
  }

  /** Lifts a source's legal hold (why, in the ledger record); a source not held is a 409. */
  async liftHold(actor: Actor, id: string, reason: string): Promise<SourceViewDto> {
    requireRole(actor, holdLiftRoles);
    const s = this.knownSource(id);
    const held = s.hold;
    if (!held)
      throw new AppError('conflict', {
        zh: `日志来源 ${sourceName(s)} 当前未设置法律保全，无可解除。`,
        en: `Log source ${sourceName(s)} is not under a legal hold: there is none to lift.`,
      });
    const at = this.clock.now();
    const row = await this.uow.run(async (tx) => {
      await this.ledger.record(
        actor,
        {
          obligations: [LOG_DUTY],
          kind: 'log_hold_lifted',
          summary: `Legal hold lifted from log source ${sourceName(s)} (${s.id}), placed by ${held.by} at ${held.since.toISOString()}: ${reason}`,
          occurredAt: at,
        },
        tx,
      );
      return this.store.in(tx).setHold(id, null);
    });
    if (row) this.applyRow(s, row);
    return this.source(actor, id);
  }

  /** An open item per quiet source: due the instant it went quiet (the dashboard and the daily reminder show it). */
  private quietItems(now: Date): Deadline[] {
    const out: Deadline[] = [];
    for (const s of this.listSources()) {
      // Alerts for the sources a person registered (a name or an expected volume): a sender that
      // invents hostnames registers sources, but cannot fill the dashboard with alerts.
      if (s.retired || (s.name === null && s.expectedPerHour === null)) continue;
      if (!isQuiet(s.lastSeen, now, quietAfterMs(s.expectedPerHour) / 60_000)) continue;
      const name = sourceName(s);
      out.push(
        openItem(
          {
            source: 'logvault',
            entryId: `quiet-${s.id}`,
            obligations: [LOG_DUTY],
            label: {
              zh: `日志来源 ${name} 自 ${beijingDateTime(s.lastSeen)}（北京时间）起未再发送日志`,
              en: `Log source ${name} has sent nothing since ${beijingDateTime(s.lastSeen)} (Beijing)`,
            },
            subject: name,
            party: 'operator',
            // From the last event: a clock shorter than a day is escalated (sent to the reminder channels).
            startAt: s.lastSeen,
            dueAt: new Date(s.lastSeen.getTime() + quietAfterMs(s.expectedPerHour)),
            basis: 'hours',
            rule: { id: 'logvault.source-quiet' },
          },
          now,
          this.dueSoonDays,
        ),
      );
    }
    return out;
  }

  // --- retention (session 6)

  /** Verify runs in the background; one at a time. */
  private verifying: Promise<void> | undefined;
  private verifyStarts = 0;
  /** Expiry and verify take turns: a verify never reads a segment the expiry job is removing. */
  private retentionTurn: Promise<unknown> = Promise.resolve();

  private inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.retentionTurn.then(fn);
    this.retentionTurn = run.catch(() => undefined);
    return run;
  }

  /** The duty's open items: unsealed days, a vault refusing events, a failed verify. */
  async openItems(): Promise<Deadline[]> {
    return [...(await this.sealItems()), ...(await this.retentionItems())];
  }

  /**
   * The expiry job (CSL 2025 Art 23(3): logs kept no less than six months):
   * each sealed day (its seal recorded in the ledger) past the policy and the
   * legal minimum, holding no event of a held source, has its segments
   * removed by the vault (which checks the rule again) and its
   * `log_day_expired` record and row written in one transaction. A removal a
   * crash interrupted (listed in expired.jsonl, files or row left) is finished
   * first. Returns the days removed now.
   */
  expireSegments(): Promise<string[]> {
    return this.inTurn(async () => {
      const vault = this.vault;
      const retention = this.store.retention();
      await vault.finishExpiry();
      const listed = vault.expiredDays();
      const recorded = new Set((await retention.expiredDays()).map((r) => r.date));
      for (const e of listed) if (!recorded.has(e.date)) await this.recordExpired(e);
      const gone = new Set(listed.map((e) => e.date));
      const today = beijingDate(this.clock.now());
      const out: string[] = [];
      for (const seal of await this.store.seals()) {
        if (gone.has(seal.date)) continue;
        // Seals are in date order: the first day still kept ends the run.
        if (!deletable(seal.date, today, this.settings.policyDays, this.rules)) break;
        // Holds are read for each day, after its sources: one placed while the job runs counts at once.
        if (this.heldSources().length) {
          const sources = await vault.sourcesOfDay(seal.date);
          const held = new Set(this.heldSources());
          if ([...sources].some((src) => held.has(src))) continue;
        }
        const entry = await vault.expireDay(seal.date, { policyDays: this.settings.policyDays, held: false });
        await this.recordExpired(entry);
        out.push(seal.date);
      }
      return out;
    });
  }

  private async recordExpired(e: ExpiredDay): Promise<void> {
    const events = e.segments.reduce((n, s) => n + s.size, 0);
    await this.uow.run(async (tx) => {
      const receipt = await this.ledger.record(
        systemActor,
        {
          obligations: [LOG_DUTY],
          kind: 'log_day_expired',
          summary: `${e.date}: ${e.segments.length} segments, ${events} events removed after the retention period (policy ${this.settings.policyDays} days); the day's seal is kept`,
          occurredAt: new Date(e.at),
        },
        tx,
      );
      await this.store
        .in(tx)
        .retention()
        .insertExpiredDay({
          date: e.date,
          segments: e.segments,
          events,
          expiredAt: new Date(e.at),
          evidenceId: receipt.id,
        });
    });
  }

  /** Segments removed by expiry so far and the last day removed (the status page). */
  async expiredSummary(): Promise<{ segments: number; lastDay: string | null }> {
    const rows = await this.store.retention().expiredDays();
    return {
      segments: rows.reduce((n, r) => n + r.segments.length, 0),
      lastDay: rows[rows.length - 1]?.date ?? null,
    };
  }

  /** Why the vault refuses new events now (disk_full, closed), or null while it takes them. */
  refusing(): string | null {
    return this.vaultRef?.refusal()?.code ?? null;
  }

  private async retentionItems(): Promise<Deadline[]> {
    if (!this.vaultRef) return [];
    const now = this.clock.now();
    const out: Deadline[] = [];
    const refusal = this.vaultRef.refusal();
    if (refusal)
      out.push(
        openItem(
          {
            source: 'logvault',
            entryId: 'refusing',
            obligations: [LOG_DUTY],
            label: {
              zh: `网络日志库暂停接收新日志：${refusal.messages.zh}`,
              en: `The log vault refuses new events: ${refusal.messages.en}`,
            },
            subject: 'logvault',
            party: 'operator',
            dueAt: now,
            basis: 'hours',
            rule: { id: 'logvault.refusing' },
          },
          now,
          this.dueSoonDays,
        ),
      );
    const last = await this.openVerifyFailure();
    if (last)
      out.push(
        openItem(
          {
            source: 'logvault',
            entryId: `verify-${last.id}`,
            obligations: [LOG_DUTY],
            label: {
              zh: `网络日志库校验未通过${last.segment ? `（日志段 ${last.segment}）` : ''}：${last.messages?.zh ?? last.code ?? ''}`,
              en: `Log vault verify failed${last.segment ? ` at segment ${last.segment}` : ''}: ${last.messages?.en ?? last.code ?? ''}`,
            },
            subject: last.segment ?? 'logvault',
            party: 'operator',
            dueAt: last.finished_at ?? last.started_at,
            basis: 'hours',
            rule: { id: 'logvault.verify' },
          },
          now,
          this.dueSoonDays,
        ),
      );
    return out;
  }

  /**
   * Starts a verify of the vault's segments and day seals (as recorded in the
   * ledger) in the background: answers the run, state running; the result is
   * saved when it is done. One run at a time: another while one runs is a
   * conflict naming it.
   */
  async startVerify(actor: Actor, range: { from?: string; to?: string }): Promise<VerifyRunView> {
    requireRole(actor, verifyRoles);
    if (range.from && range.to && range.from >= range.to)
      throw new AppError(
        'validation_failed',
        {
          zh: `校验的结束日期（不含）须晚于开始日期，收到 ${range.from} 至 ${range.to}。`,
          en: `The end date (exclusive) must be after the start date; got ${range.from} to ${range.to}.`,
        },
        { field: 'to' },
        'to',
      );
    return this.beginVerify(actor.username, range.from ?? null, range.to ?? null, null);
  }

  /**
   * The nightly verify: from the day of the last segment the last passing run
   * read (that day again, whole, with its seal: its last segment may have
   * grown), or the whole vault when none passed yet. Waits for the result.
   */
  /**
   * The latest failed verify no later passing run has checked again: a
   * failure stays open until a run whose range holds the failed segment (or,
   * for a failure of no one segment, a run of the whole vault) passes, so a
   * narrow run of other days cannot clear it.
   */
  private async openVerifyFailure(): Promise<VerifyRunRow | undefined> {
    const runs = await this.store.retention().recentFinished();
    const failed = runs.find((r) => r.state === 'failed');
    if (!failed) return undefined;
    const covered = runs.some((r) => r.state === 'ok' && r.seq > failed.seq && runCovers(r, failed.segment));
    return covered ? undefined : failed;
  }

  async verifyNightly(): Promise<VerifyRunView | null> {
    // From the day of the last segment a nightly or whole-vault run passed (a narrow run started by
    // hand does not move it), or from an open failure's segment, whichever is earlier.
    const runs = await this.store.retention().recentFinished();
    const base = runs.find((r) => r.state === 'ok' && (r.by_name === 'system' || runCovers(r, null)));
    const failure = await this.openVerifyFailure();
    const days = [
      base?.last_segment?.slice(0, 10) ?? null,
      failure ? (failure.segment?.slice(0, 10) ?? null) : undefined,
    ];
    const day =
      base === undefined || days.includes(null)
        ? null
        : (days.filter((d): d is string => typeof d === 'string').sort()[0] ?? null);
    let run: VerifyRunView;
    try {
      run = await this.beginVerify('system', day, null, day ? `${day}.0000` : null);
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') return null; // one is running: it will do
      throw err;
    }
    await this.verifyDone();
    return (await this.verifyRun(run.id)) ?? null;
  }

  /** Resolves once the background verify (if any) has saved its result. */
  verifyDone(): Promise<void> {
    return this.verifying ?? Promise.resolve();
  }

  /** At start: a run a stopped process left running is closed as failed (the status shows no run forever running). */
  async closeInterruptedVerify(): Promise<void> {
    if (!this.verifying) await this.closeStaleRun(this.store.retention());
  }

  private async closeStaleRun(retention: ReturnType<LogvaultStore['retention']>): Promise<void> {
    const stale = await retention.running();
    if (stale)
      await retention.finishRun(stale.id, {
        finishedAt: this.clock.now(),
        state: 'failed',
        segments: stale.segments,
        events: stale.events,
        code: 'interrupted',
        segment: null,
        messages: {
          zh: '校验进行中服务停止，本次校验未完成。',
          en: 'The server stopped while this verify ran; it did not finish.',
        },
        lastSegment: null,
      });
  }

  private async beginVerify(
    by: string,
    from: string | null,
    to: string | null,
    fromSegment: string | null,
  ): Promise<VerifyRunView> {
    const retention = this.store.retention();
    const now = this.clock.now();
    // Read before any await: a start already under way in this process is not a stale run.
    const busy = this.verifying !== undefined || this.verifyStarts > 0;
    this.verifyStarts++;
    let inserted: boolean;
    const id = `lvr_${crypto.randomUUID()}`;
    try {
      // A run left running by a process that stopped: closed as failed, so a new one can start.
      if (!busy) await this.closeStaleRun(retention);
      inserted = await retention.insertRun({ id, startedAt: now, from, to, fromSegment, by });
      if (inserted)
        this.verifying = this.runVerify(id, from, to, fromSegment).finally(() => {
          this.verifying = undefined;
        });
    } finally {
      this.verifyStarts--;
    }
    if (!inserted) {
      const running = await retention.running();
      throw new AppError(
        'conflict',
        {
          zh: '日志库校验正在进行，请待其完成后再发起。',
          en: 'A log vault verify is running; start another once it is done.',
        },
        { running: running?.id ?? null },
      );
    }
    // As inserted: the run may already be done by the time a read would reach the database.
    return {
      id,
      startedAt: now.toISOString(),
      finishedAt: null,
      state: 'running',
      from,
      to,
      segments: 0,
      events: 0,
      code: null,
      segment: null,
      message: null,
      messages: null,
      by,
    };
  }

  private async runVerify(
    id: string,
    from: string | null,
    to: string | null,
    fromSegment: string | null,
  ): Promise<void> {
    const retention = this.store.retention();
    try {
      const seals = await this.recordedSeals();
      const r = await this.inTurn(() =>
        verifyVault(this.vault.dir, {
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(fromSegment ? { fromSegment } : {}),
          seals,
        }),
      );
      await retention.finishRun(id, {
        finishedAt: this.clock.now(),
        state: r.ok ? 'ok' : 'failed',
        segments: r.segments,
        events: r.events,
        code: r.ok ? null : r.code,
        segment: r.ok ? null : r.segment,
        messages: r.ok ? null : r.messages,
        lastSegment: r.ok ? r.lastSegment : null,
      });
    } catch (err) {
      // Not a finding about the vault (a file unreadable, the database gone): the run failed, saying why.
      this.report(err, 'log vault verify did not finish');
      await retention
        .finishRun(id, {
          finishedAt: this.clock.now(),
          state: 'failed',
          segments: 0,
          events: 0,
          code: 'verify_error',
          segment: null,
          messages: {
            zh: `校验未能完成：${(err as Error).message}`,
            en: `The verify could not finish: ${(err as Error).message}`,
          },
          lastSegment: null,
        })
        .catch((e: unknown) => this.report(e, 'log vault verify result not saved'));
    }
  }

  async verifyRun(id: string): Promise<VerifyRunView | undefined> {
    const row = await this.store.retention().run(id);
    return row ? verifyRunView(row) : undefined;
  }

  /** Verify runs, newest first. */
  async verifyRuns(
    actor: Actor,
    page: { limit: number; after?: number | undefined },
  ): Promise<VerifyRunRow[]> {
    requireRole(actor, verifyRoles);
    return this.store.retention().runs(page.limit + 1, page.after);
  }

  /** The newest run (running, or its result), for the status page. */
  async lastVerify(): Promise<VerifyRunView | null> {
    const [row] = await this.store.retention().runs(1);
    return row ? verifyRunView(row) : null;
  }

  // --- the vault's status (session 6, lead)

  /**
   * What the console's overview shows: the policy against the legal floor
   * (catalog/logvault.yaml), the vault's size and oldest day, the day seals
   * and the days of the window still unsealed (the duty is overdue while
   * any is), whether it refuses events, the listeners, the last verify run
   * and what the expiry job removed.
   */
  async status(actor: Actor): Promise<VaultStatusDto> {
    requireRole(actor, sourceReaderRoles);
    const vault = this.vault;
    const st = vault.status();
    const rows = await this.store.seals();
    const now = this.clock.now();
    const window = daysToSeal(this.startedOn(), beijingDate(now), this.rules);
    const unsealed = [...new Set(this.missingSeals(window, rows).map((m) => m.day))];
    const segments = vault.segmentNames();
    const first = segments[0];
    return {
      origin: st.origin,
      startedOn: this.startedOn(),
      policyDays: this.settings.policyDays,
      minimumMonths: this.rules.minimum_months,
      longestSixMonthsDays: this.rules.longest_six_months_days,
      citations: citationList(this.rules.citations),
      segments: st.segments,
      events: st.events,
      oldestDay: first ? first.slice(0, 10) : null,
      sealedDays: rows.length,
      lastSealed: rows[rows.length - 1]?.date ?? null,
      unsealedDays: unsealed,
      refusing: this.refusing(),
      freeBytes: vault.freeBytes(),
      minFreeBytes: this.settings.minFreeBytes,
      listeners: this.listenerStatus(),
      lastVerify: await this.lastVerify(),
      expired: await this.expiredSummary(),
    };
  }

  // --- export (session 6)

  /** A source's zone for device times without an offset (unset: Asia/Shanghai). */
  private readonly zoneOf = (id: string): string | undefined => this.sources.get(id)?.zone ?? undefined;

  /** The most events one export holds (the contract's; lower in tests). */
  exportMax = EXPORT_MAX_EVENTS;

  /**
   * A search's whole result as a file, streamed (never built in memory):
   * NDJSON (one event a line, as the search shows it) or CSV (UTF-8 with a
   * BOM, the audit trail's cell escaping). At most EXPORT_MAX_EVENTS events:
   * when there are more, the file ends with a line saying it was cut and the
   * cursor the search or the next export goes on from (headers leave before
   * the end is known, so the file says it, not a header). Recorded in the
   * audit trail when it starts, with its filters and format (a download cut
   * off by the client is still recorded).
   */
  async exportEvents(
    actor: Actor,
    query: Omit<SearchQuery, 'limit'>,
    format: ExportFormat,
    audit: { ip?: string; userAgent?: string; path: string },
  ): Promise<{ filename: string; contentType: string; body: AsyncGenerator<string> }> {
    requireRole(actor, searchRoles);
    const { to, fromMs, source, unknownSource } = this.resolveQuery(query);
    await this.recordRead(actor, 'logvault.export', audit, query, {
      format,
      ...(query.after ? { after: query.after } : {}),
    });
    const vault = this.vault;
    const max = this.exportMax;
    const zoneOf = this.zoneOf;
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    const filename = `wangan-logs-${stamp(new Date(fromMs))}-${stamp(to)}.${format}`;
    async function* body(): AsyncGenerator<string> {
      if (format === 'csv') yield `\ufeff${csvRow(EXPORT_COLUMNS)}`;
      if (unknownSource) return;
      const scan = readable(vault.scanBatches(scanQueryOf(query, fromMs, to, source)));
      let written = 0;
      let last: StoredEvent | undefined;
      for await (const batch of scan) {
        const out: string[] = [];
        for (const e of batch) {
          if (query.after && e.receivedAt === query.after[0] && e.seq <= query.after[1]) continue;
          if (!textMatches(e, query.q)) continue;
          if (written === max && (!query.field || fieldMatches(present(e, zoneOf), query.field))) {
            if (out.length) yield out.join('');
            const next = encodeCursor([last!.receivedAt, last!.seq]);
            yield format === 'csv'
              ? csvRow([`# cut at ${max} events / 已截断，仅含前 ${max} 条; cursor=${next}`])
              : `${JSON.stringify({ truncated: true, limit: max, next })}\n`;
            return;
          }
          const v = present(e, zoneOf);
          if (query.field && !fieldMatches(v, query.field)) continue;
          out.push(
            format === 'csv' ? csvRow(EXPORT_COLUMNS.map((c) => cellOf(v, c))) : `${JSON.stringify(v)}\n`,
          );
          written++;
          last = e;
        }
        if (out.length) yield out.join('');
      }
    }
    return {
      filename,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      body: body(),
    };
  }
}

// --- sources (session 6)

/** Who may see the sources and their activity: those who answer for the logs and the auditor. */
export const sourceReaderRoles: readonly Role[] = [
  'admin',
  'security_officer',
  'compliance_officer',
  'auditor',
];
/** Who may edit a source's registration. */
export const sourceEditorRoles: readonly Role[] = ['admin', 'security_officer'];
/** Who may place a legal hold, and who may lift one (lifting lets logs expire again). */
export const holdPlaceRoles: readonly Role[] = ['admin', 'security_officer', 'compliance_officer'];
export const holdLiftRoles: readonly Role[] = ['admin', 'compliance_officer'];

/** The activity chart: the last 7 days unless asked, at most 31 at once. */
export const ACTIVITY_DEFAULT_DAYS = 7;
export const ACTIVITY_MAX_DAYS = 31;

export type SourcePatch = z.infer<typeof sourcePatchSchema>;

function staleVersion(version: number): AppError {
  return new AppError(
    'conflict',
    {
      zh: '该日志来源已被他人修改，请刷新后在最新内容上重新编辑。',
      en: 'Someone saved this source in the meantime: reload it and make your change again.',
    },
    { version },
  );
}

/** A source as people name it: its name, else its hostname, else its address. */
function sourceName(s: Pick<SourceView, 'id' | 'name' | 'hostname' | 'address'>): string {
  return s.name ?? s.hostname ?? s.address ?? s.id;
}

function sourceOfRow(r: SourceRow): SourceView {
  return {
    id: r.id,
    hostname: r.hostname,
    address: r.address,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    name: r.name,
    owner: r.owner,
    expectedPerHour: r.expected_per_hour,
    systemId: r.system_id,
    zone: r.zone,
    retired: r.retired,
    version: r.version,
    hold:
      r.hold_since !== null
        ? { since: r.hold_since, by: r.hold_by ?? '', reason: r.hold_reason ?? '' }
        : null,
  };
}

// --- retention (session 6)

/** Who may start a verify and read the runs: those who answer for the logs, and the auditor who checks them. */
export const verifyRoles: readonly Role[] = ['admin', 'security_officer', 'auditor'];

export type VerifyRunView = z.infer<typeof verifyRunSchema>;

export function verifyRunView(r: VerifyRunRow): VerifyRunView {
  return {
    id: r.id,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    state: r.state,
    from: r.from_date,
    to: r.to_date,
    segments: r.segments,
    events: Number(r.events),
    code: r.code,
    segment: r.segment,
    message: r.messages?.en ?? null,
    messages: r.messages,
    by: r.by_name,
  };
}

// --- export (session 6)

export type ExportFormat = (typeof exportFormats)[number];

/** The export's CSV columns: the search's fields, in this order. */
export const EXPORT_COLUMNS = [
  'receivedAt',
  'source',
  'hostname',
  'app',
  'severity',
  'time',
  'skewSeconds',
  'format',
  'message',
  'fields',
  'raw',
  'seq',
  'segment',
] as const;

function cellOf(v: StoredEventView, c: (typeof EXPORT_COLUMNS)[number]): string {
  const x = v[c];
  if (x === null || x === undefined) return '';
  return typeof x === 'object' ? JSON.stringify(x) : String(x);
}

function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Whether a run's range holds a segment (null: the run was of the whole vault). */
function runCovers(
  r: Pick<VerifyRunRow, 'from_date' | 'to_date' | 'from_segment'>,
  segment: string | null,
): boolean {
  if (segment === null) return r.from_date === null && r.to_date === null && r.from_segment === null;
  const day = segment.slice(0, 10);
  return (
    (r.from_date === null || r.from_date <= day) &&
    (r.to_date === null || day < r.to_date) &&
    (r.from_segment === null || r.from_segment <= segment)
  );
}

/**
 * A scan whose segment turns out damaged (bit rot, a change by hand) ends
 * with a clear refusal naming it, not an internal error: `wangan logvault
 * verify` tells the rest.
 */
async function* readable<T>(scan: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* scan;
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    throw new AppError(
      'storage_unavailable',
      {
        zh: `日志库中有日志段已损坏，无法读取（${err.message}）；请运行完整性校验（wangan logvault verify）查明是哪一段。`,
        en: `A log segment in the range is damaged and cannot be read (${err.message}); run the integrity check (wangan logvault verify) to find which.`,
      },
      { reason: 'segment_damaged' },
    );
  }
}

// --- field search (session 6)

/** Values the raw line holds as they are (no character a format escapes), so the text index can prune on them. */
const plainValue = (v: string) => ![...v].some((c) => c < ' ' || '"\\]=|'.includes(c));

/** What the vault's scan is asked: the text, or a field's plain value as a text to prune with. */
function scanQueryOf(query: Omit<SearchQuery, 'limit'>, from: number, to: Date, source: string | undefined) {
  return {
    from,
    to,
    source,
    text: query.q
      ? storedPart(query.q)
      : query.field && plainValue(query.field.value)
        ? foldLatin(query.field.value)
        : undefined,
    maxSeverity: query.severity,
  };
}

/** Characters JSON.stringify writes escaped: an HTTP event is stored as its JSON text. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const JSON_ESCAPED = /["\\\u0000-\u001f]/;

/**
 * What the vault's scan looks for when the text is `q`: `q` itself, or, when
 * `q` holds a character an HTTP event's stored JSON escapes (a quote, a
 * backslash, a tab), its longest run without one, which both forms contain
 * (the whole text is then checked by `textMatches`). Nothing (a scan of
 * every block of the range) when no such run is left.
 */
function storedPart(q: string): string | undefined {
  if (!JSON_ESCAPED.test(q)) return foldLatin(q);
  const runs = q.split(new RegExp(JSON_ESCAPED.source, 'g')).sort((a, b) => b.length - a.length);
  return runs[0] ? foldLatin(runs[0]) : undefined;
}

/**
 * Whether a stored event holds the text (case-insensitive for Latin
 * letters), as the console shows it: for an event posted over HTTP (stored
 * as its JSON text) in its message, host, app or fields, so "C:\\Users"
 * finds what is shown as C:\Users and the JSON's own keys match nothing;
 * for a syslog line, in the line as received.
 */
export function textMatches(e: Pick<StoredEvent, 'raw'>, q: string | undefined): boolean {
  if (!q) return true;
  const http = readHttpEvent(e.raw);
  if (http) {
    const shown = [
      http.message,
      http.host ?? '',
      http.app ?? '',
      http.fields ? JSON.stringify(http.fields) : '',
    ];
    const needle = foldLatin(q);
    return shown.some((t) => foldLatin(t).includes(needle));
  }
  // The scan matched the whole text in the line, unless it looked for a part only.
  return !JSON_ESCAPED.test(q) || foldLatin(e.raw).includes(foldLatin(q));
}

/**
 * Whether the parsed event has the field equal to the value: `path` names
 * it in `fields`, a key as it stands or dotted (`sd-id.param` for RFC 5424
 * structured data, `a.b` for nested JSON fields); the value compared as text.
 */
export function fieldMatches(v: StoredEventView, f: { path: string; value: string }): boolean {
  let at: unknown = v.fields;
  let rest = f.path;
  while (rest) {
    if (!at || typeof at !== 'object') return false;
    const o = at as Record<string, unknown>;
    if (Object.hasOwn(o, rest)) {
      at = o[rest];
      rest = '';
      break;
    }
    // The longest key that is a dotted prefix of the path.
    let cut = rest.lastIndexOf('.');
    while (cut > 0 && !Object.hasOwn(o, rest.slice(0, cut))) cut = rest.lastIndexOf('.', cut - 1);
    if (cut <= 0) return false;
    at = o[rest.slice(0, cut)];
    rest = rest.slice(cut + 1);
  }
  if (at === null || at === undefined || typeof at === 'object') return false;
  return String(at) === f.value;
}
