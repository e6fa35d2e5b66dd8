import { z } from 'zod';
import { pageOf } from './paging.js';
import { bilingualSchema, deadlineSchema } from './status.js';

/** Registers (catalog/registers.yaml) as the console sees them. */
export const fieldTypes = ['text', 'textarea', 'date', 'number', 'boolean', 'enum', 'ref', 'file'] as const;
export type FieldType = (typeof fieldTypes)[number];

export const fieldSpecSchema = z.strictObject({
  name: z.string(),
  type: z.enum(fieldTypes),
  label: bilingualSchema,
  required: z.boolean(),
  not_future: z.boolean(),
  after: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean(),
  options: z.array(z.strictObject({ value: z.string(), zh: z.string(), en: z.string() })).optional(),
  register: z.string().optional(),
});
export type FieldSpecView = z.infer<typeof fieldSpecSchema>;

/**
 * What the console needs of a register's definition (the catalogue's schema
 * has more: rules, deadlines, ledger summary; who may write is in `can`).
 */
export const registerSpecSchema = z.strictObject({
  id: z.string(),
  group: z.enum(['governance', 'cii']),
  title: bilingualSchema,
  summary: bilingualSchema,
  citations: z.record(z.string(), z.array(z.string()).optional()),
  date_field: z.string(),
  current_by: z.string().optional(),
  subject: z.string().optional(),
  versioned: z.boolean(),
  approval: z.boolean(),
  completable: z.array(z.string()),
  fields: z.array(fieldSpecSchema),
  obligations: z.array(z.string()),
  obligations_by: z.record(z.string(), z.record(z.string(), z.array(z.string()))).optional(),
});
export type RegisterSpecView = z.infer<typeof registerSpecSchema>;

export const fileRefSchema = z.strictObject({ name: z.string(), sha256: z.string() });
export type FileRef = z.infer<typeof fileRefSchema>;
export const valueSchema = z.union([z.string(), z.number(), z.boolean(), fileRefSchema]);
export type Value = z.infer<typeof valueSchema>;
export const entryDataSchema = z.record(z.string(), valueSchema);
export type EntryData = z.infer<typeof entryDataSchema>;

export const entryStatuses = ['recorded', 'pending', 'approved', 'rejected'] as const;
export type EntryStatus = (typeof entryStatuses)[number];

export const entrySchema = z.strictObject({
  id: z.string(),
  register: z.string(),
  data: entryDataSchema,
  on: z.string(),
  subject: z.string(),
  version: z.number().nullable(),
  status: z.enum(entryStatuses),
  /** The latest counted entry of its kind (per current_by), when the register has versions. */
  current: z.boolean(),
  obligations: z.array(z.string()),
  recordedBy: z.string(),
  recordedAt: z.string(),
  reviewedBy: z.string().nullable(),
  reviewNote: z.string().nullable(),
  evidenceIds: z.array(z.string()),
});
export type EntryView = z.infer<typeof entrySchema>;

/** What the caller may do in one register (the register's own writers and the token's scope included). */
export const registerActions = [
  'registers.record',
  'registers.import',
  'registers.complete',
  'registers.review',
] as const;
export type RegisterAction = (typeof registerActions)[number];

export const registerSummarySchema = z.strictObject({
  spec: registerSpecSchema,
  /** Shown when at least one duty it serves applies to the organisation. */
  visible: z.boolean(),
  entries: z.number(),
  openItems: z.number(),
});
export type RegisterSummary = z.infer<typeof registerSummarySchema>;

/** GET /api/registers. */
export const registerListSchema = z.strictObject({ registers: z.array(registerSummarySchema) });
export type RegisterList = z.infer<typeof registerListSchema>;

/** The orders a register's entries can be read in (by their date, or when they were recorded). */
export const entrySorts = ['occurred_desc', 'occurred_asc', 'recorded_desc', 'recorded_asc'] as const;
export type EntrySort = (typeof entrySorts)[number];

/** GET /api/registers/:id: the register, its open items, a page of its entries (newest first). */
export const registerDetailSchema = pageOf('entries', entrySchema).extend({
  spec: registerSpecSchema,
  deadlines: z.array(deadlineSchema),
  can: z.array(z.enum(registerActions)),
});
export type RegisterDetail = z.infer<typeof registerDetailSchema>;

/** GET /api/registers/deadlines. */
export const registerDeadlinesSchema = z.strictObject({ deadlines: z.array(deadlineSchema) });

/** POST /api/registers/:id/import. */
export const importOutcomeSchema = z.strictObject({
  imported: z.number(),
  skipped: z.number(),
  skippedLines: z.array(z.number()),
});
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

/** A line of an import file that cannot be stored: the field at fault and why, in both languages (`message` is the English). */
export const importLineErrorSchema = z.strictObject({
  line: z.number(),
  field: z.string().nullable(),
  message: z.string(),
  messages: bilingualSchema,
});
export type ImportLineError = z.infer<typeof importLineErrorSchema>;

/**
 * POST /api/registers/:id/import/preview: the rows as an import of the file
 * would store them (new ones; those already on record or repeated, which it
 * skips; the template's example row), and the line errors. Stores nothing.
 */
export const importPreviewSchema = z.strictObject({
  format: z.enum(['csv', 'xlsx']),
  /** How a CSV file's bytes were read; null for a workbook or CSV text. */
  encoding: z.enum(['utf-8', 'gb18030', 'utf-16le', 'utf-16be']).nullable(),
  /** Data rows in the file (the example row not counted). */
  total: z.number(),
  rows: z.array(
    z.strictObject({
      line: z.number(),
      status: z.enum(['new', 'duplicate', 'example']),
      data: entryDataSchema,
    }),
  ),
  /** The first 200 line errors; errorCount has them all. */
  errors: z.array(importLineErrorSchema),
  errorCount: z.number(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const trainingShortfallSchema = z.strictObject({
  person: z.string(),
  post: z.string(),
  required: z.number(),
  done: z.number(),
});
export type TrainingShortfall = z.infer<typeof trainingShortfallSchema>;
