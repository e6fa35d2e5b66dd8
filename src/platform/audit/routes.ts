import { auditEventPageSchema } from '../../../contract/audit.js';
import { errorResponses } from '../http/common.js';
import type { ZodApp } from '../http/server.js';
import { auditFilterQuery, auditQuery } from './schema.js';
import type { AuditService } from './service.js';
import { beijingDate } from '../time.js';
import type { Clock } from '../clock.js';
import { z } from 'zod';

export function registerAuditRoutes(app: ZodApp, audit: AuditService, clock: Clock): void {
  app.get(
    '/api/audit-events',
    {
      config: { access: ['admin', 'auditor'], action: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary:
          'The audit trail of state-changing requests, newest first; words (q), action, actor, kind, outcome, from/to (Beijing dates), sort newest|oldest (paged: limit, cursor -> next)',
        querystring: auditQuery,
        response: { 200: auditEventPageSchema, ...errorResponses },
      },
    },
    async (request) => audit.list(request.actor!, request.query),
  );

  app.get(
    '/api/audit-events.csv',
    {
      config: { access: ['admin', 'auditor'], action: 'audit.export' },
      schema: {
        tags: ['audit'],
        summary:
          'The audit trail as CSV in words (UTF-8 with BOM, for Excel), with the same filters as the list; lang zh|en',
        querystring: auditFilterQuery.extend({ lang: z.enum(['zh', 'en']).default('zh') }),
      },
    },
    async (request, reply) => {
      const { lang, ...filter } = request.query;
      const out = await audit.exportCsv(request.actor!, filter, lang);
      // Exporting the trail is itself worth a line in it (reads are otherwise not recorded).
      await audit.record({
        actor: request.actor,
        action: 'audit.export',
        method: 'GET',
        path: '/api/audit-events.csv',
        status: 200,
        ip: request.ip,
        detail: { ...filter, rows: out.rows, ...(out.truncated ? { truncated: true } : {}) },
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="wangan-audit-${beijingDate(clock.now())}.csv"`)
        .header('x-wangan-truncated', String(out.truncated))
        .send(out.csv);
    },
  );
}
