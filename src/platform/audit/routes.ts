import { z } from 'zod';
import { errorResponses } from '../http/common.js';
import type { ZodApp } from '../http/server.js';
import { auditEventOut, auditQuery } from './schema.js';
import type { AuditService } from './service.js';

export function registerAuditRoutes(app: ZodApp, audit: AuditService): void {
  app.get(
    '/api/audit-events',
    {
      config: { access: ['admin', 'auditor'] },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail of state-changing requests, newest first',
        querystring: auditQuery,
        response: { 200: z.object({ events: z.array(auditEventOut) }), ...errorResponses },
      },
    },
    async (request) => ({ events: await audit.list(request.actor!, request.query) }),
  );
}
