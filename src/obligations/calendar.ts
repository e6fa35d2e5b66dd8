import YAML from 'yaml';
import { z } from 'zod';
import type { Bilingual } from '../../contract/status.js';
import { addDays, isCivilDate, weekday } from '../platform/time.js';
import { issueText } from '../platform/validation-text.js';

/**
 * Deadlines in PRC working days. Dates are civil dates in Beijing time
 * (YYYY-MM-DD). Each year's holidays come from the State Council General
 * Office's notice: the years shipped in catalog/holidays.yaml, and the years
 * an admin adds later (kept in the database). A working-day count that runs
 * through a year no one has given yet is counted Monday to Friday and marked
 * as an estimate, never refused. Pure.
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

/** One year's days off (inclusive ranges) and the weekend days worked in exchange. */
export interface YearDays {
  year: number;
  days_off: readonly (readonly [string, string])[];
  working_weekends: readonly string[];
}

const civilDate = z.string().refine(isCivilDate, 'must be a date (YYYY-MM-DD)');

/**
 * A year an admin adds from the State Council General Office notice
 * (国务院办公厅关于XXXX年部分节假日安排的通知): the same shape as a year of
 * catalog/holidays.yaml, with the notice's reference (its document number,
 * e.g. 国办发明电〔2025〕7号, or its title and date) required. Checked strictly:
 * every date in that year, ranges in order, working weekends on a Saturday
 * or Sunday and never a day off.
 */
export const calendarYearInput = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    reference: z.string().trim().min(3).max(300),
    notice: z
      .strictObject({ zh: z.string().trim().min(1).max(300), en: z.string().trim().max(300).default('') })
      .optional(),
    /** Ranges [first, last] of days off, or single dates. */
    days_off: z
      .array(z.union([civilDate, z.tuple([civilDate, civilDate])]))
      .min(1)
      .max(60),
    working_weekends: z.array(civilDate).max(30).default([]),
  })
  .superRefine((y, ctx) => {
    const inYear = (d: string) => d.startsWith(`${y.year}-`);
    const off = new Set<string>();
    y.days_off.forEach((r, i) => {
      const [from, to] = typeof r === 'string' ? [r, r] : r;
      for (const d of [from, to])
        if (!inYear(d))
          ctx.addIssue({ code: 'custom', path: ['days_off', i], message: `${d} is not in ${y.year}` });
      if (to < from) {
        ctx.addIssue({ code: 'custom', path: ['days_off', i], message: `${to} is before ${from}` });
        return;
      }
      for (let d = from; d <= to && inYear(d); d = addDays(d, 1)) off.add(d);
    });
    y.working_weekends.forEach((d, i) => {
      if (!inYear(d))
        ctx.addIssue({ code: 'custom', path: ['working_weekends', i], message: `${d} is not in ${y.year}` });
      const dow = weekday(d);
      if (dow !== 0 && dow !== 6)
        ctx.addIssue({
          code: 'custom',
          path: ['working_weekends', i],
          message: `${d} is not a Saturday or Sunday`,
        });
      if (off.has(d))
        ctx.addIssue({
          code: 'custom',
          path: ['working_weekends', i],
          message: `${d} is also listed as a day off`,
        });
    });
  });
export type CalendarYearInput = z.output<typeof calendarYearInput>;

/** The days of an added year, ranges normalised. */
export function yearDays(y: CalendarYearInput): YearDays {
  return {
    year: y.year,
    days_off: y.days_off.map((r) => (typeof r === 'string' ? ([r, r] as const) : r)),
    working_weekends: [...new Set(y.working_weekends)].sort(),
  };
}

export class CalendarInputError extends Error {
  constructor(
    readonly messages: Bilingual,
    readonly issues: { path: string; message: string; messages: Bilingual }[],
  ) {
    super(messages.en);
  }
}

/** Reads a year from a YAML (or JSON) text, as `wangan calendar add FILE.yaml` and the console's upload send it. */
export function parseCalendarYear(input: unknown): CalendarYearInput {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = YAML.parse(input) as unknown;
    } catch (err) {
      throw new CalendarInputError(
        { en: `Not readable YAML: ${(err as Error).message}`, zh: '无法读取该文件：不是有效的 YAML 格式。' },
        [],
      );
    }
  }
  const parsed = calendarYearInput.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    path: `/${i.path.join('/')}`,
    message: i.message,
    messages: issueText(i),
  }));
  const first = issues.slice(0, 5);
  throw new CalendarInputError(
    {
      en: `Invalid calendar year: ${first.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      zh: `节假日年份内容有误：${first.map((i) => `${i.path} ${i.messages.zh}`).join('；')}`,
    },
    issues,
  );
}

/** Why a working-day deadline is an estimate. */
export function estimateNote(years: readonly number[]): Bilingual {
  const list = years.join(', ');
  return {
    zh: `尚无${years.join('、')}年的节假日安排（国务院办公厅通知），暂按周一至周五计算，为估算值；管理员在“设置 > 工作日历”中录入后即按实际安排计算。`,
    en: `No holiday calendar for ${list} yet (State Council General Office notice): counted Monday to Friday, so this is an estimate; it is exact once an admin adds the year in Settings > Working-day calendar.`,
  };
}

export class WorkCalendar {
  private readonly off = new Set<string>();
  private readonly worked = new Set<string>();
  /** The years whose notice is known, ascending. */
  readonly years: readonly number[];

  constructor(years: readonly YearDays[]) {
    this.years = [...new Set(years.map((y) => y.year))].sort((a, b) => a - b);
    for (const y of years) {
      for (const [from, to] of y.days_off) for (let d = from; d <= to; d = addDays(d, 1)) this.off.add(d);
      for (const d of y.working_weekends) this.worked.add(d);
    }
  }

  knows(year: number): boolean {
    return this.years.includes(year);
  }

  /** A working day, by the year's notice; Monday to Friday in a year not known yet. */
  isWorkingDay(date: string): boolean {
    if (this.worked.has(date)) return true;
    if (this.off.has(date)) return false;
    const dow = weekday(date);
    return dow !== 0 && dow !== 6;
  }

  /**
   * The date `n` working days after `date` (the day itself not counted), and
   * the years the count ran through without a known calendar (an estimate
   * when not empty).
   */
  addWorkingDays(date: string, n: number): { date: string; unknownYears: number[] } {
    let d = date;
    let left = n;
    const unknown = new Set<number>();
    while (left > 0) {
      d = addDays(d, 1);
      const y = Number(d.slice(0, 4));
      if (!this.knows(y)) unknown.add(y);
      if (this.isWorkingDay(d)) left--;
    }
    return { date: d, unknownYears: [...unknown].sort((a, b) => a - b) };
  }
}

/** The working-day calendar as it stands now (shipped years and the years admins added). */
export interface CalendarSource {
  current(): Promise<WorkCalendar>;
}
