import { z } from 'zod';
import { loadContentCatalog } from './catalog-io.js';
import {
  contentStatusSchema,
  deletionConfirmSchema,
  disposalInputSchema,
  disposalListSchema,
  disposalReportResultSchema,
  disposalReportSchema,
  disposalSchema,
  reviewDecisionSchema,
  reviewListSchema,
  reviewSchema,
  reviewStatuses,
  ruleSetContentSchema,
  ruleSetPublishSchema,
  ruleSetVersionListSchema,
  ruleSetVersionSchema,
  screenItemSchema,
  screenRequestSchema,
  screenResponseSchema,
  screenResultSchema,
  screenStatsSchema,
  SCREEN_TEXT_MAX,
} from '../../contract/content.js';
import { errorResponses, machineJsonHeaders } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { idKey, instantKey, pageQuery } from '../platform/paging.js';
import type { ContentServices } from './part.js';
import {
  contentReaders,
  contentReporters,
  contentWriters,
  ruleActivators,
  type ScreeningService,
} from './screening-service.js';

/**
 * A screening batch is bounded by SCREEN_BATCH_MAX items and by this many
 * bytes of body, whichever comes first (1,000 texts of 64 Ki characters of
 * Chinese would be some 200 MB of JSON: a platform sends such texts in
 * smaller batches). A larger body answers 413 payload_too_large.
 */
export const SCREEN_BODY_LIMIT = 16 * 1024 * 1024;
/** A rule file of 16 MiB, JSON-escaped, with room around it. */
const RULES_BODY_LIMIT = 40 * 1024 * 1024;

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const id = z.strictObject({ id: z.string().min(1).max(64) });
const versionParams = z.strictObject({ version: z.coerce.number().int().min(1).max(2_147_483_647) });
const reviewQuery = pageQuery(instantKey).extend({
  status: z.enum(reviewStatuses).default('pending'),
  q: z.string().trim().min(1).max(200).optional(),
});
const disposalQuery = pageQuery(instantKey).extend({
  q: z.string().trim().min(1).max(200).optional(),
  category: z.string().max(40).optional(),
  state: z.enum(['unreported', 'deletion_outstanding']).optional(),
  from: instant.optional(),
  to: instant.optional(),
});
const draftQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  recipient: z.string().max(40).optional(),
});

export function registerScreeningRoutes(
  app: ZodApp,
  screening: ScreeningService,
  all: ContentServices,
): void {
  const tags = ['content'];

  // ---- screening

  app.post(
    '/api/content/screen',
    {
      bodyLimit: SCREEN_BODY_LIMIT,
      helmet: machineJsonHeaders,
      config: {
        access: contentWriters,
        action: 'content.screen',
        scopes: ['content.screen'],
        // A platform screens every post and message: refusals are recorded, answers are not.
        audit: 'refusals',
      },
      schema: {
        tags,
        summary: `Screen one item, or {items} (up to 1,000 items or 16 MiB; each text up to ${SCREEN_TEXT_MAX} characters), against the rule set in force (token scope content.screen). Answers from memory; a held item opens a review (reviewId), a blocked one a disposal record (disposalId), written within a second. 503 screening_backlog when too many wait to be written.`,
        body: screenRequestSchema,
        response: { 200: screenResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      if ('items' in body) return { results: screening.screen(request.actor!, body.items) };
      return screening.screen(request.actor!, [body])[0]!;
    },
  );

  app.post(
    '/api/content/screen/try',
    {
      config: { access: contentReaders, action: 'content.screen_try', readOnly: true, audit: 'refusals' },
      schema: {
        tags,
        summary:
          'Screen one text against the rule set in force without queueing or counting anything (the console)',
        body: screenItemSchema,
        response: { 200: screenResultSchema, ...errorResponses },
      },
    },
    async (request) => screening.tryScreen(request.actor!, request.body.text),
  );

  app.get(
    '/api/content/screen/stats',
    {
      config: { access: contentReaders },
      schema: {
        tags,
        summary: 'Screening counters since the process started, the version in force and the writes pending',
        response: { 200: screenStatsSchema, ...errorResponses },
      },
    },
    async () => screening.stats(),
  );

  // ---- rule sets

  app.get(
    '/api/content/rules/versions',
    {
      config: { access: contentReaders },
      schema: {
        tags,
        summary: 'Rule-set versions, newest first, the one in force marked (paged: limit, cursor -> next)',
        querystring: pageQuery(idKey),
        response: { 200: ruleSetVersionListSchema, ...errorResponses },
      },
    },
    async (request) => screening.versions(request.query),
  );

  app.get(
    '/api/content/rules/versions/:version',
    {
      config: { access: contentReaders },
      schema: {
        tags,
        summary: 'The rules and allow-list of one version',
        params: versionParams,
        response: { 200: ruleSetContentSchema, ...errorResponses },
      },
    },
    async (request) => screening.ruleSetContent(request.params.version),
  );

  app.post(
    '/api/content/rules/versions',
    {
      bodyLimit: RULES_BODY_LIMIT,
      config: { access: contentWriters, action: 'content.rules_publish' },
      schema: {
        tags,
        summary:
          'Publish a new version and put it in force without a restart: rules and allow-list, and/or a file (txt one word a line, JSON, YAML); mode replace (the parts given replace those in force) or append. Compiled first: a bad rule or file line is refused (400, field file.text naming the line) and nothing is stored.',
        body: ruleSetPublishSchema,
        response: { 201: ruleSetVersionSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await screening.publish(request.actor!, request.body)),
  );

  app.post(
    '/api/content/rules/versions/:version/activate',
    {
      config: { access: ruleActivators, action: 'content.rules_activate' },
      schema: {
        tags,
        summary: 'Put an earlier (or later) version back in force (admin)',
        params: versionParams,
        // Nothing to send: an empty body (or none) is accepted.
        body: z.strictObject({}).nullish(),
        response: { 200: ruleSetVersionSchema, ...errorResponses },
      },
    },
    async (request) => screening.activate(request.actor!, request.params.version),
  );

  // ---- review queue

  app.get(
    '/api/content/reviews',
    {
      config: { access: contentReaders },
      schema: {
        tags,
        summary:
          'The review queue: status pending (oldest first, the default), allowed or removed (newest first); q searches the excerpt, item, publisher and service (paged: limit, cursor -> next)',
        querystring: reviewQuery,
        response: { 200: reviewListSchema, ...errorResponses },
      },
    },
    async (request) => screening.reviews(request.query),
  );

  app.get(
    '/api/content/reviews/:id',
    {
      config: { access: contentReaders },
      schema: {
        tags,
        summary: 'One held item',
        params: id,
        response: { 200: reviewSchema, ...errorResponses },
      },
    },
    async (request) => screening.review(request.params.id),
  );

  app.post(
    '/api/content/reviews/:id/decision',
    {
      config: { access: contentWriters, action: 'content.review_decide' },
      schema: {
        tags,
        summary:
          'Decide a held item: allow, or remove (a disposal record decided by the person, with its ledger record). Deciding twice is 409.',
        params: id,
        body: reviewDecisionSchema,
        response: { 200: reviewSchema, ...errorResponses },
      },
    },
    async (request) => screening.decide(request.actor!, request.params.id, request.body),
  );

  // ---- disposal records

  app.get(
    '/api/content/disposals',
    {
      config: { access: contentReaders },
      schema: {
        tags,
        summary:
          'Disposal records, newest detected first: q (excerpt, item, publisher, service, address, id or content hash), category, state unreported|deletion_outstanding, detected in [from, to) (paged: limit, cursor -> next)',
        querystring: disposalQuery,
        response: { 200: disposalListSchema, ...errorResponses },
      },
    },
    async (request) => screening.disposals(request.query),
  );

  app.get(
    '/api/content/disposals/report-draft',
    {
      config: { access: contentReaders },
      schema: {
        tags,
        summary:
          'A bilingual HTML draft of the report to the authority listing the unreported disposals detected in [from, to), as an attachment (nothing is recorded)',
        querystring: draftQuery,
      },
    },
    async (request, reply) => {
      const doc = await screening.reportDraft(request.actor!, request.query);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', `attachment; filename="${doc.filename}"`)
        .send(doc.html);
    },
  );

  app.get(
    '/api/content/disposals/:id',
    {
      config: { access: contentReaders },
      schema: {
        tags,
        summary: 'One disposal record',
        params: id,
        response: { 200: disposalSchema, ...errorResponses },
      },
    },
    async (request) => screening.disposal(request.params.id),
  );

  app.post(
    '/api/content/disposals',
    {
      bodyLimit: SCREEN_BODY_LIMIT,
      config: { access: contentWriters, action: 'content.disposal_record' },
      schema: {
        tags,
        summary:
          'Record a removal decided by a person (found by staff, on a complaint or a takedown demand): the text is kept as its SHA-256 and an excerpt; recorded in the ledger',
        body: disposalInputSchema,
        response: { 201: disposalSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await screening.recordDisposal(request.actor!, request.body)),
  );

  app.post(
    '/api/content/disposals/:id/deletion-confirmed',
    {
      config: {
        access: contentWriters,
        action: 'content.deletion_confirm',
        scopes: ['content.screen'],
      },
      schema: {
        tags,
        summary:
          'The platform (token scope content.screen) or a moderator confirms the item was deleted; confirming again answers the record unchanged',
        params: id,
        body: deletionConfirmSchema,
        response: { 200: disposalSchema, ...errorResponses },
      },
    },
    async (request) => screening.confirmDeletion(request.actor!, request.params.id, request.body),
  );

  app.post(
    '/api/content/disposals/report',
    {
      config: { access: contentReporters, action: 'content.disposals_report' },
      schema: {
        tags,
        summary:
          'Record that the listed disposals were reported to an authority (all or none: an unknown id is 404, one already reported 409); a ledger record of kind report',
        body: disposalReportSchema,
        response: { 200: disposalReportResultSchema, ...errorResponses },
      },
    },
    async (request) => screening.recordReport(request.actor!, request.body),
  );

  // ---- the overview

  app.get(
    '/api/content/status',
    {
      config: { access: contentReaders },
      schema: {
        tags,
        summary:
          'Content safety at a glance: screening counters, reviews pending, disposals unreported and with deletion outstanding, complaints and takedowns open and overdue, whether the deletion webhook is connected, and the uncertain defaults in force',
        response: { 200: contentStatusSchema, ...errorResponses },
      },
    },
    async (request) =>
      screening.status(request.actor!, {
        complaints: await all.complaints.counts(),
        takedowns: await all.takedowns.counts(),
        // The other areas' uncertain defaults as their settings have them (a setting may override the catalogue).
        defaults: [
          {
            key: 'complaint_handling_working_days',
            value: String(all.complaints.settings.handlingDays),
            uncertain: loadContentCatalog().complaints.handling.uncertain,
            overridden: all.complaints.settings.handlingOverridden,
            citations: [...all.complaints.settings.citations],
          },
          ...all.takedowns.defaults(),
        ],
      }),
  );
}
