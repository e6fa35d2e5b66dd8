import type { z } from 'zod';
import type { takedownSchema } from '../../contract/content.js';
import { openItem, type Deadline } from '../obligations/deadlines.js';
import { addDuration, DAY } from '../platform/time.js';
import type { TakedownRecord } from './takedowns-store.js';

/**
 * Takedown demands as rules: when one is due, when it is overdue, how it
 * reads in the API, and the open item it leaves. Pure.
 */
export type TakedownView = z.infer<typeof takedownSchema>;

/** The duty a takedown demand and its actions prove: CSL 2025 Art 52 (2016 Art 50). */
export const takedownDuty = 'csl.takedown-demands';
export const takedownCitations = ['csl2025:52', 'csl2016:50'] as const;

/**
 * When a demand is due: the deadline it names, or (it names none) the
 * catalogue's default after it arrived; `defaultDeadline` says which, so the
 * console marks the uncertain default.
 */
export function takedownDue(
  receivedAt: Date,
  dueAt: Date | undefined,
  defaultDuration: string,
): { dueAt: Date; defaultDeadline: boolean } {
  return dueAt
    ? { dueAt, defaultDeadline: false }
    : { dueAt: addDuration(receivedAt, defaultDuration), defaultDeadline: true };
}

/** Overdue: its due instant has passed and it was not done by then (a demand done late stays marked late). */
export function isOverdue(r: { due_at: Date; done_at: Date | null }, now: Date): boolean {
  const due = r.due_at.getTime();
  return due < now.getTime() && (r.done_at === null || r.done_at.getTime() > due);
}

export function takedownView({ row, targets, actions }: TakedownRecord, now: Date): TakedownView {
  return {
    id: row.id,
    issuer: row.issuer,
    issuerName: row.issuer_name,
    documentNumber: row.document_number,
    receivedAt: row.received_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    defaultDeadline: row.default_deadline,
    targets: targets.map((t) => (t.note === null ? { value: t.value } : { value: t.value, note: t.note })),
    summary: row.summary,
    status: row.status,
    actions: actions.map((a) => ({
      at: a.at.toISOString(),
      by: a.by,
      action: a.action,
      targets: [...a.targets],
      disposalId: a.disposal_id,
    })),
    doneAt: row.done_at?.toISOString() ?? null,
    confirmation:
      row.confirmed_at && row.confirmed_by
        ? {
            at: row.confirmed_at.toISOString(),
            by: row.confirmed_by,
            reference: row.confirmation_reference,
            note: row.confirmation_note ?? '',
          }
        : null,
    overdue: isOverdue(row, now),
    version: row.version,
  };
}

/**
 * The open item of a demand not yet done: due at its exact instant, its
 * clock started when it arrived (so a demand due within hours is a short
 * clock the workspace escalates at half, a quarter and expiry).
 */
export function takedownOpenItem(
  d: Pick<
    TakedownView,
    'id' | 'issuer' | 'issuerName' | 'documentNumber' | 'receivedAt' | 'dueAt' | 'targets'
  >,
  issuer: { zh: string; en: string },
  now: Date,
  dueSoonDays: number,
): Deadline {
  const receivedAt = new Date(d.receivedAt);
  const dueAt = new Date(d.dueAt);
  const n = d.targets.length;
  return openItem(
    {
      source: 'content.takedowns',
      entryId: d.id,
      obligations: [takedownDuty],
      label: {
        zh: `执行${d.issuerName}（${issuer.zh}）的处置要求（${d.documentNumber}）`,
        en: `Act on takedown demand ${d.documentNumber} from ${d.issuerName} (${issuer.en})`,
      },
      subject: `${d.targets[0]?.value ?? ''}${n > 1 ? ` (+${n - 1})` : ''}`,
      party: 'operator',
      dueAt,
      startAt: receivedAt,
      basis: dueAt.getTime() - receivedAt.getTime() < DAY ? 'hours' : 'calendar',
      rule: { id: 'content.takedowns.deadline', citations: takedownCitations },
    },
    now,
    dueSoonDays,
  );
}
