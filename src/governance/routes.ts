import { z } from 'zod';
import { gradingSchema, mlpsOverviewSchema, systemSchema } from '../../contract/governance.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { harms, objects } from './grading.js';
import { governanceWriters, MLPS_DUTIES, type GovernanceService } from './service.js';

const cell = z.strictObject({ object: z.enum(objects), harm: z.enum(harms) });
const date = z.iso.date();
const systemView = systemSchema;

export function registerGovernanceRoutes(app: ZodApp, governance: GovernanceService): void {
  app.get(
    '/api/governance/mlps',
    {
      config: { access: allRoles },
      schema: {
        tags: ['governance'],
        summary: 'Systems under classified protection, with filing and assessment deadlines',
        response: { 200: mlpsOverviewSchema, ...errorResponses },
      },
    },
    async () => ({
      systems: await governance.overview(),
      duties: Object.values(MLPS_DUTIES),
      filingRule: governance.filingRule(),
    }),
  );

  app.post(
    '/api/governance/mlps/grade',
    {
      config: { access: allRoles, action: 'mlps.preview', readOnly: true },
      schema: {
        tags: ['governance'],
        summary: 'The grading calculator: the level of a system, without recording it',
        body: z.strictObject({ businessInformation: cell, systemService: cell }),
        response: { 200: gradingSchema, ...errorResponses },
      },
    },
    async (request) => governance.preview(request.body),
  );

  app.post(
    '/api/governance/mlps/systems',
    {
      config: { access: governanceWriters, action: 'mlps.grade' },
      schema: {
        tags: ['governance'],
        summary: 'Grade (or re-grade) a system; recorded as evidence',
        body: z.strictObject({
          id: z.string().uuid().optional(),
          name: z.string().min(1).max(200),
          stage: z.enum(['running', 'new']),
          wentLiveOn: date.optional(),
          gradedOn: date,
          businessInformation: cell,
          systemService: cell,
        }),
        response: { 201: systemView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await governance.gradeSystem(request.actor!, request.body)),
  );

  app.post(
    '/api/governance/mlps/systems/:id/filings',
    {
      config: { access: governanceWriters, action: 'mlps.filing' },
      schema: {
        tags: ['governance'],
        summary: 'Record the filing of a level 2+ system with public security',
        params: z.strictObject({ id: z.string().uuid() }),
        body: z.strictObject({
          filedOn: date,
          authority: z.string().min(1).max(200),
          reference: z.string().min(1).max(100),
        }),
        response: { 201: systemView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await governance.recordFiling(request.actor!, request.params.id, request.body)),
  );

  app.post(
    '/api/governance/mlps/systems/:id/assessments',
    {
      config: { access: governanceWriters, action: 'mlps.assessment' },
      schema: {
        tags: ['governance'],
        summary: 'Record a classified-protection assessment (score 0-100; any high risk makes it poor)',
        params: z.strictObject({ id: z.string().uuid() }),
        body: z.strictObject({
          assessedOn: date,
          score: z.number().min(0).max(100),
          highRisk: z.boolean(),
          assessor: z.string().min(1).max(200),
        }),
        response: { 201: systemView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await governance.recordAssessment(request.actor!, request.params.id, request.body)),
  );
}
