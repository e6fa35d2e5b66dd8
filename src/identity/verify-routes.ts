import { z } from 'zod';
import {
  enrolmentRequestSchema,
  enrolmentResponseSchema,
  identityStatusSchema,
  platformUserSchema,
  serviceConfigInputSchema,
  serviceConfigSchema,
  serviceKeySchema,
  serviceListSchema,
  verificationCodeSchema,
  verificationPageSchema,
  verificationSchema,
  verificationStatuses,
} from '../../contract/identity.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { instantKey, pageQuery } from '../platform/paging.js';
import type { IdentityServices } from './part.js';
import { gateCallers, identityReaders, serviceConfigurers, type VerifyService } from './verify-service.js';

const tags = ['identity'];
const id = z.strictObject({ id: z.string().min(1).max(64) });
const key = z.strictObject({ key: serviceKeySchema });
const verificationQuery = pageQuery(instantKey).extend({
  service: serviceKeySchema.optional(),
  user: platformUserSchema.optional(),
  status: z.enum(verificationStatuses).optional(),
});
const serviceReaders = [...new Set([...identityReaders, ...gateCallers])];

/** Services' requirements, enrolment and verification (issue 15 items 1-2). */
export function registerVerifyRoutes(app: ZodApp, verify: VerifyService, all: IdentityServices): void {
  app.get(
    '/api/identity/services',
    {
      config: { access: serviceReaders },
      schema: {
        tags,
        summary: 'The services and what each requires',
        response: { 200: serviceListSchema, ...errorResponses },
      },
    },
    async (request) => ({ services: await verify.services(request.actor!) }),
  );

  app.put(
    '/api/identity/services/:key',
    {
      config: { access: serviceConfigurers, action: 'identity.service_configure' },
      schema: {
        tags,
        summary:
          "Set a service's real-name requirement (methods, validity overrides); each change is a csl.real-name configuration record in the ledger",
        params: key,
        body: serviceConfigInputSchema,
        response: { 200: serviceConfigSchema, ...errorResponses },
      },
    },
    async (request) => verify.putService(request.actor!, request.params.key, request.body),
  );

  app.post(
    '/api/identity/enrolments',
    {
      config: { access: gateCallers, action: 'identity.enrol', scopes: ['identity.gate'] },
      schema: {
        tags,
        summary:
          "Enrol a service's user with their real identity (token scope identity.gate): the person goes into the vault, and the verifications the service requires begin (an SMS code is sent; the identity check answers at once)",
        body: enrolmentRequestSchema,
        response: { 200: enrolmentResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const r = await verify.enrol(request.actor!, body);
      return {
        service: body.service,
        user: body.user,
        handle: r.handle,
        knownPerson: r.knownPerson,
        verifications: r.verifications,
        gate: all.gate.peek(body.service, body.user),
      };
    },
  );

  app.post(
    '/api/identity/verifications/:id/code',
    {
      config: { access: gateCallers, action: 'identity.verify_code', scopes: ['identity.gate'] },
      schema: {
        tags,
        summary:
          'Enter the one-time code the user received (token scope identity.gate); a wrong code answers 400 with the tries left',
        params: id,
        body: verificationCodeSchema,
        response: { 200: verificationSchema, ...errorResponses },
      },
    },
    async (request) => verify.enterCode(request.actor!, request.params.id, request.body.code),
  );

  app.post(
    '/api/identity/verifications/:id/resend',
    {
      config: { access: gateCallers, action: 'identity.resend_code', scopes: ['identity.gate'] },
      schema: {
        tags,
        summary:
          'Send a new one-time code (at most one a minute per phone number; 429 with retryAfterSeconds)',
        params: id,
        body: z.strictObject({}).nullish(),
        response: { 200: verificationSchema, ...errorResponses },
      },
    },
    async (request) => verify.resend(request.actor!, request.params.id),
  );

  app.get(
    '/api/identity/verifications',
    {
      config: { access: identityReaders },
      schema: {
        tags,
        summary: 'Verification records, newest first (no personal data: the user id and the handle)',
        querystring: verificationQuery,
        response: { 200: verificationPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return verify.list(
        request.actor!,
        { service: q.service, user: q.user, status: q.status },
        { limit: q.limit, after: q.cursor },
      );
    },
  );

  app.get(
    '/api/identity/status',
    {
      config: { access: identityReaders },
      schema: {
        tags,
        summary:
          'What the capability runs with: the code sender, the check provider (simulated or not), methods, reveal grounds, the area list',
        response: { 200: identityStatusSchema, ...errorResponses },
      },
    },
    async (request) => verify.status(request.actor!),
  );
}
