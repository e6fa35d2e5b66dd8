import { z } from 'zod';
import { allRoles } from '../auth/roles.js';
import { capabilities } from '../capabilities.js';
import type { Database } from '../db/database.js';
import { errorResponses } from './common.js';
import type { ZodApp } from './server.js';

export function registerSystemRoutes(app: ZodApp, database: Database, version: string): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: {
          200: z.object({
            status: z.literal('ok'),
            version: z.string(),
            database: z.enum(['pglite', 'postgres']),
          }),
          503: z.object({
            status: z.literal('unavailable'),
            version: z.string(),
            database: z.enum(['pglite', 'postgres']),
          }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await database.executeSql('select 1');
        return { status: 'ok' as const, version, database: database.kind };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, version, database: database.kind });
      }
    },
  );

  app.get(
    '/api/capabilities',
    {
      config: { access: allRoles },
      schema: {
        tags: ['system'],
        summary: 'The capabilities of the product and whether each is available yet',
        response: {
          200: z.object({
            capabilities: z.array(
              z.object({ key: z.string(), articles: z.string(), available: z.boolean() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({ capabilities: [...capabilities] }),
  );
}
