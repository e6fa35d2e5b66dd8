import crypto from 'node:crypto';
import type { z } from 'zod';
import type {
  BreachContents,
  IncidentDetails,
  IncidentView,
  PlanRef,
  ReportKind,
  incidentCatalogSchema,
  incidentEditSchema,
  incidentInputSchema,
  incidentListSchema,
  ingestInputSchema,
  planInForceSchema,
  incidentGradingSchema,
} from '../../contract/incidents.js';
import type { GovernanceService } from '../governance/service.js';
import type { LedgerService } from '../ledger/service.js';
import type { Deadline } from '../obligations/deadlines.js';
import type { RegistersService } from '../registers/service.js';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError, isAppError, type Bilingual } from '../platform/errors.js';
import { afterFor, takePage, type SortedKey } from '../platform/paging.js';
import { beijingDate, beijingDateTime, beijingYear, isFutureInstant } from '../platform/time.js';
import { gradeRank, type Grade, type IncidentsFile } from './catalog-schema.js';
import { formatIncidentCitations } from './citations.js';
import { checkFinalReportTime, finalReportDue, parseInstant } from './clocks.js';
import { grade, parseFacts } from './grading.js';
import { breachMissing, renderBreachNotice } from './breach-doc.js';
import { planInForce } from './drills-rules.js';
import { renderIncidentReport, type DocOrganisation } from './report-doc.js';
import type { IncidentPatch, IncidentRecord, IncidentRow, IncidentStore, NewIncidentRow } from './store.js';
import type { AffectedSystem } from './tables.js';
import type { GradingRules } from './thresholds.js';
import {
  emptyBreach,
  emptyDetails,
  gradingOf,
  incidentListItem,
  incidentOpenItems,
  incidentView,
  maskPersonal,
  type ViewContext,
} from './view.js';

/** Who handles incidents. */
export const incidentWriters = ['admin', 'compliance_officer', 'security_officer'] as const;
/** The breach notice and its deliveries: the data protection officer too (PIPL Art 57). */
export const breachWriters = [...incidentWriters, 'data_protection_officer'] as const;

/** Largest attachment, in bytes (the route's body limit is raised to carry it in base64). */
export const MAX_ATTACHMENT = 10 * 1024 * 1024;

/** Catalogue duties the incident work proves (catalog/obligations). */
export const INCIDENT_DUTIES = {
  response: 'csl.incident-response',
  breach: 'csl.pi-breach-response', // = catalog breach_notice.obligation
  /** The CII Regulation's report of a major threat goes with the 1-hour CII report. */
  ciiThreat: 'cii.major-threat-report',
} as const;

type IncidentInput = z.output<typeof incidentInputSchema>;
type IncidentEdit = z.output<typeof incidentEditSchema>;
type IngestInput = z.output<typeof ingestInputSchema>;
type IncidentList = z.infer<typeof incidentListSchema>;
type IncidentCatalogView = z.infer<typeof incidentCatalogSchema>;
type PlanInForce = z.infer<typeof planInForceSchema>;
type ComputedGrade = z.infer<typeof incidentGradingSchema>['computed'];

export type IncidentSort = 'discovered_desc' | 'discovered_asc';
export interface ListQuery {
  q?: string | undefined;
  status?: 'open' | 'closed' | undefined;
  grade?: Grade | undefined;
  category?: string | undefined;
  sort: IncidentSort;
  limit: number;
  cursor?: SortedKey | undefined;
}

export interface IncidentDocument {
  body: string | Buffer;
  contentType: string;
  filename: string;
}

export interface IncidentsDeps {
  registers: RegistersService;
  governance: GovernanceService;
  /** The organisation's name and profile (null before there is one). */
  organisation: () => Promise<{ name: string; centralStateOrgan: boolean; ciiOperator: boolean } | null>;
  printPdf: (html: string) => Promise<Buffer>;
  dueSoonDays: number;
}

/** The fields a report's content items come from: a change after a report owes a supplementary one. */
const reportContent = new Set([
  'facts',
  'details',
  'category',
  'involvesCii',
  'discoveredAt',
  'occurredAt',
  'location',
  'systems',
  'personalInformation',
]);

const invalid = (field: string, messages: Bilingual, details?: unknown) =>
  new AppError('validation_failed', messages, details ?? { field }, field);

const notFound = (id: string) =>
  new AppError('not_found', { zh: `没有编号为 ${id} 的网络安全事件。`, en: `No incident ${id}.` });

/** A field error of the pure rules renamed to the request's field. */
function renamed(err: unknown, field: string): unknown {
  return isAppError(err) ? new AppError(err.code, err.messages, { field }, field) : err;
}

const labels = {
  discoveredAt: { zh: '发现时间', en: 'The discovery time' },
  occurredAt: { zh: '发生时间', en: 'The time it happened' },
  sentAt: { zh: '报告时间', en: 'The time the report was sent' },
  handlingEndedAt: { zh: '处置结束时间', en: 'The time handling ended' },
  deliveredAt: { zh: '告知时间', en: 'The time of the notice' },
  dueAt: { zh: '任务期限', en: 'The task due time' },
} satisfies Record<string, Bilingual>;

const kindZh: Record<ReportKind, string> = { initial: '初始报告', supplementary: '续报', final: '总结报告' };

/**
 * Incident response as daily work (CSL 2025 Art 27, 2016 Art 25; the 2025
 * Incident Reporting Measures): open an incident (console, API, SIEM, the
 * log vault), grade it from its facts, count its reporting clocks, record
 * the reports sent with the document as generated, close it (the final
 * report's clock starts), and for a personal-information breach write and
 * deliver the notice (PIPL Art 57). Every change writes its timeline row
 * and, where it is work, its ledger record in the same transaction.
 */
export class IncidentsService {
  constructor(
    private readonly store: IncidentStore,
    private readonly ledger: LedgerService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly catalog: IncidentsFile,
    private readonly rules: GradingRules,
    private readonly deps: IncidentsDeps,
  ) {}

  // ---- reading ---------------------------------------------------------------------------

  private async viewContext(): Promise<ViewContext> {
    const org = await this.deps.organisation();
    return {
      catalog: this.catalog,
      rules: this.rules,
      centralOrgan: org?.centralStateOrgan ?? false,
      now: this.clock.now(),
    };
  }

  private async record(id: string): Promise<IncidentRecord> {
    const r = await this.store.record(id);
    if (!r) throw notFound(id);
    return r;
  }

  /**
   * One incident as a role may read it: those who handle incidents or
   * breaches see it whole; the others (auditor, moderator) see e-mail
   * addresses, accounts and notice recipients masked, personal data they do
   * not need to check the work.
   */
  async getFor(actor: Actor, id: string): Promise<IncidentView> {
    const view = await this.get(id);
    return (breachWriters as readonly string[]).includes(actor.role) ? view : maskPersonal(view);
  }

  async get(id: string): Promise<IncidentView> {
    const [record, ctx] = await Promise.all([this.record(id), this.viewContext()]);
    return incidentView(record, ctx);
  }

  async list(q: ListQuery): Promise<IncidentList> {
    const after = afterFor(q.cursor, q.sort);
    if (after && !(after.length === 2 && typeof after[0] === 'string' && typeof after[1] === 'string'))
      throw new AppError(
        'validation_failed',
        { zh: '翻页位置无效，请从第一页重新查询。', en: 'This cursor is not one this list gave out.' },
        [{ path: 'cursor', message: 'is not a cursor this list gave out' }],
        'cursor',
      );
    const desc = q.sort === 'discovered_desc';
    const filter = { q: q.q?.trim() || undefined, status: q.status, category: q.category };
    const ctx = await this.viewContext();
    // The grade is computed from the facts under the rules in effect (thresholds can be
    // configured), so it is filtered here, not in SQL.
    const rows = q.grade
      ? (await this.store.page(filter, desc, null, after as [string, string] | undefined))
          .filter((r) => gradingOf(r, this.rules).grade === q.grade)
          .slice(0, q.limit + 1)
      : await this.store.page(filter, desc, q.limit + 1, after as [string, string] | undefined);
    const page = takePage(rows, q.limit, (r): SortedKey => [q.sort, r.discovered_at.toISOString(), r.id]);
    const records = await this.store.withLists(page.rows);
    return { incidents: records.map((r) => incidentListItem(r, ctx)), next: page.next };
  }

  /** The incident rules as the console shows them. */
  catalogView(): IncidentCatalogView {
    const c = this.catalog;
    return {
      categories: c.categories.list.map((x) => ({ code: x.code, name: x.name })),
      categoriesNote: c.categories.note ?? { zh: '', en: '' },
      facts: c.facts.map((f) => ({
        key: f.key,
        label: f.label,
        unit: f.unit,
        integer: f.integer,
        ...(f.max !== undefined ? { max: f.max } : {}),
      })),
      rules: this.rules.rules.map((r) => ({
        rule: r.id,
        fact: r.fact,
        grade: r.grade,
        threshold: r.threshold,
        catalogThreshold: r.catalogThreshold,
        uncertain: r.uncertain,
        overridden: r.overridden,
        variable: r.variable,
        note: r.note ?? null,
      })),
      judgement: this.rules.judgement,
      grades: c.grades.map((g) => ({ grade: g.grade, label: g.label })),
      reportContents: c.report_contents.items.map((i) => ({ key: i.key, label: i.label })),
      breachContents: c.breach_notice.items.map((i) => ({ key: i.key, label: i.label })),
    };
  }

  /** The grade the facts give, without recording anything. */
  gradePreview(facts: unknown): ComputedGrade {
    const r = this.gradeFacts(facts);
    return { grade: r.grade, label: r.label, fired: r.fired.map((f) => ({ ...f })) };
  }

  /**
   * The emergency plan in force: the policies register's newest approved
   * `emergency_plan` entry already effective (read through the registers
   * service), with what the national plan prescribes per grade.
   */
  async planInForce(): Promise<PlanInForce> {
    const c = this.catalog;
    return {
      plan: await this.currentPlan(),
      grades: c.responses.grades.map((g) => ({
        grade: g.grade,
        label: this.rules.labels[g.grade],
        warning: g.warning,
        response: g.response,
        reportMandatory: gradeRank(g.grade) <= gradeRank(c.reporting.mandatory_from),
      })),
      citation: formatIncidentCitations(c.responses.citations, c.instruments),
    };
  }

  /** The plan in force today: the pure rule the drills use too (drills-rules.ts). */
  private async currentPlan(): Promise<PlanRef | null> {
    return planInForce(await this.deps.registers.counted('policies'), beijingDate(this.clock.now()));
  }

  /**
   * The reporting clocks still running or overdue, as open items. Only the
   * incidents that may still owe something are read: one found owing nothing
   * is marked so (until it changes, or the server starts again), so the
   * dashboard does not slow down as handled incidents pile up.
   */
  async openItems(): Promise<Deadline[]> {
    const [rows, ctx] = await Promise.all([this.store.owing(), this.viewContext()]);
    const records = await this.store.withLists(rows);
    const settled: { id: string; version: number }[] = [];
    const items = records.flatMap((r) => {
      const mine = incidentOpenItems(r, ctx, this.deps.dueSoonDays);
      if (mine.length === 0) settled.push({ id: r.incident.id, version: r.incident.version });
      return mine;
    });
    if (settled.length) await this.store.settle(settled);
    return items;
  }

  /** At start: every incident is looked at again once (the grading thresholds come from the environment). */
  async reviewSettled(): Promise<void> {
    await this.store.unsettleAll();
  }

  /** Every incident discovered in the period, whole (the audit pack). */
  async exportPeriod(period: { from?: Date | undefined; to?: Date | undefined }): Promise<IncidentView[]> {
    const [rows, ctx] = await Promise.all([this.store.all(period), this.viewContext()]);
    return (await this.store.withLists(rows)).map((r) => incidentView(r, ctx));
  }

  // ---- checks ----------------------------------------------------------------------------

  private gradeFacts(facts: unknown) {
    if (facts && typeof facts === 'object' && 'category' in facts)
      throw invalid('facts.category', {
        zh: '“category”不是事件事实：事件类别请在“事件类别”中填写。',
        en: '"category" is not an incident fact: give the category in its own field.',
      });
    try {
      parseFacts(facts, this.rules);
      return grade(facts, this.rules);
    } catch (err) {
      throw isAppError(err) && err.field && err.field !== 'facts' ? renamed(err, `facts.${err.field}`) : err;
    }
  }

  private checkCategory(category: string): void {
    if (!this.rules.categories.includes(category))
      throw invalid('category', {
        zh: `事件类别“${category}”不在《网络安全事件分类分级指南》（GB/T 20986-2023）的类别目录中。`,
        en: `The category "${category}" is not a GB/T 20986-2023 category; one of ${this.rules.categories.join(', ')}.`,
      });
  }

  /** An instant as the user wrote it (no offset: Beijing time), refused naming the field. */
  private instant(
    text: string,
    field: keyof typeof labels,
    opts: { notFuture?: boolean; notBefore?: Date } = {},
  ): Date {
    const label = labels[field];
    let at: Date;
    try {
      at = parseInstant(text, field);
    } catch {
      throw invalid(field, {
        zh: `${label.zh}“${text}”不是有效的日期时间，请按 2026-03-01T23:30 的格式填写（未注明时区的按北京时间）。`,
        en: `${label.en} "${text}" is not a date and time; write ISO 8601 such as 2026-03-01T23:30 (Beijing time when no offset is given).`,
      });
    }
    if (opts.notFuture && isFutureInstant(at, this.clock.now()))
      throw invalid(field, {
        zh: `${label.zh}（北京时间 ${beijingDateTime(at)}）晚于当前时间，不能填写将来的时间。`,
        en: `${label.en} (${beijingDateTime(at)} Beijing time) is in the future.`,
      });
    if (opts.notBefore && at.getTime() < opts.notBefore.getTime())
      throw invalid(field, {
        zh: `${label.zh}（北京时间 ${beijingDateTime(at)}）早于事件发现时间（北京时间 ${beijingDateTime(opts.notBefore)}）。`,
        en: `${label.en} (${beijingDateTime(at)} Beijing time) is before the incident was discovered (${beijingDateTime(opts.notBefore)}).`,
      });
    return at;
  }

  private async systems(ids: readonly string[]): Promise<AffectedSystem[]> {
    if (ids.length === 0) return [];
    const known = new Map((await this.deps.governance.overview()).map((s) => [s.id, s]));
    return ids.map((id, i) => {
      const s = known.get(id);
      if (!s)
        throw invalid(`systemIds.${i}`, {
          zh: `等级保护系统登记中没有编号为 ${id} 的系统，请先在等级保护中登记该系统。`,
          en: `No MLPS system ${id} is registered; register it under Governance first.`,
        });
      return { id: s.id, name: s.name, level: s.level };
    });
  }

  private async conflict(id: string): Promise<AppError> {
    const row = await this.store.find(id);
    if (!row) return notFound(id);
    return new AppError(
      'conflict',
      {
        zh: `该事件已被他人修改（当前版本 ${row.version}），本次修改未保存，请刷新后重新填写。`,
        en: `Someone changed this incident meanwhile (it is at version ${row.version}); nothing of this change was saved. Reload and try again.`,
      },
      { version: row.version },
    );
  }

  private timeline(incidentId: string, actor: Actor, action: string, summary: Bilingual) {
    return {
      id: crypto.randomUUID(),
      incident_id: incidentId,
      at: this.clock.now(),
      actor: actor.username,
      action,
      summary_zh: summary.zh,
      summary_en: summary.en,
    };
  }

  // ---- opening ---------------------------------------------------------------------------

  /** Opens an incident from the console or the API. */
  async open(
    actor: Actor,
    input: IncidentInput,
    source: 'console' | 'api' = 'console',
  ): Promise<IncidentView> {
    requireRole(actor, incidentWriters);
    const { row } = await this.openRow(actor, input, source, null);
    return this.get(row.id);
  }

  /**
   * An alert from a SIEM (or the log vault): opens an incident once per
   * external id and source; the same id again answers the incident it opened.
   */
  async ingest(
    actor: Actor,
    input: IngestInput,
    source: 'siem' | 'logvault' = 'siem',
  ): Promise<{ id: string; ref: string; created: boolean }> {
    requireRole(actor, incidentWriters);
    const seen = await this.store.findByExternal(source, input.externalRef);
    if (seen) return { id: seen.id, ref: seen.ref, created: false };
    const opened = await this.openRow(
      actor,
      {
        title: input.title,
        category: input.category,
        description: input.description,
        discoveredAt: input.discoveredAt,
        occurredAt: null,
        location: '',
        involvesCii: input.involvesCii,
        personalInformation: false,
        systemIds: [],
        observables: input.observables,
        facts: input.facts,
      },
      source,
      input.externalRef,
    );
    if (opened.created) return { id: opened.row.id, ref: opened.row.ref, created: true };
    // The same alert arrived twice at once: the other request opened it.
    const other = await this.store.findByExternal(source, input.externalRef);
    if (!other)
      throw new AppError('internal', 'An incident with this external id was neither opened nor found.');
    return { id: other.id, ref: other.ref, created: false };
  }

  private async openRow(
    actor: Actor,
    input: IncidentInput,
    source: IncidentView['source'],
    externalRef: string | null,
  ): Promise<{ row: NewIncidentRow & { id: string; ref: string }; created: boolean }> {
    this.checkCategory(input.category);
    const g = this.gradeFacts(input.facts);
    const discoveredAt = this.instant(input.discoveredAt, 'discoveredAt', { notFuture: true });
    const occurredAt =
      input.occurredAt === null ? null : this.instant(input.occurredAt, 'occurredAt', { notFuture: true });
    const systems = await this.systems(input.systemIds);
    const plan = await this.currentPlan();
    const now = this.clock.now();
    const id = crypto.randomUUID();
    const year = beijingYear(discoveredAt);
    const row = {
      id,
      ref: '',
      title: input.title,
      category: input.category,
      description: input.description,
      source,
      external_ref: externalRef,
      discovered_at: discoveredAt,
      occurred_at: occurredAt,
      location: input.location,
      involves_cii: input.involvesCii,
      personal_information: input.personalInformation,
      systems: JSON.stringify(systems),
      observables: JSON.stringify(input.observables),
      facts: JSON.stringify(input.facts),
      details: JSON.stringify({ ...emptyDetails, ...input.details }),
      plan: JSON.stringify(plan),
      status: 'open',
      content_changed_at: now,
      breach: JSON.stringify(null),
      version: 1,
      created_by: actor.username,
      created_at: now,
      updated_at: now,
    } satisfies NewIncidentRow;
    const duplicate = Symbol('duplicate');
    try {
      await this.uow.run(async (tx) => {
        const s = this.store.in(tx);
        row.ref = `INC-${year}-${String(await s.nextNumber(year)).padStart(4, '0')}`;
        if (!(await s.insertIncident(row))) throw duplicate;
        const from = { console: '控制台', api: '接口', siem: '安全监测平台', logvault: '日志留存' }[source];
        await s.addTimeline(
          this.timeline(id, actor, externalRef ? 'ingested' : 'opened', {
            zh: `登记事件 ${row.ref}（来源：${from}${externalRef ? `，外部编号 ${externalRef}` : ''}），计算级别：${g.label.zh}`,
            en: `Opened ${row.ref} (from ${source}${externalRef ? `, external id ${externalRef}` : ''}), computed grade ${g.grade} (${g.label.en})`,
          }),
        );
        // CSL 2025 Art 27: activating the response plan at once is the work this record proves.
        await this.ledger.record(
          actor,
          {
            obligations: [INCIDENT_DUTIES.response],
            kind: 'incident_opened',
            summary: `Incident ${row.ref} "${row.title}" opened (${row.category}, grade ${g.grade}, discovered ${discoveredAt.toISOString()}${plan ? `; plan ${plan.code} v${plan.version}` : ''})`,
          },
          tx,
        );
      });
    } catch (err) {
      if (err === duplicate) return { row, created: false };
      throw err;
    }
    return { row, created: true };
  }

  // ---- changing --------------------------------------------------------------------------

  /**
   * An edit read at `version`: refused with 409 `conflict` (nothing of it
   * stored) when the incident changed meanwhile. Changing the facts or the
   * details after a report was sent makes a supplementary report owed.
   */
  async edit(actor: Actor, id: string, input: IncidentEdit): Promise<IncidentView> {
    requireRole(actor, incidentWriters);
    const current = await this.record(id);
    const row = current.incident;
    const patch: IncidentPatch = {};
    const changed: string[] = [];
    const set = <K extends keyof IncidentPatch>(key: K, value: IncidentPatch[K], name: string) => {
      patch[key] = value;
      changed.push(name);
    };
    if (input.category !== undefined && input.category !== row.category) {
      this.checkCategory(input.category);
      set('category', input.category, 'category');
    }
    if (input.facts !== undefined) {
      this.gradeFacts(input.facts);
      if (JSON.stringify(input.facts) !== JSON.stringify(row.facts))
        set('facts', JSON.stringify(input.facts), 'facts');
    }
    if (input.title !== undefined && input.title !== row.title) set('title', input.title, 'title');
    if (input.description !== undefined && input.description !== row.description)
      set('description', input.description, 'description');
    if (input.location !== undefined && input.location !== row.location)
      set('location', input.location, 'location');
    if (input.involvesCii !== undefined && input.involvesCii !== row.involves_cii)
      set('involves_cii', input.involvesCii, 'involvesCii');
    if (input.personalInformation !== undefined && input.personalInformation !== row.personal_information)
      set('personal_information', input.personalInformation, 'personalInformation');
    const moves: Bilingual[] = [];
    if (input.discoveredAt !== undefined) {
      const at = this.instant(input.discoveredAt, 'discoveredAt', { notFuture: true });
      if (at.getTime() !== row.discovered_at.getTime()) {
        // The clocks count from discovery: once a report went out on them, the time stands.
        if (current.reports.length > 0)
          throw invalid('discoveredAt', {
            zh: '已有报告报送，发现时间不能再修改（各报告时限均自发现时起算）；如确有错误，请在续报中说明。',
            en: 'A report has been sent: the discovery time, from which every reporting clock counts, can no longer change. Explain a correction in a supplementary report.',
          });
        if (row.handling_ended_at && at.getTime() > row.handling_ended_at.getTime())
          throw invalid('discoveredAt', {
            zh: `发现时间不能晚于处置结束时间（北京时间 ${beijingDateTime(row.handling_ended_at)}）。`,
            en: `The discovery time cannot be after handling ended (${beijingDateTime(row.handling_ended_at)} Beijing time).`,
          });
        set('discovered_at', at, 'discoveredAt');
        moves.push({
          zh: `发现时间 ${beijingDateTime(row.discovered_at)} → ${beijingDateTime(at)}（北京时间）`,
          en: `discovery ${beijingDateTime(row.discovered_at)} -> ${beijingDateTime(at)} (Beijing time)`,
        });
      }
    }
    if (input.occurredAt !== undefined) {
      const at =
        input.occurredAt === null ? null : this.instant(input.occurredAt, 'occurredAt', { notFuture: true });
      if ((at?.getTime() ?? null) !== (row.occurred_at?.getTime() ?? null)) {
        set('occurred_at', at, 'occurredAt');
        const t = (d: Date | null) => (d ? beijingDateTime(d) : '—');
        moves.push({
          zh: `发生时间 ${t(row.occurred_at)} → ${t(at)}（北京时间）`,
          en: `occurrence ${t(row.occurred_at)} -> ${t(at)} (Beijing time)`,
        });
      }
    }
    if (input.systemIds !== undefined) {
      const systems = await this.systems(input.systemIds);
      if (JSON.stringify(systems.map((s) => s.id)) !== JSON.stringify(row.systems.map((s) => s.id)))
        set('systems', JSON.stringify(systems), 'systems');
    }
    if (
      input.observables !== undefined &&
      JSON.stringify(input.observables) !== JSON.stringify(row.observables)
    )
      set('observables', JSON.stringify(input.observables), 'observables');
    if (input.details !== undefined) {
      const details: IncidentDetails = { ...emptyDetails, ...row.details, ...input.details };
      if (JSON.stringify(details) !== JSON.stringify({ ...emptyDetails, ...row.details }))
        set('details', JSON.stringify(details), 'details');
    }
    // Nothing changed: nothing is written, and the version stays (no needless conflict for others).
    if (changed.length === 0) return this.get(id);
    const now = this.clock.now();
    // What a report contains changed: after a report, a supplementary one is owed.
    if (changed.some((c) => reportContent.has(c))) patch.content_changed_at = now;
    patch.updated_at = now;
    const before = gradingOf(row, this.rules).grade;
    const after = gradingOf({ ...row, facts: input.facts ?? row.facts }, this.rules).grade;
    const ok = await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      if (!(await s.update(id, input.version, patch))) return false;
      await s.addTimeline(
        this.timeline(id, actor, 'edited', {
          zh: `修改了 ${changed.length} 项内容（${changed.map(fieldZh).join('、')}）${moves.map((m) => `；${m.zh}`).join('')}`,
          en: `Changed ${changed.join(', ')}${moves.map((m) => `; ${m.en}`).join('')}`,
        }),
      );
      if (before !== after && !row.manual_grade) {
        await s.addTimeline(
          this.timeline(id, actor, 'regraded', {
            zh: `事实变化，计算级别由${this.rules.labels[before].zh}变为${this.rules.labels[after].zh}`,
            en: `The facts changed: computed grade ${before} became ${after}`,
          }),
        );
        // A grade decides whether the clocks run: its change is evidence, not only a timeline row.
        await this.ledger.record(
          actor,
          {
            obligations: [INCIDENT_DUTIES.response],
            kind: 'incident_regraded',
            summary: `${row.ref} regraded from its facts: ${before} -> ${after}`,
          },
          tx,
        );
      }
      return true;
    });
    if (!ok) throw await this.conflict(id);
    return this.get(id);
  }

  /** Sets (or clears) the manual grade beside the computed one; a reason is required. */
  async setGrade(
    actor: Actor,
    id: string,
    input: { version: number; grade: Grade | null; reason: string },
  ): Promise<IncidentView> {
    requireRole(actor, incidentWriters);
    const row = (await this.record(id)).incident;
    const reason = input.reason.trim();
    if (input.grade !== null && !reason)
      throw invalid('reason', {
        zh: '人工定级须说明理由（例如计算级别未能反映的影响）。',
        en: 'A manual grade needs a reason (what the computed grade does not reflect).',
      });
    const computed = gradingOf(row, this.rules).computed;
    // The manual grade is for what the numbers cannot show (the grading guide's judgements): it can
    // raise the grade, never lower it below what the facts give; wrong facts are corrected instead.
    if (input.grade !== null && gradeRank(input.grade) > gradeRank(computed.grade))
      throw invalid('grade', {
        zh: `人工定级不能低于按事实计算的级别（${computed.label.zh}）；如事实有误，请更正事实。`,
        en: `A manual grade cannot be below the grade the facts give (${computed.grade}); correct the facts if they are wrong.`,
      });
    const now = this.clock.now();
    const ok = await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      const done = await s.update(id, input.version, {
        manual_grade: input.grade,
        manual_reason: input.grade ? reason : null,
        manual_by: input.grade ? actor.username : null,
        manual_at: input.grade ? now : null,
        updated_at: now,
      });
      if (!done) return false;
      await s.addTimeline(
        this.timeline(
          id,
          actor,
          'graded',
          input.grade
            ? {
                zh: `人工定级为${this.rules.labels[input.grade].zh}（计算级别为${computed.label.zh}），理由：${reason}`,
                en: `Graded ${input.grade} by hand (computed ${computed.grade}): ${reason}`,
              }
            : {
                zh: `取消人工定级，按计算级别${computed.label.zh}执行`,
                en: `Manual grade removed; the computed grade ${computed.grade} applies`,
              },
        ),
      );
      await this.ledger.record(
        actor,
        {
          obligations: [INCIDENT_DUTIES.response],
          kind: 'incident_graded',
          summary: input.grade
            ? `${row.ref} graded ${input.grade} by hand (computed ${computed.grade}): ${reason}`.slice(0, 500)
            : `${row.ref}: manual grade removed, computed ${computed.grade} applies`,
        },
        tx,
      );
      return true;
    });
    if (!ok) throw await this.conflict(id);
    return this.get(id);
  }

  /**
   * Ends handling: the final report's clock starts (30 days). On an incident
   * already closed, with a reason, it corrects the end time (never past a
   * final report already sent); the old and new times and the reason are in
   * the timeline and the ledger.
   */
  async close(
    actor: Actor,
    id: string,
    input: { version: number; handlingEndedAt: string; reason?: string | undefined },
  ): Promise<IncidentView> {
    requireRole(actor, incidentWriters);
    const record = await this.record(id);
    const row = record.incident;
    const reason = input.reason?.trim() ?? '';
    if (row.status === 'closed' && !reason)
      throw invalid('handlingEndedAt', {
        zh: `该事件的处置已于北京时间 ${beijingDateTime(row.handling_ended_at!)} 结束；如需更正结束时间，请写明理由。`,
        en: `Handling of this incident already ended (${beijingDateTime(row.handling_ended_at!)} Beijing time); to correct the time, give a reason.`,
      });
    const ended = this.instant(input.handlingEndedAt, 'handlingEndedAt', { notFuture: true });
    if (row.status === 'closed') return this.correctEnd(actor, record, input.version, ended, reason);
    try {
      finalReportDue(ended, this.catalog, { now: this.clock.now(), discoveredAt: row.discovered_at });
    } catch (err) {
      throw renamed(err, 'handlingEndedAt');
    }
    const now = this.clock.now();
    const ok = await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      if (
        !(await s.update(id, input.version, { status: 'closed', handling_ended_at: ended, updated_at: now }))
      )
        return false;
      await s.addTimeline(
        this.timeline(id, actor, 'closed', {
          zh: `处置结束（北京时间 ${beijingDateTime(ended)}），总结报告期限自此起算`,
          en: `Handling ended (${beijingDateTime(ended)} Beijing time); the final report is due from here`,
        }),
      );
      await this.ledger.record(
        actor,
        {
          obligations: [INCIDENT_DUTIES.response],
          kind: 'incident_handled',
          summary: `Incident ${row.ref} "${row.title}" handled; handling ended ${ended.toISOString()}`,
          occurredAt: ended,
        },
        tx,
      );
      return true;
    });
    if (!ok) throw await this.conflict(id);
    return this.get(id);
  }

  private async correctEnd(
    actor: Actor,
    record: IncidentRecord,
    version: number,
    ended: Date,
    reason: string,
  ): Promise<IncidentView> {
    const row = record.incident;
    const before = row.handling_ended_at!;
    try {
      finalReportDue(ended, this.catalog, { now: this.clock.now(), discoveredAt: row.discovered_at });
    } catch (err) {
      throw renamed(err, 'handlingEndedAt');
    }
    const final = record.reports.find((r) => r.kind === 'final');
    if (final && final.sent_at.getTime() < ended.getTime())
      throw invalid('handlingEndedAt', {
        zh: `总结报告已于北京时间 ${beijingDateTime(final.sent_at)} 报送，处置结束时间不能晚于该时间。`,
        en: `The final report was sent ${beijingDateTime(final.sent_at)} Beijing time; handling cannot have ended after it.`,
      });
    if (ended.getTime() === before.getTime()) return this.get(row.id);
    const now = this.clock.now();
    const ok = await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      if (!(await s.update(row.id, version, { handling_ended_at: ended, updated_at: now }))) return false;
      await s.addTimeline(
        this.timeline(row.id, actor, 'handling_corrected', {
          zh: `处置结束时间由 ${beijingDateTime(before)} 更正为 ${beijingDateTime(ended)}（北京时间），理由：${reason}`,
          en: `Handling end corrected from ${beijingDateTime(before)} to ${beijingDateTime(ended)} (Beijing time): ${reason}`,
        }),
      );
      await this.ledger.record(
        actor,
        {
          obligations: [INCIDENT_DUTIES.response],
          kind: 'incident_handling_corrected',
          summary:
            `${row.ref}: handling end corrected ${before.toISOString()} -> ${ended.toISOString()}: ${reason}`.slice(
              0,
              500,
            ),
          occurredAt: now,
        },
        tx,
      );
      return true;
    });
    if (!ok) throw await this.conflict(row.id);
    return this.get(row.id);
  }

  // ---- reports ---------------------------------------------------------------------------

  private async organisation(): Promise<DocOrganisation> {
    const org = await this.deps.organisation();
    return {
      name: org?.name ?? '',
      ciiOperator: org?.ciiOperator ?? false,
      centralStateOrgan: org?.centralStateOrgan ?? false,
    };
  }

  /** `at`: the report's time as it reads (when it was sent, for the copy kept; now, for a draft). */
  private async reportHtml(
    view: IncidentView,
    kind: ReportKind,
    rule: string | null,
    at: Date = this.clock.now(),
  ): Promise<string> {
    return renderIncidentReport({
      incident: view,
      kind,
      rule,
      organisation: await this.organisation(),
      catalog: this.catalog,
      generatedAt: at,
    });
  }

  private async document(html: string, format: 'html' | 'pdf', filename: string): Promise<IncidentDocument> {
    if (format === 'pdf')
      return {
        body: await this.deps.printPdf(html),
        contentType: 'application/pdf',
        filename: `${filename}.pdf`,
      };
    return { body: html, contentType: 'text/html; charset=utf-8', filename: `${filename}.html` };
  }

  /** The report as it would be sent now (not recorded). */
  async draftReport(
    id: string,
    kind: ReportKind,
    format: 'html' | 'pdf',
    rule?: string | null,
  ): Promise<IncidentDocument> {
    const view = await this.get(id);
    const owed = view.clocks.filter((c) => c.kind === 'initial').map((c) => c.rule);
    if (rule && kind === 'initial' && !owed.includes(rule))
      throw invalid('rule', {
        zh: `该事件没有“${rule}”类初始报告时限${owed.length ? `（应报送：${owed.join('、')}）` : '（无须报告）'}。`,
        en: `This incident owes no initial report under rule "${rule}"${owed.length ? ` (it owes: ${owed.join(', ')})` : ' (no report is owed)'}.`,
      });
    const r = rule ?? (kind === 'initial' ? (owed[0] ?? null) : null);
    return this.document(await this.reportHtml(view, kind, r), format, `${view.ref}-${kind}-draft`);
  }

  /** A report as it was recorded: the document kept when it was sent. */
  async reportDocument(id: string, reportId: string, format: 'html' | 'pdf'): Promise<IncidentDocument> {
    const row = await this.store.findReport(id, reportId);
    if (!row)
      throw new AppError('not_found', {
        zh: '没有这份事件报告。',
        en: `No report ${reportId} of incident ${id}.`,
      });
    const bytes = this.ledger.files.get(row.sha256);
    if (!bytes)
      throw new AppError('internal', `The document of report ${reportId} is missing from the file store.`);
    const incident = await this.store.find(id);
    return this.document(bytes.toString('utf8'), format, `${incident?.ref ?? id}-${row.kind}`);
  }

  /**
   * Records a report sent: an initial report answers a rule the incident
   * owes (its clock stops), a supplementary one follows an initial report, a
   * final one needs handling ended. The document as generated is kept and
   * is the ledger record's file.
   */
  async recordReport(
    actor: Actor,
    id: string,
    input: {
      version: number;
      kind: ReportKind;
      rule: string | null;
      recipient: string;
      channel: string;
      sentAt: string;
    },
  ): Promise<IncidentView> {
    requireRole(actor, incidentWriters);
    const record = await this.record(id);
    const row = record.incident;
    const sentAt = this.instant(input.sentAt, 'sentAt', { notFuture: true, notBefore: row.discovered_at });
    const view = incidentView(record, await this.viewContext());
    const byRule = new Map(this.catalog.reporting.initial.map((r) => [r.id, r]));
    let obligations: string[];
    let rule: string | null = null;
    let late = false;
    if (input.kind === 'initial') {
      const clock = view.clocks.find((c) => c.kind === 'initial' && c.rule === input.rule);
      if (!clock) {
        const owed = view.clocks.filter((c) => c.kind === 'initial').map((c) => c.rule);
        throw invalid('rule', {
          zh: owed.length
            ? `该事件应报送的初始报告为：${owed.map((r) => byRule.get(r)?.to.zh ?? r).join('、')}，请选择其中之一。`
            : `该事件级别为${view.grading.label.zh}，无须报送初始报告（较大及以上事件须报告）。`,
          en: owed.length
            ? `The initial reports this incident owes are: ${owed.join(', ')}; choose one of them.`
            : `A grade ${view.grading.grade} incident owes no initial report (grade III and above do).`,
        });
      }
      if (clock.reportId)
        throw invalid('rule', {
          zh: `向${clock.to.zh}的初始报告已于北京时间 ${beijingDateTime(new Date(clock.sentAt!))} 报送；新情况请续报。`,
          en: `The initial report to ${clock.to.en} was already sent (${beijingDateTime(new Date(clock.sentAt!))} Beijing time); send a supplementary report for what is new.`,
        });
      rule = clock.rule;
      late = sentAt.getTime() > new Date(clock.dueAt!).getTime();
      obligations = [clock.obligation, ...(rule === 'cii' ? [INCIDENT_DUTIES.ciiThreat] : [])];
    } else if (input.kind === 'supplementary') {
      const initial = record.reports.filter((r) => r.kind === 'initial' && r.rule);
      if (initial.length === 0)
        throw invalid('kind', {
          zh: '尚未报送初始报告，不能续报：请先报送初始报告。',
          en: 'No initial report has been sent yet: send the initial report first.',
        });
      obligations = [
        ...new Set(
          initial.flatMap((r) => {
            const o = byRule.get(r.rule!)?.obligation;
            return o ? [o, ...(r.rule === 'cii' ? [INCIDENT_DUTIES.ciiThreat] : [])] : [];
          }),
        ),
      ];
    } else {
      try {
        checkFinalReportTime(sentAt, row.handling_ended_at);
      } catch (err) {
        throw renamed(err, isAppError(err) && err.field === 'sent_at' ? 'sentAt' : 'kind');
      }
      const clock = view.clocks.find((c) => c.kind === 'final');
      if (clock?.dueAt) late = sentAt.getTime() > new Date(clock.dueAt).getTime();
      obligations = [this.catalog.reporting.final_report.obligation];
    }
    const html = await this.reportHtml(view, input.kind, rule, sentAt);
    const sha = this.ledger.files.put(Buffer.from(html, 'utf8'));
    const now = this.clock.now();
    const reportId = crypto.randomUUID();
    const ok = await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      if (!(await s.update(id, input.version, { updated_at: now }))) return false;
      await s.addReport({
        id: reportId,
        incident_id: id,
        kind: input.kind,
        rule,
        recipient: input.recipient,
        channel: input.channel,
        sent_at: sentAt,
        recorded_by: actor.username,
        recorded_at: now,
        sha256: sha,
        late,
      });
      await s.addTimeline(
        this.timeline(id, actor, 'report_sent', {
          zh: `${kindZh[input.kind]}已于北京时间 ${beijingDateTime(sentAt)} 通过${input.channel}报送${input.recipient}${late ? '（已超过期限）' : ''}`,
          en: `${input.kind[0]!.toUpperCase()}${input.kind.slice(1)} report sent to ${input.recipient} by ${input.channel} at ${beijingDateTime(sentAt)} Beijing time${late ? ' (late)' : ''}`,
        }),
      );
      await this.ledger.record(
        actor,
        {
          obligations,
          kind: 'incident_report',
          summary: `${input.kind} report of incident ${row.ref} "${row.title}"${rule ? ` (rule ${rule})` : ''} sent to ${input.recipient} by ${input.channel}${late ? ', late' : ''}`,
          occurredAt: sentAt,
          fileSha256: sha,
        },
        tx,
      );
      return true;
    });
    if (!ok) throw await this.conflict(id);
    return this.get(id);
  }

  // ---- tasks and attachments ---------------------------------------------------------------

  async addTask(
    actor: Actor,
    id: string,
    input: { title: string; assignee: string | null; dueAt: string | null },
  ): Promise<IncidentView> {
    requireRole(actor, incidentWriters);
    await this.record(id);
    const dueAt = input.dueAt === null ? null : this.instant(input.dueAt, 'dueAt');
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      await s.addTask({
        id: crypto.randomUUID(),
        incident_id: id,
        title: input.title,
        assignee: input.assignee,
        due_at: dueAt,
        done_at: null,
        done_by: null,
        created_by: actor.username,
        created_at: now,
      });
      await s.addTimeline(
        this.timeline(id, actor, 'task_added', {
          zh: `新增处置任务：${input.title}${input.assignee ? `（负责人 ${input.assignee}）` : ''}`,
          en: `Task added: ${input.title}${input.assignee ? ` (assigned to ${input.assignee})` : ''}`,
        }),
      );
    });
    return this.get(id);
  }

  async editTask(actor: Actor, id: string, taskId: string, input: { done: boolean }): Promise<IncidentView> {
    requireRole(actor, incidentWriters);
    const task = await this.store.findTask(id, taskId);
    if (!task)
      throw new AppError('not_found', {
        zh: '没有这项处置任务。',
        en: `No task ${taskId} in incident ${id}.`,
      });
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      await s.setTaskDone(taskId, input.done ? now : null, input.done ? actor.username : null);
      await s.addTimeline(
        this.timeline(
          id,
          actor,
          input.done ? 'task_done' : 'task_reopened',
          input.done
            ? { zh: `处置任务已完成：${task.title}`, en: `Task done: ${task.title}` }
            : { zh: `处置任务重新打开：${task.title}`, en: `Task reopened: ${task.title}` },
        ),
      );
    });
    return this.get(id);
  }

  async addAttachment(
    actor: Actor,
    id: string,
    input: { name: string; contentBase64: string },
  ): Promise<IncidentView> {
    requireRole(actor, incidentWriters);
    await this.record(id);
    const bytes = Buffer.from(input.contentBase64, 'base64');
    if (bytes.length > MAX_ATTACHMENT)
      throw new AppError(
        'payload_too_large',
        {
          zh: `附件不能超过 ${MAX_ATTACHMENT / 1024 / 1024} MB（该文件为 ${(bytes.length / 1024 / 1024).toFixed(1)} MB）。`,
          en: `An attachment can be at most ${MAX_ATTACHMENT / 1024 / 1024} MB (this one is ${(bytes.length / 1024 / 1024).toFixed(1)} MB).`,
        },
        { field: 'contentBase64' },
        'contentBase64',
      );
    const sha = this.ledger.files.put(bytes);
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      await s.addAttachment({
        id: crypto.randomUUID(),
        incident_id: id,
        name: input.name,
        sha256: sha,
        size: bytes.length,
        added_by: actor.username,
        added_at: now,
      });
      await s.addTimeline(
        this.timeline(id, actor, 'attachment_added', {
          zh: `上传附件：${input.name}（${bytes.length} 字节）`,
          en: `Attachment added: ${input.name} (${bytes.length} bytes)`,
        }),
      );
    });
    return this.get(id);
  }

  async attachment(id: string, attachmentId: string): Promise<{ name: string; bytes: Buffer }> {
    const a = await this.store.findAttachment(id, attachmentId);
    const bytes = a ? this.ledger.files.get(a.sha256) : undefined;
    if (!a || !bytes)
      throw new AppError('not_found', { zh: '没有这个附件。', en: `No attachment ${attachmentId}.` });
    return { name: a.name, bytes };
  }

  // ---- the breach notice (PIPL Art 57) -------------------------------------------------------

  private requireBreach(row: IncidentRow): void {
    if (!row.personal_information)
      throw invalid('personalInformation', {
        zh: '该事件未涉及个人信息，无须向个人告知；如涉及个人信息，请先在事件中勾选“涉及个人信息”。',
        en: 'This incident does not involve personal information, so no notice to individuals is owed; mark it as involving personal information first.',
      });
  }

  async putBreach(
    actor: Actor,
    id: string,
    input: { version: number; contents: Partial<BreachContents> },
  ): Promise<IncidentView> {
    requireRole(actor, breachWriters);
    const row = (await this.record(id)).incident;
    this.requireBreach(row);
    const contents: BreachContents = { ...emptyBreach, ...row.breach, ...input.contents };
    const now = this.clock.now();
    const missing = breachMissing(contents, this.catalog);
    const ok = await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      const done = await s.update(id, input.version, {
        breach: JSON.stringify(contents),
        breach_updated_by: actor.username,
        breach_updated_at: now,
        updated_at: now,
      });
      if (!done) return false;
      await s.addTimeline(
        this.timeline(id, actor, 'notice_drafted', {
          zh: missing.length
            ? `修改个人信息泄露告知内容（尚缺 ${missing.length} 项）`
            : '修改个人信息泄露告知内容（各项已齐全）',
          en: missing.length
            ? `Breach notice edited (${missing.length} item${missing.length === 1 ? '' : 's'} still empty)`
            : 'Breach notice edited (every item written)',
        }),
      );
      return true;
    });
    if (!ok) throw await this.conflict(id);
    return this.get(id);
  }

  private async noticeHtml(
    view: IncidentView,
    audience: 'individuals' | 'regulator',
    at: Date = this.clock.now(),
  ): Promise<string> {
    return renderBreachNotice({
      incident: view,
      audience,
      organisation: await this.organisation(),
      catalog: this.catalog,
      generatedAt: at,
    });
  }

  async breachNotice(
    id: string,
    audience: 'individuals' | 'regulator',
    format: 'html' | 'pdf',
  ): Promise<IncidentDocument> {
    const view = await this.get(id);
    this.requireBreach((await this.record(id)).incident);
    return this.document(
      await this.noticeHtml(view, audience),
      format,
      `${view.ref}-breach-notice-${audience}`,
    );
  }

  /** A delivery of the notice: only once every Art 57 item is written; the notice as delivered is kept. */
  async addDelivery(
    actor: Actor,
    id: string,
    input: {
      audience: 'individuals' | 'regulator';
      channel: string;
      recipient: string;
      count: number | null;
      deliveredAt: string;
    },
  ): Promise<IncidentView> {
    requireRole(actor, breachWriters);
    const record = await this.record(id);
    const row = record.incident;
    this.requireBreach(row);
    const deliveredAt = this.instant(input.deliveredAt, 'deliveredAt', {
      notFuture: true,
      notBefore: row.discovered_at,
    });
    const view = incidentView(record, await this.viewContext());
    const missing = view.breach!.missing;
    if (missing.length > 0) {
      const names = new Map(this.catalog.breach_notice.items.map((i) => [i.key, i.label]));
      throw invalid(
        `contents.${missing[0]}`,
        {
          zh: `告知内容尚缺：${missing.map((k) => names.get(k)?.zh ?? k).join('；')}。请先补齐再告知。`,
          en: `The notice still lacks: ${missing.map((k) => names.get(k)?.en ?? k).join('; ')}. Write them before delivering it.`,
        },
        { field: `contents.${missing[0]}`, missing },
      );
    }
    const html = await this.noticeHtml(view, input.audience, deliveredAt);
    const sha = this.ledger.files.put(Buffer.from(html, 'utf8'));
    const now = this.clock.now();
    const count = input.audience === 'individuals' ? input.count : null;
    await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      await s.addDelivery({
        id: crypto.randomUUID(),
        incident_id: id,
        audience: input.audience,
        channel: input.channel,
        recipient: input.recipient,
        count,
        delivered_at: deliveredAt,
        recorded_by: actor.username,
        recorded_at: now,
        sha256: sha,
      });
      await s.addTimeline(
        this.timeline(id, actor, 'notice_delivered', {
          zh: `已于北京时间 ${beijingDateTime(deliveredAt)} 通过${input.channel}告知${input.audience === 'individuals' ? '个人' : '监管部门'}：${input.recipient}${count !== null ? `（${count} 人）` : ''}`,
          en: `Breach notice delivered to ${input.audience === 'individuals' ? 'individuals' : 'the regulator'} (${input.recipient}) by ${input.channel} at ${beijingDateTime(deliveredAt)} Beijing time${count !== null ? `, ${count} reached` : ''}`,
        }),
      );
      // PIPL Art 57: notifying the individuals (and the authority) is the work this record proves.
      await this.ledger.record(
        actor,
        {
          obligations: [INCIDENT_DUTIES.breach],
          kind: 'breach_notice',
          summary: `Breach notice of incident ${row.ref} delivered to ${input.audience} (${input.recipient}) by ${input.channel}${count !== null ? `, ${count} individuals` : ''}`,
          occurredAt: deliveredAt,
          fileSha256: sha,
        },
        tx,
      );
    });
    return this.get(id);
  }
}

const fieldNames: Record<string, string> = {
  title: '标题',
  category: '事件类别',
  description: '事件描述',
  location: '地点',
  involvesCii: '是否涉及关键信息基础设施',
  personalInformation: '是否涉及个人信息',
  discoveredAt: '发现时间',
  occurredAt: '发生时间',
  systems: '受影响系统',
  observables: '威胁指标',
  facts: '定级事实',
  details: '报告内容',
};
const fieldZh = (f: string) => fieldNames[f] ?? f;
