import type { GateCheckResponse, GateSeal, VerificationMethod } from '../../contract/identity.js';
import type { Deadline } from '../../contract/status.js';
import { openItem } from '../obligations/deadlines.js';
import { canonicalJson } from '../ledger/canonical.js';
import { leafHash, rootOf } from '../ledger/merkle.js';
import type { LedgerService } from '../ledger/service.js';
import { requireRole, systemActor, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/db/unit-of-work.js';
import { takePage } from '../platform/paging.js';
import { addDays, beijingDate, beijingMidnight, HOUR, MINUTE } from '../platform/time.js';
import { decide, type GateEntry, type MethodHold } from './gate-rules.js';
import type { GateStore, SealKey, SealRow } from './gate-store.js';
import { sealLeaf, validityOf, type StoredService, type StoredVerification } from './verify-rules.js';
import {
  gateCallers,
  identityReaders,
  REAL_NAME_DUTY,
  requireCaller,
  type VerifyService,
} from './verify-service.js';

export interface GateDeps {
  store: GateStore;
  verify: VerifyService;
  ledger: LedgerService;
  uow: UnitOfWork;
  clock: Clock;
}

/** What the gate keeps of one record: enough to know what the account holds. */
interface Held {
  method: VerificationMethod;
  status: StoredVerification['status'];
  startedAt: number;
  expiresAt: number | null;
}

interface Account {
  handle: string;
  records: Map<string, Held>;
  /** What `records` says, recomputed on each change. */
  entry: GateEntry;
}

/** Records read per query when the gate starts or polls. */
const LOAD_BATCH = 5000;
/**
 * A poll reads back this far behind the highest seq it saw: a transaction of
 * another process that took a lower number may commit after a higher one.
 * A record read twice is applied twice, harmlessly (the row is its latest state).
 */
const POLL_LOOKBACK = 200;
/**
 * And by time: every poll also re-reads from the highest sequence seen this
 * long ago, so a transaction that took its number early and committed late
 * (behind more than POLL_LOOKBACK others) is still read.
 */
const POLL_LOOKBACK_MS = 30_000;
/** A day is sealed once this long past its end (other processes' counts are written by then). */
const SEAL_MARGIN_MS = 2 * MINUTE;

function entryOf(handle: string, records: Map<string, Held>): GateEntry {
  const methods: Partial<Record<VerificationMethod, MethodHold>> = {};
  const latestVerifiedStart: Partial<Record<VerificationMethod, number>> = {};
  for (const r of records.values()) {
    const h = (methods[r.method] ??= { verifiedUntil: null, attempted: false });
    if (r.status === 'verified' && r.expiresAt !== null) {
      if (h.verifiedUntil === null || r.expiresAt > h.verifiedUntil) h.verifiedUntil = r.expiresAt;
      latestVerifiedStart[r.method] = Math.max(latestVerifiedStart[r.method] ?? 0, r.startedAt);
    }
  }
  for (const r of records.values())
    if (r.status !== 'verified' && r.startedAt >= (latestVerifiedStart[r.method] ?? 0))
      methods[r.method]!.attempted = true;
  return { handle, methods };
}

/**
 * The gate (CSL 2025 Art 26 para 1, 2016 Art 24 para 1; issue 15 item 3):
 * `check(service, user)` answers from memory (what each service requires,
 * and per service a map of user -> handle and the methods held with their
 * expiry), built at start from the verification records, updated in this
 * process on each verification and polled from the database every few
 * seconds for changes made elsewhere. Checks are counted in memory per
 * service and Beijing day and written in batches; after each Beijing day a
 * seal per service (counts and the Merkle root of the day's records) is the
 * csl.real-name evidence, never a record per check.
 */
export class GateService {
  private readonly requires = new Map<string, VerificationMethod[]>();
  /** Per service, the service accounts that may ask for it. */
  private readonly callers = new Map<string, StoredService['callers']>();
  private readonly accounts = new Map<string, Map<string, Account>>();
  private lastSeq = 0;
  /** The highest sequence seen at each recent poll (for the look-back by time). */
  private marks: { at: number; seq: number }[] = [];
  private lastServiceSeq = 0;
  private readonly since: Date;
  private calls = 0;
  /** Counted since the last write, by `${day}\u0000${service}`. */
  private pending = new Map<string, { day: string; service: string; allowed: number; denied: number }>();
  private day = '';
  private dayEnds = 0;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: GateDeps) {
    this.since = d.clock.now();
    d.verify.subscribe({
      verification: (v) => this.apply(v),
      service: (s) => this.applyService(s),
    });
  }

  /** Builds the memory from the tables (the server's and the CLI's start). */
  async open(): Promise<void> {
    const services = await this.d.verify.servicesChangedSince(0);
    for (const s of services.rows) this.applyService(s);
    this.lastServiceSeq = services.last;
    for (;;) {
      const batch = await this.d.verify.changedSince(this.lastSeq, LOAD_BATCH);
      for (const v of batch.rows) this.apply(v);
      this.lastSeq = batch.last;
      if (batch.rows.length < LOAD_BATCH) break;
    }
  }

  /** Takes up the changes other processes made since the last poll. */
  async poll(): Promise<void> {
    const services = await this.d.verify.servicesChangedSince(
      Math.max(0, this.lastServiceSeq - POLL_LOOKBACK),
    );
    for (const s of services.rows) this.applyService(s);
    this.lastServiceSeq = Math.max(this.lastServiceSeq, services.last);
    const now = this.d.clock.now().getTime();
    this.marks.push({ at: now, seq: this.lastSeq });
    // Keep the newest mark older than the window (it bounds the re-read) and the ones within it.
    while (this.marks.length > 1 && this.marks[1]!.at <= now - POLL_LOOKBACK_MS) this.marks.shift();
    let from = Math.max(0, Math.min(this.lastSeq - POLL_LOOKBACK, this.marks[0]!.seq));
    for (;;) {
      const batch = await this.d.verify.changedSince(from, LOAD_BATCH);
      for (const v of batch.rows) this.apply(v);
      this.lastSeq = Math.max(this.lastSeq, batch.last);
      from = batch.last;
      if (batch.rows.length < LOAD_BATCH) break;
    }
  }

  private applyService(s: StoredService): void {
    this.requires.set(s.key, [...s.requires]);
    this.callers.set(s.key, [...s.callers]);
  }

  private apply(v: StoredVerification): void {
    let users = this.accounts.get(v.service);
    if (!users) this.accounts.set(v.service, (users = new Map()));
    let a = users.get(v.user);
    if (!a) {
      a = { handle: v.handle, records: new Map(), entry: { handle: v.handle, methods: {} } };
      users.set(v.user, a);
    }
    a.records.set(v.id, {
      method: v.method,
      status: v.status,
      startedAt: v.startedAt.getTime(),
      expiresAt: v.expiresAt?.getTime() ?? null,
    });
    a.handle = v.handle;
    a.entry = entryOf(a.handle, a.records);
  }

  // ---- the hot path: memory only ----------------------------------------------------------------

  check(actor: Actor, service: string, user: string): GateCheckResponse {
    requireRole(actor, gateCallers);
    // A platform asks only for its own services (an unknown one answers service_not_configured).
    const callers = this.callers.get(service);
    if (callers) requireCaller(actor, { key: service, callers });
    return this.answer(service, user, true);
  }

  /** The answer without counting it (the enrolment's answer). */
  peek(service: string, user: string): GateCheckResponse {
    return this.answer(service, user, false);
  }

  private answer(service: string, user: string, count: boolean): GateCheckResponse {
    const now = this.d.clock.now().getTime();
    const requires = this.requires.get(service);
    const r = decide(requires, this.accounts.get(service)?.get(user)?.entry, now);
    // Only configured services are counted: a caller cannot grow the table with made-up keys.
    if (count && requires) this.count(service, r.allowed, now);
    return r;
  }

  private count(service: string, allowed: boolean, now: number): void {
    this.calls++;
    if (now >= this.dayEnds || now < this.dayEnds - 86_400_000) {
      this.day = beijingDate(new Date(now));
      this.dayEnds = beijingMidnight(addDays(this.day, 1)).getTime();
    }
    const key = `${this.day}\u0000${service}`;
    let c = this.pending.get(key);
    if (!c) this.pending.set(key, (c = { day: this.day, service, allowed: 0, denied: 0 }));
    if (allowed) c.allowed++;
    else c.denied++;
  }

  /** Writes the counts since the last write (every few seconds and at stop); kept for the next try on failure. */
  flush(): Promise<void> {
    const run = this.writing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      try {
        await this.d.store.addCounts(batch);
      } catch (err) {
        for (const b of batch) {
          const key = `${b.day}\u0000${b.service}`;
          const c = this.pending.get(key);
          if (c) {
            c.allowed += b.allowed;
            c.denied += b.denied;
          } else this.pending.set(key, b);
        }
        throw err;
      }
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  async stats(actor: Actor): Promise<{
    since: string;
    calls: number;
    days: { day: string; service: string; allowed: number; denied: number }[];
  }> {
    requireRole(actor, identityReaders);
    await this.flush();
    const from = addDays(beijingDate(this.d.clock.now()), -30);
    return { since: this.since.toISOString(), calls: this.calls, days: await this.d.store.counts(from) };
  }

  // ---- the daily evidence -------------------------------------------------------------------------

  /**
   * Seals every finished Beijing day of every configured service since it
   * was configured that has no seal yet: the day's counts and the RFC 9162
   * Merkle root of its verification records (started that day, in id
   * order, without personal data), one ledger record per service and day in
   * the same transaction as the seal row. Running it twice writes one; a
   * day missed while the server was down is sealed when it next runs.
   */
  async sealDays(): Promise<GateSeal[]> {
    await this.flush();
    const now = this.d.clock.now();
    const last = addDays(beijingDate(new Date(now.getTime() - SEAL_MARGIN_MS)), -1);
    const out: GateSeal[] = [];
    for (const service of await this.d.verify.allServices()) {
      const done = await this.d.store.sealedDays(service.key);
      for (let day = beijingDate(service.createdAt); day <= last; day = addDays(day, 1)) {
        if (done.has(day)) continue;
        const seal = await this.sealDay(service.key, day, now);
        if (seal) out.push(seal);
      }
    }
    return out;
  }

  private async sealDay(service: string, day: string, now: Date): Promise<GateSeal | null> {
    const start = beijingMidnight(day);
    const end = beijingMidnight(addDays(day, 1));
    const records = await this.d.verify.startedBetween(service, start, end);
    const root = rootOf(
      records.map((r) => leafHash(Buffer.from(canonicalJson(sealLeaf(r)), 'utf8'))),
    ).toString('hex');
    const counts = await this.d.store.count(day, service);
    const taken = Symbol('sealed already');
    try {
      return await this.d.uow.run(async (tx) => {
        const receipt = await this.d.ledger.record(
          systemActor,
          {
            obligations: [REAL_NAME_DUTY],
            kind: 'real_name_day_sealed',
            summary: `${day} ${service}: ${counts.allowed} allowed, ${counts.denied} denied, ${records.length} verification records, root ${root}`,
            // The day's last instant: the seal of 31 March belongs to March's audit pack.
            occurredAt: new Date(end.getTime() - 1),
          },
          tx,
        );
        const row: SealRow = {
          day,
          service,
          allowed: counts.allowed,
          denied: counts.denied,
          verifications: records.length,
          merkle_root: root,
          evidence_id: receipt.id,
          sealed_at: now,
        };
        if (!(await this.d.store.in(tx).insertSeal(row))) throw taken;
        return sealView(row);
      });
    } catch (err) {
      if (err === taken) return null;
      throw err;
    }
  }

  /**
   * The duty's clock: per service, the first finished Beijing day with no
   * seal, due sealed one hour after it ends (the job runs every ten minutes).
   */
  async openItems(dueSoonDays: number): Promise<Deadline[]> {
    const now = this.d.clock.now();
    const yesterday = addDays(beijingDate(now), -1);
    const out: Deadline[] = [];
    for (const service of await this.d.verify.allServices()) {
      const done = await this.d.store.sealedDays(service.key);
      const missing: string[] = [];
      for (let day = beijingDate(service.createdAt); day <= yesterday; day = addDays(day, 1))
        if (!done.has(day)) missing.push(day);
      const first = missing[0];
      if (!first) continue;
      const ends = beijingMidnight(addDays(first, 1));
      const more = missing.length > 1;
      out.push(
        openItem(
          {
            source: 'identity',
            entryId: `seal-${service.key}-${first}`,
            obligations: [REAL_NAME_DUTY],
            label: {
              zh: `服务 ${service.key} 的实名核验记录 ${first}（北京时间）未封存${more ? `，共${missing.length}天未封存` : ''}`,
              en: `Real-name records of ${service.key} for ${first} (Beijing) not sealed${more ? `; ${missing.length} days unsealed` : ''}`,
            },
            subject: service.name,
            party: 'operator',
            startAt: ends,
            dueAt: new Date(ends.getTime() + HOUR),
            basis: 'hours',
            rule: { id: 'identity.gate-day-seal' },
          },
          now,
          dueSoonDays,
        ),
      );
    }
    return out;
  }

  /** identity-gate.json of the audit pack: the services' requirements and the seals of the period's days. */
  async packContents(period: { from?: Date | undefined; to?: Date | undefined }): Promise<string> {
    const services = await this.d.verify.allServices();
    const seals = await this.d.store.sealsBetween(
      period.from ? beijingDate(period.from) : undefined,
      period.to ? beijingDate(period.to) : undefined,
    );
    return JSON.stringify(
      {
        generatedAt: this.d.clock.now().toISOString(),
        period: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null },
        merkleLeaf:
          'RFC 9162 leaf hash of the canonical JSON (sorted keys) of {id, service, handle, method, status, provider, reference, startedAt, verifiedAt, expiresAt} of each record started that Beijing day, in id order',
        services: services.map((s) => ({
          key: s.key,
          name: s.name,
          requires: s.requires,
          validity: validityOf(this.d.verify.catalog, s.overrides),
          updatedAt: s.updatedAt.toISOString(),
          updatedBy: s.updatedBy,
        })),
        seals: seals.map(sealView),
      },
      null,
      2,
    );
  }

  /** The seals of the Beijing days a period covers, oldest first (the audit report's rows). */
  async sealsInPeriod(period: { from?: Date | undefined; to?: Date | undefined }): Promise<GateSeal[]> {
    const rows = await this.d.store.sealsBetween(
      period.from ? beijingDate(period.from) : undefined,
      period.to ? beijingDate(period.to) : undefined,
    );
    return rows
      .map(sealView)
      .sort((a, b) => a.day.localeCompare(b.day) || a.service.localeCompare(b.service));
  }

  async seals(
    actor: Actor,
    page: { limit: number; after?: SealKey | undefined },
  ): Promise<{ seals: GateSeal[]; next: string | null }> {
    requireRole(actor, identityReaders);
    const rows = await this.d.store.seals(page.limit, page.after);
    const cut = takePage(rows, page.limit, (r): SealKey => [r.day, r.service]);
    return { seals: cut.rows.map(sealView), next: cut.next };
  }
}

function sealView(r: SealRow): GateSeal {
  return {
    day: r.day,
    service: r.service,
    allowed: Number(r.allowed),
    denied: Number(r.denied),
    verifications: r.verifications,
    merkleRoot: r.merkle_root,
    evidenceId: r.evidence_id,
    sealedAt: new Date(r.sealed_at).toISOString(),
  };
}
