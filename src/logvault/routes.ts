import { Readable } from 'node:stream';
import { z } from 'zod';
import {
  eventPageSchema,
  EXPORT_MAX_EVENTS,
  exportFormats,
  incidentFromEventOutcomeSchema,
  incidentFromEventSchema,
  INGEST_MAX_BYTES,
  ingestOutcomeSchema,
  SEARCH_LIMIT_DEFAULT,
  SEARCH_LIMIT_MAX,
} from '../../contract/logvault.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { decodeCursor, encodeCursor } from '../platform/paging.js';
import { checkEvents, parseNdjson } from './ingest.js';
import { incidentFromEventRoles, ingestRoles, searchRoles, type LogvaultService } from './service.js';

const cursorKey = z.tuple([z.number().int(), z.number().int()]);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const searchQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  source: z.string().trim().min(1).max(255).optional(),
  severity: z.coerce.number().int().min(0).max(7).optional(),
  q: z.string().min(1).max(200).optional(),
  // `key:value`: a field of the parsed event (a dotted path for RFC 5424 structured data: sd-id.param) equal to value.
  field: z
    .string()
    .max(400)
    .regex(/^[^:]+:.+$/, 'is key:value (a dotted path for structured data: sd-id.param)')
    .optional()
    .transform((f) =>
      f === undefined ? undefined : { path: f.slice(0, f.indexOf(':')), value: f.slice(f.indexOf(':') + 1) },
    ),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
  cursor: z
    .string()
    .max(200)
    .optional()
    .transform((c, ctx): [number, number] | undefined => {
      if (c === undefined) return undefined;
      const k = decodeCursor(c, cursorKey);
      if (k === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'is not a cursor this list gave out (pass `next` back as it is)',
        });
        return z.NEVER;
      }
      return k;
    }),
});

// --- export (session 6)
const exportQuery = searchQuery
  .omit({ limit: true })
  .extend({ format: z.enum(exportFormats).default('ndjson') });

/** Room for the JSON array's brackets and commas around 8 MiB of events. */
const BODY_LIMIT = INGEST_MAX_BYTES + 64 * 1024;

export function registerLogvaultRoutes(app: ZodApp, logvault: LogvaultService): void {
  const tags = ['logvault'];

  // NDJSON is parsed for this route only (its own scope); a JSON array goes through the usual parser.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      ['application/x-ndjson', 'application/ndjson'],
      { parseAs: 'string', bodyLimit: BODY_LIMIT },
      (_request, body, done) => {
        try {
          done(null, parseNdjson(body as string));
        } catch (err) {
          done(err as Error, undefined);
        }
      },
    );
    scope.post(
      '/api/logvault/events',
      {
        bodyLimit: BODY_LIMIT,
        config: {
          access: ingestRoles,
          action: 'logvault.ingest',
          scopes: ['logvault.ingest'],
          // A shipper posts many times a second: refusals are recorded, accepted batches are not.
          audit: 'refusals',
        },
        schema: {
          tags,
          summary:
            'Store a batch of log events (token scope logvault.ingest): a JSON array or NDJSON (application/x-ndjson), up to 10,000 events or 8 MiB; answers {"accepted": N} once the vault has fsynced them; a bad event answers 400 naming it (events.<n>.<key>) and nothing is stored',
          body: z.unknown(),
          response: { 200: ingestOutcomeSchema, ...errorResponses },
        },
      },
      async (request) => {
        const events = checkEvents(request.body);
        return { accepted: await logvault.ingest(request.actor!, events, request.ip) };
      },
    );
  });

  app.get(
    '/api/logvault/events',
    {
      config: { access: searchRoles, action: 'logvault.search' },
      schema: {
        tags,
        summary:
          'Search stored log events by receive time [from, to), source (id or hostname), severity (this level or more severe), text q (case-insensitive for Latin letters), field=key:value (a field of the parsed event, dotted for structured data: sd-id.param); oldest first, paged (limit 100 by default, 1,000 at most; cursor -> next). Each search is recorded in the audit trail.',
        querystring: searchQuery,
        response: { 200: eventPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, ...q } = request.query;
      const page = await logvault.search(
        request.actor!,
        { ...q, after: cursor },
        {
          path: '/api/logvault/events',
          ip: request.ip,
          ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
        },
      );
      return { events: page.events, next: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.post(
    '/api/logvault/events/incident',
    {
      config: { access: incidentFromEventRoles, action: 'logvault.open_incident' },
      schema: {
        tags: ['logvault'],
        summary:
          'Open an incident from one event of a search (receivedAt and seq as the search answered them); the same event again answers the incident it opened (200)',
        body: incidentFromEventSchema,
        response: {
          200: incidentFromEventOutcomeSchema,
          201: incidentFromEventOutcomeSchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { receivedAt, ...rest } = request.body;
      const r = await logvault.openIncident(request.actor!, { ...rest, receivedAt: Date.parse(receivedAt) });
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  // --- export (session 6)

  app.get(
    '/api/logvault/events/export',
    {
      config: { access: searchRoles, action: 'logvault.export' },
      schema: {
        tags,
        summary: `Export a search's result as a file (the search's filters and cursor; format ndjson (default) or csv), streamed as an attachment; at most ${EXPORT_MAX_EVENTS.toLocaleString('en')} events: a file cut there ends with a line saying so and the cursor to go on from ({"truncated": true, "limit", "next"} in NDJSON, a last row "# cut at ..." in CSV). Recorded in the audit trail when it starts.`,
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const { cursor, format, ...q } = request.query;
      const out = await logvault.exportEvents(request.actor!, { ...q, after: cursor }, format, {
        path: '/api/logvault/events/export',
        ip: request.ip,
        ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
      });
      return reply
        .type(out.contentType)
        .header('content-disposition', `attachment; filename="${out.filename}"`)
        .send(Readable.from(out.body));
    },
  );
}
