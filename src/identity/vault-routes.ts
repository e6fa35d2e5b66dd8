import { z } from 'zod';
import {
  keyRotateSchema,
  keyStatusSchema,
  revealDecisionSchema,
  revealOpenedSchema,
  revealPageSchema,
  revealRequestSchema,
  revealSchema,
  revealStatuses,
  serviceKeySchema,
  subjectPageSchema,
  subjectSearchResponseSchema,
  subjectSearchSchema,
} from '../../contract/identity.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { instantKey, pageQuery } from '../platform/paging.js';
import {
  keyRotators,
  revealAskers,
  revealDeciders,
  vaultReaders,
  type VaultService,
} from './vault-service.js';

const params = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['identity'];

/**
 * The vault's routes: masked people and exact search (numbers only in POST
 * bodies, never in an address), key status and rotation (admin), and the
 * two-person reveals. Admins and auditors never see a clear identity: only
 * the asker of an approved reveal, once.
 */
export function registerVaultRoutes(app: ZodApp, vault: VaultService): void {
  app.get(
    '/api/identity/subjects',
    {
      config: { access: vaultReaders },
      schema: {
        tags,
        summary: 'People in the vault, newest first, masked, with their service accounts and handles; paged',
        querystring: pageQuery(instantKey).extend({ service: serviceKeySchema.optional() }),
        response: { 200: subjectPageSchema, ...errorResponses },
      },
    },
    async (request) => vault.subjects(request.actor!, request.query),
  );

  app.post(
    '/api/identity/subjects/search',
    {
      config: { access: vaultReaders, action: 'identity.subject_search', readOnly: true },
      schema: {
        tags,
        summary:
          'Exact search by handle, by service and user, or by identity number or phone through the keyed index (a POST: numbers stay out of addresses); masked answers',
        body: subjectSearchSchema,
        response: { 200: subjectSearchResponseSchema, ...errorResponses },
      },
    },
    async (request) => vault.search(request.actor!, request.body),
  );

  app.get(
    '/api/identity/keys',
    {
      config: { access: vaultReaders },
      schema: {
        tags,
        summary:
          'The vault and index key rings (ids, dates, records per key; never a key) and any re-wrap or re-index under way',
        response: { 200: keyStatusSchema, ...errorResponses },
      },
    },
    async (request) => vault.keyStatus(request.actor!),
  );

  app.post(
    '/api/identity/keys/rotate',
    {
      config: { access: keyRotators, action: 'identity.key_rotate' },
      schema: {
        tags,
        summary:
          'Add a new vault or index key to its ring file and make it active; a background job re-wraps or re-indexes older records. Refused (409) for a key given in the environment',
        body: keyRotateSchema,
        response: { 200: keyStatusSchema, ...errorResponses },
      },
    },
    async (request) => vault.rotate(request.actor!, request.body.which),
  );

  app.get(
    '/api/identity/reveals',
    {
      config: { access: vaultReaders },
      schema: {
        tags,
        summary: 'Requests to reveal a real identity, newest first, masked; by status; paged',
        querystring: pageQuery(instantKey).extend({ status: z.enum(revealStatuses).optional() }),
        response: { 200: revealPageSchema, ...errorResponses },
      },
    },
    async (request) => vault.reveals(request.actor!, request.query),
  );

  app.post(
    '/api/identity/reveals',
    {
      config: { access: revealAskers, action: 'identity.reveal_request' },
      schema: {
        tags,
        summary:
          "Ask to see one person's real identity, with a ground of the catalogue (law_enforcement: an approved law-enforcement request entry; court_order: the document's number) and the reason",
        body: revealRequestSchema,
        response: { 201: revealSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await vault.requestReveal(request.actor!, request.body)),
  );

  app.post(
    '/api/identity/reveals/:id/decide',
    {
      config: { access: revealDeciders, action: 'identity.reveal_decide' },
      schema: {
        tags,
        summary:
          'Approve or reject a reveal: someone other than the asker (403 otherwise); approval opens its window',
        params,
        body: revealDecisionSchema,
        response: { 200: revealSchema, ...errorResponses },
      },
    },
    async (request) => vault.decideReveal(request.actor!, request.params.id, request.body),
  );

  app.post(
    '/api/identity/reveals/:id/open',
    {
      config: { access: revealAskers, action: 'identity.reveal_open' },
      schema: {
        tags,
        summary:
          'Open an approved reveal: the asker only, once (409 after), within its window; recorded in the ledger and the audit trail before the identity is answered',
        params,
        body: z.strictObject({}).nullish(),
        response: { 200: revealOpenedSchema, ...errorResponses },
      },
    },
    async (request) => vault.openReveal(request.actor!, request.params.id),
  );
}
