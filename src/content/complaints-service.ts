import type { z } from 'zod';
import type {
  complaintChannelInputSchema,
  complaintChannelSchema,
  complaintCloseSchema,
  complaintReceiptSchema,
  complaintReplyInputSchema,
  complaintSubmitSchema,
  complaintTriageSchema,
} from '../../contract/content.js';
import type { LedgerService } from '../ledger/service.js';
import type { CalendarSource } from '../obligations/calendar.js';
import { estimateNote } from '../obligations/calendar.js';
import type { Deadline } from '../obligations/deadlines.js';
import type { OrganisationService } from '../organisation/service.js';
import { requireRole, type Actor, type Role } from '../platform/auth/roles.js';
import type { AuthService } from '../platform/auth/service.js';
import type { Clock } from '../platform/clock.js';
import type { Tx, UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError, type Bilingual } from '../platform/errors.js';
import type { Period } from '../platform/module.js';
import { takePage } from '../platform/paging.js';
import type { PublicIntake } from '../platform/public-intake/service.js';
import { beijingYear } from '../platform/time.js';
import {
  complaintItem,
  complaintReference,
  complaintView,
  COMPLAINT_CODE_PURPOSE,
  COMPLAINTS_DUTY,
  handlingDue,
  newTrackingCode,
  publicView,
  trackingHash,
  trackingMatches,
  waiting,
  type ComplaintPublicView,
  type ComplaintView,
} from './complaints-rules.js';
import type { ComplaintKey, ComplaintRow, ComplaintStore, ReplyRow } from './complaints-store.js';
import type { DisposalInput, ScreeningService } from './screening-service.js';

export type ChannelView = z.infer<typeof complaintChannelSchema>;
export type ChannelInput = z.infer<typeof complaintChannelInputSchema>;
export type ComplaintSubmit = z.output<typeof complaintSubmitSchema>;
export type ComplaintReceipt = z.infer<typeof complaintReceiptSchema>;
export type ComplaintTriage = z.output<typeof complaintTriageSchema>;
export type ComplaintReplyInput = z.output<typeof complaintReplyInputSchema>;
export type ComplaintClose = z.output<typeof complaintCloseSchema>;

/** Who reads complaints (the auditor too, never writing), who handles them, who publishes the channel. */
export const complaintReaders = [
  'admin',
  'compliance_officer',
  'moderator',
  'auditor',
] as const satisfies readonly Role[];
export const complaintHandlers = [
  'admin',
  'compliance_officer',
  'moderator',
] as const satisfies readonly Role[];
export const channelPublishers = ['admin', 'compliance_officer'] as const satisfies readonly Role[];

export interface ComplaintSettings {
  /** Working days to answer (catalog/content.yaml complaints.handling, or WANGAN_CONTENT_COMPLAINT_WORKING_DAYS). */
  handlingDays: number;
  /** The catalogue's default in force (the law says "promptly" and sets no number). */
  handlingUncertain: boolean;
  /** WANGAN_CONTENT_COMPLAINT_WORKING_DAYS set it. */
  handlingOverridden: boolean;
  /** Citations of the handling rule ("csl2025:51/1"). */
  citations: readonly string[];
  /** Category codes a complaint may be filed under. */
  categories: readonly string[];
  /** WANGAN_CONTENT_COMPLAINT_VERIFY=required: a contact given must come with its one-time code. */
  requireVerifiedContact: boolean;
  /** The public form's address when the channel names none. */
  defaultWebForm: string | null;
  dueSoonDays: number;
}

const notFound = () =>
  new AppError('not_found', { zh: '没有找到该投诉举报。', en: 'No such complaint or report.' });

/** The tracking page answers an unknown reference and a wrong code alike. */
const notTracked = () =>
  new AppError('not_found', {
    zh: '没有找到该受理编号，或查询码不正确。',
    en: 'No complaint with this reference, or the tracking code is wrong.',
  });

const invalid = (field: string, messages: Bilingual) =>
  new AppError('validation_failed', messages, [{ path: `/${field}`, message: messages.en }], field);

const stale = () =>
  new AppError('conflict', {
    zh: '该投诉举报刚被他人修改，请刷新后重试。',
    en: 'Someone changed this complaint just now; reload and try again.',
  });

const finished = (row: ComplaintRow) =>
  new AppError('conflict', {
    zh: `该投诉举报已${row.status === 'rejected' ? '不予受理' : '办结'}，不能再修改。`,
    en: `This complaint is ${row.status === 'rejected' ? 'rejected' : 'closed'} and can no longer change.`,
  });

/**
 * The complaint and reporting channel (CSL 2025 Art 51(1), 2016 Art 49(1)):
 * the published contacts (each publication a ledger notice), the public
 * submission behind the platform's intake (proof of work, flood limits, an
 * optional one-time code for the contact), the tracking page, and the staff's
 * triage, replies and closing (each closing a ledger record in the same
 * transaction). A complaint not answered within the handling time (PRC
 * working days) is an open item of csl.complaints-channel.
 */
export class ComplaintsService {
  constructor(
    private readonly store: ComplaintStore,
    private readonly ledger: LedgerService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly calendar: CalendarSource,
    private readonly organisation: OrganisationService,
    private readonly auth: AuthService,
    private readonly intake: PublicIntake,
    readonly settings: ComplaintSettings,
    /** The screening area, which keeps the disposal records (built before this area). */
    private readonly screening: ScreeningService,
  ) {}

  // ---- the channel -------------------------------------------------------------------------

  async channel(): Promise<ChannelView> {
    const [row, organisation] = await Promise.all([
      this.store.channel(),
      this.organisation.exists().then((e) => (e ? this.organisation.get() : null)),
    ]);
    return {
      organisation: organisation?.name ?? '',
      phone: row?.phone ?? null,
      email: row?.email ?? null,
      address: row?.address ?? null,
      webForm: row?.web_form ?? this.settings.defaultWebForm,
      hours:
        row?.hours_zh != null || row?.hours_en != null
          ? { zh: row.hours_zh ?? '', en: row.hours_en ?? '' }
          : null,
      handlingWorkingDays: this.settings.handlingDays,
      handlingUncertain: this.settings.handlingUncertain,
      publishedAt: row?.published_at.toISOString() ?? null,
    };
  }

  /** Publishes the contacts (a new version; a ledger notice in the same transaction). */
  async publishChannel(actor: Actor, input: ChannelInput): Promise<ChannelView> {
    requireRole(actor, channelPublishers);
    if (!input.phone && !input.email && !input.address && !input.webForm)
      throw invalid('phone', {
        zh: '请至少公布一种受理方式：电话、电子邮箱、通信地址或网页表单。',
        en: 'Publish at least one way to reach you: a phone number, an e-mail address, a postal address or a web form.',
      });
    const now = this.clock.now();
    const current = await this.store.channel();
    const version = (current?.version ?? 0) + 1;
    const ways = [
      input.phone && `phone ${input.phone}`,
      input.email && `e-mail ${input.email}`,
      input.address && 'postal address',
      input.webForm && `web form ${input.webForm}`,
    ].filter(Boolean);
    await this.uow.run(async (tx) => {
      const receipt = await this.ledger.record(
        actor,
        {
          obligations: [COMPLAINTS_DUTY],
          kind: 'notice',
          summary: `Complaint and reporting channel published (version ${version}): ${ways.join(', ')}; handling within ${this.settings.handlingDays} working days`,
          occurredAt: now,
        },
        tx,
      );
      const ok = await this.store.in(tx).insertChannel({
        version,
        phone: input.phone || null,
        email: input.email || null,
        address: input.address || null,
        web_form: input.webForm || null,
        hours_zh: input.hours?.zh ?? null,
        hours_en: input.hours?.en ?? null,
        published_at: now,
        published_by: actor.username,
        evidence_id: receipt.id,
      });
      if (!ok)
        throw new AppError('conflict', {
          zh: '投诉举报渠道刚被他人更新，请刷新后重试。',
          en: 'Someone published the channel just now; reload and try again.',
        });
    });
    return this.channel();
  }

  // ---- the public side ---------------------------------------------------------------------

  /** A complaint or report from anyone (after the proof of work); the tracking code is answered once. */
  async submit(input: ComplaintSubmit): Promise<ComplaintReceipt & { id: string }> {
    if (!this.settings.categories.includes(input.category))
      throw invalid('category', {
        zh: `“${input.category}”不是可选的类别。`,
        en: `"${input.category}" is not one of the categories.`,
      });
    const contact = input.contact?.trim() || null;
    // The proof of work is spent first: a wrong code costs the sender a new challenge.
    this.intake.spend(input.pow);
    let verified = false;
    if (contact && (input.code || this.settings.requireVerifiedContact)) {
      this.intake.contact(contact, 'contact');
      this.intake.requireCode(contact, COMPLAINT_CODE_PURPOSE, input.code, 'code');
      verified = true;
    }
    return this.receive(input, contact, verified, this.clock.now());
  }

  /** Files a complaint received at `now` (the public route after its checks; the demo in the past). */
  async receive(
    input: Omit<ComplaintSubmit, 'pow' | 'code' | 'contact'>,
    contact: string | null,
    verified: boolean,
    now: Date,
  ): Promise<ComplaintReceipt & { id: string }> {
    const due = handlingDue(now, this.settings.handlingDays, await this.calendar.current());
    const code = newTrackingCode();
    const row = {
      id: crypto.randomUUID(),
      reference: complaintReference(now, await this.store.nextNumber()),
      kind: input.kind,
      category: input.category,
      subject: input.subject,
      body: input.body,
      target: input.target?.trim() || null,
      contact,
      contact_verified: verified,
      lang: input.lang,
      status: 'received',
      assignee: null,
      received_at: now,
      due_at: due.dueAt,
      due_estimated: due.estimated,
      answered_at: null,
      closed_at: null,
      outcome: null,
      disposal_id: null,
      tracking_hash: trackingHash(code),
      version: 1,
      evidence_id: null,
    };
    await this.store.insert(row);
    return {
      id: row.id,
      reference: row.reference,
      trackingCode: code,
      receivedAt: now.toISOString(),
      dueAt: due.dueAt.toISOString(),
    };
  }

  /** The tracking page: a wrong code answers like an unknown reference. */
  async track(reference: string, code: string): Promise<ComplaintPublicView> {
    const row = await this.store.byReference(reference.trim().toUpperCase());
    if (!row || !trackingMatches(code, row.tracking_hash)) throw notTracked();
    return publicView(row, await this.store.replies([row.id]));
  }

  // ---- staff -------------------------------------------------------------------------------

  async list(
    actor: Actor,
    q: {
      limit: number;
      cursor?: ComplaintKey | undefined;
      status?: string | undefined;
      q?: string | undefined;
      overdue?: boolean | undefined;
    },
  ): Promise<{ complaints: ComplaintView[]; next: string | null }> {
    requireRole(actor, complaintReaders);
    const now = this.clock.now();
    const rows = await this.store.page(q.limit + 1, q.cursor, {
      status: q.status,
      q: q.q?.trim() || undefined,
      overdueAt: q.overdue ? now : undefined,
    });
    const { rows: shown, next } = takePage(rows, q.limit, (r): ComplaintKey => [
      r.received_at.toISOString(),
      r.id,
    ]);
    const replies = group(await this.store.replies(shown.map((r) => r.id)));
    return { complaints: shown.map((r) => complaintView(r, replies.get(r.id) ?? [], now)), next };
  }

  async get(actor: Actor, id: string): Promise<ComplaintView> {
    requireRole(actor, complaintReaders);
    return this.view(await this.row(id));
  }

  /** The complaint with its contact in clear (the route records the reveal in the audit trail). */
  async reveal(actor: Actor, id: string): Promise<ComplaintView> {
    requireRole(actor, complaintHandlers);
    return this.view(await this.row(id), true);
  }

  /** Status, category, assignee and a note, at the version the handler read (409 when stale). */
  async triage(actor: Actor, id: string, input: ComplaintTriage): Promise<ComplaintView> {
    requireRole(actor, complaintHandlers);
    const row = await this.row(id);
    if (row.version !== input.version) throw stale();
    if (!waiting(row.status) && row.status !== 'answered') throw finished(row);
    if (input.category !== undefined && !this.settings.categories.includes(input.category))
      throw invalid('category', {
        zh: `“${input.category}”不是可选的类别。`,
        en: `"${input.category}" is not one of the categories.`,
      });
    if (input.assignee) await this.checkAssignee(input.assignee);
    const now = this.clock.now();
    const change: Partial<ComplaintRow> = {};
    if (input.status) change.status = input.status;
    if (input.category !== undefined) change.category = input.category;
    if (input.assignee !== undefined) change.assignee = input.assignee || null;
    if (input.status === 'rejected') {
      change.closed_at = now;
      change.outcome = input.note?.trim() || null;
      if (!change.outcome)
        throw invalid('note', {
          zh: '不予受理时请写明理由。',
          en: 'Say why the complaint is rejected (note).',
        });
    }
    await this.uow.run(async (tx) => {
      if (input.status === 'rejected')
        change.evidence_id = (await this.handled(actor, row, 'rejected', change.outcome!, now, tx)).id;
      if (!(await this.store.in(tx).update(id, row.version, change))) throw stale();
      if (input.note?.trim())
        await this.store.in(tx).addReply(this.reply(id, actor, input.note.trim(), false, now));
    });
    return this.view(await this.row(id));
  }

  /** A reply: a public one is the answer (status answered); an internal one is a note for staff. */
  async replyTo(actor: Actor, id: string, input: ComplaintReplyInput): Promise<ComplaintView> {
    requireRole(actor, complaintHandlers);
    const row = await this.row(id);
    if (!waiting(row.status) && row.status !== 'answered') throw finished(row);
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      const s = this.store.in(tx);
      if (
        input.public &&
        !(await s.update(id, row.version, { status: 'answered', answered_at: row.answered_at ?? now }))
      )
        throw stale();
      await s.addReply(this.reply(id, actor, input.body, input.public, now));
    });
    return this.view(await this.row(id));
  }

  /** Closes with an outcome: a ledger record of the handling in the same transaction. */
  async close(actor: Actor, id: string, input: ComplaintClose): Promise<ComplaintView> {
    requireRole(actor, complaintHandlers);
    const row = await this.row(id);
    if (!waiting(row.status) && row.status !== 'answered') throw finished(row);
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      const receipt = await this.handled(actor, row, 'closed', input.outcome, now, tx);
      const ok = await this.store.in(tx).update(id, row.version, {
        status: 'closed',
        closed_at: now,
        outcome: input.outcome,
        evidence_id: receipt.id,
      });
      if (!ok) throw stale();
    });
    return this.view(await this.row(id));
  }

  /**
   * The content complained of is removed: a disposal record of the screening
   * area (origin complaint, with its ledger record) and the complaint's link
   * to it, in one transaction.
   */
  async recordRemoval(
    actor: Actor,
    id: string,
    input: Omit<DisposalInput, 'complaintId' | 'takedownId'>,
  ): Promise<ComplaintView> {
    requireRole(actor, complaintHandlers);
    const row = await this.row(id);
    if (!waiting(row.status) && row.status !== 'answered') throw finished(row);
    if (row.disposal_id)
      throw new AppError('conflict', {
        zh: '该投诉举报已登记过处置记录。',
        en: 'A removal is already recorded for this complaint.',
      });
    await this.uow.run(async (tx) => {
      const disposal = await this.screening.recordDisposal(actor, { ...input, complaintId: id }, tx);
      if (!(await this.store.in(tx).update(id, row.version, { disposal_id: disposal.id }))) throw stale();
    });
    return this.view(await this.row(id));
  }

  /** Complaints waiting for an answer, and those of them past due (the content status route). */
  counts(): Promise<{ open: number; overdue: number }> {
    return this.store.counts(this.clock.now());
  }

  async openItems(): Promise<Deadline[]> {
    const now = this.clock.now();
    const rows = await this.store.waiting();
    const calendar = rows.some((r) => r.due_estimated) ? await this.calendar.current() : undefined;
    return rows.map((r) => {
      const unknown: number[] = [];
      if (r.due_estimated && calendar)
        for (let y = beijingYear(r.received_at); y <= beijingYear(r.due_at); y++)
          if (!calendar.knows(y)) unknown.push(y);
      return complaintItem(
        r,
        {
          days: this.settings.handlingDays,
          citations: this.settings.citations,
          estimate: unknown.length ? estimateNote(unknown) : null,
        },
        now,
        this.settings.dueSoonDays,
      );
    });
  }

  /** The complaints received in a period, contacts masked (the audit pack's file and the report). */
  async exportPeriod(period: Period): Promise<ComplaintView[]> {
    const now = this.clock.now();
    const rows = await this.store.received({ from: period.from, to: period.to });
    const replies = group(await this.store.replies(rows.map((r) => r.id)));
    return rows.map((r) => complaintView(r, replies.get(r.id) ?? [], now));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async row(id: string): Promise<ComplaintRow> {
    const row = await this.store.find(id);
    if (!row) throw notFound();
    return row;
  }

  private async view(row: ComplaintRow, reveal = false): Promise<ComplaintView> {
    return complaintView(row, await this.store.replies([row.id]), this.clock.now(), reveal);
  }

  private reply(complaintId: string, actor: Actor, body: string, isPublic: boolean, at: Date): ReplyRow {
    return {
      id: crypto.randomUUID(),
      complaint_id: complaintId,
      at,
      by: actor.username,
      body,
      public: isPublic,
    };
  }

  /** An assignee is an active person account that may handle complaints. */
  private async checkAssignee(username: string): Promise<void> {
    const person = await this.auth.findActor(username).catch(() => undefined);
    if (!person || person.service || !(complaintHandlers as readonly string[]).includes(person.role))
      throw invalid('assignee', {
        zh: `“${username}”不是可以处理投诉举报的在用人员账号（管理员、合规专员或内容审核员）。`,
        en: `"${username}" is not an active person account that handles complaints (admin, compliance officer or moderator).`,
      });
  }

  private handled(
    actor: Actor,
    row: ComplaintRow,
    how: 'closed' | 'rejected',
    outcome: string,
    at: Date,
    tx: Tx,
  ) {
    const replied = row.answered_at ? `, answered ${row.answered_at.toISOString()}` : '';
    return this.ledger.record(
      actor,
      {
        obligations: [COMPLAINTS_DUTY],
        kind: 'record',
        summary: `${row.kind === 'report' ? 'Report' : 'Complaint'} ${row.reference} ${how} (received ${row.received_at.toISOString()}${replied}, due ${row.due_at.toISOString()}): ${outcome.slice(0, 300)}`,
        occurredAt: at,
      },
      tx,
    );
  }
}

function group(replies: readonly ReplyRow[]): Map<string, ReplyRow[]> {
  const out = new Map<string, ReplyRow[]>();
  for (const r of replies) {
    const list = out.get(r.complaint_id);
    if (list) list.push(r);
    else out.set(r.complaint_id, [r]);
  }
  return out;
}
