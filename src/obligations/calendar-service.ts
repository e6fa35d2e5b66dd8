import type { CalendarView, CalendarYearView } from '../../contract/calendar.js';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import {
  CalendarInputError,
  parseCalendarYear,
  WorkCalendar,
  yearDays,
  type CalendarSource,
  type HolidaysFile,
  type YearDays,
} from './calendar.js';
import type { CalendarStore, CalendarYearRow } from './calendar-store.js';

export type { CalendarView, CalendarYearView };

/** Who may add a year: an admin (it changes every working-day deadline in that year). */
export const calendarWriters = ['admin'] as const;

function addedView(r: CalendarYearRow): CalendarYearView {
  return {
    year: r.year,
    source: 'added',
    reference: r.reference,
    notice: r.notice_zh ? { zh: r.notice_zh, en: r.notice_en ?? '' } : null,
    daysOff: JSON.parse(r.days_off) as [string, string][],
    workingWeekends: JSON.parse(r.working_weekends) as string[],
    addedBy: r.added_by,
    addedAt: r.added_at.toISOString(),
  };
}

/**
 * The PRC working-day calendar as the user keeps it: the years shipped in
 * catalog/holidays.yaml, and the years an admin adds from each State Council
 * General Office notice (kept in the database, so every process reading it
 * sees the same calendar).
 */
export class CalendarService implements CalendarSource {
  private readonly shipped: CalendarYearView[];

  constructor(
    private readonly store: CalendarStore,
    holidays: HolidaysFile,
    private readonly clock: Clock,
  ) {
    this.shipped = holidays.years.map((y) => ({
      year: y.year,
      source: 'shipped',
      reference: y.notice.zh,
      notice: y.notice,
      daysOff: y.days_off,
      workingWeekends: y.working_weekends,
      addedBy: null,
      addedAt: null,
    }));
  }

  /** Every known year, shipped and added, ascending. */
  async view(): Promise<CalendarView> {
    const added = (await this.store.years()).map(addedView);
    return {
      years: [...this.shipped, ...added].sort((a, b) => a.year - b.year),
      lastShippedYear: Math.max(...this.shipped.map((y) => y.year)),
    };
  }

  async current(): Promise<WorkCalendar> {
    const years: YearDays[] = (await this.view()).years.map((y) => ({
      year: y.year,
      days_off: y.daysOff,
      working_weekends: y.workingWeekends,
    }));
    return new WorkCalendar(years);
  }

  /**
   * Adds a year from its notice (an object, or the text of a YAML file).
   * Checked strictly; a year already shipped or added is refused (409).
   */
  async addYear(actor: Actor, input: unknown): Promise<CalendarYearView> {
    requireRole(actor, calendarWriters);
    let y;
    try {
      y = parseCalendarYear(input);
    } catch (err) {
      if (err instanceof CalendarInputError)
        throw new AppError('validation_failed', err.messages, err.issues);
      throw err;
    }
    const known = (await this.view()).years.find((k) => k.year === y.year);
    if (known)
      throw new AppError(
        'conflict',
        {
          en: `The calendar already holds ${y.year} (${known.source === 'shipped' ? 'shipped with wangan' : `added by ${known.addedBy}`}: ${known.reference}).`,
          zh: `节假日日历中已有 ${y.year} 年（${known.source === 'shipped' ? '随系统提供' : `由 ${known.addedBy} 添加`}：${known.reference}）。`,
        },
        undefined,
        'year',
      );
    const days = yearDays(y);
    const row: CalendarYearRow = {
      year: y.year,
      reference: y.reference,
      notice_zh: y.notice?.zh ?? null,
      notice_en: y.notice?.en || null,
      days_off: JSON.stringify(days.days_off),
      working_weekends: JSON.stringify(days.working_weekends),
      added_by: actor.username,
      added_at: this.clock.now(),
    };
    if (!(await this.store.insert(row)))
      throw new AppError(
        'conflict',
        {
          en: `The calendar already holds ${y.year}: someone added it meanwhile.`,
          zh: `节假日日历中已有 ${y.year} 年：他人刚刚添加了该年份。`,
        },
        undefined,
        'year',
      );
    return addedView(row);
  }
}
