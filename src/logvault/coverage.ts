import { HOUR } from '../platform/time.js';

/**
 * Coverage of the log vault, pure: which sealed days are missing for the
 * duty to be met, which hours a regular source fell silent, and whether a
 * source has gone quiet. Dates are Beijing civil dates; instants are Dates.
 */

/** A source as coverage sees it: active from its first Beijing day, until it was retired (null: still active). */
export interface SourceSpan {
  id: string;
  from: string;
  to: string | null;
}

export interface MissingSeal {
  day: string;
  source: string;
}

/**
 * The (day, source) pairs of the window not sealed: a day of the window
 * counts for every source active on it. `sealed` maps a day to the sources
 * its seal covers. The duty (CSL 2025 Art 23(3)) is met only when this is
 * empty; the oldest missing pair comes first.
 */
export function missingSeals(
  window: readonly string[],
  sealed: ReadonlyMap<string, ReadonlySet<string>>,
  sources: readonly SourceSpan[],
): MissingSeal[] {
  const out: MissingSeal[] = [];
  for (const day of window) {
    const covered = sealed.get(day);
    for (const s of sources) {
      if (day < s.from || (s.to !== null && day > s.to)) continue;
      if (!covered?.has(s.id)) out.push({ day, source: s.id });
    }
  }
  return out;
}

export interface Gap {
  from: Date;
  to: Date;
  hours: number;
}

/**
 * Hours without events from a source that usually sends: `counts` are the
 * events per hour (keyed by the hour's start, ms) over [from, to). A source
 * is regular when at least `regularShare` of the window's hours have events;
 * for a regular source every run of at least `minHours` empty hours is a gap.
 * An irregular source (a device that logs now and then) has no gaps.
 */
export function hourlyGaps(
  counts: ReadonlyMap<number, number>,
  from: Date,
  to: Date,
  opts: { regularShare?: number; minHours?: number } = {},
): Gap[] {
  const regularShare = opts.regularShare ?? 0.5;
  const minHours = opts.minHours ?? 2;
  const start = Math.floor(from.getTime() / HOUR) * HOUR;
  const end = Math.ceil(to.getTime() / HOUR) * HOUR;
  const hours = (end - start) / HOUR;
  if (hours <= 0) return [];
  let busy = 0;
  for (let t = start; t < end; t += HOUR) if ((counts.get(t) ?? 0) > 0) busy++;
  if (busy / hours < regularShare) return [];
  const gaps: Gap[] = [];
  let runStart: number | null = null;
  for (let t = start; t <= end; t += HOUR) {
    const empty = t < end && (counts.get(t) ?? 0) === 0;
    if (empty && runStart === null) runStart = t;
    if (!empty && runStart !== null) {
      const n = (t - runStart) / HOUR;
      if (n >= minHours) gaps.push({ from: new Date(runStart), to: new Date(t), hours: n });
      runStart = null;
    }
  }
  return gaps;
}

/** A source has gone quiet when nothing came from it for `quietAfterMinutes` (its expected interval, with slack). */
export function isQuiet(lastEventAt: Date | null, now: Date, quietAfterMinutes: number): boolean {
  if (!lastEventAt) return false;
  return now.getTime() - lastEventAt.getTime() > quietAfterMinutes * 60_000;
}

/**
 * What the vault holds against the legal window: the oldest day kept, the
 * oldest day the law asks for today, and how many days short it falls (0
 * when it reaches back far enough, or the vault started after that day:
 * then the duty counts from the start, and `sinceStart` says so).
 */
export function retainedSpan(
  oldestKept: string | null,
  started: string,
  windowStart: string,
): { oldestKept: string | null; required: string; shortDays: number; sinceStart: boolean } {
  const sinceStart = started > windowStart;
  const required = sinceStart ? started : windowStart;
  const shortDays =
    oldestKept === null
      ? Math.max(0, (Date.parse(started) - Date.parse(required)) / 86_400_000)
      : Math.max(0, (Date.parse(oldestKept) - Date.parse(required)) / 86_400_000);
  return { oldestKept, required, shortDays, sinceStart };
}

// --- quiet sources (session 6)

/**
 * When a source counts as quiet: nothing for longer than QUIET_FACTOR times
 * its expected interval between events (3600000 / expectedPerHour ms), and
 * never less than QUIET_MIN_MS; a source with no expected volume after
 * QUIET_DEFAULT_MS. Operating thresholds, not law: a device logs unevenly,
 * so three missed intervals (at least an hour) before anyone is told.
 */
export const QUIET_FACTOR = 3;
export const QUIET_MIN_MS = HOUR;
export const QUIET_DEFAULT_MS = 24 * HOUR;

/** How long a source may send nothing before it is quiet (ms). */
export function quietAfterMs(expectedPerHour: number | null): number {
  if (expectedPerHour === null || expectedPerHour <= 0) return QUIET_DEFAULT_MS;
  return Math.max(QUIET_MIN_MS, Math.ceil((QUIET_FACTOR * HOUR) / expectedPerHour));
}
