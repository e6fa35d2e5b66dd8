import { z } from 'zod';
import { ciiOverviewSchema, trainingPolicySchema } from '../../contract/cii.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { registerApprovers } from '../registers/service.js';
import type { CiiService } from './service.js';

const policyOut = trainingPolicySchema;

export function registerCiiRoutes(app: ZodApp, cii: CiiService): void {
  app.get(
    '/api/cii',
    {
      config: { access: allRoles },
      schema: {
        tags: ['cii'],
        summary:
          'Where the organisation stands as a CII operator: profile, latest identification, disagreements',
        response: { 200: ciiOverviewSchema, ...errorResponses },
      },
    },
    async () => cii.overview(),
  );

  app.get(
    '/api/cii/training-policy',
    {
      config: { access: allRoles },
      schema: {
        tags: ['cii'],
        summary: "The 2017 draft's training hours (optional good practice) and who falls short in a year",
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: policyOut, ...errorResponses },
      },
    },
    async (request) => cii.trainingPolicy(request.query.year),
  );

  app.put(
    '/api/cii/training-policy',
    {
      config: { access: registerApprovers, action: 'cii.training_policy' },
      schema: {
        tags: ['cii'],
        summary: "Switch the 2017 draft's training-hours policy on or off",
        body: z.strictObject({ enabled: z.boolean() }),
        response: { 200: policyOut, ...errorResponses },
      },
    },
    async (request) => cii.setTrainingPolicy(request.actor!, request.body.enabled),
  );
}
