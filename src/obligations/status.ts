import type { Bilingual, ObligationStatus } from '../../contract/status.js';
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
  /** Why, in both console languages. */
  reason: Bilingual;
}

/** An ISO 8601 period as a person reads it: P1Y "1 year" / "1年", P6M "6 months" / "6个月". */
export function periodText(iso: string): Bilingual {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m) return { en: iso, zh: iso };
  const [y = 0, mo = 0, w = 0, d = 0, h = 0, mi = 0] = m.slice(1).map((x) => Number(x ?? 0));
  const parts: [number, string, string, string][] = [
    [y, 'year', 'years', '年'],
    [mo, 'month', 'months', '个月'],
    [w, 'week', 'weeks', '周'],
    [d, 'day', 'days', '天'],
    [h, 'hour', 'hours', '小时'],
    [mi, 'minute', 'minutes', '分钟'],
  ];
  const used = parts.filter(([n]) => n > 0);
  if (used.length === 0) return { en: iso, zh: iso };
  return {
    en: used.map(([n, one, many]) => `${n} ${n === 1 ? one : many}`).join(' '),
    zh: used.map(([n, , , zh]) => `${n}${zh}`).join(''),
  };
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
      reason: {
        en: 'declared not applicable, with a justification on record',
        zh: '已声明不适用，理由已存证',
      },
    };
  }
  const work = sorted.filter((e) => e.kind !== NOT_APPLICABLE && e.kind !== APPLICABLE_AGAIN);
  const last = work.find((e) => !e.kind.endsWith(FOLLOW_UP_SUFFIX)) ?? work[0] ?? null;
  if (!last)
    return {
      status: 'missing',
      lastEvidence: null,
      nextDue: null,
      reason: { en: 'no evidence yet', zh: '尚无证据' },
    };
  const period =
    recurrence.kind === 'periodic'
      ? recurrence.period!
      : recurrence.kind === 'continuous'
        ? settings.continuousReview
        : undefined;
  if (!period)
    return {
      status: 'met',
      lastEvidence: last,
      nextDue: null,
      reason: { en: 'evidence on record', zh: '已有证据' },
    };
  const nextDue = addDuration(last.occurredAt, period);
  const stands = deadlineStatus({ dueAt: nextDue, startAt: last.occurredAt }, now, settings.dueSoonDays);
  if (stands === 'overdue') {
    return {
      status: 'overdue',
      lastEvidence: last,
      nextDue,
      reason: {
        en: `the last evidence is older than ${periodText(period).en}`,
        zh: `最近一次证据已超过${periodText(period).zh}`,
      },
    };
  }
  if (stands === 'due_soon') {
    return {
      status: 'due_soon',
      lastEvidence: last,
      nextDue,
      reason: renewalDue(Math.ceil(dueSoonWindow(nextDue, last.occurredAt, settings.dueSoonDays) / DAY)),
    };
  }
  return {
    status: 'met',
    lastEvidence: last,
    nextDue,
    reason: { en: 'fresh evidence on record', zh: '证据在有效期内' },
  };
}

function renewalDue(days: number): Bilingual {
  return {
    en: `renewal due within ${days} ${days === 1 ? 'day' : 'days'}`,
    zh: `${days}天内需要更新证据`,
  };
}
