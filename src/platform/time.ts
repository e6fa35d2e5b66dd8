import type { DeadlineStatus } from '../../contract/status.js';

/**
 * Time, in one place: Beijing civil dates (the date of an instant, the
 * midnight of a date), "not in the future" checks, duration arithmetic and
 * where a deadline stands. China keeps UTC+8 all year (no daylight saving
 * since 1991), so a fixed offset is exact. Pure: "now" is always passed in
 * (from the injected Clock, src/platform/clock.ts).
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const BEIJING_OFFSET = 8 * HOUR;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function utcMidnight(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}
function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether `s` is a real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isCivilDate(s: string): boolean {
  if (!isoDate.test(s)) return false;
  const ms = utcMidnight(s);
  return !Number.isNaN(ms) && formatUtcDate(ms) === s;
}

/** The civil date in Beijing of an instant (YYYY-MM-DD). */
export function beijingDate(instant: Date): string {
  return formatUtcDate(instant.getTime() + BEIJING_OFFSET);
}

/** The Beijing year of an instant. */
export function beijingYear(instant: Date): number {
  return Number(beijingDate(instant).slice(0, 4));
}

/** The start (00:00 Beijing) of a civil date. */
export function beijingMidnight(date: string): Date {
  return new Date(utcMidnight(date) - BEIJING_OFFSET);
}

/** An instant as Beijing wall time, "YYYY-MM-DD HH:mm". */
export function beijingDateTime(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_OFFSET).toISOString().slice(0, 16).replace('T', ' ');
}

/** The civil date `n` days after (or before, n < 0) `date`. */
export function addDays(date: string, n: number): string {
  return formatUtcDate(utcMidnight(date) + n * DAY);
}

/** Day of the week of a civil date: 0 Sunday ... 6 Saturday. */
export function weekday(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** A civil date after today in Beijing: work recorded for it has not happened yet. */
export function isFutureDate(date: string, now: Date): boolean {
  return date > beijingDate(now);
}

/** An instant later than now, beyond a minute's leeway for clocks that differ a little. */
export function isFutureInstant(instant: Date, now: Date, leewayMs = MINUTE): boolean {
  return instant.getTime() > now.getTime() + leewayMs;
}

const durationPattern =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

function durationParts(iso: string): number[] {
  const m = durationPattern.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new RangeError(`not an ISO 8601 duration: ${iso}`);
  return m.slice(1).map((x) => Number(x ?? 0));
}

/** Adds an ISO 8601 duration (P1Y, P6M, P30D, PT4H, P1DT2H) to an instant, in calendar time. */
export function addDuration(instant: Date, iso: string): Date {
  const [y = 0, mo = 0, w = 0, d = 0, h = 0, mi = 0, s = 0] = durationParts(iso);
  let t = instant.getTime();
  if (y || mo) {
    // Month arithmetic on the Beijing calendar date, clamped to the month's last day.
    const local = new Date(t + BEIJING_OFFSET);
    const day = local.getUTCDate();
    local.setUTCDate(1);
    local.setUTCMonth(local.getUTCMonth() + y * 12 + mo);
    const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
    local.setUTCDate(Math.min(day, last));
    t = local.getTime() - BEIJING_OFFSET;
  }
  return new Date(t + (w * 7 + d) * DAY + h * HOUR + mi * MINUTE + s * 1000);
}

/** Whether a duration is a clock of hours (shorter than a day: PT1H, PT4H), not of days or months. */
export function isHourClock(iso: string): boolean {
  const [y = 0, mo = 0, w = 0, d = 0] = durationParts(iso);
  return y + mo + w + d === 0 && addDuration(new Date(0), iso).getTime() < DAY;
}

/**
 * How long before its due instant an item is "due soon": the configured
 * due-soon days, or a quarter of the clock's length when that is shorter (a
 * 4-hour clock at 1 hour left, a 30-day clock at 7.5 days). Without a known
 * start, the due-soon days alone.
 */
export function dueSoonWindow(dueAt: Date, startAt: Date | null | undefined, dueSoonDays: number): number {
  const days = dueSoonDays * DAY;
  if (!startAt || startAt.getTime() >= dueAt.getTime()) return days;
  return Math.min(days, (dueAt.getTime() - startAt.getTime()) / 4);
}

/**
 * Where a deadline stands: overdue once its instant has passed, due soon
 * within its window (dueSoonWindow), on track before; an item without a due
 * instant is open.
 */
export function deadlineStatus(
  clock: { dueAt: Date | null; startAt?: Date | null | undefined },
  now: Date,
  dueSoonDays: number,
): DeadlineStatus {
  const { dueAt, startAt } = clock;
  if (!dueAt) return 'open';
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  if (left <= dueSoonWindow(dueAt, startAt, dueSoonDays)) return 'due_soon';
  return 'on_track';
}
