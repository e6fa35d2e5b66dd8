/** Years of the PRC working-day calendar that admins added (past the last year shipped in catalog/holidays.yaml). */
export interface CalendarYearTable {
  year: number;
  /** The notice's reference (document number, or title and date). */
  reference: string;
  notice_zh: string | null;
  notice_en: string | null;
  /** JSON: [[first, last], ...] inclusive ranges of days off, YYYY-MM-DD. */
  days_off: string;
  /** JSON: [YYYY-MM-DD, ...] weekend days worked in exchange. */
  working_weekends: string;
  added_by: string;
  added_at: Date;
}

export interface CalendarTables {
  calendar_years: CalendarYearTable;
}
