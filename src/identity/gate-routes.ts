import { z } from 'zod';
import {
  gateCheckRequestSchema,
  gateCheckResponseSchema,
  gateSealPageSchema,
  gateStatsSchema,
} from '../../contract/identity.js';
import { errorResponses, machineJsonHeaders } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { pageQuery } from '../platform/paging.js';
import type { GateService } from './gate-service.js';
import { gateCallers, identityReaders } from './verify-service.js';

const tags = ['identity'];
const sealKey = z.tuple([z.string().max(10), z.string().max(64)]);

/** The gate and its evidence (issue 15 items 3-4). */
export function registerGateRoutes(app: ZodApp, gate: GateService): void {
  app.post(
    '/api/identity/gate/check',
    {
      // A machine reads this JSON, no browser renders it: only the headers that matter to a
      // JSON client stay (no sniffing, HTTPS only). The page headers (CSP, frame and cross-origin
      // policies) cost a fifth of the server's time at the gate's rate (bench:gate profile).
      helmet: machineJsonHeaders,
      config: {
        access: gateCallers,
        action: 'identity.gate_check',
        scopes: ['identity.gate'],
        // A service asks before serving every sign-in: refusals are recorded, answers are not.
        audit: 'refusals',
      },
      schema: {
        tags,
        summary:
          'May this service serve this user? (token scope identity.gate; from memory, no database query; counted per service and Beijing day)',
        body: gateCheckRequestSchema,
        response: { 200: gateCheckResponseSchema, ...errorResponses },
      },
    },
    async (request) => gate.check(request.actor!, request.body.service, request.body.user),
  );

  app.get(
    '/api/identity/gate/stats',
    {
      config: { access: identityReaders },
      schema: {
        tags,
        summary: 'Gate checks since the process started, and per service and Beijing day (the last 31 days)',
        response: { 200: gateStatsSchema, ...errorResponses },
      },
    },
    async (request) => gate.stats(request.actor!),
  );

  app.get(
    '/api/identity/seals',
    {
      config: { access: identityReaders },
      schema: {
        tags,
        summary:
          'The daily seals per service (csl.real-name evidence): counts and the Merkle root of the day’s verification records',
        querystring: pageQuery(sealKey),
        response: { 200: gateSealPageSchema, ...errorResponses },
      },
    },
    async (request) =>
      gate.seals(request.actor!, { limit: request.query.limit, after: request.query.cursor }),
  );
}
