import { z } from 'zod';
import { auditEventSchema, type AuditEvent } from '../../../contract/audit.js';
import { idKey, pageQuery } from '../paging.js';

export const auditEventOut = auditEventSchema;
export type AuditEventOut = AuditEvent;

/** Newest first; `cursor` is the `next` of the page before. */
export const auditQuery = pageQuery(idKey).extend({ actor: z.string().max(64).optional() });
