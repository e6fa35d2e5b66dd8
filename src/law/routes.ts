import { z } from 'zod';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { lawTextPageSchema, lawTextWithArticlesSchema } from '../../contract/law.js';
import { pageQuery, pageRequest } from '../platform/paging.js';
import { articleParams, articleQuery, articleView, importBody, importResult, textKey } from './schema.js';
import { importerRoles, type LawService } from './service.js';

export function registerLawRoutes(app: ZodApp, law: LawService): void {
  app.get(
    '/api/law/texts',
    {
      config: { access: allRoles },
      schema: {
        tags: ['law'],
        summary: 'Imported statute texts with their integrity reports (paged: limit, cursor -> next)',
        querystring: pageQuery(textKey),
        response: { 200: lawTextPageSchema, ...errorResponses },
      },
    },
    async (request) => law.textPage(pageRequest(request.query)),
  );

  app.post(
    '/api/law/texts',
    {
      // Statute files run to a few hundred KB.
      bodyLimit: 5 * 1024 * 1024,
      config: { access: importerRoles, action: 'law.import' },
      schema: {
        tags: ['law'],
        summary: 'Import a statute text; replaces the text of that version from the same source',
        body: importBody,
        response: { 201: importResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await law.importText(request.actor!, request.body);
      request.auditDetail = {
        version: result.version,
        source: result.source,
        articles: result.articles,
        defects: result.defects.length,
      };
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/law/texts/:id',
    {
      config: { access: allRoles },
      schema: {
        tags: ['law'],
        summary: 'One imported text with all its articles',
        params: z.strictObject({ id: z.coerce.number().int().min(1) }),
        response: { 200: lawTextWithArticlesSchema, ...errorResponses },
      },
    },
    async (request) => law.getText(request.params.id),
  );

  app.delete(
    '/api/law/texts/:id',
    {
      config: { access: ['admin'], action: 'law.delete' },
      schema: {
        tags: ['law'],
        summary: 'Remove an imported text',
        params: z.strictObject({ id: z.coerce.number().int().min(1) }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await law.deleteText(request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/law/articles/:law/:number',
    {
      config: { access: allRoles },
      schema: {
        tags: ['law'],
        summary: 'An article across versions: numbers in each, texts, word diffs',
        params: articleParams,
        querystring: articleQuery,
        response: { 200: articleView, ...errorResponses },
      },
    },
    async (request) => law.article(request.params.law, request.params.number, request.query.numbering),
  );
}
