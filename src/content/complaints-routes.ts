import type { AuditService } from '../platform/audit/service.js';
import { z } from 'zod';
import {
  complaintChannelInputSchema,
  complaintChannelSchema,
  complaintCloseSchema,
  complaintListSchema,
  complaintPublicViewSchema,
  complaintReceiptSchema,
  complaintReplyInputSchema,
  complaintSchema,
  complaintStatuses,
  complaintSubmitSchema,
  complaintTriageSchema,
  disposalInputSchema,
} from '../../contract/content.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { pageQuery } from '../platform/paging.js';
import { intakeRoute, withRetryAfter } from '../platform/public-intake/routes.js';
import type { PublicIntake } from '../platform/public-intake/service.js';
import {
  channelPublishers,
  complaintHandlers,
  complaintReaders,
  type ComplaintsService,
} from './complaints-service.js';
import type { ComplaintKey } from './complaints-store.js';

const complaintKey: z.ZodType<ComplaintKey> = z.tuple([z.iso.datetime(), z.string().max(64)]);
const listQuery = pageQuery(complaintKey).extend({
  status: z.enum(complaintStatuses).optional(),
  q: z.string().trim().max(200).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
const idParams = z.strictObject({ id: z.string().uuid() });
const tags = ['content'];

/** The complaint and reporting channel: the public form and tracking page, and the staff's handling. */
export function registerComplaintRoutes(
  app: ZodApp,
  complaints: ComplaintsService,
  intake: PublicIntake,
  audit: AuditService,
): void {
  app.get(
    '/api/public/content/channel',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'The published complaint and reporting channel: contacts, web form, handling time (CSL 2025 Art 51)',
        response: { 200: complaintChannelSchema, ...errorResponses },
      },
    },
    async () => complaints.channel(),
  );

  app.post(
    '/api/public/content/complaints',
    {
      ...intakeRoute(intake, 'content.complaint.submit'),
      schema: {
        tags,
        summary:
          'Submits a complaint or report (a solved challenge required; a contact may be verified with a one-time code of purpose content.complaint); answers the reference and a tracking code, shown once',
        body: complaintSubmitSchema,
        response: { 201: complaintReceiptSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id, ...receipt } = await withRetryAfter(reply, () => complaints.submit(request.body));
      request.auditDetail = { complaint: id, reference: receipt.reference, kind: request.body.kind };
      return reply.status(201).send(receipt);
    },
  );

  app.get(
    '/api/public/content/complaints/:reference',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'The tracking page: status and public replies of a complaint, with its tracking code (a wrong code answers 404 like an unknown reference)',
        params: z.strictObject({ reference: z.string().min(1).max(40) }),
        querystring: z.strictObject({ code: z.string().min(1).max(40) }),
        response: { 200: complaintPublicViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return complaints.track(request.params.reference, request.query.code);
    },
  );

  app.get(
    '/api/content/complaints',
    {
      config: { access: complaintReaders },
      schema: {
        tags,
        summary:
          'Complaints and reports, newest first; by status, words in the reference, subject or text (q), overdue only; contacts masked; paged (limit, cursor -> next)',
        querystring: listQuery,
        response: { 200: complaintListSchema, ...errorResponses },
      },
    },
    async (request) => complaints.list(request.actor!, request.query),
  );

  app.get(
    '/api/content/complaints/:id',
    {
      config: { access: complaintReaders },
      schema: {
        tags,
        summary: 'One complaint with its replies and notes (contact masked)',
        params: idParams,
        response: { 200: complaintSchema, ...errorResponses },
      },
    },
    async (request) => complaints.get(request.actor!, request.params.id),
  );

  app.post(
    '/api/content/complaints/:id/contact',
    {
      // The reveal's row is written below, before the contact leaves; the route's own row only for refusals.
      config: { access: complaintHandlers, action: 'content.complaint.reveal', audit: 'refusals' },
      schema: {
        tags,
        summary:
          "Shows the complainant's contact in clear; each reveal is recorded in the audit trail (with the reason, when given)",
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().max(500).optional() }).nullish(),
        response: { 200: complaintSchema, ...errorResponses },
      },
    },
    async (request) => {
      const reason = request.body?.reason || undefined;
      request.auditDetail = { complaint: request.params.id, ...(reason ? { reason } : {}) };
      const view = await complaints.reveal(request.actor!, request.params.id);
      // Recorded before the answer is sent: if the trail cannot take the row, the contact is not shown.
      await audit.record({
        actor: request.actor,
        action: 'content.complaint.reveal',
        method: request.method,
        path: request.url,
        status: 200,
        ip: request.ip,
        ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
        detail: { complaint: request.params.id, reference: view.reference, ...(reason ? { reason } : {}) },
      });
      return view;
    },
  );

  app.patch(
    '/api/content/complaints/:id',
    {
      config: { access: complaintHandlers, action: 'content.complaint.triage' },
      schema: {
        tags,
        summary:
          'Triage: status (in progress, rejected with a note), category, assignee (a person who handles complaints), a note; 409 when the version is stale',
        params: idParams,
        body: complaintTriageSchema,
        response: { 200: complaintSchema, ...errorResponses },
      },
    },
    async (request) => {
      request.auditDetail = { complaint: request.params.id };
      return complaints.triage(request.actor!, request.params.id, request.body);
    },
  );

  app.post(
    '/api/content/complaints/:id/replies',
    {
      config: { access: complaintHandlers, action: 'content.complaint.reply' },
      schema: {
        tags,
        summary:
          'A reply (public: shown on the tracking page, and the complaint is answered) or an internal note',
        params: idParams,
        body: complaintReplyInputSchema,
        response: { 200: complaintSchema, ...errorResponses },
      },
    },
    async (request) => {
      request.auditDetail = { complaint: request.params.id, public: request.body.public };
      return complaints.replyTo(request.actor!, request.params.id, request.body);
    },
  );

  app.post(
    '/api/content/complaints/:id/close',
    {
      config: { access: complaintHandlers, action: 'content.complaint.close' },
      schema: {
        tags,
        summary: 'Closes a complaint with its outcome (a ledger record of csl.complaints-channel)',
        params: idParams,
        body: complaintCloseSchema,
        response: { 200: complaintSchema, ...errorResponses },
      },
    },
    async (request) => {
      request.auditDetail = { complaint: request.params.id };
      return complaints.close(request.actor!, request.params.id, request.body);
    },
  );

  app.post(
    '/api/content/complaints/:id/removal',
    {
      config: { access: complaintHandlers, action: 'content.complaint.removal' },
      schema: {
        tags,
        summary:
          'The content complained of is removed: a disposal record (origin complaint, a ledger record) linked to the complaint, in one transaction',
        params: idParams,
        body: disposalInputSchema.omit({ complaintId: true, takedownId: true }),
        response: { 200: complaintSchema, ...errorResponses },
      },
    },
    async (request) => {
      request.auditDetail = { complaint: request.params.id };
      const view = await complaints.recordRemoval(request.actor!, request.params.id, request.body);
      request.auditDetail = { complaint: view.id, disposal: view.disposalId };
      return view;
    },
  );

  app.put(
    '/api/content/channel',
    {
      config: { access: channelPublishers, action: 'content.channel.publish' },
      schema: {
        tags,
        summary:
          'Publishes the channel’s contacts (a new version; a ledger notice of csl.complaints-channel)',
        body: complaintChannelInputSchema,
        response: { 200: complaintChannelSchema, ...errorResponses },
      },
    },
    async (request) => complaints.publishChannel(request.actor!, request.body),
  );
}
