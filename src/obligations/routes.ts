import { z } from 'zod';
import {
  assessmentSchema,
  catalogueSchema,
  dutyTitlesSchema,
  reportFileSchema,
} from '../../contract/obligations.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { formatAssessment } from './report.js';
import type { ObligationsService } from './service.js';

/** The assessment's shape is shared with the console: contract/obligations.ts. */
export const assessmentOut = assessmentSchema;

export function registerObligationRoutes(app: ZodApp, obligations: ObligationsService): void {
  app.get(
    '/api/obligations/catalog',
    {
      config: { access: allRoles },
      schema: {
        tags: ['obligations'],
        summary:
          'The shipped catalogue: versions, article map, obligations, penalties, out-of-scope articles, evidence kind labels',
        response: { 200: catalogueSchema, ...errorResponses },
      },
    },
    async () => {
      const {
        versions,
        articleMap,
        obligations: duties,
        penalties,
        outOfScope,
        evidenceKinds,
      } = obligations.catalogue();
      return { versions, articleMap, obligations: duties, penalties, outOfScope, evidenceKinds };
    },
  );

  app.get(
    '/api/obligations/titles',
    {
      config: { access: allRoles },
      schema: {
        tags: ['obligations'],
        summary: "Every duty's title by id (the console names duties by title where a shape carries ids)",
        response: { 200: dutyTitlesSchema, ...errorResponses },
      },
    },
    async () => ({
      titles: Object.fromEntries(obligations.catalogue().obligations.map((o) => [o.id, o.title])),
    }),
  );

  app.post(
    '/api/obligations/assess',
    {
      config: { access: allRoles, action: 'obligations.assess', readOnly: true },
      schema: {
        tags: ['obligations'],
        summary: 'The duties that apply to a profile (not stored)',
        body: z.strictObject({ profile: z.record(z.string(), z.unknown()) }),
        response: { 200: assessmentOut, ...errorResponses },
      },
    },
    async (request) => obligations.assessProfile(request.body.profile),
  );

  app.get(
    '/api/obligations/assess',
    {
      config: { access: allRoles },
      schema: {
        tags: ['obligations'],
        summary: "The duties that apply to the organisation's own profile",
        response: { 200: assessmentOut, ...errorResponses },
      },
    },
    async () => obligations.assessOrganisation(),
  );

  app.post(
    '/api/obligations/report',
    {
      config: { access: allRoles, action: 'obligations.report', readOnly: true },
      schema: {
        tags: ['obligations'],
        summary: 'The assessment of a profile as a Markdown, JSON or text document to download',
        body: z.strictObject({
          profile: z.record(z.string(), z.unknown()),
          format: z.enum(['md', 'json', 'text']),
        }),
        response: { 200: reportFileSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assessment = obligations.assessProfile(request.body.profile);
      const ext = request.body.format === 'text' ? 'txt' : request.body.format;
      return {
        filename: `wangan-obligations.${ext}`,
        content: formatAssessment(assessment, request.body.format),
      };
    },
  );
}
