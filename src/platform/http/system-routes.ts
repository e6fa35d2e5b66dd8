import {
  capabilityListSchema,
  healthSchema,
  unavailableSchema,
  type Capability,
} from '../../../contract/system.js';
import { allRoles } from '../auth/roles.js';
import type { Database } from '../db/database.js';
import { errorResponses } from './common.js';
import type { ZodApp } from './server.js';

/** A problem a health check found that leaves the server up but its records in doubt. */
export type HealthProblems = () => string[];

/** A capability as the console's navigation reads it (from the module list). */
export type CapabilityView = Capability;

export function registerSystemRoutes(
  app: ZodApp,
  database: Database,
  version: string,
  problems: HealthProblems,
  capabilities: readonly CapabilityView[],
): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary:
          'Liveness, database reachability, and whether the evidence ledger passed its last self-check',
        response: {
          200: healthSchema,
          503: unavailableSchema,
        },
      },
    },
    async (_request, reply) => {
      try {
        await database.executeSql('select 1');
        const found = problems();
        if (found.length > 0)
          return { status: 'degraded' as const, version, database: database.kind, problems: found };
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
        summary:
          'The capabilities of the product (the module list), whether each is built yet, and which the navigation shows',
        response: {
          200: capabilityListSchema,
          ...errorResponses,
        },
      },
    },
    async () => ({ capabilities: [...capabilities] }),
  );
}
