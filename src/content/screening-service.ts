import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  disposalInputSchema,
  type DisposalView,
  type ruleSetContentSchema,
  type ruleSetPublishSchema,
  type ruleSetVersionSchema,
  type reviewDecisionSchema,
  type reviewSchema,
  type RuleInput,
  ruleInputSchema,
  type ScreenItem,
  type ScreenMatch,
  type ScreenResult,
  type screenStatsSchema,
  type deletionConfirmSchema,
  type disposalReportSchema,
  type contentStatusSchema,
  type ContentAction,
} from '../../contract/content.js';
import type { Deadline } from '../../contract/status.js';
import { requireRole, type Actor, type Role } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Tx, UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import { takePage } from '../platform/paging.js';
import { isFutureInstant } from '../platform/time.js';
import { issueText } from '../platform/validation-text.js';
import type { EvidenceInput, LedgerService } from '../ledger/service.js';
import { citationList, openItem } from '../obligations/deadlines.js';
import type { ContentFile } from './catalog-schema.js';
import {
  contentHash,
  decidingRules,
  deletionBackoffMs,
  disposalClocks,
  DUTY_DISPOSAL,
  excerptOf,
  obligationFor,
  reportedMatches,
  strongestCategory,
} from './disposal-rules.js';
import { reportDraftHtml } from './report-draft.js';
import type { ScreeningSettings } from './settings.js';
import type {
  DisposalFilter,
  DisposalRow,
  NewDisposalRow,
  NewReviewRow,
  ScreeningStore,
} from './screening-store.js';
import type { AllowEntry } from './screening-tables.js';
import {
  compileScreener,
  parseRuleFile,
  RuleFileError,
  ScreenRuleError,
  type EngineDefaults,
  type EngineRule,
  type Screener,
} from './screen/index.js';
import { disposalView, reviewView, ruleSetVersionView } from './screening-view.js';

// ---- the engine (src/content/screen/, s7a) ------------------------------------------------

/** The screening engine's entry points, injected so a test can count or slow its calls. */
export interface ScreeningEngine {
  compile(rules: EngineRule[], allow: { pattern: string }[], defaults: EngineDefaults): Screener;
  parseFile(
    text: string,
    format: 'txt' | 'json' | 'yaml',
    opts: { kind: 'rules' | 'allow'; category?: string; wordListAction: ContentAction },
  ): { rules: EngineRule[]; allow: { pattern: string }[] };
}

export const screeningEngine: ScreeningEngine = { compile: compileScreener, parseFile: parseRuleFile };

// ---- roles ---------------------------------------------------------------------------------

/** Who reads the content records (the auditor only reads). */
export const contentReaders: readonly Role[] = ['admin', 'compliance_officer', 'moderator', 'auditor'];
/** Who screens, decides reviews, records disposals and publishes rule sets. */
export const contentWriters: readonly Role[] = ['admin', 'compliance_officer', 'moderator'];
/** Who records reports to the authorities. */
export const contentReporters: readonly Role[] = ['admin', 'compliance_officer'];
/** Who puts an older rule-set version back in force. */
export const ruleActivators: readonly Role[] = ['admin'];

/** What the platform's deletion webhook receives (signed: see delete-webhook-io.ts). */
export interface DeletionRequest {
  disposalId: string;
  itemId: string | null;
  service: string | null;
  url: string | null;
  contentHash: string;
}

export interface ScreeningDeps {
  store: ScreeningStore;
  ledger: LedgerService;
  uow: UnitOfWork;
  clock: Clock;
  catalog: ContentFile;
  settings: ScreeningSettings;
  engine: ScreeningEngine;
  /** Posts one deletion request to the platform (null: no webhook set); throws on failure. */
  postDeletion: ((request: DeletionRequest) => Promise<void>) | null;
  report: (err: unknown, what: string) => void;
  dueSoonDays: number;
}

export type RuleSetVersionView = z.infer<typeof ruleSetVersionSchema>;
export type ReviewView = z.infer<typeof reviewSchema>;
export type ScreenStats = z.infer<typeof screenStatsSchema>;
export type ContentStatus = z.infer<typeof contentStatusSchema>;
export type DisposalInput = z.input<typeof disposalInputSchema>;
/** What the other areas give for the overview (complaints, takedowns). */
export interface AreaCounts {
  open: number;
  overdue: number;
}

interface Active {
  version: number;
  screener: Screener;
  /** The categories its rules name. */
  categories: ReadonlySet<string>;
}

interface PendingDisposal {
  actor: Actor;
  row: Omit<NewDisposalRow, 'evidence_id'>;
  summary: string;
}

/** Held and blocked items are written in transactions of at most this many. */
const FLUSH_CHUNK = 2000;
/** Deletion requests sent per pass of the webhook job. */
const DELETION_PASS = 200;
/** Open items of unconfirmed deletions, the earliest due first (the dashboard is not a list of every item). */
const OPEN_DELETIONS_MAX = 100;
const REPORT_DRAFT_MAX = 5000;

function invalid(
  field: string,
  messages: { zh: string; en: string },
  details?: Record<string, unknown>,
): AppError {
  return new AppError('validation_failed', messages, { field, ...details }, field);
}

function notFound(what: { zh: string; en: string }): AppError {
  return new AppError('not_found', what);
}

/**
 * Screening (CSL 2025 Art 49, 2016 Art 47; issue 14 items 2-3): the rule set
 * in force answers from memory (no database on the hot path); held items go
 * to the review queue and blocked ones become disposal records, both
 * buffered and written within a second by `flush` (each disposal with its
 * ledger record in the same transaction). Disposals are deleted by the
 * platform through a signed webhook, reported to the authority, and kept
 * for the retention the catalogue (or a setting) gives.
 */
export class ScreeningService {
  private active: Active;
  private readonly defaults: EngineDefaults;
  private readonly since: Date;
  private counters = { calls: 0, items: 0, allow: 0, review: 0, block: 0 };
  private pendingReviews: NewReviewRow[] = [];
  private pendingDisposals: PendingDisposal[] = [];
  private flushing: Promise<unknown> = Promise.resolve();
  private publishing: Promise<unknown> = Promise.resolve();
  private deleting: Promise<number> | undefined;

  constructor(private readonly d: ScreeningDeps) {
    this.defaults = {
      categoryAction: Object.fromEntries(d.catalog.categories.map((c) => [c.code, c.default_action])),
      fallbackAction: d.catalog.categories.find((c) => c.code === 'other')?.default_action ?? 'review',
    };
    this.active = { version: 0, screener: d.engine.compile([], [], this.defaults), categories: new Set() };
    this.since = d.clock.now();
  }

  get settings(): ScreeningSettings {
    return this.d.settings;
  }

  /** Loads the version in force (none yet: version 0, an empty rule set that allows everything). */
  async open(): Promise<void> {
    const version = await this.d.store.activeVersion();
    if (version === 0) return;
    const row = await this.d.store.ruleSet(version);
    if (!row) return;
    this.active = {
      version,
      screener: this.d.engine.compile(row.rules, row.allow, this.defaults),
      categories: new Set(row.rules.map((r) => r.category)),
    };
  }

  /** The version answering now. */
  get version(): number {
    return this.active.version;
  }

  // ---- screening (the hot path: memory only) --------------------------------------------------

  /**
   * Screens items against the version in force, captured once for the whole
   * batch (a swap during the call does not mix versions). Held items and
   * blocks are queued for `flush`; their ids are made here.
   */
  screen(actor: Actor, items: readonly ScreenItem[]): ScreenResult[] {
    requireRole(actor, contentWriters);
    if (this.pendingWrites >= this.d.settings.backlogMax)
      throw new AppError(
        'screening_backlog',
        {
          zh: '待写入的拦截与待审记录积压过多，暂不受理新的审核请求，请稍后重试。',
          en: 'Too many held and blocked items are waiting to be written; screening is refused for now. Retry shortly.',
        },
        { pendingWrites: this.pendingWrites },
      );
    const { version, screener } = this.active;
    const now = this.d.clock.now();
    this.counters.calls += 1;
    this.counters.items += items.length;
    return items.map((item) => {
      const found = screener.screen(item.text);
      const r = { decision: found.decision, matches: reportedMatches(found.matches) };
      this.counters[r.decision] += 1;
      let reviewId: string | null = null;
      let disposalId: string | null = null;
      if (r.decision === 'review') {
        reviewId = randomUUID();
        this.pendingReviews.push(this.reviewRow(reviewId, item, r.matches, version, now));
      } else if (r.decision === 'block') {
        disposalId = randomUUID();
        this.pendingDisposals.push(this.blockRow(actor, disposalId, item, r.matches, version, now));
      }
      return {
        id: item.id ?? null,
        decision: r.decision,
        matches: r.matches,
        matchesTotal: found.matches.length,
        version,
        reviewId,
        disposalId,
      };
    });
  }

  /** Screens one text without queueing or counting anything (the console's try-out). */
  tryScreen(actor: Actor, text: string): ScreenResult {
    requireRole(actor, contentReaders);
    const { version, screener } = this.active;
    const r = screener.screen(text);
    return {
      id: null,
      decision: r.decision,
      matches: reportedMatches(r.matches),
      matchesTotal: r.matches.length,
      version,
      reviewId: null,
      disposalId: null,
    };
  }

  get pendingWrites(): number {
    return this.pendingReviews.length + this.pendingDisposals.length;
  }

  stats(): ScreenStats {
    return {
      since: this.since.toISOString(),
      ...this.counters,
      version: this.active.version,
      pendingWrites: this.pendingWrites,
    };
  }

  private reviewRow(
    id: string,
    item: ScreenItem,
    matches: ScreenMatch[],
    version: number,
    now: Date,
  ): NewReviewRow {
    return {
      id,
      item_id: item.id ?? null,
      service: item.service ?? null,
      publisher: item.publisher ?? null,
      url: item.url ?? null,
      excerpt: excerptOf(item.text, matches),
      content_hash: contentHash(item.text),
      category: strongestCategory(matches),
      matches: JSON.stringify(matches),
      version,
      held_at: now,
    };
  }

  private blockRow(
    actor: Actor,
    id: string,
    item: ScreenItem,
    matches: ScreenMatch[],
    version: number,
    now: Date,
  ): PendingDisposal {
    const rules = decidingRules(matches, 'block');
    const category = strongestCategory(matches);
    const row = this.disposalRow({
      id,
      origin: 'screening',
      item,
      hash: contentHash(item.text),
      excerpt: excerptOf(item.text, matches),
      category,
      decided: { kind: 'rule', rules, person: null },
      detectedAt: now,
      stoppedAt: now,
      wanted: true,
    });
    return {
      actor,
      row,
      summary: `Blocked at screening${item.id ? ` item ${item.id}` : ''}${item.service ? ` on ${item.service}` : ''}: ${category}, rule-set version ${version}, rules ${rules.join(', ')} (disposal ${id})`,
    };
  }

  private disposalRow(p: {
    id: string;
    origin: NewDisposalRow['origin'];
    item: {
      id?: string | undefined;
      service?: string | undefined;
      publisher?: string | undefined;
      url?: string | undefined;
    };
    hash: string;
    excerpt: string;
    category: string;
    decided: { kind: 'rule' | 'person'; rules: string[]; person: string | null };
    detectedAt: Date;
    stoppedAt: Date;
    wanted: boolean;
    takedownId?: string | undefined;
    complaintId?: string | undefined;
  }): Omit<NewDisposalRow, 'evidence_id'> {
    const s = this.d.settings;
    const clocks = disposalClocks(p.detectedAt, {
      deletionDue: s.deletionDue.value,
      reportDue: s.reportDue.value,
      retentionDays: s.retentionDays.value,
    });
    return {
      id: p.id,
      origin: p.origin,
      item_id: p.item.id ?? null,
      service: p.item.service ?? null,
      publisher: p.item.publisher ?? null,
      url: p.item.url ?? null,
      content_hash: p.hash,
      excerpt: p.excerpt,
      category: p.category,
      decided_kind: p.decided.kind,
      decided_rules: JSON.stringify(p.decided.rules),
      decided_person: p.decided.person,
      obligation: obligationFor(p.item.service, s),
      detected_at: p.detectedAt,
      stopped_at: p.stoppedAt,
      deletion_wanted: p.wanted,
      deletion_state: 'not_requested',
      deletion_due_at: clocks.deletionDueAt,
      report_due_at: clocks.reportDueAt,
      takedown_id: p.takedownId ?? null,
      complaint_id: p.complaintId ?? null,
      keep_until: clocks.keepUntil,
    };
  }

  private evidenceFor(row: Omit<NewDisposalRow, 'evidence_id'>, summary: string): EvidenceInput {
    // CSL 2025 Art 49 (2016 Art 47): stopping, removing and keeping the record is the work proved.
    return {
      obligations: [row.obligation],
      kind: 'content_disposal',
      summary,
      occurredAt: new Date(row.stopped_at),
    };
  }

  /**
   * Writes the held and blocked items queued since the last call (the
   * module runs it every second and at stop; the CLI and tests call it):
   * reviews and disposals with the disposals' ledger records, one
   * transaction per chunk. A failed write keeps its items for the next try.
   */
  flush(): Promise<number> {
    const run = this.flushing.then(async () => {
      let written = 0;
      while (this.pendingReviews.length || this.pendingDisposals.length) {
        const reviews = this.pendingReviews.splice(0, FLUSH_CHUNK);
        const disposals = this.pendingDisposals.splice(0, FLUSH_CHUNK);
        try {
          await this.d.uow.run(async (tx) => {
            const store = this.d.store.in(tx);
            await store.insertReviews(reviews);
            await this.writeDisposals(disposals, tx);
          });
        } catch (err) {
          this.pendingReviews.unshift(...reviews);
          this.pendingDisposals.unshift(...disposals);
          throw err;
        }
        written += reviews.length + disposals.length;
      }
      if (written) this.kickDeletions();
      return written;
    });
    this.flushing = run.catch(() => 0);
    return run;
  }

  private async writeDisposals(list: readonly PendingDisposal[], tx: Tx): Promise<void> {
    if (list.length === 0) return;
    // The ledger records one actor per call: group by who screened.
    const byActor = new Map<string, PendingDisposal[]>();
    for (const p of list) byActor.set(p.actor.userId, [...(byActor.get(p.actor.userId) ?? []), p]);
    const rows: NewDisposalRow[] = [];
    for (const group of byActor.values()) {
      const receipts = await this.d.ledger.recordMany(
        group[0]!.actor,
        group.map((p) => this.evidenceFor(p.row, p.summary)),
        tx,
      );
      group.forEach((p, i) => rows.push({ ...p.row, evidence_id: receipts[i]!.id }));
    }
    await this.d.store.in(tx).insertDisposals(rows);
  }

  // ---- rule sets ------------------------------------------------------------------------

  async versions(q: { limit: number; cursor?: number | undefined }): Promise<{
    versions: RuleSetVersionView[];
    next: string | null;
  }> {
    const active = await this.d.store.activeVersion();
    const rows = await this.d.store.versions(q.limit + 1, q.cursor);
    const page = takePage(rows, q.limit, (r) => r.version);
    return { versions: page.rows.map((r) => ruleSetVersionView(r, active)), next: page.next };
  }

  async ruleSetContent(version: number): Promise<z.infer<typeof ruleSetContentSchema>> {
    const row = await this.d.store.ruleSet(version);
    if (!row)
      throw notFound({
        zh: `规则集版本 ${version} 不存在。`,
        en: `There is no rule-set version ${version}.`,
      });
    return { version: row.version, rules: row.rules, allow: row.allow.map((a) => ({ ...a })) };
  }

  /**
   * Publishes a new version (issue 14 item 2). `replace`: the parts given
   * (rules, allow-list, from the body and the file) replace those of the
   * version in force, a part not given at all is kept; `append`: they are
   * added to it (a rule of the same pattern and category replaced). The new
   * set is compiled before anything is stored (a bad one is refused), then
   * stored and put in force, and the screener swapped after the commit:
   * calls in flight finish on the old one.
   */
  publish(actor: Actor, input: z.output<typeof ruleSetPublishSchema>): Promise<RuleSetVersionView> {
    requireRole(actor, contentWriters);
    const run = this.publishing.then(() => this.publishNow(actor, input));
    this.publishing = run.catch(() => undefined);
    return run;
  }

  private async publishNow(
    actor: Actor,
    input: z.output<typeof ruleSetPublishSchema>,
  ): Promise<RuleSetVersionView> {
    let rules: RuleInput[] | undefined = input.rules;
    let allow: AllowEntry[] | undefined = input.allow;
    if (input.file) {
      const parsed = this.parseFile(input.file);
      if (parsed.rules.length || input.file.kind === 'rules') rules = [...(rules ?? []), ...parsed.rules];
      if (parsed.allow.length || input.file.kind === 'allow') allow = [...(allow ?? []), ...parsed.allow];
    }
    if (rules === undefined && allow === undefined)
      throw invalid('rules', {
        zh: '未提供任何规则或白名单：请提交规则、白名单或规则文件。',
        en: 'Nothing to publish: give rules, allow-list entries or a rule file.',
      });
    const activeVersion = await this.d.store.activeVersion();
    const base = activeVersion ? await this.d.store.ruleSet(activeVersion) : undefined;
    const baseRules = base?.rules ?? [];
    const baseAllow = base?.allow ?? [];
    const nextRules =
      input.mode === 'append'
        ? dedupeRules([...baseRules, ...(rules ?? [])])
        : dedupeRules(rules ?? baseRules);
    const nextAllow =
      input.mode === 'append'
        ? dedupeAllow([...baseAllow, ...(allow ?? [])])
        : dedupeAllow(allow ?? baseAllow);
    if (nextRules.length > 200_000 || nextAllow.length > 50_000)
      throw invalid('rules', {
        zh: `规则集过大：规则至多 200000 条、白名单至多 50000 条（本次为 ${nextRules.length} 条规则、${nextAllow.length} 条白名单）。`,
        en: `The rule set is too large: at most 200,000 rules and 50,000 allow-list entries (this one has ${nextRules.length} and ${nextAllow.length}).`,
      });
    let screener: Screener;
    try {
      screener = this.d.engine.compile(nextRules, nextAllow, this.defaults);
    } catch (err) {
      if (!(err instanceof ScreenRuleError)) throw err;
      throw invalid(`${err.kind === 'rules' ? 'rules' : 'allow'}.${err.index}`, {
        zh: `规则集未保存：${err.messages.zh}`,
        en: `The rule set was not stored: ${err.messages.en}`,
      });
    }
    const categories: Record<string, number> = {};
    for (const r of nextRules) categories[r.category] = (categories[r.category] ?? 0) + 1;
    const now = this.d.clock.now();
    const version = await this.d.uow.run(async (tx) => {
      const store = this.d.store.in(tx);
      const v = (await store.maxVersion()) + 1;
      await store.insertRuleSet({
        version: v,
        created_at: now,
        created_by: actor.username,
        note: input.note,
        rules: JSON.stringify(nextRules),
        allow: JSON.stringify(nextAllow),
        rule_count: nextRules.length,
        allow_count: nextAllow.length,
        categories: JSON.stringify(categories),
      });
      await store.setActive(v, now, actor.username);
      return v;
    });
    // After the commit: one assignment, so a call sees the old screener or the new one, never a mix.
    this.active = { version, screener, categories: new Set(Object.keys(categories)) };
    return {
      version,
      createdAt: now.toISOString(),
      createdBy: actor.username,
      note: input.note,
      rules: nextRules.length,
      allow: nextAllow.length,
      categories,
      active: true,
    };
  }

  private parseFile(file: NonNullable<z.output<typeof ruleSetPublishSchema>['file']>): {
    rules: RuleInput[];
    allow: AllowEntry[];
  } {
    let parsed: { rules: EngineRule[]; allow: { pattern: string }[] };
    try {
      parsed = this.d.engine.parseFile(file.text, file.format, {
        kind: file.kind,
        ...(file.category ? { category: file.category } : {}),
        wordListAction: this.d.catalog.word_list_action,
      });
    } catch (err) {
      if (!(err instanceof RuleFileError)) throw err;
      throw invalid(
        'file.text',
        { zh: `规则文件有误：${err.messages.zh}`, en: `The rule file is not valid: ${err.messages.en}` },
        { line: err.line },
      );
    }
    const rules: RuleInput[] = [];
    parsed.rules.forEach((r, i) => {
      const ok = ruleInputSchema.safeParse(r);
      if (!ok.success) {
        const issue = ok.error.issues[0]!;
        const t = issueText(issue);
        throw invalid(
          'file.text',
          {
            zh: `规则文件第 ${i + 1} 条规则（${r.pattern.slice(0, 40)}）的 ${issue.path.join('.')} 有误：${t.zh}`,
            en: `Rule ${i + 1} of the file (${r.pattern.slice(0, 40)}): ${issue.path.join('.')} ${t.en}`,
          },
          { rule: i + 1 },
        );
      }
      rules.push(ok.data);
    });
    return { rules, allow: parsed.allow.map((a) => ({ pattern: a.pattern })) };
  }

  /** Puts an older (or newer) version back in force; the screener is swapped after the commit. */
  activate(actor: Actor, version: number): Promise<RuleSetVersionView> {
    requireRole(actor, ruleActivators);
    const run = this.publishing.then(async () => {
      const row = await this.d.store.ruleSet(version);
      if (!row)
        throw notFound({
          zh: `规则集版本 ${version} 不存在。`,
          en: `There is no rule-set version ${version}.`,
        });
      const screener = this.d.engine.compile(row.rules, row.allow, this.defaults);
      await this.d.store.setActive(version, this.d.clock.now(), actor.username);
      this.active = { version, screener, categories: new Set(row.rules.map((r) => r.category)) };
      return ruleSetVersionView(row, version);
    });
    this.publishing = run.catch(() => undefined);
    return run;
  }

  /**
   * Takes up a version put in force by another process (the CLI, another
   * server on the same PostgreSQL database): the module checks every few
   * seconds. Answers whether the screener changed.
   */
  refreshRules(): Promise<boolean> {
    const run = this.publishing.then(async () => {
      const version = await this.d.store.activeVersion();
      if (version === this.active.version) return false;
      const row = version ? await this.d.store.ruleSet(version) : undefined;
      this.active = row
        ? {
            version,
            screener: this.d.engine.compile(row.rules, row.allow, this.defaults),
            categories: new Set(row.rules.map((r) => r.category)),
          }
        : { version: 0, screener: this.d.engine.compile([], [], this.defaults), categories: new Set() };
      return true;
    });
    this.publishing = run.catch(() => undefined);
    return run;
  }

  // ---- review queue ---------------------------------------------------------------------

  async reviews(q: {
    status: 'pending' | 'allowed' | 'removed';
    q?: string | undefined;
    limit: number;
    cursor?: [string, string] | undefined;
  }): Promise<{ reviews: ReviewView[]; next: string | null }> {
    await this.flushQuietly();
    const rows = await this.d.store.reviews({ status: q.status, q: q.q }, q.limit + 1, q.cursor);
    const page = takePage(rows, q.limit, (r) => [new Date(r.held_at).toISOString(), r.id]);
    return { reviews: page.rows.map(reviewView), next: page.next };
  }

  async review(id: string): Promise<ReviewView> {
    await this.flushQuietly();
    const row = await this.d.store.review(id);
    if (!row) throw notFound({ zh: '待审内容不存在。', en: 'No such review.' });
    return reviewView(row);
  }

  /**
   * A moderator's decision on a held item: allow, or remove (a disposal
   * record decided by the person, with its ledger record, in the same
   * transaction). Deciding twice is 409.
   */
  async decide(actor: Actor, id: string, input: z.output<typeof reviewDecisionSchema>): Promise<ReviewView> {
    requireRole(actor, contentWriters);
    await this.flushQuietly();
    const row = await this.d.store.review(id);
    if (!row) throw notFound({ zh: '待审内容不存在。', en: 'No such review.' });
    const decidedTwice = new AppError('conflict', {
      zh: '该内容已有审核结论，不能再次决定。',
      en: 'This item has already been decided.',
    });
    if (row.status !== 'pending') throw decidedTwice;
    const now = this.d.clock.now();
    const disposalId = input.decision === 'remove' ? randomUUID() : null;
    const decided = await this.d.uow.run(async (tx) => {
      const store = this.d.store.in(tx);
      const out = await store.decideReview(id, {
        status: input.decision === 'allow' ? 'allowed' : 'removed',
        decided_at: now,
        decided_by: actor.username,
        note: input.note,
        disposal_id: disposalId,
      });
      if (!out) throw decidedTwice;
      if (disposalId) {
        const category = input.category ?? row.category;
        const heldAt = new Date(row.held_at);
        const d = this.disposalRow({
          id: disposalId,
          origin: 'review',
          item: {
            id: row.item_id ?? undefined,
            service: row.service ?? undefined,
            publisher: row.publisher ?? undefined,
            url: row.url ?? undefined,
          },
          hash: row.content_hash,
          excerpt: row.excerpt,
          category,
          decided: { kind: 'person', rules: decidingRules(row.matches, 'review'), person: actor.username },
          // Held at screening: detected and stopped then.
          detectedAt: heldAt,
          stoppedAt: heldAt,
          wanted: true,
        });
        const receipt = await this.d.ledger.record(
          actor,
          this.evidenceFor(
            d,
            `Removed on review${row.item_id ? ` item ${row.item_id}` : ''}${row.service ? ` on ${row.service}` : ''}: ${category}, decided by ${actor.username} (disposal ${disposalId})`,
          ),
          tx,
        );
        await store.insertDisposals([{ ...d, evidence_id: receipt.id }]);
      }
      return out;
    });
    if (disposalId) this.kickDeletions();
    return reviewView(decided);
  }

  // ---- disposal records -----------------------------------------------------------------

  async disposals(
    filter: DisposalFilter & { limit: number; cursor?: [string, string] | undefined },
  ): Promise<{ disposals: DisposalView[]; next: string | null }> {
    await this.flushQuietly();
    const rows = await this.d.store.disposals(filter, filter.limit + 1, filter.cursor);
    const page = takePage(rows, filter.limit, (r) => [new Date(r.detected_at).toISOString(), r.id]);
    return { disposals: page.rows.map((r) => disposalView(r)), next: page.next };
  }

  async disposal(id: string): Promise<DisposalView> {
    await this.flushQuietly();
    return disposalView(await this.disposalRowById(id));
  }

  private async disposalRowById(id: string, tx?: Tx): Promise<DisposalRow> {
    const row = await this.d.store.in(tx).disposal(id);
    if (!row) throw notFound({ zh: '处置记录不存在。', en: 'No such disposal record.' });
    return row;
  }

  /**
   * Records a removal decided by a person (found by staff, on a complaint or
   * on a takedown demand): the disposal and its ledger record, in `tx` when
   * given (the caller's own work commits with it) or in a transaction of its
   * own. The complaints and takedowns areas call this; keep its signature.
   */
  async recordDisposal(actor: Actor, input: DisposalInput, tx?: Tx): Promise<DisposalView> {
    requireRole(actor, contentWriters);
    const parsed = disposalInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'body';
      throw invalid(field, issueText(issue));
    }
    const v = parsed.data;
    const now = this.d.clock.now();
    const detectedAt = v.detectedAt ? new Date(v.detectedAt) : now;
    const stoppedAt = v.stoppedAt ? new Date(v.stoppedAt) : detectedAt;
    for (const [field, at] of [
      ['detectedAt', detectedAt],
      ['stoppedAt', stoppedAt],
    ] as const)
      if (isFutureInstant(at, now))
        throw invalid(field, { zh: '时间不能晚于当前时间。', en: 'The time cannot be in the future.' });
    if (stoppedAt.getTime() < detectedAt.getTime())
      throw invalid('stoppedAt', {
        zh: '停止传输的时间不能早于发现的时间。',
        en: 'The content cannot have been stopped before it was detected.',
      });
    if (!this.knownCategory(v.category))
      throw invalid('category', {
        zh: `类别“${v.category}”不在目录或在用规则集中。`,
        en: `The category "${v.category}" is neither in the catalogue nor in the rule set in force.`,
      });
    const id = randomUUID();
    // Where the rule set finds the words, the excerpt is taken around them.
    const { matches } = this.active.screener.screen(v.text);
    const origin = v.takedownId ? 'takedown' : v.complaintId ? 'complaint' : 'manual';
    const row = this.disposalRow({
      id,
      origin,
      item: { id: v.itemId, service: v.service, publisher: v.publisher, url: v.url },
      hash: contentHash(v.text),
      excerpt: excerptOf(v.text, matches),
      category: v.category,
      decided: { kind: 'person', rules: [], person: actor.username },
      detectedAt,
      stoppedAt,
      wanted: v.requestDeletion,
      takedownId: v.takedownId,
      complaintId: v.complaintId,
    });
    const why =
      origin === 'takedown'
        ? ` on takedown demand ${v.takedownId}`
        : origin === 'complaint'
          ? ` on complaint ${v.complaintId}`
          : '';
    const write = async (t: Tx) => {
      const receipt = await this.d.ledger.record(
        actor,
        this.evidenceFor(
          row,
          `Removed by ${actor.username}${why}${v.itemId ? `: item ${v.itemId}` : ''}${v.service ? ` on ${v.service}` : ''} (${v.category}; disposal ${id})`,
        ),
        t,
      );
      const store = this.d.store.in(t);
      await store.insertDisposals([{ ...row, evidence_id: receipt.id }]);
      return (await store.disposal(id))!;
    };
    const written = tx ? await write(tx) : await this.d.uow.run(write);
    if (!tx) this.kickDeletions();
    return disposalView(written);
  }

  private knownCategory(code: string): boolean {
    return this.d.catalog.categories.some((c) => c.code === code) || this.active.categories.has(code);
  }

  /** The platform (scope content.screen) or a moderator confirms the deletion; again answers the same. */
  async confirmDeletion(
    actor: Actor,
    id: string,
    input: z.output<typeof deletionConfirmSchema>,
  ): Promise<DisposalView> {
    requireRole(actor, contentWriters);
    await this.flushQuietly();
    const now = this.d.clock.now();
    const at = input.deletedAt ? new Date(input.deletedAt) : now;
    if (isFutureInstant(at, now))
      throw invalid('deletedAt', {
        zh: '删除时间不能晚于当前时间。',
        en: 'The deletion time cannot be in the future.',
      });
    const row = await this.d.uow.run(async (tx) => {
      const current = await this.disposalRowById(id, tx);
      if (current.deletion_state === 'confirmed') return current;
      if (at.getTime() < new Date(current.detected_at).getTime())
        throw invalid('deletedAt', {
          zh: '删除时间不能早于发现该内容的时间。',
          en: 'The deletion cannot predate the detection.',
        });
      const updated = await this.d.store.in(tx).updateDisposal(id, {
        deletion_state: 'confirmed',
        deletion_confirmed_at: at,
        deletion_last_error: null,
      });
      await this.d.ledger.record(
        actor,
        {
          obligations: [current.obligation],
          kind: 'content_deletion_confirmed',
          summary: `Deletion of disposal ${id}${current.item_id ? ` (item ${current.item_id})` : ''} confirmed by ${actor.service ? 'the platform' : actor.username}${input.note ? `: ${input.note}` : ''}`,
          occurredAt: at,
        },
        tx,
      );
      return updated!;
    });
    return disposalView(row);
  }

  /** Records that the listed disposals were reported to an authority: all or none, one ledger record of kind report. */
  async recordReport(
    actor: Actor,
    input: z.output<typeof disposalReportSchema>,
  ): Promise<{ reported: number }> {
    requireRole(actor, contentReporters);
    await this.flushQuietly();
    const recipient = this.d.catalog.report_due.recipients.find((r) => r.code === input.recipient);
    if (!recipient)
      throw invalid('recipient', {
        zh: `接收部门“${input.recipient}”不在目录中，应为：${this.d.catalog.report_due.recipients.map((r) => r.code).join('、')}。`,
        en: `Unknown recipient "${input.recipient}"; one of: ${this.d.catalog.report_due.recipients.map((r) => r.code).join(', ')}.`,
      });
    const now = this.d.clock.now();
    const reportedAt = new Date(input.reportedAt);
    if (isFutureInstant(reportedAt, now))
      throw invalid('reportedAt', {
        zh: '报告时间不能晚于当前时间。',
        en: 'The report time cannot be in the future.',
      });
    const ids = [...new Set(input.ids)];
    return this.d.uow.run(async (tx) => {
      const store = this.d.store.in(tx);
      const rows = await store.disposalsByIds(ids);
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.filter((i) => !found.has(i));
      if (missing.length)
        throw new AppError(
          'not_found',
          {
            zh: `以下处置记录不存在：${missing.slice(0, 5).join('、')}${missing.length > 5 ? ' 等' : ''}。`,
            en: `No such disposal records: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''}.`,
          },
          { ids: missing },
        );
      const already = rows.filter((r) => r.reported_at !== null).map((r) => r.id);
      if (already.length)
        throw new AppError(
          'conflict',
          {
            zh: `以下处置记录已报告过：${already.slice(0, 5).join('、')}${already.length > 5 ? ' 等' : ''}。`,
            en: `Already reported: ${already.slice(0, 5).join(', ')}${already.length > 5 ? ' …' : ''}.`,
          },
          { ids: already },
        );
      const marked = await store.markReported(ids, {
        reported_at: reportedAt,
        report_recipient: recipient.code,
        report_reference: input.reference ?? null,
      });
      if (marked.length !== ids.length)
        throw new AppError('conflict', {
          zh: '部分处置记录刚被他人报告，请刷新后重试。',
          en: 'Some of the records were reported meanwhile; reload and try again.',
        });
      const obligations = [...new Set([DUTY_DISPOSAL, ...rows.map((r) => r.obligation)])];
      // CSL 2025 Art 49 (2016 Art 47): the report to the competent authority.
      await this.d.ledger.record(
        actor,
        {
          obligations,
          kind: 'report',
          summary: `Reported ${ids.length} disposal record${ids.length === 1 ? '' : 's'} to ${recipient.name.en}${input.reference ? ` (reference ${input.reference})` : ''}`,
          occurredAt: reportedAt,
        },
        tx,
      );
      return { reported: ids.length };
    });
  }

  /** The bilingual HTML draft of a report: the unreported disposals detected in [from, to). */
  async reportDraft(
    actor: Actor,
    q: { from?: Date | undefined; to?: Date | undefined; recipient?: string | undefined },
  ): Promise<{ html: string; filename: string }> {
    requireRole(actor, contentReaders);
    await this.flushQuietly();
    const recipient = q.recipient
      ? this.d.catalog.report_due.recipients.find((r) => r.code === q.recipient)
      : undefined;
    if (q.recipient && !recipient)
      throw invalid('recipient', {
        zh: `接收部门“${q.recipient}”不在目录中。`,
        en: `Unknown recipient "${q.recipient}".`,
      });
    const rows = await this.d.store.oldestUnreported(q.from, q.to, REPORT_DRAFT_MAX + 1);
    const now = this.d.clock.now();
    const html = reportDraftHtml({
      rows: rows.slice(0, REPORT_DRAFT_MAX),
      truncated: rows.length > REPORT_DRAFT_MAX,
      recipient: recipient?.name ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      now,
      categories: this.d.catalog.categories,
      citations: citationList(this.d.catalog.report_due.citations),
    });
    return { html, filename: `content-report-draft-${now.toISOString().slice(0, 10)}.html` };
  }

  // ---- the platform's deletion (webhook) ------------------------------------------------

  /** Runs a webhook pass soon (after a flush or a removal), unless one is running or no webhook is set. */
  kickDeletions(): void {
    if (!this.d.postDeletion || this.deleting) return;
    void this.requestDeletions().catch((err: unknown) =>
      this.d.report(err, 'content deletion requests failed'),
    );
  }

  /**
   * Posts a deletion request for each disposal whose deletion is wanted and
   * not yet requested (or failed, once its backoff has passed): requested on
   * a 2xx, failed with the error and a later attempt otherwise. Answers how
   * many were requested. One pass at a time.
   */
  requestDeletions(): Promise<number> {
    if (this.deleting) return this.deleting;
    const run = this.deletionPass().finally(() => {
      this.deleting = undefined;
    });
    this.deleting = run;
    return run;
  }

  private async deletionPass(): Promise<number> {
    const post = this.d.postDeletion;
    if (!post) return 0;
    let requested = 0;
    for (let pass = 0; pass < 10; pass++) {
      const now = this.d.clock.now();
      const work = await this.d.store.deletionWork(now, DELETION_PASS);
      if (work.length === 0) break;
      for (const row of work) {
        const attempts = row.deletion_attempts + 1;
        try {
          await post({
            disposalId: row.id,
            itemId: row.item_id,
            service: row.service,
            url: row.url,
            contentHash: row.content_hash,
          });
          // A confirmation that arrived while the request was on its way stands (the update then does nothing).
          await this.d.store.updateDeletionAttempt(row.id, row.deletion_attempts, {
            deletion_state: 'requested',
            deletion_requested_at: this.d.clock.now(),
            deletion_attempts: attempts,
            deletion_last_error: null,
            deletion_next_at: null,
          });
          requested += 1;
        } catch (err) {
          await this.d.store.updateDeletionAttempt(row.id, row.deletion_attempts, {
            deletion_state: 'failed',
            deletion_attempts: attempts,
            deletion_last_error: String((err as Error).message ?? err).slice(0, 500),
            deletion_next_at: new Date(this.d.clock.now().getTime() + deletionBackoffMs(attempts)),
          });
        }
      }
      if (work.length < DELETION_PASS) break;
    }
    return requested;
  }

  // ---- retention ------------------------------------------------------------------------

  /** Deletes the disposal records past their keep-until date and decided reviews as old (their ledger records stay). */
  async purgeExpired(): Promise<{ disposals: number; reviews: number }> {
    const now = this.d.clock.now();
    const reviewsBefore = new Date(now.getTime() - this.d.settings.retentionDays.value * 86_400_000);
    return this.d.store.purge(now, reviewsBefore);
  }

  // ---- open items, status ---------------------------------------------------------------

  async openItems(): Promise<Deadline[]> {
    const now = this.d.clock.now();
    const out: Deadline[] = [];
    const citations = citationList(this.d.catalog.deletion_due.citations);
    // The earliest due one by one; past the cap, one item for the rest (the dashboard is not a list of every block).
    const rows = await this.d.store.openDeletions(OPEN_DELETIONS_MAX + 1);
    const rest = rows.length > OPEN_DELETIONS_MAX ? rows.splice(OPEN_DELETIONS_MAX) : [];
    if (rest.length) {
      const n = (await this.d.store.counts()).deletionOutstanding - OPEN_DELETIONS_MAX;
      out.push(
        openItem(
          {
            source: 'content',
            entryId: 'deletions-more',
            obligations: [DUTY_DISPOSAL],
            label: {
              zh: `另有 ${n} 条平台删除待确认`,
              en: `${n} more deletion${n === 1 ? '' : 's'} by the platform to be confirmed`,
            },
            subject: `${n} disposals`,
            party: 'operator',
            dueAt: new Date(rest[0]!.deletion_due_at),
            startAt: new Date(rest[0]!.detected_at),
            basis: 'hours',
            rule: { id: 'content.deletion-due', citations },
          },
          now,
          this.d.dueSoonDays,
        ),
      );
    }
    for (const row of rows) {
      out.push(
        openItem(
          {
            source: 'content',
            entryId: row.id,
            obligations: [row.obligation],
            label: { zh: '平台删除待确认', en: 'Deletion by the platform to be confirmed' },
            subject: `${row.item_id ?? row.id}${row.service ? ` (${row.service})` : ''}`,
            party: 'operator',
            dueAt: new Date(row.deletion_due_at),
            startAt: new Date(row.detected_at),
            basis: 'hours',
            rule: { id: 'content.deletion-due', citations },
          },
          now,
          this.d.dueSoonDays,
        ),
      );
    }
    const unreported = await this.d.store.unreportedSummary();
    if (unreported.count > 0 && unreported.oldestDue) {
      const n = unreported.count;
      out.push(
        openItem(
          {
            source: 'content',
            entryId: 'unreported',
            obligations: [DUTY_DISPOSAL],
            label: {
              zh: `${n} 条处置记录待向主管部门报告`,
              en: `${n} disposal record${n === 1 ? '' : 's'} to report to the authority`,
            },
            subject: n === 1 ? '1 disposal' : `${n} disposals`,
            party: 'operator',
            dueAt: unreported.oldestDue,
            startAt: unreported.oldestDetected,
            basis: 'hours',
            rule: { id: 'content.report-due', citations: citationList(this.d.catalog.report_due.citations) },
          },
          now,
          this.d.dueSoonDays,
        ),
      );
    }
    return out;
  }

  /** The overview (GET /api/content/status); the other areas' counts come from their services. */
  async status(
    actor: Actor,
    others: { complaints: AreaCounts; takedowns: AreaCounts; defaults: ContentStatus['defaults'] },
  ): Promise<ContentStatus> {
    requireRole(actor, contentReaders);
    const c = this.d.catalog;
    const s = this.d.settings;
    return {
      screening: this.stats(),
      reviewsPending: (await this.d.store.pendingReviews()) + this.pendingReviews.length,
      disposals: await this.d.store.counts(),
      takedownsOpen: others.takedowns.open,
      takedownsOverdue: others.takedowns.overdue,
      complaintsOpen: others.complaints.open,
      complaintsOverdue: others.complaints.overdue,
      deletionWebhook: s.deleteWebhook !== null,
      defaults: [
        {
          key: 'disposal_retention_days',
          value: String(s.retentionDays.value),
          uncertain: c.disposal_retention.uncertain,
          overridden: s.retentionDays.overridden,
          citations: citationList(c.disposal_retention.citations),
        },
        {
          key: 'deletion_due',
          value: s.deletionDue.value,
          uncertain: c.deletion_due.uncertain,
          overridden: s.deletionDue.overridden,
          citations: citationList(c.deletion_due.citations),
        },
        {
          key: 'report_due',
          value: s.reportDue.value,
          uncertain: c.report_due.uncertain,
          overridden: s.reportDue.overridden,
          citations: citationList(c.report_due.citations),
        },
        ...others.defaults,
      ],
    };
  }

  // ---- the audit pack -------------------------------------------------------------------

  /** content-disposals.json: the disposals detected in the period and the rule-set versions in force. */
  async packContents(period: { from?: Date | undefined; to?: Date | undefined }): Promise<string> {
    await this.flushQuietly();
    const rows = await this.d.store.disposals({ from: period.from, to: period.to }, null);
    const versions = await this.d.store.versionsCreatedBefore(period.to);
    const active = await this.d.store.activeVersion();
    return `${JSON.stringify(
      {
        period: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null },
        disposals: rows.reverse().map((r) => disposalView(r)),
        ruleSets: versions.map((v) => ruleSetVersionView(v, active)),
      },
      null,
      2,
    )}\n`;
  }

  /** The disposals detected in the period, oldest first (the audit report's rows). */
  async exportPeriod(period: { from?: Date | undefined; to?: Date | undefined }): Promise<DisposalView[]> {
    await this.flushQuietly();
    const rows = await this.d.store.disposals({ from: period.from, to: period.to }, null);
    return rows.reverse().map((r) => disposalView(r));
  }

  /** Reads wait for the queued writes, but a failing flush is the timer's to report. */
  private async flushQuietly(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.d.report(err, 'held and blocked items not written');
    }
  }
}

function dedupeRules(rules: readonly RuleInput[]): RuleInput[] {
  const byKey = new Map<string, RuleInput>();
  for (const r of rules) {
    const key = `${r.category}\u0000${r.pattern}`;
    byKey.delete(key);
    byKey.set(key, r);
  }
  return [...byKey.values()];
}

function dedupeAllow(allow: readonly AllowEntry[]): AllowEntry[] {
  const byKey = new Map<string, AllowEntry>();
  for (const a of allow) {
    byKey.delete(a.pattern);
    byKey.set(a.pattern, a);
  }
  return [...byKey.values()];
}
