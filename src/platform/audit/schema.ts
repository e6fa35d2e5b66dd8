import { z } from 'zod';

export const auditEventOut = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
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
export type AuditEventOut = z.infer<typeof auditEventOut>;

export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().optional(),
  actor: z.string().max(64).optional(),
});
