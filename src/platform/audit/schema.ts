import { z } from 'zod';
import { auditEventSchema, auditSorts, type AuditEvent } from '../../../contract/audit.js';
import { actorKinds, auditOutcomes } from '../../../contract/audit-actions.js';
import { pageQuery, sortedKey } from '../paging.js';

export const auditEventOut = auditEventSchema;
export type AuditEventOut = AuditEvent;

/** What the trail can be narrowed to: the list and the CSV export take the same filters. */
export const auditFilterQuery = z.strictObject({
  /** Words in the username, the action (its name or its label), the path, the address or the details. */
  q: z.string().trim().max(200).optional(),
  action: z.string().max(200).optional(),
  /** One username, exactly. */
  actor: z.string().max(64).optional(),
  kind: z.enum(actorKinds).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  /** Beijing dates, both included. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  sort: z.enum(auditSorts).default('newest'),
});
export type AuditFilter = z.infer<typeof auditFilterQuery>;

/** Newest first unless sorted otherwise; `cursor` is the `next` of the page before. */
export const auditQuery = pageQuery(sortedKey).extend(auditFilterQuery.shape);
