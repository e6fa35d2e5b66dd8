import { z } from 'zod';
import { bilingualSchema } from './status.js';

/** A year of the PRC working-day calendar: shipped in catalog/holidays.yaml, or added by an admin. */
export const calendarYearSchema = z.strictObject({
  year: z.number(),
  source: z.enum(['shipped', 'added']),
  /** The State Council General Office notice it comes from (document number, or title and date). */
  reference: z.string(),
  notice: bilingualSchema.nullable(),
  /** Inclusive ranges of days off. */
  daysOff: z.array(z.tuple([z.string(), z.string()])),
  /** Weekend days worked in exchange. */
  workingWeekends: z.array(z.string()),
  addedBy: z.string().nullable(),
  addedAt: z.string().nullable(),
});
export type CalendarYearView = z.infer<typeof calendarYearSchema>;

/** The calendar as it stands: every known year, ascending. */
export const calendarSchema = z.strictObject({
  years: z.array(calendarYearSchema),
  /** The last year shipped with this version; later years are added from the notice. */
  lastShippedYear: z.number(),
});
export type CalendarView = z.infer<typeof calendarSchema>;
