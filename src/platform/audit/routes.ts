import { auditEventPageSchema } from '../../../contract/audit.js';
import { errorResponses } from '../http/common.js';
import type { ZodApp } from '../http/server.js';
import { pageRequest } from '../paging.js';
import { auditQuery } from './schema.js';
import type { AuditService } from './service.js';

export function registerAuditRoutes(app: ZodApp, audit: AuditService): void {
  app.get(
    '/api/audit-events',
    {
      config: { access: ['admin', 'auditor'], action: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail of state-changing requests, newest first (paged: limit, cursor -> next)',
        querystring: auditQuery,
        response: { 200: auditEventPageSchema, ...errorResponses },
      },
    },
    async (request) =>
      audit.list(request.actor!, { ...pageRequest(request.query), actor: request.query.actor }),
  );
}
