import type { Deadline, DeadlineStatus } from '../../contract/status.js';
import type { DerivedStatus, ObligationStatus } from './status.js';

/**
 * A deadline a register entry creates (file this system by D, finish this
 * rectification by D, renew this agreement by D, report this assessment).
 * Registers compute them; the workspace folds those of the operator into the
 * status of the duties they serve and lists them all on the dashboard. Pure.
 */
export type { Deadline, DeadlineStatus };

const DAY = 86_400_000;

export function deadlineStatus(due: Date | null, now: Date, dueSoonDays: number): DeadlineStatus {
  if (!due) return 'open';
  if (due.getTime() < now.getTime()) return 'overdue';
  if (due.getTime() - now.getTime() <= dueSoonDays * DAY) return 'due_soon';
  return 'on_track';
}

const rank: Record<ObligationStatus, number> = {
  not_applicable: -1,
  met: 0,
  missing: 1,
  due_soon: 2,
  overdue: 3,
};

/**
 * A duty is as late as its latest open item: an overdue rectification makes
 * it overdue even with fresh evidence, an open item without a date keeps it
 * from "met". "Not applicable" is a human decision and stands.
 */
export function foldDeadlines(derived: DerivedStatus, deadlines: readonly Deadline[]): DerivedStatus {
  if (derived.status === 'not_applicable') return derived;
  let out = derived;
  for (const d of deadlines) {
    if (d.party !== 'operator') continue;
    const as: ObligationStatus | null =
      d.status === 'overdue'
        ? 'overdue'
        : d.status === 'due_soon'
          ? 'due_soon'
          : d.status === 'open'
            ? 'missing'
            : null;
    const dueAt = d.due ? new Date(`${d.due}T00:00:00+08:00`) : null;
    const nextDue = dueAt && (!out.nextDue || dueAt.getTime() < out.nextDue.getTime()) ? dueAt : out.nextDue;
    if (as && rank[as] > rank[out.status]) {
      out = {
        ...out,
        status: as,
        nextDue,
        reason: d.due ? `${d.label.en}: ${d.subject}, due ${d.due}` : `${d.label.en}: ${d.subject}`,
      };
    } else {
      out = { ...out, nextDue };
    }
  }
  return out;
}
