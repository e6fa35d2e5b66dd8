import { z } from 'zod';
import { drillInputSchema, drillListSchema, drillSchema } from '../../contract/incidents.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { pageQuery } from '../platform/paging.js';
import { drillWriters, type DrillsService } from './drills-service.js';
import type { DrillKey } from './drills-store.js';

const drillKey: z.ZodType<DrillKey> = z.tuple([z.iso.date(), z.iso.datetime(), z.string().max(64)]);
const listQuery = pageQuery(drillKey).extend({ q: z.string().trim().max(200).optional() });
const followUpParams = z.strictObject({
  id: z.string().uuid(),
  index: z.coerce.number().int().min(0).max(99),
});
const followUpBody = z.strictObject({ doneOn: z.iso.date().nullable() });

/** Emergency drills: every role reads them; admin, compliance and security officers record them. */
export function registerDrillRoutes(app: ZodApp, drills: DrillsService): void {
  app.get(
    '/api/incidents/drills',
    {
      config: { access: allRoles },
      schema: {
        tags: ['incidents'],
        summary:
          'Emergency drills, newest first; words in the scenario or findings (q); paged (limit, cursor -> next)',
        querystring: listQuery,
        response: { 200: drillListSchema, ...errorResponses },
      },
    },
    async (request) => drills.list(request.query),
  );

  app.post(
    '/api/incidents/drills',
    {
      config: { access: drillWriters, action: 'incidents.drill_record' },
      schema: {
        tags: ['incidents'],
        summary:
          'Record a drill held (not in the future): evidence for the regular-drill and emergency-plan duties; the plan rehearsed is an approved emergency plan of the policies register (the plan in force when omitted)',
        body: drillInputSchema,
        response: { 201: drillSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await drills.record(request.actor!, request.body)),
  );

  app.patch(
    '/api/incidents/drills/:id/follow-ups/:index',
    {
      config: { access: drillWriters, action: 'incidents.drill_follow_up' },
      schema: {
        tags: ['incidents'],
        summary: 'Mark a follow-up of a drill done on a day (evidence), or not done (null); index from 0',
        params: followUpParams,
        body: followUpBody,
        response: { 200: drillSchema, ...errorResponses },
      },
    },
    async (request) =>
      drills.setFollowUp(request.actor!, request.params.id, request.params.index, request.body.doneOn),
  );
}
