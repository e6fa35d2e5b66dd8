import crypto from 'node:crypto';
import type { z } from 'zod';
import type { complaintPublicViewSchema, complaintSchema } from '../../contract/content.js';
import type { Deadline } from '../../contract/status.js';
import type { WorkCalendar } from '../obligations/calendar.js';
import { estimateNote } from '../obligations/calendar.js';
import { openItem } from '../obligations/deadlines.js';
import type { Bilingual } from '../platform/errors.js';
import { maskContact } from '../platform/public-intake/contact.js';
import { beijingDate, beijingMidnight } from '../platform/time.js';
import type { ComplaintRow, ReplyRow } from './complaints-store.js';

/**
 * The complaint and reporting channel's rules (CSL 2025 Art 51(1), 2016 Art
 * 49(1)): references, tracking codes, the handling clock on the PRC
 * working-day calendar, what staff and the public see. Pure.
 */
export type ComplaintView = z.infer<typeof complaintSchema>;
export type ComplaintPublicView = z.infer<typeof complaintPublicViewSchema>;

export const COMPLAINTS_DUTY = 'csl.complaints-channel';
/** The purpose a complainant's one-time code is sent for. */
export const COMPLAINT_CODE_PURPOSE = 'content.complaint';

/** TS-2026-000123: the year received (Beijing) and a number that never repeats. */
export function complaintReference(receivedAt: Date, n: number): string {
  return `TS-${beijingDate(receivedAt).slice(0, 4)}-${String(n).padStart(6, '0')}`;
}

// Letters and digits a person reads back without confusing them (no 0/O, 1/I/L).
const TRACKING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A tracking code of 12 characters in three groups (about 59 bits), shown to the complainant once. */
export function newTrackingCode(): string {
  const chars = Array.from(crypto.randomBytes(12), (b) => TRACKING_ALPHABET[b % TRACKING_ALPHABET.length]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The stored form of a tracking code: case, spaces and dashes do not matter. */
export function trackingHash(code: string): string {
  const norm = code.toUpperCase().replace(/[\s-]/g, '');
  return crypto.createHash('sha256').update(norm).digest('hex');
}

export function trackingMatches(code: string, hash: string): boolean {
  const a = Buffer.from(trackingHash(code), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * When a complaint received at `receivedAt` must be answered: `days` PRC
 * working days later (the day of receipt not counted), at the time of day it
 * came in, Beijing time. Counted Monday to Friday through a year whose
 * holiday notice is not known yet, and then an estimate.
 */
export function handlingDue(
  receivedAt: Date,
  days: number,
  calendar: WorkCalendar,
): { dueAt: Date; estimated: boolean; estimate: Bilingual | null } {
  const day = beijingDate(receivedAt);
  const timeOfDay = receivedAt.getTime() - beijingMidnight(day).getTime();
  const r = calendar.addWorkingDays(day, days);
  return {
    dueAt: new Date(beijingMidnight(r.date).getTime() + timeOfDay),
    estimated: r.unknownYears.length > 0,
    estimate: r.unknownYears.length ? estimateNote(r.unknownYears) : null,
  };
}

/** Statuses in which the handling clock runs. */
export const waiting = (status: string): boolean => status === 'received' || status === 'in_progress';

export function isOverdue(row: Pick<ComplaintRow, 'status' | 'due_at'>, now: Date): boolean {
  return waiting(row.status) && now.getTime() >= row.due_at.getTime();
}

/** A complaint as staff see it; the contact masked unless `reveal`. */
export function complaintView(
  row: ComplaintRow,
  replies: readonly ReplyRow[],
  now: Date,
  reveal = false,
): ComplaintView {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind as ComplaintView['kind'],
    category: row.category,
    subject: row.subject,
    body: row.body,
    target: row.target,
    contact: row.contact === null ? null : reveal ? row.contact : maskContact(row.contact),
    contactVerified: row.contact_verified,
    lang: row.lang as ComplaintView['lang'],
    status: row.status as ComplaintView['status'],
    assignee: row.assignee,
    receivedAt: row.received_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    dueEstimated: row.due_estimated,
    answeredAt: row.answered_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    outcome: row.outcome,
    replies: replies.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      by: r.by,
      body: r.body,
      public: r.public,
    })),
    disposalId: row.disposal_id,
    overdue: isOverdue(row, now),
    version: row.version,
  };
}

/** What the tracking page shows: the status and the public replies, and nothing else. */
export function publicView(row: ComplaintRow, replies: readonly ReplyRow[]): ComplaintPublicView {
  return {
    reference: row.reference,
    status: row.status as ComplaintPublicView['status'],
    receivedAt: row.received_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    replies: replies.filter((r) => r.public).map((r) => ({ at: r.at.toISOString(), body: r.body })),
  };
}

/** The open item of a complaint still waiting for an answer. */
export function complaintItem(
  row: ComplaintRow,
  rule: { days: number; citations: readonly string[]; estimate: Bilingual | null },
  now: Date,
  dueSoonDays: number,
): Deadline {
  const kindZh = row.kind === 'report' ? '举报' : '投诉';
  return openItem(
    {
      source: 'content.complaints',
      entryId: row.id,
      obligations: [COMPLAINTS_DUTY],
      label: {
        zh: `答复${kindZh}（${rule.days}个工作日内）`,
        en: `Answer the ${row.kind} (within ${rule.days} working days)`,
      },
      subject: `${row.reference} ${row.subject}`,
      party: 'operator',
      dueAt: row.due_at,
      startAt: row.received_at,
      basis: 'working_days',
      estimate: row.due_estimated ? rule.estimate : null,
      rule: { id: 'content.complaints.handling', citations: rule.citations },
    },
    now,
    dueSoonDays,
  );
}
