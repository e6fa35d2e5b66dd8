import { z } from 'zod';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { formatAssessment } from './report.js';
import type { ObligationsService } from './service.js';

const bilingual = z.object({ zh: z.string(), en: z.string() });
export const assessmentOut = z.object({
  profile: z.string(),
  obligations: z.array(
    z.looseObject({
      id: z.string(),
      title: bilingual,
      citations: z.record(z.string(), z.array(z.string())),
      recurrence: z.looseObject({ kind: z.string() }),
      penalties: z.array(
        z.looseObject({
          version: z.string(),
          article: z.string(),
          tiers: z.array(z.looseObject({ level: z.string() })),
        }),
      ),
      because: z.array(z.string()),
    }),
  ),
  exposure: z.array(z.looseObject({ version: z.string(), max_entity: z.number(), max_persons: z.number() })),
  amendment_2025: z.array(z.looseObject({ obligation: z.string(), kind: z.string(), detail: bilingual })),
});

export function registerObligationRoutes(app: ZodApp, obligations: ObligationsService): void {
  app.get(
    '/api/obligations/catalog',
    {
      config: { access: allRoles },
      schema: {
        tags: ['obligations'],
        summary:
          'The shipped catalogue: versions, article map, obligations, penalties, out-of-scope articles',
        response: {
          200: z.object({
            versions: z.array(z.looseObject({ key: z.string() })),
            articleMap: z.array(z.looseObject({ kind: z.string() })),
            obligations: z.array(z.looseObject({ id: z.string() })),
            penalties: z.array(z.looseObject({ id: z.string() })),
            outOfScope: z.array(z.looseObject({ version: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async () => obligations.catalogue(),
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
        response: { 200: z.object({ filename: z.string(), content: z.string() }), ...errorResponses },
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
