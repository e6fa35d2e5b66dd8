import { z } from 'zod';
import { citationsSchema, recurrenceSchema } from './obligations.js';
import { pageOf } from './paging.js';
import {
  bilingualSchema,
  deadlineBasisSchema,
  deadlineSchema,
  obligationStatuses,
  obligationStatusSchema,
  type ObligationStatus,
} from './status.js';

/** Evidence submitted for review (four eyes) in the workspace. */
export const submissionStatuses = ['pending', 'approved', 'rejected'] as const;
export const submissionSchema = z.strictObject({
  id: z.string(),
  obligationId: z.string(),
  summary: z.string(),
  occurredAt: z.string(),
  fileSha256: z.string().nullable(),
  fileName: z.string().nullable(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  status: z.enum(submissionStatuses),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  /** The reviewer's comment (审核意见); a rejection always has one, its reason. */
  reviewNote: z.string().nullable(),
  evidenceId: z.string().nullable(),
});
export type SubmissionOut = z.infer<typeof submissionSchema>;
/** GET /api/workspace/submissions, newest first. */
export const submissionPageSchema = pageOf('submissions', submissionSchema);
export type SubmissionPage = z.infer<typeof submissionPageSchema>;

/** A comment or task on a duty. */
export const noteSchema = z.strictObject({
  id: z.string(),
  obligationId: z.string(),
  kind: z.enum(['comment', 'task']),
  body: z.string(),
  author: z.string(),
  createdAt: z.string(),
  assignee: z.string().nullable(),
  dueDate: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
});
export type NoteOut = z.infer<typeof noteSchema>;
/** GET /api/workspace/:id/notes, oldest first. */
export const notePageSchema = pageOf('notes', noteSchema);
export type NotePage = z.infer<typeof notePageSchema>;

/** A duty in the workspace. */
export const workspaceItemSchema = z.strictObject({
  id: z.string(),
  title: bilingualSchema,
  chapter: z.string(),
  citations: citationsSchema,
  recurrence: recurrenceSchema,
  status: obligationStatusSchema,
  /** Why the duty stands so ("fresh evidence on record" / "证据在有效期内"). */
  reason: bilingualSchema,
  nextDue: z.string().nullable(),
  lastEvidenceAt: z.string().nullable(),
  owner: z.string().nullable(),
  pending: z.number(),
  /** Open tasks on the duty. */
  openTasks: z.number(),
  /** Highest fixed fine on the entity per version, for the exposure of gaps. */
  maxFine: z.record(z.string(), z.number()),
});
export type WorkspaceItemView = z.infer<typeof workspaceItemSchema>;

/** The evidence ledger's health, as the dashboard shows it (GET /api/ledger/status). */
export const ledgerStatusSchema = z.strictObject({
  size: z.number(),
  pending: z.number(),
  lastCheckpoint: z.strictObject({ size: z.number(), at: z.string() }).nullable(),
  verifierKey: z.string(),
  origin: z.string(),
  lastVerification: z
    .strictObject({
      at: z.string(),
      ok: z.boolean(),
      records: z.number(),
      detail: z.string(),
      messages: z.strictObject({ zh: z.string(), en: z.string() }),
    })
    .nullable(),
});
export type LedgerStatusView = z.infer<typeof ledgerStatusSchema>;

const statusCounts = z.strictObject(
  Object.fromEntries(obligationStatuses.map((s) => [s, z.number()])) as Record<ObligationStatus, z.ZodNumber>,
);

/** The workspace dashboard (GET /api/workspace). */
export const overviewSchema = z.strictObject({
  items: z.array(workspaceItemSchema),
  byChapter: z.array(z.strictObject({ chapter: z.string(), counts: statusCounts })),
  exposure: z.array(z.strictObject({ version: z.string(), openGaps: z.number(), maxEntity: z.number() })),
  ledger: ledgerStatusSchema,
  dueSoonDays: z.number(),
  /** Open items the registers leave (filings, rectifications, renewals, reports), soonest first. */
  deadlines: z.array(deadlineSchema),
});
export type OverviewView = z.infer<typeof overviewSchema>;

/** GET /api/workspace/:id/deadline: when an event duty falls due for an event at a given instant. */
export const eventDeadlineSchema = z.strictObject({
  dueAt: z.string(),
  due: z.string(),
  basis: deadlineBasisSchema,
  estimate: bilingualSchema.nullable(),
  detail: z.string(),
});

/** POST /api/workspace/:id/applicability. */
export const applicabilityOutSchema = z.strictObject({ evidenceId: z.string() });

/** A register whose entries prove a duty (catalog/registers.yaml), or the MLPS register. */
export const provingRegisterSchema = z.strictObject({
  id: z.string(),
  group: z.string(),
  title: bilingualSchema,
});
export type ProvingRegister = z.infer<typeof provingRegisterSchema>;

/** GET /api/workspace/:id: one duty as its drawer shows it. */
export const dutyDetailSchema = z.strictObject({
  item: workspaceItemSchema,
  /** Who made the current owner the owner, and when. */
  ownerAssignedBy: z.string().nullable(),
  ownerAssignedAt: z.string().nullable(),
  registers: z.array(provingRegisterSchema),
});
export type DutyDetail = z.infer<typeof dutyDetailSchema>;

/** GET /api/workspace/people: the active people a duty or a task can be given to. */
export const peopleSchema = z.strictObject({
  people: z.array(z.strictObject({ username: z.string(), displayName: z.string() })),
});
export type People = z.infer<typeof peopleSchema>;

/**
 * GET /api/workspace/duties: the duties with their derived status, searched,
 * narrowed and sorted on the server. `law` is the order of the law (the
 * catalogue's: chapter, then article), the dashboard's default; `severity`
 * puts overdue first, then gaps, due soon, met, not applicable.
 */
export const dutySorts = [
  'law',
  'due_asc',
  'due_desc',
  'severity_desc',
  'severity_asc',
  'title_asc',
  'title_desc',
  'id_asc',
  'id_desc',
] as const;
export type DutySort = (typeof dutySorts)[number];
/** A page of duties, and how many match the filters in all (the list is derived in memory, so counting is free). */
export const dutyPageSchema = pageOf('duties', workspaceItemSchema).extend({ total: z.number() });
export type DutyPage = z.infer<typeof dutyPageSchema>;
