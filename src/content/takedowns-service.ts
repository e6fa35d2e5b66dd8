import type { z } from 'zod';
import type {
  takedownActionInputSchema,
  takedownConfirmSchema,
  takedownInputSchema,
} from '../../contract/content.js';
import type { LedgerService } from '../ledger/service.js';
import type { Deadline } from '../obligations/deadlines.js';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError, type Bilingual } from '../platform/errors.js';
import { takePage } from '../platform/paging.js';
import { beijingDateTime, isFutureInstant } from '../platform/time.js';
import {
  takedownDue,
  takedownDuty,
  takedownOpenItem,
  takedownView,
  type TakedownView,
} from './takedowns-rules.js';
import type { TakedownDeadlineSetting } from './takedowns-settings.js';
import type { TakedownKey, TakedownRecord, TakedownStore } from './takedowns-store.js';

export type { TakedownView };
export type TakedownInput = z.output<typeof takedownInputSchema>;
export type TakedownActionInput = z.output<typeof takedownActionInputSchema>;
export type TakedownConfirmInput = z.output<typeof takedownConfirmSchema>;

/** Who reads takedown demands (the auditor only reads). */
export const takedownReaders = ['admin', 'compliance_officer', 'moderator', 'auditor'] as const;
/** Who records demands and the actions taken on them. */
export const takedownWriters = ['admin', 'compliance_officer', 'moderator'] as const;
/** Who records the confirmation sent back to the authority (reporting to authorities). */
export const takedownConfirmers = ['admin', 'compliance_officer'] as const;

export interface TakedownIssuer {
  code: string;
  name: Bilingual;
}

export interface TakedownSettings {
  issuers: readonly TakedownIssuer[];
  /** How long after it arrived a demand naming no deadline is due (catalog/content.yaml, or the environment's override). */
  deadline: TakedownDeadlineSetting;
  dueSoonDays: number;
  /** A disposal record of the screening area, or null when there is none with this id. */
  disposal: (id: string) => Promise<{ takedownId: string | null } | null>;
}

const invalid = (field: string, messages: Bilingual) =>
  new AppError('validation_failed', messages, [{ path: field, message: messages.en }], field);

const raced = () =>
  new AppError('conflict', {
    zh: '该处置要求刚被他人更新，请刷新后重试。',
    en: 'Someone updated this takedown demand just now; reload and try again.',
  });

/**
 * Takedown demands from authorities (CSL 2025 Art 52, 2016 Art 50): the
 * demand as it arrived (issuer, document number, targets, deadline), the
 * actions taken on it and the confirmation sent back. Each action and the
 * confirmation are ledger records for csl.takedown-demands, written in the
 * same transaction; a demand not yet done is an open item due at its exact
 * instant.
 */
export class TakedownsService {
  constructor(
    private readonly store: TakedownStore,
    private readonly ledger: LedgerService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly settings: TakedownSettings,
  ) {}

  /** The catalogue's issuers (codes a demand's `issuer` takes). */
  issuers(): readonly TakedownIssuer[] {
    return this.settings.issuers;
  }

  async list(query: {
    limit: number;
    cursor?: TakedownKey | undefined;
    status?: TakedownView['status'] | undefined;
    overdue?: boolean | undefined;
    q?: string | undefined;
  }): Promise<{ takedowns: TakedownView[]; next: string | null }> {
    const now = this.clock.now();
    const rows = await this.store.page(query.limit + 1, query.cursor, {
      status: query.status,
      overdue: query.overdue,
      now,
      q: query.q?.trim() || undefined,
    });
    const page = takePage(rows, query.limit, (r): TakedownKey => [r.row.received_at.toISOString(), r.row.id]);
    return { takedowns: page.rows.map((r) => takedownView(r, now)), next: page.next };
  }

  async get(id: string): Promise<TakedownView> {
    return takedownView(await this.find(id), this.clock.now());
  }

  async create(actor: Actor, input: TakedownInput): Promise<TakedownView> {
    requireRole(actor, takedownWriters);
    const now = this.clock.now();
    const issuer = this.settings.issuers.find((i) => i.code === input.issuer);
    if (!issuer)
      throw invalid('issuer', {
        zh: `发出部门“${input.issuer}”不在可选范围内，可选：${this.settings.issuers.map((i) => `${i.name.zh}（${i.code}）`).join('、')}。`,
        en: `issuer: "${input.issuer}" is not one of ${this.settings.issuers.map((i) => i.code).join(', ')}.`,
      });
    for (const [field, value, zh, en] of [
      ['issuerName', input.issuerName, '发出部门名称', "the issuing office's name"],
      ['documentNumber', input.documentNumber, '文号', 'the document number'],
    ] as const)
      if (!value.trim()) throw invalid(field, { zh: `请填写${zh}。`, en: `Give ${en}.` });
    const receivedAt = new Date(input.receivedAt);
    if (isFutureInstant(receivedAt, now))
      throw invalid('receivedAt', {
        zh: `收到时间（${beijingDateTime(receivedAt)}，北京时间）晚于当前时间，请在收到后登记。`,
        en: `The time received (${beijingDateTime(receivedAt)} Beijing) is in the future; record a demand once it has arrived.`,
      });
    const due = takedownDue(
      receivedAt,
      input.dueAt ? new Date(input.dueAt) : undefined,
      this.settings.deadline.value,
    );
    if (due.dueAt.getTime() <= receivedAt.getTime())
      throw invalid('dueAt', {
        zh: `处置期限（${beijingDateTime(due.dueAt)}）须晚于收到时间（${beijingDateTime(receivedAt)}）。`,
        en: `The deadline (${beijingDateTime(due.dueAt)} Beijing) must be after the time received (${beijingDateTime(receivedAt)}).`,
      });
    const targets = input.targets.map((t) => ({ value: t.value.trim(), note: t.note?.trim() || null }));
    const seen = new Map<string, number>();
    targets.forEach((t, i) => {
      if (!t.value)
        throw invalid(`targets.${i}.value`, {
          zh: `第${i + 1}个处置对象为空。`,
          en: `Target ${i + 1} is empty.`,
        });
      const before = seen.get(t.value);
      if (before !== undefined)
        throw invalid(`targets.${i}.value`, {
          zh: `第${i + 1}个处置对象与第${before + 1}个重复。`,
          en: `Target ${i + 1} repeats target ${before + 1}.`,
        });
      seen.set(t.value, i);
    });
    const documentNumber = input.documentNumber.trim();
    const duplicate = () =>
      new AppError(
        'conflict',
        {
          zh: `${issuer.name.zh}文号为“${documentNumber}”的处置要求已经登记。`,
          en: `A demand from ${issuer.name.en} numbered "${documentNumber}" is already recorded.`,
        },
        [{ path: 'documentNumber', message: 'already recorded for this issuer' }],
        'documentNumber',
      );
    if (await this.store.findByDocument(issuer.code, documentNumber)) throw duplicate();
    const id = crypto.randomUUID();
    await this.uow.run(async (tx) => {
      const inserted = await this.store.in(tx).insert(
        {
          id,
          issuer: issuer.code,
          issuer_name: input.issuerName.trim(),
          document_number: documentNumber,
          received_at: receivedAt,
          due_at: due.dueAt,
          default_deadline: due.defaultDeadline,
          summary: input.summary.trim(),
          status: 'open',
          done_at: null,
          confirmed_at: null,
          confirmed_by: null,
          confirmation_reference: null,
          confirmation_note: null,
          confirmation_evidence_id: null,
          version: 1,
          recorded_by: actor.username,
          recorded_at: now,
        },
        targets,
      );
      // Two people recording the same demand at once: the second gets the same answer as later.
      if (!inserted) throw duplicate();
    });
    return this.get(id);
  }

  /** Records an action taken on a demand (a ledger record); `done` completes it. */
  async act(actor: Actor, id: string, input: TakedownActionInput): Promise<TakedownView> {
    requireRole(actor, takedownWriters);
    const rec = await this.find(id);
    const { row } = rec;
    if (row.status === 'confirmed')
      throw new AppError('conflict', {
        zh: '该处置要求已向发出部门回复确认，不能再登记处置措施。',
        en: 'This demand has been confirmed to the authority; no more actions can be recorded on it.',
      });
    if (input.done && row.status === 'done')
      throw new AppError(
        'conflict',
        { zh: '该处置要求已经执行完毕。', en: 'This demand is already done.' },
        [{ path: 'done', message: 'already done' }],
        'done',
      );
    const known = new Set(rec.targets.map((t) => t.value));
    const targets = input.targets.map((t) => t.trim());
    targets.forEach((t, i) => {
      if (!known.has(t))
        throw invalid(`targets.${i}`, {
          zh: `“${t}”不是该处置要求列明的处置对象。`,
          en: `"${t}" is not one of the targets this demand names.`,
        });
    });
    const disposalId = input.disposalId?.trim() || null;
    if (disposalId) {
      const disposal = await this.settings.disposal(disposalId);
      if (!disposal)
        throw invalid('disposalId', {
          zh: `没有编号为“${disposalId}”的处置记录。`,
          en: `There is no disposal record "${disposalId}".`,
        });
      if (disposal.takedownId !== null && disposal.takedownId !== id)
        throw invalid('disposalId', {
          zh: '该处置记录是为另一项处置要求登记的。',
          en: 'That disposal record was made for another takedown demand.',
        });
    }
    const now = this.clock.now();
    const on = targets.length
      ? `${targets.length} of ${rec.targets.length} target${rec.targets.length === 1 ? '' : 's'}`
      : `the demand's ${rec.targets.length} target${rec.targets.length === 1 ? '' : 's'}`;
    await this.uow.run(async (tx) => {
      const receipt = await this.ledger.record(
        actor,
        {
          obligations: [takedownDuty],
          kind: 'record',
          summary:
            `Takedown demand ${row.document_number} from ${row.issuer_name} (${row.issuer}, received ${row.received_at.toISOString()}, due ${row.due_at.toISOString()}): ` +
            `${input.action.trim()} on ${on}` +
            (disposalId ? `, disposal ${disposalId}` : '') +
            (input.done
              ? `; demand done${now.getTime() > row.due_at.getTime() ? ' after its deadline' : ''}`
              : ''),
          occurredAt: now,
        },
        tx,
      );
      const store = this.store.in(tx);
      if (!(await store.update(id, row.version, input.done ? { status: 'done', done_at: now } : {})))
        throw raced();
      await store.insertAction({
        id: crypto.randomUUID(),
        takedown_id: id,
        at: now,
        by: actor.username,
        action: input.action.trim(),
        targets: JSON.stringify(targets),
        disposal_id: disposalId,
        done: input.done,
        evidence_id: receipt.id,
      });
    });
    return this.get(id);
  }

  /** Records the confirmation sent back to the authority once the demand is done (a ledger record). */
  async confirm(actor: Actor, id: string, input: TakedownConfirmInput): Promise<TakedownView> {
    requireRole(actor, takedownConfirmers);
    const { row } = await this.find(id);
    if (row.status === 'open')
      throw new AppError('conflict', {
        zh: '该处置要求尚未执行完毕，执行完毕后才能向发出部门回复确认。',
        en: 'This demand is not done yet; confirm it to the authority once it is done.',
      });
    if (row.status === 'confirmed')
      throw new AppError('conflict', {
        zh: '该处置要求已经回复确认。',
        en: 'This demand has already been confirmed to the authority.',
      });
    const now = this.clock.now();
    const reference = input.reference?.trim() || null;
    await this.uow.run(async (tx) => {
      const receipt = await this.ledger.record(
        actor,
        {
          obligations: [takedownDuty],
          kind: 'takedown_confirmed',
          summary:
            `Takedown demand ${row.document_number} from ${row.issuer_name} (${row.issuer}) confirmed to the authority` +
            (reference ? ` (reference ${reference})` : '') +
            `; done ${row.done_at?.toISOString() ?? ''}, due ${row.due_at.toISOString()}`,
          occurredAt: now,
        },
        tx,
      );
      const changed = await this.store.in(tx).update(id, row.version, {
        status: 'confirmed',
        confirmed_at: now,
        confirmed_by: actor.username,
        confirmation_reference: reference,
        confirmation_note: input.note.trim(),
        confirmation_evidence_id: receipt.id,
      });
      if (!changed) throw raced();
    });
    return this.get(id);
  }

  /** The uncertain default in force (the content status lists it for the console to mark). */
  defaults(): TakedownDeadlineSetting[] {
    return [{ ...this.settings.deadline, citations: [...this.settings.deadline.citations] }];
  }

  /** Demands open and overdue now (the content status route shows them). */
  counts(): Promise<{ open: number; overdue: number }> {
    return this.store.counts(this.clock.now());
  }

  /** One open item per demand not yet done, due at its exact instant. */
  async openItems(): Promise<Deadline[]> {
    const now = this.clock.now();
    return (await this.store.open()).map((r) => {
      const v = takedownView(r, now);
      const issuer = this.settings.issuers.find((i) => i.code === v.issuer)?.name ?? {
        zh: v.issuer,
        en: v.issuer,
      };
      return takedownOpenItem(v, issuer, now, this.settings.dueSoonDays);
    });
  }

  /** The demands received in the period, oldest first, with their actions and confirmations. */
  async exportPeriod(period: { from?: Date | undefined; to?: Date | undefined }): Promise<TakedownView[]> {
    const now = this.clock.now();
    return (await this.store.received(period)).map((r) => takedownView(r, now));
  }

  private async find(id: string): Promise<TakedownRecord> {
    const rec = await this.store.find(id);
    if (!rec) throw new AppError('not_found', { zh: '没有找到该处置要求。', en: 'No such takedown demand.' });
    return rec;
  }
}
