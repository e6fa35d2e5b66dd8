import { z } from 'zod';
import { actorKinds } from './audit-actions.js';
import { roles } from './roles.js';
import { pageOf } from './paging.js';

/** The orders the trail can be read in. */
export const auditSorts = ['newest', 'oldest'] as const;

/** A row of the audit trail. */
export const auditEventSchema = z.strictObject({
  id: z.number(),
  at: z.string(),
  /** The username as recorded ("anonymous" for a refused signed-out request). */
  actor: z.string(),
  /** Who acted, as a kind; with the role they had then, the actor in words (contract/audit-actions.ts). */
  actorKind: z.enum(actorKinds),
  actorRole: z.enum(roles).nullable(),
  via: z.string(),
  action: z.string(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  /** How many requests the row stands for: more than 1 for folded anonymous refusals. */
  count: z.number(),
  /** The last request a folded row counts. */
  lastAt: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** GET /api/audit-events, newest first. */
export const auditEventPageSchema = pageOf('events', auditEventSchema);
export type AuditEventPage = z.infer<typeof auditEventPageSchema>;
