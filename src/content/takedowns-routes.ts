import { z } from 'zod';
import {
  takedownActionInputSchema,
  takedownConfirmSchema,
  takedownInputSchema,
  takedownListSchema,
  takedownSchema,
  takedownStatuses,
} from '../../contract/content.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { instantKey, pageQuery } from '../platform/paging.js';
import {
  takedownConfirmers,
  takedownReaders,
  takedownWriters,
  type TakedownsService,
} from './takedowns-service.js';

const params = z.strictObject({ id: z.string().min(1).max(64) });
const listQuery = pageQuery(instantKey).extend({
  status: z.enum(takedownStatuses).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(200).optional(),
});

/**
 * Takedown demands (CSL 2025 Art 52, 2016 Art 50): admin, compliance
 * officers and moderators record demands and actions, the auditor reads;
 * the confirmation back to the authority is for admin and compliance
 * officers.
 */
export function registerTakedownRoutes(app: ZodApp, takedowns: TakedownsService): void {
  app.get(
    '/api/content/takedowns',
    {
      config: { access: takedownReaders },
      schema: {
        tags: ['content'],
        summary:
          'Takedown demands, newest received first; by status, overdue (not done by the deadline), words in the document number, issuer name or targets (q); paged (limit, cursor -> next)',
        querystring: listQuery,
        response: { 200: takedownListSchema, ...errorResponses },
      },
    },
    async (request) => takedowns.list(request.query),
  );

  app.get(
    '/api/content/takedowns/:id',
    {
      config: { access: takedownReaders },
      schema: {
        tags: ['content'],
        summary: 'One takedown demand with its targets, actions and confirmation',
        params,
        response: { 200: takedownSchema, ...errorResponses },
      },
    },
    async (request) => takedowns.get(request.params.id),
  );

  app.post(
    '/api/content/takedowns',
    {
      config: { access: takedownWriters, action: 'content.takedown_record' },
      schema: {
        tags: ['content'],
        summary:
          "Record a takedown demand received (not in the future) from one of the catalogue's issuers; without a deadline it is due the catalogue's default after it arrived (defaultDeadline); the same issuer's document number twice is a 409",
        body: takedownInputSchema,
        response: { 201: takedownSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await takedowns.create(request.actor!, request.body)),
  );

  app.post(
    '/api/content/takedowns/:id/actions',
    {
      config: { access: takedownWriters, action: 'content.takedown_action' },
      schema: {
        tags: ['content'],
        summary:
          'Record an action taken on a demand (evidence for csl.takedown-demands): on some of its targets, with the disposal record it made; done: true completes the demand',
        params,
        body: takedownActionInputSchema,
        response: { 200: takedownSchema, ...errorResponses },
      },
    },
    async (request) => takedowns.act(request.actor!, request.params.id, request.body),
  );

  app.post(
    '/api/content/takedowns/:id/confirm',
    {
      config: { access: takedownConfirmers, action: 'content.takedown_confirm' },
      schema: {
        tags: ['content'],
        summary: 'Record the confirmation sent back to the authority once the demand is done (evidence)',
        params,
        body: takedownConfirmSchema,
        response: { 200: takedownSchema, ...errorResponses },
      },
    },
    async (request) => takedowns.confirm(request.actor!, request.params.id, request.body),
  );
}
