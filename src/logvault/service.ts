import crypto from 'node:crypto';
import type { z } from 'zod';
import type { IngestEvent, StoredEventView, verifyRunSchema } from '../../contract/logvault.js';
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
import { daysToSeal, deletable } from './retention.js';
import type { DaySeal, VaultEvent } from './segment-format.js';
import type { LogvaultStore, SeenSource, VerifyRunRow } from './store.js';
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
    const needle = query.q ? foldLatin(query.q) : undefined;
    const found: StoredEvent[] = [];
    if (!unknownSource) {
      for await (const e of this.vault.scan({ from: fromMs, to, ...(source ? { source } : {}) })) {
        if (query.after && e.seq <= query.after[1]) continue;
        if (query.severity !== undefined && (e.severity === null || e.severity > query.severity)) continue;
        if (needle && !foldLatin(e.raw).includes(needle)) continue;
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
  private async sealItems(): Promise<Deadline[]> {
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

  // --- retention (session 6)

  /** Verify runs in the background; one at a time. */
  private verifying: Promise<void> | undefined;
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

  /** Sources under legal hold: none of their logs leave, whatever their age. */
  async heldSources(): Promise<Set<string>> {
    return new Set(await this.store.retention().heldSourceIds());
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
      const held = await this.heldSources();
      const out: string[] = [];
      for (const seal of await this.store.seals()) {
        if (gone.has(seal.date)) continue;
        // Seals are in date order: the first day still kept ends the run.
        if (!deletable(seal.date, today, this.settings.policyDays, this.rules)) break;
        let isHeld = false;
        if (held.size)
          for (const src of await vault.sourcesOfDay(seal.date)) if (held.has(src)) isHeld = true;
        if (isHeld) continue;
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
    const last = await this.store.retention().lastFinished();
    if (last?.state === 'failed')
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
  async verifyNightly(): Promise<VerifyRunView | null> {
    const lastOk = await this.store.retention().lastFinished('ok');
    const day = lastOk?.last_segment?.slice(0, 10) ?? null;
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

  private async beginVerify(
    by: string,
    from: string | null,
    to: string | null,
    fromSegment: string | null,
  ): Promise<VerifyRunView> {
    const retention = this.store.retention();
    const now = this.clock.now();
    if (!this.verifying) {
      // A run left running by a process that stopped: closed as failed, so a new one can start.
      const stale = await retention.running();
      if (stale)
        await retention.finishRun(stale.id, {
          finishedAt: now,
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
    const id = `lvr_${crypto.randomUUID()}`;
    if (!(await retention.insertRun({ id, startedAt: now, from, to, fromSegment, by }))) {
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
    this.verifying = this.runVerify(id, from, to, fromSegment).finally(() => {
      this.verifying = undefined;
    });
    return (await this.verifyRun(id))!;
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
