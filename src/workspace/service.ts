import crypto from 'node:crypto';
import { isDraftInstrument } from '../../contract/citation.js';
import type { LedgerService } from '../ledger/service.js';
import type { AssessedObligation } from '../obligations/applicability.js';
import type { ObligationsService } from '../obligations/service.js';
import { estimateNote, type CalendarSource } from '../obligations/calendar.js';
import {
  APPLICABLE_AGAIN,
  deriveStatus,
  NOT_APPLICABLE,
  type ObligationStatus,
  type StatusSettings,
} from '../obligations/status.js';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { takePage, type InstantKey, type PageRequest } from '../platform/paging.js';
import { addDuration, beijingDate, beijingMidnight, isFutureInstant, isHourClock } from '../platform/time.js';
import type { DutyPage } from '../../contract/workspace.js';
import { listDuties, type DutyListQuery } from './duty-list.js';
import { renderReportHtml, type ReportInput } from './report.js';
import { PrintQueue, type PrintLimits } from './print-queue.js';
import type { ReportSection } from '../platform/module.js';
import type {
  DeadlineSource,
  DutyDetail,
  NoteOut,
  Overview,
  People,
  SubmissionOut,
  WorkspaceDirectory,
  WorkspaceItem,
} from './types.js';
import { citationList, foldDeadlines, type Deadline } from '../obligations/deadlines.js';
import type { NoteRow, SubmissionRow, WorkspaceStore } from './store.js';
import type { UnitOfWork } from '../platform/db/unit-of-work.js';

export const deciderRoles = ['admin', 'compliance_officer'] as const;
export const submitterRoles = [
  'admin',
  'compliance_officer',
  'security_officer',
  'data_protection_officer',
  'moderator',
] as const;

const emptyCounts = (): Record<ObligationStatus, number> => ({
  met: 0,
  due_soon: 0,
  overdue: 0,
  missing: 0,
  not_applicable: 0,
});

/** A list cursor's instant as the store compares it. */
const afterKey = (k: InstantKey | undefined): [Date, string] | undefined =>
  k ? [new Date(k[0]), k[1]] : undefined;

function toSubmission(r: SubmissionRow): SubmissionOut {
  return {
    id: r.id,
    obligationId: r.obligation_id,
    summary: r.summary,
    occurredAt: r.occurred_at.toISOString(),
    fileSha256: r.file_sha256,
    fileName: r.file_name,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at.toISOString(),
    status: r.status as SubmissionOut['status'],
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    reviewNote: r.review_note,
    evidenceId: r.evidence_id,
  };
}

function toNote(r: NoteRow): NoteOut {
  return {
    id: r.id,
    obligationId: r.obligation_id,
    kind: r.kind === 'task' ? 'task' : 'comment',
    body: r.body,
    author: r.author,
    createdAt: r.created_at.toISOString(),
    assignee: r.assignee,
    dueDate: r.due_date,
    doneAt: r.done_at?.toISOString() ?? null,
    doneBy: r.done_by,
  };
}

const deadlineOrder = { overdue: 0, due_soon: 1, open: 2, on_track: 3 } as const;

function sortDeadlines(list: Deadline[]): Deadline[] {
  return [...list].sort(
    (a, b) =>
      deadlineOrder[a.status] - deadlineOrder[b.status] ||
      (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') ||
      a.subject.localeCompare(b.subject),
  );
}

/** Daily compliance work: derived status per duty, owners, evidence awaiting review, N/A decisions. */
export class WorkspaceService {
  private readonly pdfs: PrintQueue;

  constructor(
    private readonly store: WorkspaceStore,
    private readonly obligations: ObligationsService,
    private readonly ledger: LedgerService,
    private readonly clock: Clock,
    private readonly settings: StatusSettings,
    private readonly printer: {
      fontCss: () => string;
      print: (html: string) => Promise<Buffer>;
      limits?: PrintLimits;
    },
    private readonly calendar: CalendarSource,
    private readonly uow: UnitOfWork,
    deadlineSources: readonly DeadlineSource[] = [],
    /** The name of the active person called `username` (any case), if there is one. */
    private readonly activePerson: (username: string) => Promise<string | undefined> = async () => undefined,
    /** Other capabilities' sections of the report (their module's `report`). */
    private readonly reportSections: () => readonly ReportSection[] = () => [],
    /** The registers that prove a duty, and the people work can be given to. */
    private readonly directory: WorkspaceDirectory = {
      registersFor: async () => [],
      people: async () => [],
    },
  ) {
    this.pdfs = new PrintQueue(printer.print, printer.limits);
    this.deadlineSources = [...deadlineSources];
  }

  private readonly deadlineSources: DeadlineSource[];

  /** A capability whose records leave open items (a test's toy source too). */
  addDeadlineSource(source: DeadlineSource): void {
    this.deadlineSources.push(source);
  }

  /**
   * Every open item the capabilities' records leave, as of now. An item whose
   * rule names no article takes the citations of the duties it serves.
   */
  async openItems(): Promise<Deadline[]> {
    const lists = await Promise.all(this.deadlineSources.map((s) => s.deadlines()));
    const catalogue = new Map(this.obligations.catalogue().obligations.map((o) => [o.id, o]));
    return lists.flat().map((item) => {
      // Lists and notices name the duties by their titles, not their ids.
      const d: Deadline = {
        ...item,
        duties: item.obligations.flatMap((id) => {
          const o = catalogue.get(id);
          return o ? [{ id, title: o.title }] : [];
        }),
      };
      if (d.rule.citations.length) return d;
      const citations = d.obligations.flatMap((o) => citationList(catalogue.get(o)?.citations));
      return { ...d, rule: { ...d.rule, citations: [...new Set(citations)] } };
    });
  }

  private async applicable(id?: string): Promise<AssessedObligation[]> {
    const all = (await this.obligations.assessOrganisation()).obligations.filter((o) => !o.draft_only);
    if (!id) return all;
    const one = all.filter((o) => o.id === id);
    if (one.length === 0)
      throw new AppError('not_found', {
        en: `${id} is not a duty of this organisation.`,
        zh: `${id} 不是本单位适用的义务。`,
      });
    return one;
  }

  async overview(): Promise<Overview> {
    const [obligations, facts, owners, pending, notes, deadlines] = await Promise.all([
      this.applicable(),
      this.ledger.factsByObligation(),
      this.store.owners(),
      this.store.submissions('pending'),
      this.store.notes(),
      this.openItems(),
    ]);
    const now = this.clock.now();
    const items: WorkspaceItem[] = obligations.map((o) => {
      const d = foldDeadlines(
        deriveStatus(o.recurrence, facts.get(o.id) ?? [], now, this.settings),
        deadlines.filter((x) => x.obligations.includes(o.id)),
      );
      const maxFine: Record<string, number> = {};
      for (const p of o.penalties) {
        // A draft's fines never bound anyone: not at stake.
        if (isDraftInstrument(p.version)) continue;
        for (const t of p.tiers)
          if (t.entity && !('multipleOf' in t.entity))
            maxFine[p.version] = Math.max(maxFine[p.version] ?? 0, t.entity.max);
      }
      return {
        id: o.id,
        title: o.title,
        chapter: o.chapter,
        citations: o.citations,
        recurrence: o.recurrence,
        status: d.status,
        reason: d.reason,
        nextDue: d.nextDue?.toISOString() ?? null,
        lastEvidenceAt: d.lastEvidence?.occurredAt.toISOString() ?? null,
        owner: owners.find((w) => w.obligation_id === o.id)?.username ?? null,
        pending: pending.filter((p) => p.obligation_id === o.id).length,
        openTasks: notes.filter((n) => n.obligation_id === o.id && n.kind === 'task' && !n.done_at).length,
        maxFine,
      };
    });
    const chapters = new Map<string, Record<ObligationStatus, number>>();
    for (const i of items) {
      const c = chapters.get(i.chapter) ?? emptyCounts();
      c[i.status]++;
      chapters.set(i.chapter, c);
    }
    const exposure = new Map<string, { version: string; openGaps: number; maxEntity: number }>();
    for (const i of items.filter((x) => x.status === 'overdue' || x.status === 'missing')) {
      for (const [version, max] of Object.entries(i.maxFine)) {
        const e = exposure.get(version) ?? { version, openGaps: 0, maxEntity: 0 };
        e.openGaps++;
        e.maxEntity = Math.max(e.maxEntity, max);
        exposure.set(version, e);
      }
    }
    return {
      items,
      byChapter: [...chapters.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
        .map(([chapter, counts]) => ({ chapter, counts })),
      exposure: [...exposure.values()].sort((a, b) => a.version.localeCompare(b.version)),
      ledger: await this.ledger.status(),
      dueSoonDays: this.settings.dueSoonDays,
      deadlines: sortDeadlines(deadlines),
    };
  }

  /**
   * The duties searched, narrowed, sorted and paged (duty-list.ts): derived as
   * the dashboard derives them, then filtered and sorted in memory.
   */
  async duties(query: DutyListQuery): Promise<DutyPage> {
    return listDuties((await this.overview()).items, query);
  }

  /** One duty as its drawer shows it: the dashboard's row, who assigned its owner, the registers that prove it. */
  async duty(obligationId: string): Promise<DutyDetail> {
    await this.applicable(obligationId);
    const [overview, owner, registers] = await Promise.all([
      this.overview(),
      this.store.owner(obligationId),
      this.directory.registersFor(obligationId),
    ]);
    const item = overview.items.find((i) => i.id === obligationId)!;
    return {
      item,
      ownerAssignedBy: owner?.assigned_by ?? null,
      ownerAssignedAt: owner?.assigned_at.toISOString() ?? null,
      registers,
    };
  }

  /** The active people a duty or a task can be given to. */
  async people(): Promise<People> {
    return { people: await this.directory.people() };
  }

  /** Owners and assignees are people with an active account: a typo would leave the work with no one. */
  private async person(field: string, username: string): Promise<string> {
    const name = await this.activePerson(username);
    if (name) return name;
    const messages = {
      en: `no active user is named "${username}"`,
      zh: `没有名为“${username}”的在用人员账号。`,
    };
    throw new AppError(
      'validation_failed',
      { en: `Invalid body: /${field} ${messages.en}.`, zh: `提交的内容有误：/${field} ${messages.zh}` },
      [{ path: `/${field}`, message: messages.en, messages }],
      field,
    );
  }

  async setOwner(actor: Actor, obligationId: string, username: string): Promise<void> {
    requireRole(actor, deciderRoles);
    await this.applicable(obligationId);
    await this.store.setOwner({
      obligation_id: obligationId,
      username: await this.person('username', username),
      assigned_by: actor.username,
      assigned_at: this.clock.now(),
    });
  }

  /** The one human decision: recorded in the ledger with its justification and reviewer. */
  async decideApplicability(
    actor: Actor,
    obligationId: string,
    applicable: boolean,
    justification: string,
  ): Promise<{ evidenceId: string }> {
    requireRole(actor, deciderRoles);
    await this.applicable(obligationId);
    const r = await this.ledger.record(actor, {
      obligations: [obligationId],
      kind: applicable ? APPLICABLE_AGAIN : NOT_APPLICABLE,
      summary: justification,
      reviewer: actor.username,
    });
    return { evidenceId: r.id };
  }

  async submit(
    actor: Actor,
    obligationId: string,
    input: { summary: string; occurredAt?: Date; file?: { name: string; bytes: Buffer } },
  ): Promise<SubmissionOut> {
    requireRole(actor, submitterRoles);
    await this.applicable(obligationId);
    const now = this.clock.now();
    const occurredAt = input.occurredAt ?? now;
    if (isFutureInstant(occurredAt, now))
      throw new AppError(
        'validation_failed',
        {
          en: 'Evidence cannot describe work in the future.',
          zh: '证据不能记录尚未发生的工作（时间晚于现在）。',
        },
        undefined,
        'occurredAt',
      );
    const sha = input.file ? this.ledger.files.put(input.file.bytes) : null;
    const row: SubmissionRow = {
      id: crypto.randomUUID(),
      obligation_id: obligationId,
      summary: input.summary,
      occurred_at: occurredAt,
      file_sha256: sha,
      file_name: input.file?.name ?? null,
      submitted_by: actor.username,
      submitted_at: now,
      status: 'pending',
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      evidence_id: null,
    };
    await this.store.insertSubmission(row);
    return toSubmission(row);
  }

  /** Evidence submissions newest first, a page at a time. */
  async submissions(
    status: string | undefined,
    page: PageRequest<InstantKey>,
    obligationId?: string,
  ): Promise<{ submissions: SubmissionOut[]; next: string | null }> {
    const rows = await this.store.submissionPage(status, page.limit + 1, afterKey(page.after), obligationId);
    const p = takePage(rows, page.limit, (r): InstantKey => [r.submitted_at.toISOString(), r.id]);
    return { submissions: p.rows.map(toSubmission), next: p.next };
  }

  /** Four eyes: someone other than the submitter approves; approval appends the evidence to the ledger. */
  async review(actor: Actor, id: string, approve: boolean, comment?: string): Promise<SubmissionOut> {
    requireRole(actor, deciderRoles);
    const note = comment?.trim() || undefined;
    // The submitter has to know what to fix: a rejection without its reason helps no one.
    if (!approve && !note)
      throw new AppError(
        'validation_failed',
        {
          en: 'A rejection needs a reason: write in the review comment what is missing or wrong.',
          zh: '退回证据须说明理由：请在审核意见中写明缺少或不符合要求的内容。',
        },
        undefined,
        'note',
      );
    const s = await this.store.findSubmission(id);
    if (!s)
      throw new AppError('not_found', { en: `No submission ${id}.`, zh: `没有编号为 ${id} 的证据提交。` });
    if (s.status !== 'pending')
      throw new AppError('conflict', {
        en: `Submission ${id} was already ${s.status}.`,
        zh: `该证据提交已经${s.status === 'approved' ? '通过审核' : '被退回'}。`,
      });
    if (s.submitted_by === actor.username)
      throw new AppError('forbidden', {
        en: 'Evidence must be reviewed by someone other than the person who submitted it.',
        zh: '证据须由提交人以外的人员审核。',
      });
    const reviewedAt = this.clock.now();
    // The decision and the evidence it creates commit together, or neither does.
    const evidenceId = await this.uow.run(async (tx) => {
      let recorded: string | null = null;
      if (approve) {
        const r = await this.ledger.record(
          actor,
          {
            obligations: [s.obligation_id],
            kind: 'reviewed_upload',
            summary: s.summary,
            occurredAt: s.occurred_at,
            ...(s.file_sha256 ? { fileSha256: s.file_sha256 } : {}),
            reviewer: actor.username,
          },
          tx,
        );
        recorded = r.id;
      }
      const closed = await this.store.in(tx).closeSubmission(id, {
        status: approve ? 'approved' : 'rejected',
        reviewed_by: actor.username,
        reviewed_at: reviewedAt,
        review_note: note ?? null,
        evidence_id: recorded,
      });
      if (!closed)
        throw new AppError('conflict', {
          en: `Submission ${id} was closed by someone else meanwhile.`,
          zh: '该证据提交已由他人同时处理完毕。',
        });
      return recorded;
    });
    return toSubmission({
      ...s,
      status: approve ? 'approved' : 'rejected',
      reviewed_by: actor.username,
      reviewed_at: reviewedAt,
      review_note: note ?? null,
      evidence_id: evidenceId,
    });
  }

  /** What the audit report shows, as data: the pack's bundle.json and the input of the HTML report. */
  async reportData(
    organisation: string,
    period: { from?: Date | undefined; to?: Date | undefined },
    /** Who asks for it: named as "prepared by" in the sign-off block. */
    actor?: Actor,
  ): Promise<ReportInput> {
    const catalogue = this.obligations.catalogue();
    const preparedBy = actor ? ((await this.activePerson(actor.username)) ?? actor.username) : null;
    const [overview, records, sections] = await Promise.all([
      this.overview(),
      this.ledger.records(period),
      Promise.all(
        this.reportSections().map(async (s) => ({
          title: s.title,
          columns: s.columns,
          rows: await s.rows(period),
        })),
      ),
    ]);
    return {
      organisation,
      period: {
        from: period.from ? beijingDate(period.from) : null,
        to: period.to ? beijingDate(period.to) : null,
      },
      generatedAt: this.clock.now().toISOString(),
      preparedBy,
      kindLabels: catalogue.evidenceKinds,
      dutyTitles: Object.fromEntries(catalogue.obligations.map((o) => [o.id, o.title])),
      overview,
      records,
      sections,
    };
  }

  /** The bilingual audit report of a period, as HTML, for the pack and for PDF printing. */
  async reportHtml(
    organisation: string,
    period: { from?: Date | undefined; to?: Date | undefined },
    actor?: Actor,
  ): Promise<string> {
    return renderReportHtml(await this.reportData(organisation, period, actor));
  }

  /**
   * The report printed to PDF (Chinese rendered with the shipped font), one or
   * two at a time (Chromium is heavy). A report whose content has not changed
   * since it was last printed (same period, records, statuses, checkpoint) is
   * served from the cache: the key is a hash of everything it shows but the
   * time it was generated (its day stays: the sign-off block is dated), so a
   * new record or checkpoint prints afresh.
   */
  async reportPdf(
    organisation: string,
    period: { from?: Date | undefined; to?: Date | undefined },
    actor?: Actor,
  ): Promise<Buffer> {
    const data = await this.reportData(organisation, period, actor);
    const key = crypto
      .createHash('sha256')
      .update(
        JSON.stringify({ ...data, generatedAt: undefined, on: beijingDate(new Date(data.generatedAt)) }),
      )
      .digest('hex');
    return this.pdfs.get(key, () => renderReportHtml({ ...data, fontCss: this.printer.fontCss() }));
  }

  /** A duty's comments and tasks oldest first, a page at a time. */
  async notes(
    obligationId: string,
    page: PageRequest<InstantKey>,
  ): Promise<{ notes: NoteOut[]; next: string | null }> {
    await this.applicable(obligationId);
    const rows = await this.store.notePage(obligationId, page.limit + 1, afterKey(page.after));
    const p = takePage(rows, page.limit, (r): InstantKey => [r.created_at.toISOString(), r.id]);
    return { notes: p.rows.map(toNote), next: p.next };
  }

  /** A comment, or a task with an assignee and a due date (a Beijing date). */
  async addNote(
    actor: Actor,
    obligationId: string,
    input: {
      kind: 'comment' | 'task';
      body: string;
      assignee?: string | undefined;
      dueDate?: string | undefined;
    },
  ): Promise<NoteOut> {
    requireRole(actor, submitterRoles);
    await this.applicable(obligationId);
    if (input.kind === 'comment' && (input.assignee || input.dueDate))
      throw new AppError('validation_failed', {
        en: 'Only a task has an assignee and a due date.',
        zh: '只有任务才有负责人和截止日期。',
      });
    const assignee = input.assignee ? await this.person('assignee', input.assignee) : null;
    const row: NoteRow = {
      id: crypto.randomUUID(),
      obligation_id: obligationId,
      kind: input.kind,
      body: input.body,
      author: actor.username,
      created_at: this.clock.now(),
      assignee,
      due_date: input.dueDate ?? null,
      done_at: null,
      done_by: null,
    };
    await this.store.insertNote(row);
    return toNote(row);
  }

  async completeTask(actor: Actor, id: string): Promise<void> {
    requireRole(actor, submitterRoles);
    if (!(await this.store.completeTask(id, actor.username, this.clock.now())))
      throw new AppError('conflict', { en: 'No open task with that id.', zh: '没有该编号的未完成任务。' });
  }

  /**
   * When an event duty falls due if its event happens at `eventAt`: a clock
   * of hours (PT4H), calendar time (P30D) or PRC working days on the holiday
   * calendar. Working days in a year whose calendar is not known yet are
   * counted Monday to Friday and marked as an estimate.
   */
  async deadline(
    obligationId: string,
    eventAt: Date,
  ): Promise<{
    dueAt: string;
    due: string;
    basis: Deadline['basis'];
    estimate: Deadline['estimate'];
    detail: string;
  }> {
    const [o] = await this.applicable(obligationId);
    const r = o!.recurrence;
    if (r.working_days) {
      const from = beijingDate(eventAt);
      const counted = (await this.calendar.current()).addWorkingDays(from, r.working_days);
      return {
        dueAt: beijingMidnight(counted.date).toISOString(),
        due: counted.date,
        basis: 'working_days',
        estimate: counted.unknownYears.length ? estimateNote(counted.unknownYears) : null,
        detail: `${r.working_days} PRC working days after ${from} (Beijing date)`,
      };
    }
    if (r.deadline) {
      const dueAt = addDuration(eventAt, r.deadline);
      return {
        dueAt: dueAt.toISOString(),
        due: beijingDate(dueAt),
        basis: isHourClock(r.deadline) ? 'hours' : 'calendar',
        estimate: null,
        detail: `${r.deadline} after the event`,
      };
    }
    throw new AppError('validation_failed', {
      en: `${obligationId} has no deadline to compute.`,
      zh: `${obligationId} 没有可计算的期限。`,
    });
  }

  file(sha: string): Buffer {
    const b = this.ledger.files.get(sha);
    if (!b) throw new AppError('not_found', { en: 'No such file.', zh: '没有这个文件。' });
    return b;
  }
}
