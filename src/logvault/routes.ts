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
  holdRequestSchema,
  sourceActivitySchema,
  sourcePageSchema,
  sourcePatchSchema,
  sourceViewSchema,
  verifyRequestSchema,
  verifyRunPageSchema,
  verifyRunSchema,
  vaultStatusSchema,
} from '../../contract/logvault.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import {
  decodeCursor,
  encodeCursor,
  idKey,
  instantKey,
  pageQuery,
  pageRequest,
  takePage,
} from '../platform/paging.js';
import { checkEvents, parseNdjson } from './ingest.js';
import {
  holdLiftRoles,
  holdPlaceRoles,
  incidentFromEventRoles,
  ingestRoles,
  searchRoles,
  sourceEditorRoles,
  sourceReaderRoles,
  verifyRoles,
  verifyRunView,
  type LogvaultService,
} from './service.js';

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

  // --- sources, activity, legal holds (session 6)

  const sourceParams = z.strictObject({ id: z.string().min(1).max(64) });

  app.get(
    '/api/logvault/sources',
    {
      config: { access: sourceReaderRoles },
      schema: {
        tags,
        summary:
          'The log sources, oldest first, with their registration, legal hold, events of the last 24 hours, whether they went quiet and how far back the vault holds them; q filters hostname, address, name and owner (case-insensitive for Latin letters); paged (limit, cursor -> next)',
        querystring: sourceListQuery,
        response: { 200: sourcePageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { q, ...page } = request.query;
      const r = await logvault.sourcePage(request.actor!, { q, ...pageRequest(page) });
      return { sources: r.sources, next: r.next ? encodeCursor(r.next) : null };
    },
  );

  app.patch(
    '/api/logvault/sources/:id',
    {
      config: { access: sourceEditorRoles, action: 'logvault.source_update' },
      schema: {
        tags,
        summary:
          'Edit a source’s registration (name, owner, expected events an hour, MLPS system, zone, retired) with the version read; 409 conflict with details.version when someone saved in between',
        params: sourceParams,
        body: sourcePatchSchema,
        response: { 200: sourceViewSchema, ...errorResponses },
      },
    },
    (request) => logvault.updateSource(request.actor!, request.params.id, request.body),
  );

  app.get(
    '/api/logvault/sources/:id/activity',
    {
      config: { access: sourceReaderRoles },
      schema: {
        tags,
        summary:
          'Events of one source per hour over [from, to) (default the last 7 days, at most 31), every hour listed, and the runs of empty hours of a source that usually sends',
        params: sourceParams,
        querystring: activityQuery,
        response: { 200: sourceActivitySchema, ...errorResponses },
      },
    },
    (request) => logvault.activity(request.actor!, request.params.id, request.query),
  );

  app.put(
    '/api/logvault/sources/:id/hold',
    {
      config: { access: holdPlaceRoles, action: 'logvault.hold_place' },
      schema: {
        tags,
        summary:
          'Place a legal hold on a source (why): none of its logs leave the vault while it holds; recorded in the evidence ledger; 409 when it is already held',
        params: sourceParams,
        body: holdRequestSchema,
        response: { 200: sourceViewSchema, ...errorResponses },
      },
    },
    (request) => logvault.placeHold(request.actor!, request.params.id, request.body.reason),
  );

  app.delete(
    '/api/logvault/sources/:id/hold',
    {
      config: { access: holdLiftRoles, action: 'logvault.hold_lift' },
      schema: {
        tags,
        summary:
          'Lift a source’s legal hold (why it is lifted): its logs expire again under the retention policy; recorded in the evidence ledger; 409 when it is not held',
        params: sourceParams,
        body: holdRequestSchema,
        response: { 200: sourceViewSchema, ...errorResponses },
      },
    },
    (request) => logvault.liftHold(request.actor!, request.params.id, request.body.reason),
  );

  // --- retention (session 6)
  registerRetentionRoutes(app, logvault);

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

// --- retention (session 6)

function registerRetentionRoutes(app: ZodApp, logvault: LogvaultService): void {
  const tags = ['logvault'];
  app.post(
    '/api/logvault/verify',
    {
      // Reads the vault and records the result: the auditor's read-only token may start one.
      config: { access: verifyRoles, action: 'logvault.verify', readOnly: true },
      schema: {
        tags,
        summary:
          'Start a verify of the vault (Beijing dates from, to exclusive; the whole vault when left out): re-hashes the segments and checks their checkpoints and the day seals recorded in the ledger, in the background. Answers 202 with the run (state running); 409 while another runs.',
        body: verifyRequestSchema,
        response: { 202: verifyRunSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await logvault.startVerify(request.actor!, request.body)),
  );

  app.get(
    '/api/logvault/verify-runs',
    {
      config: { access: verifyRoles },
      schema: {
        tags,
        summary: 'Verify runs, newest first (paged: limit, cursor -> next)',
        querystring: pageQuery(idKey),
        response: { 200: verifyRunPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const rows = await logvault.verifyRuns(request.actor!, { limit, after: cursor });
      const page = takePage(rows, limit, (r) => Number(r.seq));
      return { runs: page.rows.map(verifyRunView), next: page.next };
    },
  );
  // --- the vault's status (session 6, lead)
  app.get(
    '/api/logvault/status',
    {
      config: { access: sourceReaderRoles },
      schema: {
        tags,
        summary:
          'The vault at a glance: the retention policy against the legal floor (six calendar months, its citation), segments, events and the oldest day kept, day seals and the days of the window not sealed (the duty overdue while any is), whether new events are refused and why, the syslog listeners, the last verify run, what the expiry job removed',
        response: { 200: vaultStatusSchema, ...errorResponses },
      },
    },
    (request) => logvault.status(request.actor!),
  );
}

const sourceListQuery = pageQuery(instantKey).extend({ q: z.string().trim().min(1).max(200).optional() });
const activityQuery = z.strictObject({ from: instant.optional(), to: instant.optional() });
