import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { allRoles } from '../platform/auth/roles.js';
import { organisationOut, updateOrganisationBody } from './schema.js';
import type { OrganisationService } from './service.js';

export function registerOrganisationRoutes(app: ZodApp, organisation: OrganisationService): void {
  app.get(
    '/api/organisation',
    {
      config: { access: allRoles },
      schema: {
        tags: ['organisation'],
        summary: 'The organisation and its profile',
        response: { 200: organisationOut, ...errorResponses },
      },
    },
    async () => organisation.get(),
  );

  app.put(
    '/api/organisation',
    {
      config: { access: ['admin', 'compliance_officer'], action: 'organisation.update' },
      schema: {
        tags: ['organisation'],
        summary: 'Replace the organisation profile',
        body: updateOrganisationBody,
        response: { 200: organisationOut, ...errorResponses },
      },
    },
    async (request) => organisation.update(request.actor!, request.body.profile),
  );
}
