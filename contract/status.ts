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

/**
 * A deadline a register entry creates (file this system by D, finish this
 * rectification by D, renew this agreement by D, report this assessment).
 */
export type Deadline = {
  /** Where the entry lives: a register id, or "mlps". */
  source: string;
  entryId: string;
  obligations: string[];
  label: Bilingual;
  /** What the entry is about (a system, a supplier, an assessment). */
  subject: string;
  /** Civil date in Beijing; null for an open item without a date. */
  due: string | null;
  status: DeadlineStatus;
  /** The operator's own deadlines change duty status; the authority's are shown only. */
  party: 'operator' | 'authority';
  citations?: Record<string, string[]> | undefined;
};
