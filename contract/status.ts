import { z } from 'zod';

/**
 * Shapes the server answers and the console reads, as zod schemas: the routes
 * use them as their response schemas (strict: a field the schema does not
 * name fails the response instead of leaking), the console infers its types
 * from them. contract/ imports nothing but zod (checked by dependency-cruiser).
 */

/** Where a duty stands, derived from evidence (see src/obligations/status.ts). */
export const obligationStatuses = ['met', 'due_soon', 'overdue', 'missing', 'not_applicable'] as const;
export const obligationStatusSchema = z.enum(obligationStatuses);
export type ObligationStatus = z.infer<typeof obligationStatusSchema>;

export const bilingualSchema = z.strictObject({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof bilingualSchema>;

/** Where an open item of a register stands. */
export const deadlineStatuses = ['overdue', 'due_soon', 'open', 'on_track'] as const;
export const deadlineStatusSchema = z.enum(deadlineStatuses);
export type DeadlineStatus = z.infer<typeof deadlineStatusSchema>;

/** How a deadline is counted: calendar days or months, a clock of hours, or PRC working days. */
export const deadlineBases = ['calendar', 'hours', 'working_days'] as const;
export const deadlineBasisSchema = z.enum(deadlineBases);
export type DeadlineBasis = z.infer<typeof deadlineBasisSchema>;

/**
 * An open item: a deadline a record leaves (file this system by D, finish
 * this rectification by D, renew this agreement by D, report this incident
 * within 4 hours). Instants are ISO 8601 (UTC); the console shows them in
 * Asia/Shanghai, with the time of day when the clock runs in hours.
 */
export const deadlineSchema = z.strictObject({
  /** Where the entry lives: a register id, or "mlps". */
  source: z.string(),
  entryId: z.string(),
  obligations: z.array(z.string()),
  label: bilingualSchema,
  /** What the entry is about (a system, a supplier, an assessment). */
  subject: z.string(),
  /** The exact instant it falls due; null for an open item without a date. */
  dueAt: z.string().nullable(),
  /** When its clock started, when known (a clock's length decides when it is due soon). */
  startAt: z.string().nullable(),
  /** The Beijing civil date of dueAt (for lists that show dates only). */
  due: z.string().nullable(),
  basis: deadlineBasisSchema,
  /**
   * Set when dueAt is an estimate, saying why: PRC working days counted in a
   * year whose holiday calendar is not known yet (Monday to Friday).
   */
  estimate: bilingualSchema.nullable(),
  /** The rule that sets it (its id in the catalogue) and the articles it rests on ("csl2025:23"). */
  rule: z.strictObject({ id: z.string(), citations: z.array(z.string()) }),
  status: deadlineStatusSchema,
  /** The operator's own deadlines change duty status; the authority's are shown only. */
  party: z.enum(['operator', 'authority']),
  citations: z.record(z.string(), z.array(z.string())).optional(),
  /** The duties it serves with their titles, so a list or a notice names them (set by the workspace). */
  duties: z.array(z.strictObject({ id: z.string(), title: bilingualSchema })).optional(),
});
export type Deadline = z.infer<typeof deadlineSchema>;

/** Points at which a clock shorter than a day escalates through the reminder channels. */
export type EscalationPoint = 'half' | 'quarter' | 'expiry';
