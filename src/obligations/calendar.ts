import { z } from 'zod';

/**
 * Deadlines in calendar days and in PRC working days. Dates are civil dates in
 * Beijing time (YYYY-MM-DD); the holiday calendar comes from catalog/holidays.yaml
 * and nothing is computed past its last year. Pure.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const holidaysFile = z.strictObject({
  years: z
    .array(
      z.strictObject({
        year: z.number().int(),
        notice: z.strictObject({ zh: z.string(), en: z.string() }),
        days_off: z.array(z.tuple([isoDate, isoDate])),
        working_weekends: z.array(isoDate),
      }),
    )
    .min(1),
});
export type HolidaysFile = z.infer<typeof holidaysFile>;

export class CalendarError extends Error {
  readonly code = 'calendar_unknown_year';
}

const DAY = 86_400_000;
const BEIJING = 8 * 3600_000;

function parseDate(d: string): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}
function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The civil date in Beijing of an instant. */
export function beijingDate(instant: Date): string {
  return formatDate(instant.getTime() + BEIJING);
}

export class WorkCalendar {
  private readonly off = new Set<string>();
  private readonly worked = new Set<string>();
  readonly firstYear: number;
  readonly lastYear: number;

  constructor(data: HolidaysFile) {
    const years = data.years.map((y) => y.year).sort((a, b) => a - b);
    this.firstYear = years[0]!;
    this.lastYear = years[years.length - 1]!;
    for (let y = this.firstYear; y <= this.lastYear; y++) {
      if (!years.includes(y)) throw new CalendarError(`The holiday calendar skips ${y}.`);
    }
    for (const y of data.years) {
      for (const [from, to] of y.days_off)
        for (let t = parseDate(from); t <= parseDate(to); t += DAY) this.off.add(formatDate(t));
      for (const d of y.working_weekends) this.worked.add(d);
    }
  }

  private checkYear(date: string): void {
    const y = Number(date.slice(0, 4));
    if (y < this.firstYear || y > this.lastYear) {
      throw new CalendarError(
        `No PRC holiday calendar for ${y}: working days are known for ${this.firstYear}-${this.lastYear} only (the State Council publishes each year's notice late in the year before). Add it to catalog/holidays.yaml.`,
      );
    }
  }

  isWorkingDay(date: string): boolean {
    this.checkYear(date);
    if (this.worked.has(date)) return true;
    if (this.off.has(date)) return false;
    const dow = new Date(parseDate(date)).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  /** The date `n` working days after `date` (the day itself not counted). */
  addWorkingDays(date: string, n: number): string {
    let t = parseDate(date);
    let left = n;
    while (left > 0) {
      t += DAY;
      if (this.isWorkingDay(formatDate(t))) left--;
    }
    return formatDate(t);
  }
}

/** Adds an ISO 8601 duration (P1Y, P6M, P30D, PT4H, P1DT2H) to an instant, in calendar time. */
export function addDuration(instant: Date, iso: string): Date {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
    iso,
  );
  if (!m || iso === 'P' || iso.endsWith('T')) throw new RangeError(`not an ISO 8601 duration: ${iso}`);
  const [, y, mo, w, d, h, mi, s] = m.map((x) => Number(x ?? 0)) as number[];
  const out = new Date(instant.getTime());
  if (y || mo) {
    // Month arithmetic on the Beijing calendar date, clamped to the month's last day.
    const local = new Date(out.getTime() + BEIJING);
    const day = local.getUTCDate();
    local.setUTCDate(1);
    local.setUTCMonth(local.getUTCMonth() + (y ?? 0) * 12 + (mo ?? 0));
    const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
    local.setUTCDate(Math.min(day, last));
    out.setTime(local.getTime() - BEIJING);
  }
  out.setTime(
    out.getTime() +
      ((w ?? 0) * 7 + (d ?? 0)) * DAY +
      (h ?? 0) * 3600_000 +
      (mi ?? 0) * 60_000 +
      (s ?? 0) * 1000,
  );
  return out;
}
