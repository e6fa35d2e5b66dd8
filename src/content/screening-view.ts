import type { z } from 'zod';
import type { DisposalView, reviewSchema, ruleSetVersionSchema } from '../../contract/content.js';
import type { DisposalRow, ReviewRow, RuleSetRow } from './screening-store.js';

/** Rows as the API answers them. Pure. */

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const isoOf = (d: Date | string): string => new Date(d).toISOString();

export function ruleSetVersionView(
  row: Omit<RuleSetRow, 'rules' | 'allow'>,
  active: number,
): z.infer<typeof ruleSetVersionSchema> {
  return {
    version: row.version,
    createdAt: isoOf(row.created_at),
    createdBy: row.created_by,
    note: row.note,
    rules: row.rule_count,
    allow: row.allow_count,
    categories: row.categories,
    active: row.version === active,
  };
}

export function reviewView(row: ReviewRow): z.infer<typeof reviewSchema> {
  return {
    id: row.id,
    itemId: row.item_id,
    service: row.service,
    publisher: row.publisher,
    url: row.url,
    excerpt: row.excerpt,
    contentHash: row.content_hash,
    matches: row.matches,
    version: row.version,
    status: row.status,
    heldAt: isoOf(row.held_at),
    decidedAt: iso(row.decided_at),
    decidedBy: row.decided_by,
    note: row.note,
    disposalId: row.disposal_id,
  };
}

export function disposalView(row: DisposalRow, ledgerSeq: number | null = null): DisposalView {
  return {
    id: row.id,
    origin: row.origin,
    itemId: row.item_id,
    service: row.service,
    publisher: row.publisher,
    url: row.url,
    contentHash: row.content_hash,
    excerpt: row.excerpt,
    category: row.category,
    decidedBy: { kind: row.decided_kind, rules: row.decided_rules, person: row.decided_person },
    detectedAt: isoOf(row.detected_at),
    stoppedAt: isoOf(row.stopped_at),
    deletion: {
      state: row.deletion_state,
      requestedAt: iso(row.deletion_requested_at),
      attempts: row.deletion_attempts,
      lastError: row.deletion_last_error,
      confirmedAt: iso(row.deletion_confirmed_at),
      dueAt: isoOf(row.deletion_due_at),
    },
    report: {
      reportedAt: iso(row.reported_at),
      recipient: row.report_recipient,
      reference: row.report_reference,
      dueAt: isoOf(row.report_due_at),
    },
    takedownId: row.takedown_id,
    complaintId: row.complaint_id,
    keepUntil: isoOf(row.keep_until),
    ledgerSeq,
  };
}
