import { z } from 'zod';
import {
  applicabilityOutSchema,
  dutyDetailSchema,
  dutyPageSchema,
  dutySorts,
  eventDeadlineSchema,
  peopleSchema,
  notePageSchema,
  noteSchema,
  overviewSchema,
  submissionPageSchema,
  submissionSchema,
  submissionStatuses,
} from '../../contract/workspace.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { instantKey, pageQuery, pageRequest, sortedKey } from '../platform/paging.js';
import { requestLang } from '../platform/http/server.js';
import { beijingMidnight } from '../platform/time.js';
import type { FastifyRequest } from 'fastify';
import { obligationStatuses } from '../../contract/status.js';
import { deciderRoles, submitterRoles, type WorkspaceService } from './service.js';

/**
 * Printed reports (the PDF, the pack) per person and minute: each one that is
 * not cached starts Chromium. Counted per account, so colleagues behind one
 * address do not share the budget.
 */
export const reportRateLimit = {
  max: 10,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest) =>
    request.actor ? `report:${request.actor.userId}` : `report:${request.ip}`,
};

const obligationId = z.string().regex(/^(csl|cii)\.[a-z0-9-]+$/);
const submissionOut = submissionSchema;

/** The duties list: words, status, owner, chapter, statute, a whitelisted order; paged. */
const dutyQuery = pageQuery(sortedKey).extend({
  q: z.string().trim().max(200).optional(),
  status: z.enum(obligationStatuses).optional(),
  owner: z.string().trim().max(64).optional(),
  chapter: z
    .string()
    .regex(/^[a-z0-9]+\/\d+$/)
    .optional(),
  statute: z
    .string()
    .regex(/^[a-z0-9]+$/)
    .max(20)
    .optional(),
  sort: z.enum(dutySorts).default('law'),
  /** The language titles sort in; the request's when not given. */
  lang: z.enum(['zh', 'en']).optional(),
});

export function registerWorkspaceRoutes(
  app: ZodApp,
  workspace: WorkspaceService,
  organisationName: () => Promise<string>,
): void {
  app.get(
    '/api/workspace',
    {
      config: { access: allRoles },
      schema: {
        tags: ['workspace'],
        summary:
          "The organisation's duties with derived status, deadlines, owners; counts by chapter; exposure of gaps; ledger health",
        response: { 200: overviewSchema, ...errorResponses },
      },
    },
    async () => workspace.overview(),
  );

  app.get(
    '/api/workspace/duties',
    {
      config: { access: allRoles },
      schema: {
        tags: ['workspace'],
        summary:
          'The duties with derived status: words in the title (Chinese or English) or id (q), status, owner, chapter ("csl2025/3"), statute ("csl2025"), sort law|due_asc|due_desc|severity_desc|severity_asc|title_asc|title_desc|id_asc|id_desc (titles in `lang` or the request language), and how many match (total) (paged: limit, cursor -> next)',
        querystring: dutyQuery,
        response: { 200: dutyPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, sort, lang, ...filter } = request.query;
      return workspace.duties({ filter, sort, limit, cursor, lang: lang ?? requestLang(request.headers) });
    },
  );

  app.put(
    '/api/workspace/:id/owner',
    {
      config: { access: deciderRoles, action: 'workspace.owner' },
      schema: {
        tags: ['workspace'],
        summary: 'Assign the owner of a duty',
        params: z.strictObject({ id: obligationId }),
        body: z.strictObject({ username: z.string().min(1).max(64) }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await workspace.setOwner(request.actor!, request.params.id, request.body.username);
      request.auditDetail = { obligation: request.params.id, owner: request.body.username };
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/workspace/:id/applicability',
    {
      config: { access: deciderRoles, action: 'workspace.applicability' },
      schema: {
        tags: ['workspace'],
        summary:
          'Declare a duty not applicable (or applicable again), with a justification recorded as evidence',
        params: z.strictObject({ id: obligationId }),
        body: z.strictObject({ applicable: z.boolean(), justification: z.string().min(10).max(2000) }),
        response: { 201: applicabilityOutSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await workspace.decideApplicability(
            request.actor!,
            request.params.id,
            request.body.applicable,
            request.body.justification,
          ),
        ),
  );

  app.post(
    '/api/workspace/:id/submissions',
    {
      bodyLimit: 15 * 1024 * 1024,
      config: { access: submitterRoles, action: 'workspace.submit' },
      schema: {
        tags: ['workspace'],
        summary: 'Submit evidence (optionally a file, base64) for review',
        params: z.strictObject({ id: obligationId }),
        body: z.strictObject({
          summary: z.string().min(1).max(2000),
          occurredAt: z.iso.datetime({ offset: true }).optional(),
          file: z
            .strictObject({ name: z.string().min(1).max(200), base64: z.string().max(14 * 1024 * 1024) })
            .optional(),
        }),
        response: { 201: submissionOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { summary, occurredAt, file } = request.body;
      const out = await workspace.submit(request.actor!, request.params.id, {
        summary,
        ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}),
        ...(file ? { file: { name: file.name, bytes: Buffer.from(file.base64, 'base64') } } : {}),
      });
      request.auditDetail = { submission: out.id, obligation: out.obligationId, file: out.fileSha256 };
      return reply.status(201).send(out);
    },
  );

  app.get(
    '/api/workspace/submissions',
    {
      config: { access: allRoles },
      schema: {
        tags: ['workspace'],
        summary: 'Evidence submissions, newest first (paged: limit, cursor -> next)',
        querystring: pageQuery(instantKey).extend({
          status: z.enum(submissionStatuses).optional(),
          duty: obligationId.optional(),
        }),
        response: { 200: submissionPageSchema, ...errorResponses },
      },
    },
    async (request) =>
      workspace.submissions(request.query.status, pageRequest(request.query), request.query.duty),
  );

  app.post(
    '/api/workspace/submissions/:id/review',
    {
      config: { access: deciderRoles, action: 'workspace.review' },
      schema: {
        tags: ['workspace'],
        summary:
          'Approve (appends the evidence to the ledger) or reject a submission, with a review comment (a rejection must give its reason); not by its submitter',
        params: z.strictObject({ id: z.string().uuid() }),
        body: z.strictObject({ approve: z.boolean(), note: z.string().max(2000).optional() }),
        response: { 200: submissionOut, ...errorResponses },
      },
    },
    async (request) => {
      const out = await workspace.review(
        request.actor!,
        request.params.id,
        request.body.approve,
        request.body.note,
      );
      request.auditDetail = { submission: out.id, obligation: out.obligationId, status: out.status };
      return out;
    },
  );

  app.get(
    '/api/workspace/people',
    {
      config: { access: submitterRoles },
      schema: {
        tags: ['workspace'],
        summary: 'The active people a duty or a task can be given to (no service accounts)',
        response: { 200: peopleSchema, ...errorResponses },
      },
    },
    async () => workspace.people(),
  );

  app.get(
    '/api/workspace/:id',
    {
      config: { access: allRoles },
      schema: {
        tags: ['workspace'],
        summary:
          'One duty: its status, owner (who assigned them, when) and the registers whose entries prove it',
        params: z.strictObject({ id: obligationId }),
        response: { 200: dutyDetailSchema, ...errorResponses },
      },
    },
    async (request) => workspace.duty(request.params.id),
  );

  app.get(
    '/api/files/:sha',
    {
      config: { access: allRoles },
      schema: {
        tags: ['workspace'],
        summary: 'An evidence file by its SHA-256',
        params: z.strictObject({ sha: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (request, reply) =>
      reply
        .type('application/octet-stream')
        .header('content-disposition', 'attachment')
        .send(workspace.file(request.params.sha)),
  );

  const period = z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() });
  const toPeriod = (q: { from?: string | undefined; to?: string | undefined }) => ({
    from: q.from ? beijingMidnight(q.from) : undefined,
    to: q.to ? beijingMidnight(q.to) : undefined,
  });

  app.get(
    '/api/pack/report.pdf',
    {
      config: { access: allRoles, rateLimit: reportRateLimit },
      schema: {
        tags: ['workspace'],
        summary: 'The bilingual audit report of a period as PDF (dates in Beijing time)',
        querystring: period,
      },
    },
    async (request, reply) => {
      const org = await organisationName();
      const pdf = await workspace.reportPdf(org, toPeriod(request.query), request.actor);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="wangan-audit-report.pdf"')
        .send(pdf);
    },
  );

  const noteOut = noteSchema;

  app.get(
    '/api/workspace/:id/notes',
    {
      config: { access: allRoles },
      schema: {
        tags: ['workspace'],
        summary: 'Comments and tasks on a duty, oldest first (paged: limit, cursor -> next)',
        params: z.strictObject({ id: obligationId }),
        querystring: pageQuery(instantKey),
        response: { 200: notePageSchema, ...errorResponses },
      },
    },
    async (request) => workspace.notes(request.params.id, pageRequest(request.query)),
  );

  app.post(
    '/api/workspace/:id/notes',
    {
      config: { access: submitterRoles, action: 'workspace.note' },
      schema: {
        tags: ['workspace'],
        summary: 'Comment on a duty, or give it a task',
        params: z.strictObject({ id: obligationId }),
        body: z.strictObject({
          kind: z.enum(['comment', 'task']),
          body: z.string().min(1).max(4000),
          assignee: z.string().min(1).max(64).optional(),
          dueDate: z.iso.date().optional(),
        }),
        response: { 201: noteOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await workspace.addNote(request.actor!, request.params.id, request.body)),
  );

  app.post(
    '/api/workspace/notes/:noteId/done',
    {
      config: { access: submitterRoles, action: 'workspace.task_done' },
      schema: {
        tags: ['workspace'],
        summary: 'Mark a task done',
        params: z.strictObject({ noteId: z.string().uuid() }),
        body: z.strictObject({}),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await workspace.completeTask(request.actor!, request.params.noteId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/workspace/:id/deadline',
    {
      config: { access: allRoles },
      schema: {
        tags: ['workspace'],
        summary:
          'When an event duty falls due if its event happens at `from` (a clock of hours, calendar time or PRC working days; working days in a year without a known holiday calendar are an estimate)',
        params: z.strictObject({ id: obligationId }),
        querystring: z.strictObject({ from: z.iso.datetime({ offset: true }) }),
        response: { 200: eventDeadlineSchema, ...errorResponses },
      },
    },
    async (request) => workspace.deadline(request.params.id, new Date(request.query.from)),
  );
}
