/** Where a duty stands, derived from evidence (see src/obligations/status.ts). */
export type ObligationStatus = 'met' | 'due_soon' | 'overdue' | 'missing' | 'not_applicable';
export const obligationStatuses: readonly ObligationStatus[] = [
  'met',
  'due_soon',
  'overdue',
  'missing',
  'not_applicable',
];

export type Bilingual = { zh: string; en: string };

/** Where an open item of a register stands. */
export type DeadlineStatus = 'overdue' | 'due_soon' | 'open' | 'on_track';

/** How a deadline is counted: calendar days or months, a clock of hours, or PRC working days. */
export type DeadlineBasis = 'calendar' | 'hours' | 'working_days';
export const deadlineBases: readonly DeadlineBasis[] = ['calendar', 'hours', 'working_days'];

/**
 * An open item: a deadline a record leaves (file this system by D, finish
 * this rectification by D, renew this agreement by D, report this incident
 * within 4 hours). Instants are ISO 8601 (UTC); the console shows them in
 * Asia/Shanghai, with the time of day when the clock runs in hours.
 */
export type Deadline = {
  /** Where the entry lives: a register id, or "mlps". */
  source: string;
  entryId: string;
  obligations: string[];
  label: Bilingual;
  /** What the entry is about (a system, a supplier, an assessment). */
  subject: string;
  /** The exact instant it falls due; null for an open item without a date. */
  dueAt: string | null;
  /** When its clock started, when known (a clock's length decides when it is due soon). */
  startAt: string | null;
  /** The Beijing civil date of dueAt (for lists that show dates only). */
  due: string | null;
  basis: DeadlineBasis;
  /**
   * Set when dueAt is an estimate, saying why: PRC working days counted in a
   * year whose holiday calendar is not known yet (Monday to Friday).
   */
  estimate: Bilingual | null;
  /** The rule that sets it (its id in the catalogue) and the articles it rests on ("csl2025:23"). */
  rule: { id: string; citations: string[] };
  status: DeadlineStatus;
  /** The operator's own deadlines change duty status; the authority's are shown only. */
  party: 'operator' | 'authority';
  citations?: Record<string, string[]> | undefined;
};

/** Points at which a clock shorter than a day escalates through the reminder channels. */
export type EscalationPoint = 'half' | 'quarter' | 'expiry';
