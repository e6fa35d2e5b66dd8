import type { Bilingual } from './status.js';

/** A year of the PRC working-day calendar: shipped in catalog/holidays.yaml, or added by an admin. */
export type CalendarYearView = {
  year: number;
  source: 'shipped' | 'added';
  /** The State Council General Office notice it comes from (document number, or title and date). */
  reference: string;
  notice: Bilingual | null;
  /** Inclusive ranges of days off. */
  daysOff: [string, string][];
  /** Weekend days worked in exchange. */
  workingWeekends: string[];
  addedBy: string | null;
  addedAt: string | null;
};

/** The calendar as it stands: every known year, ascending. */
export type CalendarView = {
  years: CalendarYearView[];
  /** The last year shipped with this version; later years are added from the notice. */
  lastShippedYear: number;
};
