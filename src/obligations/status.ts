import type { ObligationStatus } from '../../contract/status.js';
import { addDuration, DAY, deadlineStatus, dueSoonWindow } from '../platform/time.js';
import type { ContractRecurrence } from './applicability.js';

/**
 * Status is derived from evidence, never ticked by hand; "not applicable" is
 * the one human decision, and it is itself evidence. Pure.
 */
export type { ObligationStatus };

export interface EvidenceFact {
  id: string;
  kind: string;
  occurredAt: Date;
}

export interface StatusSettings {
  /** "Due soon" this many days before a deadline (or a quarter of its clock, when shorter). */
  dueSoonDays: number;
  /** How long evidence of a continuous duty stays fresh. */
  continuousReview: string;
}

export interface DerivedStatus {
  status: ObligationStatus;
  lastEvidence: EvidenceFact | null;
  nextDue: Date | null;
  reason: string;
}

export const NOT_APPLICABLE = 'not_applicable';
/**
 * Kinds ending so are follow-ups of earlier work (a report filed after an
 * assessment, a rectification completed): evidence, but they do not restart
 * a periodic duty's clock, which runs from the work itself.
 */
export const FOLLOW_UP_SUFFIX = '_completed';
export const APPLICABLE_AGAIN = 'applicable_again';

export function deriveStatus(
  recurrence: ContractRecurrence,
  evidence: readonly EvidenceFact[],
  now: Date,
  settings: StatusSettings,
): DerivedStatus {
  const sorted = [...evidence].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
  const decision = sorted.find((e) => e.kind === NOT_APPLICABLE || e.kind === APPLICABLE_AGAIN);
  if (decision?.kind === NOT_APPLICABLE) {
    return {
      status: 'not_applicable',
      lastEvidence: decision,
      nextDue: null,
      reason: 'declared not applicable, with a justification on record',
    };
  }
  const work = sorted.filter((e) => e.kind !== NOT_APPLICABLE && e.kind !== APPLICABLE_AGAIN);
  const last = work.find((e) => !e.kind.endsWith(FOLLOW_UP_SUFFIX)) ?? work[0] ?? null;
  if (!last) return { status: 'missing', lastEvidence: null, nextDue: null, reason: 'no evidence yet' };
  const period =
    recurrence.kind === 'periodic'
      ? recurrence.period!
      : recurrence.kind === 'continuous'
        ? settings.continuousReview
        : undefined;
  if (!period) return { status: 'met', lastEvidence: last, nextDue: null, reason: 'evidence on record' };
  const nextDue = addDuration(last.occurredAt, period);
  const stands = deadlineStatus({ dueAt: nextDue, startAt: last.occurredAt }, now, settings.dueSoonDays);
  if (stands === 'overdue') {
    return {
      status: 'overdue',
      lastEvidence: last,
      nextDue,
      reason: `the last evidence is older than ${period}`,
    };
  }
  if (stands === 'due_soon') {
    return {
      status: 'due_soon',
      lastEvidence: last,
      nextDue,
      reason: `renewal due within ${Math.ceil(dueSoonWindow(nextDue, last.occurredAt, settings.dueSoonDays) / DAY)} days`,
    };
  }
  return { status: 'met', lastEvidence: last, nextDue, reason: 'fresh evidence on record' };
}
