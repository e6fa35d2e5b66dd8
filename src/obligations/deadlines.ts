import type {
  Bilingual,
  Deadline,
  DeadlineBasis,
  DeadlineStatus,
  EscalationPoint,
} from '../../contract/status.js';
import { beijingDate, beijingDateTime, DAY, deadlineStatus } from '../platform/time.js';
import type { DerivedStatus, ObligationStatus } from './status.js';

/**
 * Open items: the deadlines records leave (file this system by D, finish this
 * rectification by D, renew this agreement by D, report this incident within
 * 4 hours). Capabilities compute them; the workspace folds those of the
 * operator into the status of the duties they serve, lists them all on the
 * dashboard and escalates the short clocks. Pure.
 */
export type { Deadline, DeadlineBasis, DeadlineStatus, EscalationPoint };

export interface OpenItemInput {
  source: string;
  entryId: string;
  obligations: string[];
  label: Bilingual;
  subject: string;
  party: Deadline['party'];
  /** The exact instant it falls due; null for an open item without a date. */
  dueAt: Date | null;
  /** When its clock started, when known. */
  startAt?: Date | null | undefined;
  basis: DeadlineBasis;
  estimate?: Bilingual | null | undefined;
  rule: { id: string; citations?: readonly string[] | undefined };
  /** A renewal is on track until it falls due, even without a date. */
  renewal?: boolean | undefined;
}

/** An open item as the workspace and the console read it, its status as of `now`. */
export function openItem(input: OpenItemInput, now: Date, dueSoonDays: number): Deadline {
  let status = deadlineStatus({ dueAt: input.dueAt, startAt: input.startAt }, now, dueSoonDays);
  if (input.renewal && status === 'open') status = 'on_track';
  return {
    source: input.source,
    entryId: input.entryId,
    obligations: input.obligations,
    label: input.label,
    subject: input.subject,
    dueAt: input.dueAt?.toISOString() ?? null,
    startAt: input.startAt?.toISOString() ?? null,
    due: input.dueAt ? beijingDate(input.dueAt) : null,
    basis: input.basis,
    estimate: input.estimate ?? null,
    rule: { id: input.rule.id, citations: [...(input.rule.citations ?? [])] },
    status,
    party: input.party,
  };
}

/** Citations as the catalogue writes them per version ({csl2025: ["23"]}) to "csl2025:23". */
export function citationList(c: Partial<Record<string, readonly string[]>> | undefined): string[] {
  return Object.entries(c ?? {}).flatMap(([v, arts]) => (arts ?? []).map((a) => `${v}:${a}`));
}

/** When it falls due, as a person reads it: the Beijing date, with the time of day for a clock of hours. */
export function dueText(d: Pick<Deadline, 'dueAt' | 'basis'>): string | null {
  if (!d.dueAt) return null;
  const at = new Date(d.dueAt);
  return d.basis === 'hours' ? `${beijingDateTime(at)} (Beijing)` : beijingDate(at);
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
    const dueAt = d.dueAt ? new Date(d.dueAt) : null;
    const nextDue = dueAt && (!out.nextDue || dueAt.getTime() < out.nextDue.getTime()) ? dueAt : out.nextDue;
    if (as && rank[as] > rank[out.status]) {
      const when = dueText(d);
      const whenZh =
        d.dueAt && d.basis === 'hours' ? `${beijingDateTime(new Date(d.dueAt))}（北京时间）` : when;
      out = {
        ...out,
        status: as,
        nextDue,
        reason: {
          en: `${d.label.en}: ${d.subject}${when ? `, due ${when}` : ''}${d.estimate ? ' (estimate)' : ''}`,
          zh: `${d.label.zh}：${d.subject}${whenZh ? `，${whenZh}到期` : ''}${d.estimate ? '（估算）' : ''}`,
        },
      };
    } else {
      out = { ...out, nextDue };
    }
  }
  return out;
}

// ---- escalation of short clocks ------------------------------------------------------

/** In order: half of the clock's time left, a quarter left, expired. */
export const escalationPoints: readonly EscalationPoint[] = ['half', 'quarter', 'expiry'];
const leftAt: Record<EscalationPoint, number> = { half: 0.5, quarter: 0.25, expiry: 0 };

/** An item's identity for escalations: the same item with the same due instant escalates once per point. */
export function openItemKey(d: Pick<Deadline, 'source' | 'entryId' | 'rule' | 'dueAt'>): string {
  return `${d.source}/${d.entryId}/${d.rule.id}@${d.dueAt ?? ''}`;
}

export interface Escalation {
  key: string;
  point: EscalationPoint;
  item: Deadline;
}

/** A clock shorter than a day, with a known start: the ones that escalate. */
export function isShortClock(d: Pick<Deadline, 'dueAt' | 'startAt'>): boolean {
  if (!d.dueAt || !d.startAt) return false;
  const length = new Date(d.dueAt).getTime() - new Date(d.startAt).getTime();
  return length > 0 && length < DAY;
}

/**
 * Which escalations are due now: the operator's clocks shorter than a day
 * escalate when half of their time is left, a quarter, and at expiry. Each
 * point goes out once (`sent` holds what went out before, by item key); when
 * several points passed unseen (the server was down), only the latest goes
 * out, and an earlier point is never sent after a later one.
 */
export function dueEscalations(
  items: readonly Deadline[],
  now: Date,
  sent: ReadonlyMap<string, readonly EscalationPoint[]>,
): Escalation[] {
  const out: Escalation[] = [];
  for (const item of items) {
    if (item.party !== 'operator' || !isShortClock(item)) continue;
    const due = new Date(item.dueAt!).getTime();
    const length = due - new Date(item.startAt!).getTime();
    const left = due - now.getTime();
    let reached = -1;
    escalationPoints.forEach((p, i) => {
      if (left <= leftAt[p] * length) reached = i;
    });
    if (reached < 0) continue;
    const key = openItemKey(item);
    const done = (sent.get(key) ?? []).map((p) => escalationPoints.indexOf(p));
    if (done.some((i) => i >= reached)) continue;
    out.push({ key, point: escalationPoints[reached]!, item });
  }
  return out;
}
